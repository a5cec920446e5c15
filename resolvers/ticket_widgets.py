"""The five ticket widgets: one rule table says which tickets each shows and in which order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from db.catalog import ESCALATABLE, StatusCategory
from db.loaders.pagination import Page
from db.loaders.tickets import (
    TICKET_SORT_TYPES,
    Relation,
    Scope,
    ScopeCounts,
    TicketCountKey,
    TicketFilter,
    TicketListKey,
    TicketSort,
    sort_value,
)
from db.widgets import WidgetKey
from resolvers import pagination
from resolvers.context import RequestContext


@dataclass(frozen=True)
class TicketWidgetRule:
    categories: tuple[StatusCategory, ...]
    default_sort: TicketSort
    default_descending: bool
    # Reminder: pending for at least the reminder period.
    reminder: bool = False
    # Escalated: escalation time reached.
    escalated: bool = False


RULES: dict[WidgetKey, TicketWidgetRule] = {
    WidgetKey.REMINDER_TICKETS: TicketWidgetRule(
        (StatusCategory.PENDING,), TicketSort.STATUS_CHANGED_AT, default_descending=False, reminder=True
    ),
    WidgetKey.ESCALATED_TICKETS: TicketWidgetRule(
        ESCALATABLE, TicketSort.ESCALATION_AT, default_descending=False, escalated=True
    ),
    WidgetKey.NEW_TICKETS: TicketWidgetRule((StatusCategory.NEW,), TicketSort.CREATED_AT, default_descending=True),
    WidgetKey.OPEN_TICKETS: TicketWidgetRule(
        (StatusCategory.IN_PROGRESS,), TicketSort.CHANGED_AT, default_descending=True
    ),
    WidgetKey.CLOSED_TICKETS: TicketWidgetRule(
        (StatusCategory.CLOSED,), TicketSort.STATUS_CHANGED_AT, default_descending=True
    ),
}


def ticket_filter(context: RequestContext, rule: TicketWidgetRule) -> TicketFilter:
    reminder_period = timedelta(hours=context.settings.reminder_hours)
    return TicketFilter(
        categories=rule.categories,
        status_changed_before=context.now - reminder_period if rule.reminder else None,
        escalation_before=context.now if rule.escalated else None,
    )


def is_escalated(category: str, escalation_at: datetime | None, now: datetime) -> bool:
    return escalation_at is not None and escalation_at <= now and category in ESCALATABLE


@dataclass(frozen=True)
class TicketList:
    """One page of a ticket widget, and how to count the widget's tickets per scope."""

    context: RequestContext
    page: Page
    order: str
    sort: TicketSort
    scope: Scope
    count_key: TicketCountKey

    def cursor(self, row: asyncpg.Record) -> str:
        return pagination.encode_cursor(self.order, sort_value(row, self.sort), row["id"])

    async def scope_counts(self) -> ScopeCounts:
        return await self.context.loaders.ticket_scope_counts_by_customer_user.load(self.count_key)

    async def total_count(self) -> int:
        return (await self.scope_counts()).of(self.scope)


async def ticket_list(
    context: RequestContext,
    widget: WidgetKey,
    customer_user_id: int,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    scope: Scope,
    relation: Relation,
    sort: TicketSort | None,
    descending: bool | None,
    with_counts: bool = True,
) -> TicketList:
    """One page of `widget`; `with_counts` also counts the scopes in the same statement
    (pass False when the query asks for neither totalCount nor scopeCounts)."""
    rule = RULES[widget]
    if sort is None:
        sort, descending = rule.default_sort, rule.default_descending
    assert descending is not None
    order = pagination.order_tag(sort.value, descending)
    window = await pagination.widget_window(
        context,
        widget,
        first=first,
        after=after,
        last=last,
        before=before,
        order=order,
        sql_type=TICKET_SORT_TYPES[sort],
    )
    ticket_filter_ = ticket_filter(context, rule)
    key = TicketListKey(customer_user_id, ticket_filter_, relation, scope, sort, descending, window, with_counts)
    page = await context.loaders.ticket_page_by_customer_user.load(key)
    return TicketList(context, page, order, sort, scope, key.count_key())
