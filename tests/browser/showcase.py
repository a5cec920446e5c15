"""What the README's screenshots show: the demo data exactly as `cuic serve` loads it on a
first start (db/demo.py, 200 customer users, the agent `admin`), opened on the demo's first
customer user. Nothing is invented here, so the pictures show what a newcomer will see."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from db.demo import Record, demo_records

CUSTOMER_USERS = 200  # what `cuic serve` loads (gql/cli.py)
AGENT = "admin"  # the demo token's agent
LOGIN = "yamada.taro"  # the demo's first customer user, who has something in every widget


def records(now: datetime) -> list[Record]:
    return list(demo_records(CUSTOMER_USERS, now=now))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def texts(demo: Iterable[Record]) -> set[str]:
    """Every text the demo holds, and the full names the API composes from its names."""
    found: set[str] = set()
    for record in demo:
        found.update(_strings(record))
        if record["type"] in ("customer_user", "agent"):
            first, last = record["first_name"], record["last_name"]
            found.update({f"{first} {last}", f"{last} {first}"})
    return found
