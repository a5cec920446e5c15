"""Ticket loaders: widget pages and scope counts per customer user, and tickets by id.

Every statement filters on the viewer's readable queues: a ticket the viewer may not
read is never fetched, counted or returned.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from db.catalog import StatusCategory
from db.loaders.base import Access, BatchLoader, ViewerLoader, by_group, fetch
from db.loaders.pagination import KeysetQuery, Page, SortKey, Window


class Relation(enum.Enum):
    ASSIGNED = "ASSIGNED"
    ACCESSIBLE = "ACCESSIBLE"


class Scope(enum.Enum):
    ALL = "ALL"
    MY_LOCKED = "MY_LOCKED"
    MY_RESPONSIBILITIES = "MY_RESPONSIBILITIES"
    MY_QUEUES = "MY_QUEUES"
    MY_WATCHED = "MY_WATCHED"


class TicketSort(enum.Enum):
    CREATED_AT = "CREATED_AT"
    CHANGED_AT = "CHANGED_AT"
    STATUS_CHANGED_AT = "STATUS_CHANGED_AT"
    ESCALATION_AT = "ESCALATION_AT"
    PRIORITY = "PRIORITY"
    NUMBER = "NUMBER"
    TITLE = "TITLE"


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


@dataclass(frozen=True)
class TicketFilter:
    """Which tickets a widget shows, independent of the customer user."""

    categories: tuple[StatusCategory, ...]
    # Reminder: in the status since at least this instant.
    status_changed_before: datetime | None = None
    # Escalated: escalation time at or before this instant.
    escalation_before: datetime | None = None


@dataclass(frozen=True)
class TicketListKey:
    customer_user_id: int
    filter: TicketFilter
    relation: Relation
    scope: Scope
    sort: TicketSort
    descending: bool
    window: Window


@dataclass(frozen=True)
class TicketCountKey:
    customer_user_id: int
    filter: TicketFilter
    relation: Relation


@dataclass(frozen=True)
class ScopeCounts:
    all: int
    my_locked: int
    my_responsibilities: int
    my_queues: int
    my_watched: int

    def of(self, scope: Scope) -> int:
        return int(getattr(self, scope.value.lower()))


TICKET_COLUMNS = """t.id, t.number, t.title, t.status_id, t.status_category, t.priority, t.queue_id,
    t.ticket_type, t.service, t.customer_id, t.customer_user_id, t.owner_id, t.responsible_id,
    t.locked, t.created_at, t.changed_at, t.status_changed_at, t.escalation_at"""


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
        JOIN ticket_status s ON s.id = p.status_id
        JOIN queue q ON q.id = p.queue_id
        LEFT JOIN agent o ON o.id = p.owner_id
        LEFT JOIN agent r ON r.id = p.responsible_id
        {order_by}"""


class _Conditions:
    """The WHERE clause of a ticket statement; values become parameters."""

    def __init__(self, access: Access, params: list[Any]) -> None:
        self.access = access
        self.params = params
        self.clauses: list[str] = []

    def param(self, value: Any, sql_type: str) -> str:
        self.params.append(value)
        return f"${len(self.params)}::{sql_type}"

    def add_filter(self, ticket_filter: TicketFilter) -> None:
        # Categories come from the StatusCategory enum only; as literals they let the
        # planner match the partial escalation index.
        literals = ", ".join(f"'{category.value}'" for category in ticket_filter.categories)
        self.clauses.append(f"t.status_category IN ({literals})")
        if ticket_filter.status_changed_before is not None:
            self.clauses.append(
                f"t.status_changed_at <= {self.param(ticket_filter.status_changed_before, 'timestamptz')}"
            )
        if ticket_filter.escalation_before is not None:
            self.clauses.append(f"t.escalation_at <= {self.param(ticket_filter.escalation_before, 'timestamptz')}")
        self.clauses.append(f"t.queue_id = ANY({self.param(list(self.access.readable_queue_ids), 'int[]')})")

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

    def scope_condition(self, scope: Scope) -> str:
        if scope is Scope.ALL:
            return "true"
        if scope is Scope.MY_QUEUES:
            return f"t.queue_id = ANY({self.param(list(self.access.my_queue_ids), 'int[]')})"
        agent = self.param(self.access.agent_id, "integer")
        if scope is Scope.MY_LOCKED:
            return f"(t.locked AND t.owner_id = {agent})"
        if scope is Scope.MY_RESPONSIBILITIES:
            return f"t.responsible_id = {agent}"
        return f"EXISTS (SELECT 1 FROM ticket_watcher w WHERE w.ticket_id = t.id AND w.agent_id = {agent})"

    def sql(self) -> str:
        return " AND ".join(self.clauses)


def _sort_key(key: TicketListKey) -> SortKey:
    expression, sql_type = _SORT_SQL[key.sort]
    if key.sort is TicketSort.ESCALATION_AT and key.filter.escalation_before is not None:
        # The Escalated widget only holds tickets with an escalation time: order by the
        # bare column so the partial index serves the order.
        expression = "t.escalation_at"
    return SortKey(expression, sql_type, key.descending)


class TicketPageByCustomerUserLoader(ViewerLoader[TicketListKey, Page]):
    async def load_batch(self, keys: list[TicketListKey]) -> list[Page]:
        return await by_group(
            keys, lambda k: (k.filter, k.relation, k.scope, k.sort, k.descending, k.window), self._load_group
        )

    async def _load_group(self, _group: object, keys: list[TicketListKey]) -> list[Page]:
        first = keys[0]
        params: list[Any] = [[k.customer_user_id for k in keys]]
        where = _Conditions(self.access, params)
        where.add_filter(first.filter)
        where.add_relation(first.relation, "k.parent_id")
        where.clauses.append(where.scope_condition(first.scope))
        keyset = KeysetQuery(_sort_key(first), first.window, params)
        where.clauses.extend(keyset.conditions())
        inner = f"""unnest($1::int[]) WITH ORDINALITY AS k(parent_id, ordinal)
            CROSS JOIN LATERAL (
                SELECT k.ordinal, {TICKET_COLUMNS}, {keyset.sort.expression} AS sort_value
                FROM ticket t
                WHERE {where.sql()}
                ORDER BY {keyset.order_by()}
                LIMIT {keyset.limit()}
            ) p"""
        query = _with_names(inner, f"ORDER BY p.ordinal, {_outer_order(keyset)}")
        rows = await fetch(self.pool, query, *params)
        per_parent: list[list[asyncpg.Record]] = [[] for _ in keys]
        for row in rows:
            per_parent[row["ordinal"] - 1].append(row)
        return [keyset.page(parent_rows) for parent_rows in per_parent]


def _outer_order(keyset: KeysetQuery) -> str:
    descending = keyset.sort.descending != keyset.backwards
    direction = "DESC" if descending else "ASC"
    return f"p.sort_value {direction}, p.id {direction}"


class TicketScopeCountsByCustomerUserLoader(ViewerLoader[TicketCountKey, ScopeCounts]):
    async def load_batch(self, keys: list[TicketCountKey]) -> list[ScopeCounts]:
        return await by_group(keys, lambda k: (k.filter, k.relation), self._load_group)

    async def _load_group(self, _group: object, keys: list[TicketCountKey]) -> list[ScopeCounts]:
        first = keys[0]
        params: list[Any] = [[k.customer_user_id for k in keys]]
        where = _Conditions(self.access, params)
        where.add_filter(first.filter)
        where.add_relation(first.relation, "k.parent_id")
        counts = ", ".join(
            f"count(*) FILTER (WHERE {where.scope_condition(scope)}) AS {scope.value.lower()}" for scope in Scope
        )
        query = f"""SELECT k.ordinal, c.*
            FROM unnest($1::int[]) WITH ORDINALITY AS k(parent_id, ordinal)
            CROSS JOIN LATERAL (SELECT {counts} FROM ticket t WHERE {where.sql()}) c
            ORDER BY k.ordinal"""
        rows = await fetch(self.pool, query, *params)
        return [
            ScopeCounts(
                all=row["all"],
                my_locked=row["my_locked"],
                my_responsibilities=row["my_responsibilities"],
                my_queues=row["my_queues"],
                my_watched=row["my_watched"],
            )
            for row in rows
        ]


class TicketByIdLoader(ViewerLoader[int, "asyncpg.Record | None"]):
    """Tickets by id, or None where there is none or the viewer may not read it."""

    async def load_batch(self, ids: Sequence[int]) -> list[asyncpg.Record | None]:
        inner = f"""(SELECT {TICKET_COLUMNS} FROM ticket t
            WHERE t.id = ANY($1::bigint[]) AND t.queue_id = ANY($2::int[])) p"""
        query = _with_names(inner)
        rows = await fetch(self.pool, query, list(ids), list(self.access.readable_queue_ids))
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(ticket_id) for ticket_id in ids]


class TicketStatusesLoader(BatchLoader[None, list[asyncpg.Record]]):
    """Every ticket status; one key (None) since the list has no parameter."""

    async def load_batch(self, keys: Sequence[None]) -> list[list[asyncpg.Record]]:
        rows = await fetch(self.pool, "SELECT id, name, category FROM ticket_status ORDER BY id")
        return [rows for _ in keys]
