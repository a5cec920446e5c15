"""The sync's pure parts: OTOBO values → cuic values, and neutral SQL → each engine's SQL."""

from datetime import datetime
from zoneinfo import ZoneInfo

from db.sync.mapping import Clock, category, priority_level, text
from db.sync.otobo_mysql import _mysql
from db.sync.otobo_pg import _pg


def test_state_types_and_priorities() -> None:
    assert [category(t) for t in ("new", "open", "pending reminder", "pending auto", "closed")] == [
        "NEW",
        "IN_PROGRESS",
        "PENDING",
        "PENDING",
        "CLOSED",
    ]
    assert category("merged") == category("removed") == category("custom type") == "OTHER"
    assert [priority_level(n) for n in ("1 very low", "5 very high", "urgent", "")] == [1, 5, 3, 3]


def test_empty_strings_and_blobs_are_text_or_absent() -> None:
    assert text("") is None and text(None) is None
    assert text(b"taro@example.com") == "taro@example.com"  # MySQL's LONGBLOB preferences


def test_local_times_get_the_source_zone() -> None:
    moment = datetime(2025, 4, 1, 9, 30)
    assert Clock().iso(moment) == "2025-04-01T09:30:00+00:00"
    assert Clock(ZoneInfo("Asia/Tokyo")).iso(moment) == "2025-04-01T09:30:00+09:00"
    assert Clock.epoch(0) is None and Clock.epoch(1_700_000_000) == "2023-11-14T22:13:20+00:00"


def test_parameters_keep_their_order_on_both_engines() -> None:
    sql = "SELECT 1 FROM t WHERE a = :a AND id IN :ids AND b >= :b"
    params = {"a": "x", "ids": [1, 2, 3], "b": 5}
    assert _pg(sql, params) == ("SELECT 1 FROM t WHERE a = $1 AND id = ANY($2) AND b >= $3", ["x", [1, 2, 3], 5])
    assert _mysql(sql, params) == ("SELECT 1 FROM t WHERE a = %s AND id IN (%s, %s, %s) AND b >= %s", ["x", 1, 2, 3, 5])
