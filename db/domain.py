"""The words every layer speaks about lists of tickets and configuration items.

The GraphQL enums are these enums (gql/types/common.py), the loaders build SQL from them and
the widget rules (resolvers/ticket_widgets.py) combine them; none of them restates another.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from db.catalog import ESCALATABLE, StatusCategory


class NameOrder(enum.StrEnum):
    """How a full name is formed from first and last name (Japanese: family name first)."""

    FIRST_LAST = "first_last"
    LAST_FIRST = "last_first"


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


# Values one column filter may hold: a filter menu offers a widget's values, never hundreds.
MAX_FILTER_VALUES = 50


class TicketColumn(enum.Enum):
    """A column of a ticket widget that an agent can filter on (and its facet)."""

    STATUS = "statuses"
    QUEUE = "queue_ids"
    PRIORITY = "priorities"
    OWNER = "owner_ids"
    RESPONSIBLE = "responsible_ids"
    TYPE = "types"
    SERVICE = "services"
    LOCKED = "locked"


@dataclass(frozen=True)
class TicketColumnFilters:
    """An agent's column filters on a ticket widget: status names, row ids, values.

    Fields combine with AND, the values of one field with OR; None does not filter. The
    values are sorted and distinct, so that equal filters make equal keys (one SQL branch).
    """

    statuses: tuple[str, ...] | None = None
    queue_ids: tuple[int, ...] | None = None
    priorities: tuple[int, ...] | None = None
    owner_ids: tuple[int, ...] | None = None
    responsible_ids: tuple[int, ...] | None = None
    types: tuple[str, ...] | None = None
    services: tuple[str, ...] | None = None
    locked: bool | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple | list):
                object.__setattr__(self, field.name, tuple(sorted(set(value))))

    def of(self, column: TicketColumn) -> Any:
        return getattr(self, column.value)

    def without(self, column: TicketColumn) -> TicketColumnFilters:
        """The same filters but on `column`: what that column's filter menu counts within."""
        return replace(self, **{column.value: None})

    @property
    def active(self) -> tuple[TicketColumn, ...]:
        return tuple(column for column in TicketColumn if self.of(column) is not None)


NO_COLUMN_FILTERS = TicketColumnFilters()
