"""Ticket status categories: the one place that says which category feeds which widget."""

from __future__ import annotations

import enum


class StatusCategory(enum.StrEnum):
    NEW = "NEW"
    IN_PROGRESS = "IN_PROGRESS"
    PENDING = "PENDING"
    CLOSED = "CLOSED"
    OTHER = "OTHER"


# Categories whose tickets can still escalate (the Escalated Tickets widget).
ESCALATABLE = (StatusCategory.NEW, StatusCategory.IN_PROGRESS, StatusCategory.PENDING)

PRIORITY_NAMES = {1: "1 very low", 2: "2 low", 3: "3 normal", 4: "4 high", 5: "5 very high"}
DEFAULT_PRIORITY = 3

PERMISSIONS = ("ro", "rw")
