"""Configuration item loaders: pages and counts by owner, items by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from db.domain import ConfigItemSort
from db.loaders.base import BatchLoader, Params, RowByKeyLoader, by_group, fetch
from db.loaders.pagination import KeysetQuery, Page, SortKey, Window
from db.pools import Reader

CONFIG_ITEM_COLUMNS = """t.id, t.number, t.source_id, t.name, t.class, t.deployment_state, t.incident_state,
    t.owner_id, t.created_at, t.changed_at"""


_SORT_SQL: dict[ConfigItemSort, tuple[str, str]] = {
    ConfigItemSort.NAME: ("t.name", "text"),
    ConfigItemSort.NUMBER: ("t.number", "text"),
    ConfigItemSort.CLASS: ("t.class", "text"),
    ConfigItemSort.CHANGED_AT: ("t.changed_at", "timestamptz"),
}

CONFIG_ITEM_SORT_TYPES: dict[ConfigItemSort, str] = {sort: sql_type for sort, (_, sql_type) in _SORT_SQL.items()}


@dataclass(frozen=True)
class ConfigItemListKey:
    owner_id: int
    sort: ConfigItemSort
    descending: bool
    window: Window


class ConfigItemCountByOwnerLoader(BatchLoader[int, int]):
    async def load_batch(self, owner_ids: Sequence[int]) -> list[int]:
        rows = await fetch(
            self.pool,
            """SELECT owner_id, count(*) AS n FROM config_item
               WHERE owner_id = ANY($1::int[]) GROUP BY owner_id""",
            list(owner_ids),
        )
        counts = {row["owner_id"]: row["n"] for row in rows}
        return [int(counts.get(owner_id, 0)) for owner_id in owner_ids]


class ConfigItemPageByOwnerLoader(BatchLoader[ConfigItemListKey, Page]):
    """Pages of CIs per owner; the same statement counts each owner's CIs (primes `counts`)."""

    def __init__(self, pool: Reader, counts: ConfigItemCountByOwnerLoader) -> None:
        super().__init__(pool)
        self.counts = counts

    async def load_batch(self, keys: list[ConfigItemListKey]) -> list[Page]:
        return await by_group(keys, lambda k: (k.sort, k.descending, k.window), self._load_group)

    async def _load_group(self, _group: object, keys: list[ConfigItemListKey]) -> list[Page]:
        first = keys[0]
        params = Params()
        owners = params.add([k.owner_id for k in keys], "int[]")
        expression, sql_type = _SORT_SQL[first.sort]
        keyset = KeysetQuery(SortKey(expression, sql_type, first.descending), first.window, params)
        where = " AND ".join(["t.owner_id = k.parent_id", *keyset.conditions()])
        direction = "DESC" if first.descending != keyset.backwards else "ASC"
        rows = await fetch(
            self.pool,
            f"""SELECT k.ordinal, k.total_count, p.* FROM (
                    SELECT k.parent_id, k.ordinal,
                           (SELECT count(*) FROM config_item c WHERE c.owner_id = k.parent_id) AS total_count
                    FROM unnest({owners}) WITH ORDINALITY AS k(parent_id, ordinal)
                ) k
                LEFT JOIN LATERAL (
                    SELECT {CONFIG_ITEM_COLUMNS}, {expression} AS sort_value
                    FROM config_item t WHERE {where}
                    ORDER BY {keyset.order_by()} LIMIT {keyset.limit()}
                ) p ON true
                ORDER BY k.ordinal, p.sort_value {direction}, p.id {direction}""",
            *params.values,
        )
        per_owner: list[list[asyncpg.Record]] = [[] for _ in keys]
        for row in rows:
            key = keys[row["ordinal"] - 1]
            self.counts.prime(key.owner_id, int(row["total_count"]))
            if row["id"] is not None:
                per_owner[row["ordinal"] - 1].append(row)
        return [keyset.page(owner_rows) for owner_rows in per_owner]


class ConfigItemByIdLoader(RowByKeyLoader[int]):
    query = f"SELECT {CONFIG_ITEM_COLUMNS} FROM config_item t WHERE t.id = ANY($1::int[])"
