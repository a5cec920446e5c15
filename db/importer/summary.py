"""What an import reports: its summary, or the bad lines that stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from db.importer.fields import RECORD_TYPES

MAX_REPORTED_ERRORS: Final = 100


def zero_counts() -> dict[str, int]:
    return dict.fromkeys(RECORD_TYPES, 0)


@dataclass
class ImportSummary:
    """What an import did (for a dry run: would do), per record type.

    Counts are of distinct keys: a key given on several lines counts once (see
    `superseded`). A record is "changed" when any stored field or set differs.
    """

    created: dict[str, int] = field(default_factory=zero_counts)
    changed: dict[str, int] = field(default_factory=zero_counts)
    unchanged: dict[str, int] = field(default_factory=zero_counts)
    # Permission groups created because a queue or an agent named them.
    groups_created: int = 0
    # Lines whose key a later line of the file repeats (the later one wins).
    superseded: int = 0
    # Lines read, blank ones included.
    line_count: int = 0

    def total(self, record_type: str) -> int:
        return self.created.get(record_type, 0) + self.changed.get(record_type, 0) + self.unchanged.get(record_type, 0)

    def lines(self) -> list[str]:
        """One line per record type present, e.g. "ticket: 10 created, 2 changed, 0 unchanged"."""
        out = [
            f"{record_type}: {self.created.get(record_type, 0)} created, {self.changed.get(record_type, 0)} changed,"
            f" {self.unchanged.get(record_type, 0)} unchanged"
            for record_type in RECORD_TYPES
            if self.total(record_type)
        ]
        if self.groups_created:
            out.append(f"permission group: {self.groups_created} created")
        if self.superseded:
            out.append(f"{self.superseded} line(s) superseded by a later line with the same key")
        return out or ["no records"]


class ImportFailed(Exception):
    """The file has bad lines; nothing was written.

    `errors`: "line N: what is wrong" for the first MAX_REPORTED_ERRORS bad lines in line
    order (all problems of one line in one message), then, when there are more, a final
    "... and K more errors" note. `total_errors`: the number of bad lines.
    """

    def __init__(self, errors: list[str], total_errors: int) -> None:
        super().__init__(f"{total_errors} bad line(s)" + (f", first: {errors[0]}" if errors else ""))
        self.errors = errors
        self.total_errors = total_errors
