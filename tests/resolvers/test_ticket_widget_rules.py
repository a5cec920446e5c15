"""The five ticket widget rules: which tickets each one's filter describes, and its order."""

from datetime import UTC, datetime, timedelta

from db.catalog import ESCALATABLE, StatusCategory
from db.domain import TicketFilter, TicketSort
from db.widgets import WIDGETS, WidgetKey
from resolvers.ticket_widgets import RULES

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PERIOD = timedelta(hours=6)


def test_each_ticket_widget_builds_its_own_filter() -> None:
    tickets = {key: rule.tickets(NOW, PERIOD) for key, rule in RULES.items()}
    assert tickets[WidgetKey.REMINDER_TICKETS] == TicketFilter(
        (StatusCategory.PENDING,), status_changed_before=NOW - PERIOD
    )
    assert tickets[WidgetKey.ESCALATED_TICKETS] == TicketFilter(ESCALATABLE, escalated_at=NOW)
    assert tickets[WidgetKey.NEW_TICKETS] == TicketFilter((StatusCategory.NEW,))
    assert tickets[WidgetKey.OPEN_TICKETS] == TicketFilter((StatusCategory.IN_PROGRESS,))
    assert tickets[WidgetKey.CLOSED_TICKETS] == TicketFilter((StatusCategory.CLOSED,))


def test_default_orders_follow_the_spec() -> None:
    orders = {key: (rule.default_sort, rule.default_descending) for key, rule in RULES.items()}
    assert orders == {
        WidgetKey.REMINDER_TICKETS: (TicketSort.STATUS_CHANGED_AT, False),
        WidgetKey.ESCALATED_TICKETS: (TicketSort.ESCALATION_AT, False),
        WidgetKey.NEW_TICKETS: (TicketSort.CREATED_AT, True),
        WidgetKey.OPEN_TICKETS: (TicketSort.CHANGED_AT, True),
        WidgetKey.CLOSED_TICKETS: (TicketSort.STATUS_CHANGED_AT, True),
    }


def test_the_reminder_description_states_the_configured_period() -> None:
    reminder = next(widget for widget in WIDGETS if widget.key is WidgetKey.REMINDER_TICKETS)
    for locale in reminder.descriptions:
        assert "6 " in reminder.description(locale, 6.0)
        assert "1.5 " in reminder.description(locale, 1.5)
        assert "24" not in reminder.description(locale, 6.0)
