"""The customer user search (`customerUsers`): its pages, its exact count and its capped count.

A search term most users match (`customer.ex` is in every email) and a rare one (a login)
need opposite plans: the trigram index finds a rare term's few users at once, but for a
common term it hands over every user before the first row comes out (≈ 0.8 s at 100 000
users). So a search first walks the users in login order, a bounded number of them (the
*probe*): a common term fills the page, or exceeds the cap of a capped count, within a few
rows of it; only when the probe falls short does the trigram index answer. The choice is
made while the statement runs (a one-time filter on the probe's row count), so it holds
for a generic plan as much as for a custom one, and the statement stays one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from db.loaders.base import BatchLoader, Params, fetch
from db.loaders.customer_users import CUSTOMER_USER_COLUMNS, CustomerUserByIdLoader
from db.loaders.pagination import KeysetQuery, Page, SortKey, Window
from db.pools import Reader


@dataclass(frozen=True)
class CustomerUserSearch:
    """`search` matches login, names, email or a customer ID as a literal substring."""

    search: str | None
    customer_id: str | None


@dataclass(frozen=True)
class CustomerUserListKey:
    search: CustomerUserSearch
    window: Window


@dataclass(frozen=True)
class CappedCountKey:
    search: CustomerUserSearch
    up_to: int


@dataclass(frozen=True)
class CappedCount:
    """`count` is exact when not `capped`; when `capped`, more than `count` users match."""

    count: int
    capped: bool


# The expression of customer_user_search_trgm_idx (migration 0002), over alias {t}.
SEARCH_TEXT = (
    "({t}.login || ' ' || {t}.first_name || ' ' || {t}.last_name || ' ' || {t}.last_name || ' ' || {t}.first_name"
    " || ' ' || coalesce({t}.email, '') || ' ' || coalesce({t}.customer_id, ''))"
)
LOGIN_ORDER = SortKey("t.login", "text", descending=False)
# Users the probe walks for a page: a term that one user in 25 matches fills a page of 20.
PAGE_PROBE_ROWS = 500
# …and for a capped count, per unit of the cap: a term that half the users match.
COUNT_PROBE_FACTOR = 2


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _Conditions:
    """The WHERE clauses of a search over customer user `t`; values become parameters."""

    def __init__(self, search: CustomerUserSearch, params: Params) -> None:
        self.exact: list[str] = []
        self.prefilter: list[str] = []
        if search.search:
            p = params.add(_like_pattern(search.search), "text")
            # The trigram indexes find the candidates (SEARCH_TEXT holds every searched field);
            # the per-field conditions decide, so the prefilter never changes the result.
            self.prefilter.append(
                f"""t.id IN (SELECT c.id FROM customer_user c WHERE {SEARCH_TEXT.format(t="c")} ILIKE {p}
                             UNION SELECT x.customer_user_id FROM customer_user_customer_id x
                             WHERE x.customer_id ILIKE {p})"""
            )
            # SEARCH_TEXT first: one ILIKE rules out most users the probe walks past.
            self.exact.append(
                f"""(({SEARCH_TEXT.format(t="t")} ILIKE {p}
                      AND (t.login ILIKE {p} OR t.first_name ILIKE {p} OR t.last_name ILIKE {p}
                           OR (t.first_name || ' ' || t.last_name) ILIKE {p}
                           OR (t.last_name || ' ' || t.first_name) ILIKE {p}
                           OR t.email ILIKE {p} OR t.customer_id ILIKE {p}))
                     OR EXISTS (SELECT 1 FROM customer_user_customer_id x
                                WHERE x.customer_user_id = t.id AND x.customer_id ILIKE {p}))"""
            )
        if search.customer_id is not None:
            p = params.add(search.customer_id, "text")
            self.exact.append(
                f"""(t.customer_id = {p} OR EXISTS (SELECT 1 FROM customer_user_customer_id x
                     WHERE x.customer_user_id = t.id AND x.customer_id = {p}))"""
            )

    @property
    def probed(self) -> bool:
        """Whether the probe comes first: only a substring search has the trigram path."""
        return bool(self.prefilter)

    def indexed(self, *more: str) -> str:
        return " AND ".join([*self.prefilter, *self.exact, *more]) or "true"

    def probe(self, limit: int, probe_rows: int, order_by: str, bounds: list[str]) -> str:
        """The first `limit` matches among the next `probe_rows` users in `order_by` order."""
        walked = " AND ".join(bounds) or "true"
        return f"""SELECT * FROM (SELECT * FROM customer_user t WHERE {walked} ORDER BY {order_by} LIMIT {probe_rows}) t
            WHERE {" AND ".join(self.exact)} ORDER BY {order_by} LIMIT {limit}"""


def _page_sql(search: CustomerUserSearch, window: Window, params: Params) -> tuple[str, KeysetQuery]:
    where = _Conditions(search, params)
    keyset = KeysetQuery(LOGIN_ORDER, window, params)
    bounds = keyset.conditions()
    order_by, limit = keyset.order_by(), keyset.limit()
    columns = f"{CUSTOMER_USER_COLUMNS}, t.login AS sort_value"
    indexed = f"SELECT {columns} FROM customer_user t WHERE {where.indexed(*bounds)} ORDER BY {order_by} LIMIT {limit}"
    if not where.probed:
        return indexed, keyset
    # A probe that found `limit` users found the page: they are the first in order after
    # the cursor. Otherwise the one-time filter runs the indexed path instead.
    return (
        f"""WITH probe AS MATERIALIZED ({where.probe(limit, PAGE_PROBE_ROWS, order_by, bounds)})
        SELECT * FROM (
            SELECT {columns} FROM probe t WHERE (SELECT count(*) FROM probe) >= {limit}
            UNION ALL
            SELECT * FROM ({indexed}) t WHERE (SELECT count(*) FROM probe) < {limit}
        ) t ORDER BY {order_by}""",
        keyset,
    )


class CustomerUserPageBySearchLoader(BatchLoader[CustomerUserListKey, Page]):
    def __init__(self, pool: Reader, by_id: CustomerUserByIdLoader) -> None:
        super().__init__(pool)
        self.by_id = by_id

    async def load_batch(self, keys: Sequence[CustomerUserListKey]) -> list[Page]:
        pages = []
        for key in keys:  # one key per `customerUsers` field, and a query has few of those
            params = Params()
            query, keyset = _page_sql(key.search, key.window, params)
            rows = await fetch(self.pool, query, *params.values)
            for row in rows:
                self.by_id.prime(row["id"], row)
            pages.append(keyset.page(rows))
        return pages


class CustomerUserCountBySearchLoader(BatchLoader[CustomerUserSearch, int]):
    async def load_batch(self, keys: Sequence[CustomerUserSearch]) -> list[int]:
        counts = []
        for key in keys:
            params = Params()
            where = _Conditions(key, params).indexed()
            rows = await fetch(self.pool, f"SELECT count(*) FROM customer_user t WHERE {where}", *params.values)
            counts.append(int(rows[0][0]))
        return counts


def _capped_count_sql(key: CappedCountKey, params: Params) -> str:
    """Counts at most `up_to + 1` users: one more than the cap tells that there are more."""
    where = _Conditions(key.search, params)
    limit = key.up_to + 1
    indexed = f"SELECT count(*) FROM (SELECT 1 FROM customer_user t WHERE {where.indexed()} LIMIT {limit}) s"
    if not where.probed:
        return indexed
    probe = where.probe(limit, limit * COUNT_PROBE_FACTOR, LOGIN_ORDER.expression, [])
    return f"""WITH probe AS MATERIALIZED ({probe})
        SELECT CASE WHEN (SELECT count(*) FROM probe) >= {limit} THEN {limit} ELSE ({indexed}) END"""


class CustomerUserCappedCountBySearchLoader(BatchLoader[CappedCountKey, CappedCount]):
    async def load_batch(self, keys: Sequence[CappedCountKey]) -> list[CappedCount]:
        counts = []
        for key in keys:
            params = Params()
            rows = await fetch(self.pool, _capped_count_sql(key, params), *params.values)
            found = int(rows[0][0])
            counts.append(CappedCount(min(found, key.up_to), capped=found > key.up_to))
        return counts
