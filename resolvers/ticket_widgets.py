"""The five ticket widgets: one rule table says which tickets each shows and in which order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from db.catalog import StatusCategory
from db.domain import NO_COLUMN_FILTERS, Relation, Scope, TicketColumnFilters, TicketFilter, TicketSort
from db.loaders.pagination import Page
from db.loaders.ticket_facets import TicketFacetKey, TicketFacets
from db.loaders.tickets import TICKET_SORT_TYPES, ScopeCounts, TicketCountKey, TicketListKey, sort_column
from db.widgets import WidgetKey
from resolvers import pagination
from resolvers.context import RequestContext


@dataclass(frozen=True)
class TicketWidgetRule:
    # Which tickets, as of the request's instant and given the reminder period.
    tickets: Callable[[datetime, timedelta], TicketFilter]
    default_sort: TicketSort
    default_descending: bool


RULES: dict[WidgetKey, TicketWidgetRule] = {
    WidgetKey.REMINDER_TICKETS: TicketWidgetRule(
        lambda now, reminder_period: TicketFilter.pending_since(now - reminder_period),
        TicketSort.STATUS_CHANGED_AT,
        default_descending=False,
    ),
    WidgetKey.ESCALATED_TICKETS: TicketWidgetRule(
        lambda now, _: TicketFilter.escalated(now), TicketSort.ESCALATION_AT, default_descending=False
    ),
    WidgetKey.NEW_TICKETS: TicketWidgetRule(
        lambda *_: TicketFilter.of_category(StatusCategory.NEW), TicketSort.CREATED_AT, default_descending=True
    ),
    WidgetKey.OPEN_TICKETS: TicketWidgetRule(
        lambda *_: TicketFilter.of_category(StatusCategory.IN_PROGRESS), TicketSort.CHANGED_AT, default_descending=True
    ),
    WidgetKey.CLOSED_TICKETS: TicketWidgetRule(
        lambda *_: TicketFilter.of_category(StatusCategory.CLOSED),
        TicketSort.STATUS_CHANGED_AT,
        default_descending=True,
    ),
}


@dataclass(frozen=True)
class TicketList:
    """One page of a ticket widget, and how to count the widget's tickets per scope."""

    context: RequestContext
    page: Page
    order: str
    key: TicketListKey

    @property
    def count_key(self) -> TicketCountKey:
        return self.key.count_key()

    def cursor(self, row: asyncpg.Record) -> str:
        return pagination.encode_cursor(self.order, row[sort_column(TICKET_SORT_TYPES[self.key.sort])], row["id"])

    async def scope_counts(self) -> ScopeCounts:
        return await self.context.loaders.ticket_scope_counts_by_customer_user.load(self.count_key)

    async def total_count(self) -> int:
        return (await self.scope_counts()).of(self.key.scope)

    async def facets(self) -> TicketFacets:
        key = self.key
        facet_key = TicketFacetKey(key.customer_user_id, key.filter, key.relation, key.scope, key.columns)
        return await self.context.loaders.ticket_facets_by_customer_user.load(facet_key)


async def ticket_list(
    context: RequestContext,
    widget: WidgetKey,
    customer_user_id: int,
    page_args: pagination.PageArgs,
    *,
    scope: Scope,
    relation: Relation,
    sort: TicketSort | None,
    descending: bool | None,
    columns: TicketColumnFilters = NO_COLUMN_FILTERS,
    with_counts: bool = True,
) -> TicketList:
    """One page of `widget` within the column filters `columns`; `with_counts` also counts
    the scopes in the same statement (pass False when the query asks for neither totalCount
    nor scopeCounts)."""
    rule = RULES[widget]
    if sort is None:
        sort, descending = rule.default_sort, rule.default_descending
    assert descending is not None
    order = pagination.order_tag(sort.value, descending)
    window = await pagination.widget_window(
        context,
        widget,
        page_args,
        order=order,
        sql_type=TICKET_SORT_TYPES[sort],
    )
    tickets = rule.tickets(context.now, timedelta(hours=context.settings.reminder_hours))
    key = TicketListKey(customer_user_id, tickets, relation, scope, sort, descending, window, with_counts, columns)
    page = await context.loaders.ticket_page_by_customer_user.load(key)
    return TicketList(context, page, order, key)
