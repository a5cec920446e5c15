"""What normalized client caches (Apollo, urql graphcache) need: a stable `id` on every
WidgetSetting, and the viewer in the settings mutations' payload, showing the new values."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from db.config import Settings
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.conftest import TEMPLATE, with_database
from tests.importing import import_jsonl

SETTING_FIELDS = "id key visible position pageSize"
VIEWER = f"{{ viewer {{ id widgetSettings {{ {SETTING_FIELDS} }} }} }}"


def by_key(settings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {setting["key"]: setting for setting in settings}


async def test_the_payload_returns_the_viewer_with_the_new_settings(api: Api) -> None:
    before = (await api.data(VIEWER))["viewer"]
    mutation = f"""mutation {{ updateWidgetSettings(input: {{settings: [{{key: CLOSED_TICKETS, position: 1, pageSize: 7}}]}})
        {{ widgetSettings {{ id }} viewer {{ id widgetSettings {{ {SETTING_FIELDS} }} }} }} }}"""
    payload = (await api.data(mutation))["updateWidgetSettings"]
    viewer = payload["viewer"]
    assert viewer["id"] == before["id"]
    assert viewer["widgetSettings"][0]["key"] == "CLOSED_TICKETS"
    assert by_key(viewer["widgetSettings"])["CLOSED_TICKETS"]["pageSize"] == 7
    assert [s["id"] for s in payload["widgetSettings"]] == [s["id"] for s in viewer["widgetSettings"]]
    assert viewer == (await api.data(VIEWER))["viewer"]
    reset = "mutation { resetWidgetSettings { viewer { id widgetSettings { id key position pageSize visible } } } }"
    assert (await api.data(reset))["resetWidgetSettings"]["viewer"] == before


async def test_each_payload_in_one_request_shows_the_settings_after_its_own_write(api: Api) -> None:
    """The viewer's settings are cached per request: every write must replace them there."""

    def update(alias: str, size: int) -> str:
        return f"""{alias}: updateWidgetSettings(input: {{settings: [{{key: OPEN_TICKETS, pageSize: {size}}}]}})
            {{ viewer {{ widgetSettings {{ key pageSize }} }} }}"""

    data = await api.data(
        f"mutation {{ {update('a', 3)} {update('b', 4)} c: resetWidgetSettings "
        f"{{ viewer {{ widgetSettings {{ key pageSize }} }} }} {update('d', 5)} }}"
    )
    sizes = [by_key(data[alias]["viewer"]["widgetSettings"])["OPEN_TICKETS"]["pageSize"] for alias in "abcd"]
    assert sizes == [3, 4, 10, 5]


@pytest.fixture
async def replica_api(
    database_url: str, server_url: str, template_url: str, settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[Api]:
    """The app with a read replica that never catches up: an empty database of the same schema."""
    name = database_url.rsplit("/", 1)[1] + "_replica"
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        await import_jsonl(connection, dataset.records())
        lagging = dataclasses.replace(settings, database_read_url=with_database(server_url, name))
        async for api in start_api(database_url, lagging, connection):
            yield api
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


async def test_the_payload_shows_the_write_even_when_the_replica_lags(replica_api: Api) -> None:
    mutation = """mutation { updateWidgetSettings(input: {settings: [{key: OPEN_TICKETS, pageSize: 3}]})
        { viewer { widgetSettings { id key pageSize } } } }"""
    viewer = (await replica_api.data(mutation))["updateWidgetSettings"]["viewer"]
    written = by_key(viewer["widgetSettings"])["OPEN_TICKETS"]
    assert written["pageSize"] == 3
    # The viewer's own settings come with the token lookup, on the primary: the next request
    # shows the write although the replica has not seen it.
    later = (await replica_api.data("{ viewer { widgetSettings { key pageSize } } }"))["viewer"]
    assert by_key(later["widgetSettings"])["OPEN_TICKETS"]["pageSize"] == 3
    # The replica itself has not seen the write (it never catches up, which is what this test
    # simulates): another agent, reading there, does not find the setting.
    assert (await replica_api.data(NODE, {"id": written["id"]}, agent="bob"))["node"] is None


async def test_widget_setting_ids_are_opaque_stable_and_unique(api: Api) -> None:
    alice = (await api.data(VIEWER))["viewer"]["widgetSettings"]
    bob = (await api.data(VIEWER, agent="bob"))["viewer"]["widgetSettings"]
    ids = [s["id"] for s in alice + bob]
    assert len(set(ids)) == 18
    assert not any(s["key"] in s["id"] for s in alice)
    await api.data(
        "mutation { updateWidgetSettings(input: {settings: [{key: CUSTOMER_IDS, position: 9}]}) { clientMutationId } }"
    )
    moved = (await api.data(VIEWER))["viewer"]["widgetSettings"]
    assert {s["key"]: s["id"] for s in moved} == {s["key"]: s["id"] for s in alice}


NODE = "query($id: ID!) { node(id: $id) { __typename id ... on WidgetSetting { key pageSize widget { key } } } }"


async def test_node_returns_a_widget_setting(api: Api) -> None:
    await api.data(
        "mutation { updateWidgetSettings(input: {settings: [{key: NEW_TICKETS, pageSize: 6}]}) { clientMutationId } }"
    )
    setting = by_key((await api.data(VIEWER))["viewer"]["widgetSettings"])["NEW_TICKETS"]
    node = (await api.data(NODE, {"id": setting["id"]}))["node"]
    assert node == {"__typename": "WidgetSetting", "id": setting["id"], "key": "NEW_TICKETS", "pageSize": 6,
                    "widget": {"key": "NEW_TICKETS"}}  # fmt: skip
    # Another agent reads it as `Agent.widgetSettings` shows it.
    assert (await api.data(NODE, {"id": setting["id"]}, agent="bob"))["node"] == node
    nodes = (await api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [setting["id"]]}))["nodes"]
    assert nodes == [{"id": setting["id"]}]


async def test_unknown_widget_setting_ids_are_null(api: Api) -> None:
    agent_id = base64.urlsafe_b64decode((await api.data("{ viewer { id } }"))["viewer"]["id"]).decode().split(":")[1]
    for raw in [
        f"WidgetSetting:{agent_id}:NO_SUCH_WIDGET",
        "WidgetSetting:999999:OPEN_TICKETS",
        f"WidgetSetting:{agent_id}",
        f"Agent:{agent_id}:OPEN_TICKETS",
    ]:
        unknown = base64.urlsafe_b64encode(raw.encode()).decode()
        assert (await api.data(NODE, {"id": unknown}))["node"] is None, raw
    malformed = base64.urlsafe_b64encode(f"WidgetSetting:{agent_id}:".encode()).decode()
    assert await api.error_code(NODE, {"id": malformed}) == "BAD_USER_INPUT"
