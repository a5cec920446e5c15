"""What every loader shares: the pool, the viewer's access, and batch grouping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg

K = TypeVar("K")
G = TypeVar("G", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class Access:
    """What the viewer may see, loaded once per request with the viewer."""

    agent_id: int
    readable_queue_ids: tuple[int, ...]
    my_queue_ids: tuple[int, ...]


async def fetch(pool: asyncpg.Pool, query: str, *args: Any) -> list[asyncpg.Record]:
    async with pool.acquire() as connection:
        rows: list[asyncpg.Record] = await connection.fetch(query, *args)
        return rows


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
