"""The words every layer speaks about lists of tickets and configuration items.

The GraphQL enums are these enums (gql/types/common.py), the loaders build SQL from them and
the widget rules (resolvers/ticket_widgets.py) combine them; none of them restates another.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from db.catalog import ESCALATABLE, StatusCategory


class Relation(enum.Enum):
    """How a ticket belongs to a customer user."""

    ASSIGNED = "ASSIGNED"
    ACCESSIBLE = "ACCESSIBLE"


class Scope(enum.Enum):
    """Which tickets of a widget: OTOBO's filter tabs."""

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


class ConfigItemSort(enum.Enum):
    NAME = "NAME"
    NUMBER = "NUMBER"
    CLASS = "CLASS"
    CHANGED_AT = "CHANGED_AT"


@dataclass(frozen=True)
class TicketFilter:
    """Which tickets a widget shows, whoever the customer user."""

    categories: tuple[StatusCategory, ...]
    # In its status since at least this instant (Reminder).
    status_changed_before: datetime | None = None
    # Escalated as of this instant (Escalated): an escalation time at or before it.
    escalated_at: datetime | None = None

    @classmethod
    def of_category(cls, category: StatusCategory) -> TicketFilter:
        return cls((category,))

    @classmethod
    def pending_since(cls, instant: datetime) -> TicketFilter:
        """Pending, and in that status since `instant` or earlier."""
        return cls((StatusCategory.PENDING,), status_changed_before=instant)

    @classmethod
    def escalated(cls, now: datetime) -> TicketFilter:
        """Still able to escalate, and the escalation time has come by `now`."""
        return cls(ESCALATABLE, escalated_at=now)
