"""The change feed: every write announces what it changed with one NOTIFY in its transaction.

PostgreSQL delivers a notification sent inside a transaction at commit, once, and drops it
on rollback, so a listener hears exactly the committed writes. A payload names the customer
users whose widgets may show something else now, and the agents whose settings or access
changed; past MAX_IDS ids it says "everything" instead (a payload must stay under 8000 bytes,
and a subscriber re-reads its data either way).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg
import orjson
from asyncpg.pool import PoolConnectionProxy

CHANNEL = "cuic_changes"
MAX_IDS = 500


@dataclass(frozen=True)
class Change:
    customer_users: frozenset[int] = frozenset()
    agents: frozenset[int] = frozenset()
    # Customer users were created: a subscription to a login nobody had yet looks again.
    new_customer_users: bool = False
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.everything or self.customer_users or self.agents or self.new_customer_users)

    def payload(self) -> str:
        if self.everything:
            return '{"all":true}'
        body: dict[str, object] = {}
        if self.customer_users:
            body["u"] = sorted(self.customer_users)
        if self.agents:
            body["a"] = sorted(self.agents)
        if self.new_customer_users:
            body["n"] = True
        return orjson.dumps(body).decode()

    @classmethod
    def from_payload(cls, payload: str) -> Change:
        """The change a payload names; one that cannot be read counts as everything."""
        try:
            body = orjson.loads(payload)
            if body.get("all"):
                return EVERYTHING
            return cls(
                customer_users=frozenset(int(i) for i in body.get("u", ())),
                agents=frozenset(int(i) for i in body.get("a", ())),
                new_customer_users=bool(body.get("n")),
            )
        except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
            return EVERYTHING

    @classmethod
    def of(
        cls, customer_users: Iterable[int] = (), agents: Iterable[int] = (), new_customer_users: bool = False
    ) -> Change:
        """A change naming these ids, or everything when they are too many for one payload."""
        users, agent_ids = frozenset(customer_users), frozenset(agents)
        if len(users) + len(agent_ids) > MAX_IDS:
            return EVERYTHING
        return cls(users, agent_ids, new_customer_users)


EVERYTHING = Change(everything=True)


async def announce(connection: asyncpg.Connection | PoolConnectionProxy[asyncpg.Record], change: Change) -> None:
    """Send `change` on the feed. Call it inside the write's transaction: listeners hear it at
    commit, and never when the transaction rolls back."""
    if change:
        await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, change.payload())
