"""The change feed: every committed write announces, once, whose widgets it may change.

A listener hears what committed before a marker sent afterwards (PostgreSQL delivers
notifications in commit order), so "nothing was announced" is checked without waiting."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from db import changes
from db.changes import CHANNEL, EVERYTHING, Change
from db.importer import ImportFailed
from db.importer import changes as import_changes
from db.tokens import create_token, revoke_token
from db.widget_settings import delete_widget_settings
from tests.api import dataset
from tests.importing import import_jsonl

MARKER = "marker"


class Listener:
    def __init__(self, listening: asyncpg.Connection, sender: asyncpg.Connection) -> None:
        self.listening = listening
        self.sender = sender
        self.heard: asyncio.Queue[str] = asyncio.Queue()

    def hear(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        self.heard.put_nowait(str(payload))

    async def after(self, write: Callable[[], Awaitable[Any]]) -> list[Change]:
        """The changes announced by `write`, in order."""
        await write()
        await self.sender.execute("SELECT pg_notify($1, $2)", CHANNEL, MARKER)
        heard = []
        while (payload := await asyncio.wait_for(self.heard.get(), 30)) != MARKER:
            heard.append(Change.from_payload(payload))
        return heard


@pytest.fixture
async def listener(database_url: str, connection: asyncpg.Connection) -> AsyncIterator[Listener]:
    await import_jsonl(connection, dataset.records())
    listening = await asyncpg.connect(database_url)
    listener = Listener(listening, connection)
    await listening.add_listener(CHANNEL, listener.hear)
    yield listener
    await listening.close()


async def ids(connection: asyncpg.Connection, table: str, keys: list[str]) -> frozenset[int]:
    key = "login" if table in ("customer_user", "agent") else "number"
    rows = await connection.fetch(f"SELECT id FROM {table} WHERE {key} = ANY($1::text[])", keys)
    assert len(rows) == len(keys)
    return frozenset(row["id"] for row in rows)


def now() -> datetime:
    return datetime.now(UTC)


async def test_a_new_ticket_names_its_user_and_everyone_sharing_its_customer_id(
    listener: Listener, connection: asyncpg.Connection
) -> None:
    ticket = dataset.ticket("LIVE-1", "open", now(), customer_id="ACME")
    heard = await listener.after(lambda: import_jsonl(connection, [ticket]))
    assert heard == [Change(customer_users=await ids(connection, "customer_user", ["taro", "hanako"]))]
    # The same record again changes nothing, and says nothing.
    assert await listener.after(lambda: import_jsonl(connection, [ticket])) == []


async def test_a_moved_ticket_names_the_old_and_the_new_users(
    listener: Listener, connection: asyncpg.Connection
) -> None:
    moved = dataset.ticket("HANAKO-NEW", "new", now(), customer_user="lonely", customer_id="GLOBEX")
    heard = await listener.after(lambda: import_jsonl(connection, [moved]))
    # Before: hanako with ACME (taro shares it); after: lonely with GLOBEX (taro has it too).
    assert heard == [Change(customer_users=await ids(connection, "customer_user", ["hanako", "taro", "lonely"]))]


async def test_watchers_alone_are_a_change(listener: Listener, connection: asyncpg.Connection) -> None:
    records = [r for r in dataset.records() if r.get("number") == "SCOPE-WATCH"]
    watched = {**records[0], "watchers": ["bob"]}
    heard = await listener.after(lambda: import_jsonl(connection, [watched]))
    assert heard == [Change(customer_users=await ids(connection, "customer_user", ["taro", "hanako"]))]


async def test_config_items_companies_users_and_agents(listener: Listener, connection: asyncpg.Connection) -> None:
    printer = next(r for r in dataset.records() if r.get("number") == "CI-1")
    given = await listener.after(lambda: import_jsonl(connection, [{**printer, "owner": "orphan"}]))
    assert given == [Change(customer_users=await ids(connection, "customer_user", ["taro", "orphan"]))]

    globex = {"type": "customer_company", "customer_id": "GLOBEX", "name": "Globex"}
    renamed = await listener.after(lambda: import_jsonl(connection, [globex]))
    assert renamed == [Change(customer_users=await ids(connection, "customer_user", ["lonely", "taro"]))]

    lonely = {"type": "customer_user", "login": "lonely", "first_name": "Lone", "last_name": "Wolf"}
    newcomer = {"type": "customer_user", "login": "newcomer", "first_name": "New", "last_name": "Comer"}
    users = await listener.after(lambda: import_jsonl(connection, [lonely, newcomer]))
    expected = await ids(connection, "customer_user", ["lonely", "newcomer"])
    assert users == [Change(customer_users=expected, new_customer_users=True)]

    bob = {"type": "agent", "login": "bob", "first_name": "Robert", "last_name": "Basic", "groups": {"support": "ro"}}
    agents = await listener.after(lambda: import_jsonl(connection, [bob]))
    # Bob owns SCOPE-RESP (taro's) and watches SCOPE-WATCH: his name shows on taro's tickets.
    assert agents == [
        Change(
            customer_users=await ids(connection, "customer_user", ["taro"]),
            agents=await ids(connection, "agent", ["bob"]),
        )
    ]


async def test_broad_and_large_changes_say_everything(
    listener: Listener, connection: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = {"type": "ticket_status", "name": "merged", "category": "CLOSED"}
    assert await listener.after(lambda: import_jsonl(connection, [status])) == [EVERYTHING]

    monkeypatch.setattr(import_changes, "MAX_NOTED_RECORDS", 1)
    two = [dataset.ticket(f"BULK-{n}", "open", now()) for n in range(2)]
    assert await listener.after(lambda: import_jsonl(connection, two)) == [EVERYTHING]

    monkeypatch.setattr(import_changes, "MAX_NOTED_RECORDS", 10_000)
    monkeypatch.setattr(changes, "MAX_IDS", 1)
    shared = dataset.ticket("BULK-3", "open", now(), customer_id="ACME")
    assert await listener.after(lambda: import_jsonl(connection, [shared])) == [EVERYTHING]


async def test_failed_and_dry_imports_say_nothing(listener: Listener, connection: asyncpg.Connection) -> None:
    bad = [dataset.ticket("LIVE-2", "open", now()), {"type": "ticket", "number": "LIVE-3"}]

    async def failing() -> None:
        with pytest.raises(ImportFailed):
            await import_jsonl(connection, bad)

    assert await listener.after(failing) == []
    dry = [dataset.ticket("LIVE-4", "open", now())]
    assert await listener.after(lambda: import_jsonl(connection, dry, dry_run=True)) == []


async def test_settings_and_revoked_tokens_name_the_agent(
    listener: Listener, connection: asyncpg.Connection, pool: asyncpg.Pool
) -> None:
    alice = await ids(connection, "agent", ["alice"])
    assert await listener.after(lambda: delete_widget_settings(pool, min(alice))) == [Change(agents=alice)]
    token = await create_token(connection, "alice")
    assert await listener.after(lambda: revoke_token(connection, token)) == [Change(agents=alice)]


def test_payloads_round_trip_and_unreadable_ones_mean_everything() -> None:
    change = Change(customer_users=frozenset({3, 1}), agents=frozenset({2}), new_customer_users=True)
    assert change.payload() == '{"u":[1,3],"a":[2],"n":true}'
    assert Change.from_payload(change.payload()) == change
    assert Change.from_payload(EVERYTHING.payload()) == EVERYTHING
    assert Change.from_payload("not json") == EVERYTHING
    assert Change.from_payload('{"u":["x"]}') == EVERYTHING
    assert not Change()
