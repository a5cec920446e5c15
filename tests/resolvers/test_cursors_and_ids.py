"""Opaque cursors and global IDs: round trips and every malformed form refused."""

import base64
from datetime import UTC, datetime

import pytest

from resolvers.errors import BadUserInput
from resolvers.nodes import NodeType, from_global_id, to_global_id
from resolvers.pagination import PageArgs, decode_cursor, encode_cursor, window


def test_cursor_round_trip_keeps_microseconds_and_text() -> None:
    moment = datetime(2026, 11, 25, 9, 30, 1, 123456, tzinfo=UTC)
    position = decode_cursor(encode_cursor("CHANGED_AT:DESC", moment, 42), "CHANGED_AT:DESC", "timestamptz", "after")
    assert position.sort_value == moment
    assert position.id == 42
    text = decode_cursor(encode_cursor("TITLE:ASC", "日本語 %_", 7), "TITLE:ASC", "text", "after")
    assert text.sort_value == "日本語 %_"


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64!",
        base64.urlsafe_b64encode(b"[1,2]").decode(),
        base64.urlsafe_b64encode(b'["CHANGED_AT:DESC", "yesterday", 1]').decode(),
        base64.urlsafe_b64encode(b'["CHANGED_AT:DESC", "2026-11-25T09:00:00", 1]').decode(),
        base64.urlsafe_b64encode(b'["CHANGED_AT:DESC", "2026-11-25T09:00:00+00:00", "1"]').decode(),
        base64.urlsafe_b64encode(b'["CHANGED_AT:DESC", "2026-11-25T09:00:00+00:00", -1]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_malformed_cursors_are_bad_user_input(cursor: str) -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(cursor, "CHANGED_AT:DESC", "timestamptz", "after")


def test_cursor_of_another_order_is_refused() -> None:
    cursor = encode_cursor("TITLE:ASC", "a", 1)
    with pytest.raises(BadUserInput, match="another order"):
        decode_cursor(cursor, "TITLE:DESC", "text", "before")


@pytest.mark.parametrize("size", [-1, 101])
def test_page_sizes_outside_0_to_100_are_refused(size: int) -> None:
    with pytest.raises(BadUserInput):
        window(PageArgs(first=size), default_size=10, order="x", sql_type="text")
    with pytest.raises(BadUserInput):
        window(PageArgs(last=size), default_size=10, order="x", sql_type="text")


def test_default_size_applies_without_first_and_last() -> None:
    assert window(PageArgs(), default_size=7, order="x", sql_type="text").first == 7
    assert window(PageArgs(first=0), default_size=7, order="x", sql_type="text").first == 0


def test_global_id_round_trip_and_malformed_ids() -> None:
    assert from_global_id(to_global_id(NodeType.Ticket, 123)) == ("Ticket", 123, None)
    setting = to_global_id(NodeType.WidgetSetting, 7, "OPEN_TICKETS")
    assert from_global_id(setting) == ("WidgetSetting", 7, "OPEN_TICKETS")
    for bad in [
        "",
        "%%%",
        base64.b64encode(b"Ticket").decode(),
        base64.b64encode(b"Ticket:x").decode(),
        base64.b64encode(b"Ticket:-1").decode(),
        base64.b64encode(b"Ticket:01").decode(),
        base64.b64encode(b"WidgetSetting:7:").decode(),
    ]:
        with pytest.raises(BadUserInput):
            from_global_id(bad)
