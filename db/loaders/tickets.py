"""Ticket loaders: widget pages and scope counts per customer user, and tickets by id.

Every statement filters on the viewer's readable queues: a ticket the viewer may not
read is never fetched, counted or returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from db.catalog import ESCALATABLE
from db.domain import NO_COLUMN_FILTERS, Relation, Scope, TicketColumn, TicketColumnFilters, TicketFilter, TicketSort
from db.loaders.base import Access, BatchLoader, Params, ViewerLoader, by_group, fetch
from db.loaders.pagination import KeysetQuery, Page, SortKey, Window
from db.pools import Reader

_SORT_SQL: dict[TicketSort, tuple[str, str]] = {
    TicketSort.CREATED_AT: ("t.created_at", "timestamptz"),
    TicketSort.CHANGED_AT: ("t.changed_at", "timestamptz"),
    TicketSort.STATUS_CHANGED_AT: ("t.status_changed_at", "timestamptz"),
    # Tickets without escalation sort after all others; a cursor never holds a null (and a
    # far-future instant, unlike 'infinity', round-trips through a cursor as itself).
    TicketSort.ESCALATION_AT: ("coalesce(t.escalation_at, '9999-12-31 00:00:00+00'::timestamptz)", "timestamptz"),
    TicketSort.PRIORITY: ("t.priority::integer", "integer"),
    TicketSort.NUMBER: ("t.number", "text"),
    TicketSort.TITLE: ("t.title", "text"),
}

TICKET_SORT_TYPES: dict[TicketSort, str] = {sort: sql_type for sort, (_, sql_type) in _SORT_SQL.items()}
_SORT_TYPES = sorted(set(TICKET_SORT_TYPES.values()))


def sort_column(sql_type: str) -> str:
    """The column of a page row that holds its sort value, by the value's SQL type."""
    return f"sort_{sql_type}"


def _sort_columns(sort: SortKey) -> str:
    """The sort value in the column of its type, the others null: branches of one UNION ALL
    may sort by values of different types (one widget by title, another by a time)."""
    return ", ".join(
        f"{sort.expression if sql_type == sort.sql_type else f'NULL::{sql_type}'} AS {sort_column(sql_type)}"
        for sql_type in _SORT_TYPES
    )


@dataclass(frozen=True)
class TicketListKey:
    customer_user_id: int
    filter: TicketFilter
    relation: Relation
    scope: Scope
    sort: TicketSort
    descending: bool
    window: Window
    # Also count the widget's tickets per scope, in the same statement (primes the counts
    # loader): set when the query asks for totalCount or scopeCounts.
    with_counts: bool = False
    columns: TicketColumnFilters = NO_COLUMN_FILTERS

    def count_key(self) -> TicketCountKey:
        return TicketCountKey(self.customer_user_id, self.filter, self.relation, self.columns)


@dataclass(frozen=True)
class TicketCountKey:
    customer_user_id: int
    filter: TicketFilter
    relation: Relation
    columns: TicketColumnFilters = NO_COLUMN_FILTERS


@dataclass(frozen=True)
class ScopeCounts:
    all: int
    my_locked: int
    my_responsibilities: int
    my_queues: int
    my_watched: int

    def of(self, scope: Scope) -> int:
        return int(getattr(self, scope.value.lower()))


TICKET_COLUMNS = """t.id, t.number, t.source_id, t.title, t.status_id, t.status_category, t.priority, t.queue_id,
    t.ticket_type, t.service, t.customer_id, t.customer_user_id, t.owner_id, t.responsible_id,
    t.locked, t.created_at, t.changed_at, t.status_changed_at, t.escalation_at"""

# Categories come from the StatusCategory enum only; as literals they let the planner match
# the partial escalation indexes, whose predicate names the same categories.
_ESCALATABLE = ", ".join(f"'{category.value}'" for category in ESCALATABLE)


def _escalation_reached(now: str) -> str:
    return f"t.escalation_at <= {now}"


def _escalated(now: str) -> str:
    """A ticket is escalated at `now`: it can still escalate and its escalation time has come.
    (The Escalated widget's filter is the same two conditions: ESCALATABLE categories and
    `_escalation_reached`.)"""
    return f"(t.status_category IN ({_ESCALATABLE}) AND {_escalation_reached(now)})"


def _columns(now: str) -> str:
    return f"{TICKET_COLUMNS}, coalesce({_escalated(now)}, false) AS escalated"


def _with_names(source: str, order_by: str = "") -> str:
    """Join status, queue, owner and responsible names onto the ticket rows `p` of `source`.

    Names are joined after the LIMIT, so the plan for a heavy customer user stays a short
    index walk whatever PostgreSQL guesses about the number of its tickets.
    """
    return f"""SELECT p.*, s.name AS status_name, q.name AS queue_name,
            o.login AS owner_login, o.first_name AS owner_first_name,
            o.last_name AS owner_last_name, o.email AS owner_email,
            r.login AS responsible_login, r.first_name AS responsible_first_name,
            r.last_name AS responsible_last_name, r.email AS responsible_email
        FROM {source}
        LEFT JOIN ticket_status s ON s.id = p.status_id
        LEFT JOIN queue q ON q.id = p.queue_id
        LEFT JOIN agent o ON o.id = p.owner_id
        LEFT JOIN agent r ON r.id = p.responsible_id
        {order_by}"""


# Each filterable column, and the SQL type of its values' array.
_COLUMN_SQL: dict[TicketColumn, tuple[str, str]] = {
    TicketColumn.STATUS: ("t.status_id", "text[]"),
    TicketColumn.QUEUE: ("t.queue_id", "int[]"),
    TicketColumn.PRIORITY: ("t.priority", "smallint[]"),
    TicketColumn.OWNER: ("t.owner_id", "int[]"),
    TicketColumn.RESPONSIBLE: ("t.responsible_id", "int[]"),
    TicketColumn.TYPE: ("t.ticket_type", "text[]"),
    TicketColumn.SERVICE: ("t.service", "text[]"),
    TicketColumn.LOCKED: ("t.locked", "boolean"),
}
COLUMN_EXPRESSIONS: dict[TicketColumn, str] = {column: sql for column, (sql, _) in _COLUMN_SQL.items()}


class TicketConditions:
    """The WHERE clause of a ticket statement; values become parameters."""

    def __init__(self, access: Access, params: Params) -> None:
        self.access = access
        self.params = params
        self.clauses: list[str] = []

    def add_filter(self, ticket_filter: TicketFilter) -> None:
        literals = ", ".join(f"'{category.value}'" for category in ticket_filter.categories)
        self.clauses.append(f"t.status_category IN ({literals})")
        if ticket_filter.status_changed_before is not None:
            self.clauses.append(
                f"t.status_changed_at <= {self.params.add(ticket_filter.status_changed_before, 'timestamptz')}"
            )
        if ticket_filter.escalated_at is not None:
            self.clauses.append(_escalation_reached(self.params.add(ticket_filter.escalated_at, "timestamptz")))
        self.clauses.append(f"t.queue_id = ANY({self.params.add(list(self.access.readable_queue_ids), 'int[]')})")

    def add_relation(self, relation: Relation, parent: str) -> None:
        if relation is Relation.ASSIGNED:
            self.clauses.append(f"t.customer_user_id = {parent}")
        else:
            self.clauses.append(
                f"""t.customer_id IN (
                    SELECT cu.customer_id FROM customer_user cu WHERE cu.id = {parent}
                    UNION ALL
                    SELECT x.customer_id FROM customer_user_customer_id x WHERE x.customer_user_id = {parent})"""
            )

    def column_conditions(self, columns: TicketColumnFilters) -> dict[TicketColumn, str]:
        """One condition per active column filter (values of one column combine with OR)."""
        conditions: dict[TicketColumn, str] = {}
        for column in columns.active:
            expression, sql_type = _COLUMN_SQL[column]
            value = columns.of(column)
            if column is TicketColumn.LOCKED:
                conditions[column] = f"{expression} = {self.params.add(value, sql_type)}"
            elif column is TicketColumn.STATUS:
                # By name: the statuses are read once (an InitPlan), then the ids compared.
                names = self.params.add(list(value), sql_type)
                ids = f"ARRAY(SELECT id FROM ticket_status WHERE name = ANY({names}))"
                conditions[column] = f"{expression} = ANY({ids})"
            else:
                conditions[column] = f"{expression} = ANY({self.params.add(list(value), sql_type)})"
        return conditions

    def add_columns(self, columns: TicketColumnFilters) -> None:
        self.clauses.extend(self.column_conditions(columns).values())

    def scope_condition(self, scope: Scope) -> str:
        if scope is Scope.ALL:
            return "true"
        if scope is Scope.MY_QUEUES:
            return f"t.queue_id = ANY({self.params.add(list(self.access.my_queue_ids), 'int[]')})"
        agent = self.params.add(self.access.agent_id, "integer")
        if scope is Scope.MY_LOCKED:
            return f"(t.locked AND t.owner_id = {agent})"
        if scope is Scope.MY_RESPONSIBILITIES:
            return f"t.responsible_id = {agent}"
        return f"EXISTS (SELECT 1 FROM ticket_watcher w WHERE w.ticket_id = t.id AND w.agent_id = {agent})"

    def sql(self) -> str:
        return " AND ".join(self.clauses)


def _sort_key(sort: TicketSort, descending: bool, ticket_filter: TicketFilter) -> SortKey:
    expression, sql_type = _SORT_SQL[sort]
    if sort is TicketSort.ESCALATION_AT and ticket_filter.escalated_at is not None:
        # Every escalated ticket has an escalation time, so the fallback for tickets without
        # one changes nothing here; the bare column lets the partial index serve the order.
        expression = "t.escalation_at"
    return SortKey(expression, sql_type, descending)


_COUNT_COLUMNS = tuple(f"n_{scope.value.lower()}" for scope in Scope)


def _counts_sql(access: Access, params: Params, key: TicketCountKey) -> str:
    """Every scope count of one widget for the customer user `k.parent_id`, in one pass."""
    where = TicketConditions(access, params)
    where.add_filter(key.filter)
    where.add_relation(key.relation, "k.parent_id")
    where.add_columns(key.columns)
    counts = ", ".join(
        f"count(*) FILTER (WHERE {where.scope_condition(scope)}) AS {column}"
        for scope, column in zip(Scope, _COUNT_COLUMNS, strict=True)
    )
    return f"SELECT {counts} FROM ticket t WHERE {where.sql()}"


def _scope_counts(row: asyncpg.Record) -> ScopeCounts:
    return ScopeCounts(*(int(row[column]) for column in _COUNT_COLUMNS))


class _TicketLoader(ViewerLoader[Any, Any]):
    """A ticket loader: `now` decides which tickets count as escalated."""

    def __init__(self, pool: Reader, access: Access, now: datetime) -> None:
        super().__init__(pool, access)
        self.now = now


class TicketPageByCustomerUserLoader(_TicketLoader):
    """Pages of ticket widgets, and their scope counts when asked, in ONE statement per batch.

    A CUIC page asks for five ticket widgets at once; each distinct widget/argument group is
    one branch of a UNION ALL, and every branch pages all its customer users at once. Each
    page is limited in a LATERAL subquery before status, queue and agent names are joined, so
    a heavy customer user's page stays a short index walk whatever plan PostgreSQL picks.
    """

    def __init__(
        self, pool: Reader, access: Access, now: datetime, counts: TicketScopeCountsByCustomerUserLoader
    ) -> None:
        super().__init__(pool, access, now)
        self.counts = counts

    async def load_batch(self, keys: list[TicketListKey]) -> list[Page]:
        groups: dict[tuple[Any, ...], list[int]] = {}
        for index, key in enumerate(keys):
            group = (
                key.filter,
                key.relation,
                key.columns,
                key.scope,
                key.sort,
                key.descending,
                key.window,
                key.with_counts,
            )
            groups.setdefault(group, []).append(index)
        params = Params()
        now = params.add(self.now, "timestamptz")
        branches = []
        keysets = []
        for number, indexes in enumerate(groups.values()):
            first = keys[indexes[0]]
            parents = params.add([keys[i].customer_user_id for i in indexes], "int[]")
            if first.with_counts:
                counts = f"c.{', c.'.join(_COUNT_COLUMNS)}"
                counted = f"CROSS JOIN LATERAL ({_counts_sql(self.access, params, first.count_key())}) c"
            else:
                counts = ", ".join(f"NULL::bigint AS {column}" for column in _COUNT_COLUMNS)
                counted = ""
            where = TicketConditions(self.access, params)
            where.add_filter(first.filter)
            where.add_relation(first.relation, "k.parent_id")
            where.add_columns(first.columns)
            where.clauses.append(where.scope_condition(first.scope))
            sort = _sort_key(first.sort, first.descending, first.filter)
            keyset = KeysetQuery(sort, first.window, params)
            where.clauses.extend(keyset.conditions())
            keysets.append(keyset)
            # OFFSET 0 keeps the counts per customer user: computed once, not once per row.
            branches.append(
                f"""SELECT {number} AS grp, k.ordinal, k.{", k.".join(_COUNT_COLUMNS)}, p.*
                FROM (SELECT k.parent_id, k.ordinal, {counts}
                      FROM unnest({parents}) WITH ORDINALITY AS k(parent_id, ordinal) {counted}
                      OFFSET 0) k
                LEFT JOIN LATERAL (
                    SELECT {_columns(now)}, {_sort_columns(sort)},
                           row_number() OVER (ORDER BY {keyset.order_by()}) AS rn
                    FROM ticket t
                    WHERE {where.sql()}
                    ORDER BY {keyset.order_by()}
                    LIMIT {keyset.limit()}
                ) p ON true"""
            )
        union = "\n            UNION ALL\n".join(f"({branch})" for branch in branches)
        rows = await fetch(self.pool, _with_names(f"({union}) p", "ORDER BY p.grp, p.ordinal, p.rn"), *params.values)
        per_key: list[list[asyncpg.Record]] = [[] for _ in keys]
        index_of = list(groups.values())
        seen: set[int] = set()
        for row in rows:
            index = index_of[row["grp"]][row["ordinal"] - 1]
            if index not in seen:
                seen.add(index)
                if keys[index].with_counts:
                    self.counts.prime(keys[index].count_key(), _scope_counts(row))
            if row["id"] is not None:
                per_key[index].append(row)
        pages: list[Page] = [Page([], False, False)] * len(keys)
        for number, indexes in enumerate(groups.values()):
            for index in indexes:
                pages[index] = keysets[number].page(per_key[index])
        return pages


class TicketScopeCountsByCustomerUserLoader(ViewerLoader[TicketCountKey, ScopeCounts]):
    async def load_batch(self, keys: list[TicketCountKey]) -> list[ScopeCounts]:
        return await by_group(keys, lambda k: (k.filter, k.relation, k.columns), self._load_group)

    async def _load_group(self, _group: object, keys: list[TicketCountKey]) -> list[ScopeCounts]:
        first = keys[0]
        params = Params()
        parents = params.add([k.customer_user_id for k in keys], "int[]")
        query = f"""SELECT k.ordinal, c.*
            FROM unnest({parents}) WITH ORDINALITY AS k(parent_id, ordinal)
            CROSS JOIN LATERAL ({_counts_sql(self.access, params, first)}) c
            ORDER BY k.ordinal"""
        return [_scope_counts(row) for row in await fetch(self.pool, query, *params.values)]


class TicketByIdLoader(_TicketLoader):
    """Tickets by id, or None where there is none or the viewer may not read it."""

    async def load_batch(self, ids: Sequence[int]) -> list[asyncpg.Record | None]:
        inner = f"""(SELECT {_columns("$3::timestamptz")} FROM ticket t
            WHERE t.id = ANY($1::bigint[]) AND t.queue_id = ANY($2::int[])) p"""
        query = _with_names(inner)
        rows = await fetch(self.pool, query, list(ids), list(self.access.readable_queue_ids), self.now)
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(ticket_id) for ticket_id in ids]


class TicketStatusesLoader(BatchLoader[None, list[asyncpg.Record]]):
    """Every ticket status; one key (None) since the list has no parameter."""

    async def load_batch(self, keys: Sequence[None]) -> list[list[asyncpg.Record]]:
        rows = await fetch(self.pool, "SELECT id, name, category FROM ticket_status ORDER BY id")
        return [rows for _ in keys]
