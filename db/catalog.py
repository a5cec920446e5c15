"""Ticket status categories (the one place that says which category feeds which widget),
priorities, and the labels people read for statuses and priorities."""

from __future__ import annotations

import enum

from db.widgets import Locale


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


def _labels(english: str, japanese: str) -> dict[Locale, str]:
    return {Locale.EN: english, Locale.JA: japanese}


# Every status of the spec, and the two OTHER ones it names. The English labels are Ops I's
# own (title case, shown on its English and Japanese screens alike); the Japanese are ours.
STATUS_LABELS: dict[str, dict[Locale, str]] = {
    "new": _labels("New", "新規"),
    "awaiting_approval": _labels("Awaiting Approval", "承認待ち"),
    "planning": _labels("Planning", "計画中"),
    "in_progress": _labels("In Progress", "対応中"),
    "open": _labels("Open", "オープン"),
    "awaiting_implementation": _labels("Awaiting Implementation", "実装待ち"),
    "declined": _labels("Declined", "却下"),
    "awaiting_backout": _labels("Awaiting Backout", "切り戻し待ち"),
    "implementing": _labels("Implementing", "実装中"),
    "pending": _labels("Pending", "保留"),
    "closed": _labels("Closed", "クローズ"),
    "completed": _labels("Completed", "完了"),
    "cancelled": _labels("Cancelled", "キャンセル"),
    "closed_with_backout": _labels("Closed With Backout", "切り戻し後クローズ"),
    "merged": _labels("Merged", "マージ済み"),
    "removed": _labels("Removed", "削除済み"),
}

PRIORITY_LABELS: dict[int, dict[Locale, str]] = {
    1: _labels("Very Low", "非常に低い"),
    2: _labels("Low", "低い"),
    3: _labels("Normal", "普通"),
    4: _labels("High", "高い"),
    5: _labels("Very High", "非常に高い"),
}


def status_label(name: str, locale: Locale) -> str:
    """The status's label in `locale`; a status an import added has its name as its label."""
    return STATUS_LABELS.get(name, {}).get(locale, name)


def priority_label(level: int, locale: Locale) -> str:
    return PRIORITY_LABELS[level][locale]


PERMISSIONS = ("ro", "rw")
