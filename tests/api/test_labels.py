"""Labels for what the data shows: status and priority labels per locale, and names in the
order each request asks for."""

from __future__ import annotations

from dataclasses import replace

import asyncpg
import pytest

from db.config import ConfigError, NameOrder, Settings, load_settings
from db.widgets import Locale
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl

SPEC_STATUSES = {
    "new": ("New", "新規"),
    "awaiting_approval": ("Awaiting Approval", "承認待ち"),
    "planning": ("Planning", "計画中"),
    "in_progress": ("In Progress", "対応中"),
    "open": ("Open", "オープン"),
    "awaiting_implementation": ("Awaiting Implementation", "実装待ち"),
    "declined": ("Declined", "却下"),
    "awaiting_backout": ("Awaiting Backout", "切り戻し待ち"),
    "implementing": ("Implementing", "実装中"),
    "pending": ("Pending", "保留"),
    "closed": ("Closed", "クローズ"),
    "completed": ("Completed", "完了"),
    "cancelled": ("Cancelled", "キャンセル"),
    "closed_with_backout": ("Closed With Backout", "切り戻し後クローズ"),
}
STATUSES = "{ ticketStatuses { name label en: label(locale: EN) ja: label(locale: JA) } }"


async def test_every_status_of_the_spec_has_ops_i_english_and_japanese_labels(
    api: Api, connection: asyncpg.Connection
) -> None:
    await import_jsonl(connection, [{"type": "ticket_status", "name": "pending auto close+", "category": "PENDING"}])
    labels = {s["name"]: (s["label"], s["en"], s["ja"]) for s in (await api.data(STATUSES))["ticketStatuses"]}
    for name, (english, japanese) in SPEC_STATUSES.items():
        assert labels[name] == (english, english, japanese), name
    assert labels["merged"] == ("Merged", "Merged", "マージ済み")
    # A status the catalogue does not know is labelled with its name, in every language.
    assert labels["pending auto close+"] == ("pending auto close+",) * 3


async def test_labels_on_tickets_and_priorities(api: Api) -> None:
    data = await api.data(
        """{ customerUser(login: "taro") { openTickets(first: 100) { nodes { number
            status { label ja: label(locale: JA) } priority { level label ja: label(locale: JA) } } } } }"""
    )
    nodes = {n["number"]: n for n in data["customerUser"]["openTickets"]["nodes"]}
    assert nodes["PAGE-00"]["status"] == {"label": "Planning", "ja": "計画中"}
    assert nodes["SCOPE-QUEUE"]["priority"] == {"level": 5, "label": "Very High", "ja": "非常に高い"}
    assert nodes["PAGE-00"]["priority"] == {"level": 1, "label": "Very Low", "ja": "非常に低い"}
    assert {n["priority"]["ja"] for n in nodes.values()} == {"非常に低い", "低い", "普通", "高い", "非常に高い"}


async def test_ops_i_english_status_labels_on_japanese_screens(
    api: Api, database_url: str, settings: Settings, connection: asyncpg.Connection
) -> None:
    async for english in start_api(database_url, replace(settings, ja_status_labels=Locale.EN), connection):
        labels = {s["name"]: s["ja"] for s in (await english.data(STATUSES))["ticketStatuses"]}
    assert labels["awaiting_approval"] == "Awaiting Approval"
    assert labels["closed_with_backout"] == "Closed With Backout"


def test_ja_status_labels_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUIC_JA_STATUS_LABELS", raising=False)
    assert load_settings().ja_status_labels is Locale.JA
    monkeypatch.setenv("CUIC_JA_STATUS_LABELS", "EN")
    assert load_settings().ja_status_labels is Locale.EN
    monkeypatch.setenv("CUIC_JA_STATUS_LABELS", "english")
    with pytest.raises(ConfigError, match="CUIC_JA_STATUS_LABELS must be ja or en"):
        load_settings()


NAMES = """query($order: NameOrder) {
  viewer { fullName mine: fullName(order: $order) }
  customerUser(login: "taro") {
    fullName mine: fullName(order: $order)
    information { fullName mine: fullName(order: $order) }
    openTickets(first: 100) { nodes { owner { fullName mine: fullName(order: $order) } } }
  }
}"""


@pytest.mark.parametrize("configured", [NameOrder.FIRST_LAST, NameOrder.LAST_FIRST])
async def test_full_name_order_per_request_with_the_configured_default(
    api: Api, database_url: str, settings: Settings, connection: asyncpg.Connection, configured: NameOrder
) -> None:
    async for server in start_api(database_url, replace(settings, name_order=configured), connection):
        default = await server.data(NAMES)
        last_first = await server.data(NAMES, {"order": "LAST_FIRST"})
        first_last = await server.data(NAMES, {"order": "FIRST_LAST"})
    configured_taro = "Taro Yamada" if configured is NameOrder.FIRST_LAST else "Yamada Taro"
    assert default["customerUser"]["fullName"] == default["customerUser"]["mine"] == configured_taro
    assert default["customerUser"]["information"]["fullName"] == configured_taro
    for data, taro, alice in ((last_first, "Yamada Taro", "Admin Alice"), (first_last, "Taro Yamada", "Alice Admin")):
        assert data["customerUser"]["mine"] == data["customerUser"]["information"]["mine"] == taro
        assert data["customerUser"]["fullName"] == configured_taro
        assert data["viewer"]["mine"] == alice
        owners = {n["owner"]["mine"] for n in data["customerUser"]["openTickets"]["nodes"] if n["owner"]}
        assert alice in owners
