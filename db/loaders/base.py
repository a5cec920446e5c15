"""What every loader shares: the pool, the viewer's access, and batch grouping."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from strawberry.dataloader import DataLoader

from db.metrics import observe_batch
from db.pools import Reader

K = TypeVar("K")
G = TypeVar("G", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class Access:
    """What the viewer may see, loaded once per request with the viewer."""

    agent_id: int
    readable_queue_ids: tuple[int, ...]
    my_queue_ids: tuple[int, ...]


class BatchLoader(DataLoader[K, V]):
    """A DataLoader over the pool: subclasses answer a whole batch in `load_batch`."""

    def __init__(self, pool: Reader) -> None:
        super().__init__(self._observed_load)
        self.pool = pool

    def load(self, key: K) -> Awaitable[V]:
        # Every field asking for a key awaits the same cached future. graphql-core cancels a
        # field's work when a sibling fails; awaited bare, the shared future would be cancelled
        # with it, and every other field waiting for it would raise CancelledError, which no
        # error handling catches (the request crashed). Shielded, only that field stops.
        return asyncio.shield(super().load(key))

    async def _observed_load(self, keys: list[K]) -> list[V]:
        observe_batch(type(self).__name__, len(keys))
        return await self.load_batch(keys)

    async def load_batch(self, keys: list[K]) -> list[V]:
        raise NotImplementedError


class ViewerLoader(BatchLoader[K, V]):
    """A loader whose statements filter on what the viewer may read."""

    def __init__(self, pool: Reader, access: Access) -> None:
        super().__init__(pool)
        self.access = access


class Params:
    """The positional parameters of one statement, in order.

    `add` returns the placeholder of a value with its type, so that SQL is built as text
    while every value still reaches PostgreSQL as a parameter.
    """

    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any, sql_type: str) -> str:
        self.values.append(value)
        return f"${len(self.values)}::{sql_type}"


class RowByKeyLoader(BatchLoader[K, "asyncpg.Record | None"]):
    """Rows by a unique key, or None: one `= ANY($1)` statement per batch.

    Subclasses give `query`, whose only parameter `$1` is the array of keys, and the
    column that holds the key in its rows.
    """

    query: str
    key_column: str = "id"

    async def load_batch(self, keys: Sequence[K]) -> list[asyncpg.Record | None]:
        rows = await fetch(self.pool, self.query, list(keys))
        by_key = {row[self.key_column]: row for row in rows}
        return [by_key.get(key) for key in keys]


async def fetch(pool: Reader, query: str, *args: Any) -> list[asyncpg.Record]:
    """Run one read statement on a pooled connection (of the replica, when there is one)."""
    return await pool.fetch(query, *args)


async def by_group(
    keys: Sequence[K],
    group_of: Callable[[K], G],
    load_group: Callable[[G, list[K]], Awaitable[list[V]]],
) -> list[V]:
    """Answer keys that differ only in their parent with one statement per group.

    A request asks for the same widget with the same arguments for many customer users;
    those keys form one group, whatever their number.
    """
    groups: dict[G, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        groups[group_of(key)].append(index)
    results: list[V | None] = [None] * len(keys)
    for group, indexes in groups.items():
        values = await load_group(group, [keys[i] for i in indexes])
        for index, value in zip(indexes, values, strict=True):
            results[index] = value
    return results  # type: ignore[return-value]
