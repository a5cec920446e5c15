"""Relay arguments to a keyset window, and opaque cursors for positions in a list."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.loaders.pagination import Position, Window
from db.widgets import MAX_PAGE_SIZE, WidgetKey
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput
from resolvers.settings import page_size


def encode_cursor(order: str, sort_value: Any, row_id: int) -> str:
    value = sort_value.isoformat() if isinstance(sort_value, datetime) else sort_value
    raw = json.dumps([order, value, row_id], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def _sort_value(sql_type: str, value: Any) -> Any:
    if sql_type == "timestamptz":
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed
    if sql_type == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError
        return value
    if not isinstance(value, str):
        raise ValueError
    return value


def decode_cursor(cursor: str, order: str, sql_type: str, argument: str) -> Position:
    """Read a cursor made by `encode_cursor` for a list in the same order."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8"))
        if not (isinstance(raw, list) and len(raw) == 3):
            raise ValueError
        cursor_order, value, row_id = raw
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not (0 <= row_id < 2**63):
            raise ValueError
        if cursor_order != order:
            raise BadUserInput(f"`{argument}` is a cursor of a list in another order")
        return Position(_sort_value(sql_type, value), row_id)
    except (ValueError, UnicodeError, binascii.Error, TypeError):
        raise BadUserInput(f"`{argument}` is not a valid cursor") from None


def _size(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`{name}` must be between 0 and {MAX_PAGE_SIZE}, got {value}")
    return value


@dataclass(frozen=True)
class PageArgs:
    """Relay's `first`/`after`/`last`/`before`, as a list field received them."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


def window(page: PageArgs, *, default_size: int, order: str, sql_type: str) -> Window:
    """The keyset window of `page` over a list in `order`; `default_size` rows without
    `first`/`last`."""
    first = _size("first", page.first)
    last = _size("last", page.last)
    after, before = page.after, page.before
    if first is not None and last is not None:
        # A window from both ends at once has no single meaning (GitHub refuses it too).
        raise BadUserInput("`first` and `last` cannot be given together")
    if first is None and last is None:
        first = default_size
    return Window(
        first=first,
        last=last,
        after=None if after is None else decode_cursor(after, order, sql_type, "after"),
        before=None if before is None else decode_cursor(before, order, sql_type, "before"),
    )


def order_tag(sort_name: str, descending: bool) -> str:
    """The order a cursor belongs to, e.g. `CHANGED_AT:DESC`."""
    return f"{sort_name}:{'DESC' if descending else 'ASC'}"


async def widget_window(
    context: RequestContext, widget: WidgetKey, page: PageArgs, *, order: str, sql_type: str
) -> Window:
    """The window of a list widget: the viewer's page size for it where no `first`/`last`."""
    return window(page, default_size=await page_size(context, widget), order=order, sql_type=sql_type)
