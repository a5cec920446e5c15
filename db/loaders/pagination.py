"""Keyset pagination over any ordered list: SQL for the bounds, and the page it yields.

A list is ordered by one sort expression and then by id, both in one direction, so every
position is a `(sort value, id)` pair. Cursors carry that pair; a page is
`WHERE (sort, id) > (after) AND (sort, id) < (before) ORDER BY sort, id LIMIT n + 1`, with
the comparisons and the order turned round for descending lists and for `last`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from db.loaders.base import Params


@dataclass(frozen=True)
class Position:
    sort_value: Any
    id: int


@dataclass(frozen=True)
class Window:
    """Which slice of a list: Relay's first/after/last/before, cursors already decoded."""

    first: int | None
    last: int | None
    after: Position | None = None
    before: Position | None = None


@dataclass(frozen=True)
class SortKey:
    """`expression` is SQL over the alias `t`; it is never built from user input."""

    expression: str
    sql_type: str
    descending: bool


@dataclass(frozen=True)
class Page:
    rows: list[asyncpg.Record]
    has_next: bool
    has_previous: bool


class KeysetQuery:
    """Builds the WHERE, ORDER BY and LIMIT of one page; parameters are appended to `params`."""

    def __init__(self, sort: SortKey, window: Window, params: Params) -> None:
        self.sort = sort
        self.window = window
        self.params = params
        # Fetching `last` rows means walking the list backwards from `before`.
        self.backwards = window.last is not None and window.first is None

    def _bound(self, position: Position, later: bool) -> str:
        ascending_greater = later != self.sort.descending
        operator = ">" if ascending_greater else "<"
        value = self.params.add(position.sort_value, self.sort.sql_type)
        row_id = self.params.add(position.id, "bigint")
        return f"({self.sort.expression}, t.id) {operator} ({value}, {row_id})"

    def conditions(self) -> list[str]:
        bounds = []
        if self.window.after is not None:
            bounds.append(self._bound(self.window.after, later=True))
        if self.window.before is not None:
            bounds.append(self._bound(self.window.before, later=False))
        return bounds

    def order_by(self) -> str:
        descending = self.sort.descending != self.backwards
        direction = "DESC" if descending else "ASC"
        return f"{self.sort.expression} {direction}, t.id {direction}"

    def limit(self) -> int:
        size = self.window.last if self.backwards else self.window.first
        assert size is not None
        return size + 1

    def page(self, rows: Sequence[asyncpg.Record]) -> Page:
        window = self.window
        if self.backwards:
            assert window.last is not None
            has_previous = len(rows) > window.last
            kept = list(rows[: window.last])
            kept.reverse()
            return Page(kept, has_next=window.before is not None, has_previous=has_previous)
        assert window.first is not None
        has_next = len(rows) > window.first
        kept = list(rows[: window.first])
        has_previous = window.after is not None
        if window.last is not None and len(kept) > window.last:
            kept = kept[len(kept) - window.last :]
            has_previous = True
        return Page(kept, has_next=has_next, has_previous=has_previous)
