"""When time alone next changes what a customer user's ticket widgets show: a pending ticket
entering Reminder, an open one escalating (live subscriptions push at that instant)."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.loaders.widget_clock import WidgetClockKey
from resolvers.context import RequestContext


async def next_widget_change(context: RequestContext, customer_user_id: int) -> datetime | None:
    """The next instant, after the request's, at which a ticket enters Reminder Tickets or
    Escalated Tickets (or shows as escalated in another list); None when none will."""
    period = timedelta(hours=context.settings.reminder_hours)
    key = WidgetClockKey(customer_user_id, context.now - period, context.now)
    clock = await context.loaders.widget_clock_by_customer_user.load(key)
    instants = [clock.next_escalation]
    if clock.first_pending_since is not None:
        instants.append(clock.first_pending_since + period)
    return min((instant for instant in instants if instant is not None), default=None)
