"""The Settings widget: defaults, updates, reordering, refusals, reset, page sizes."""

from typing import Any

import pytest

from tests.api.conftest import Api

SETTINGS = "{ viewer { widgetSettings { key visible position pageSize widget { label(locale: JA) } } } }"
UPDATE = """mutation($input: UpdateWidgetSettingsInput!) {
    updateWidgetSettings(input: $input) { clientMutationId widgetSettings { key visible position pageSize } } }"""


async def settings(api: Api, agent: str = "alice") -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = (await api.data(SETTINGS, agent=agent))["viewer"]["widgetSettings"]
    return result


async def test_defaults(api: Api) -> None:
    values = await settings(api)
    assert [v["position"] for v in values] == list(range(1, 10))
    assert values[0]["key"] == "CUSTOMER_IDS" and values[0]["widget"]["label"] == "顧客ID"
    assert all(v["visible"] and v["pageSize"] == 10 for v in values)


async def test_partial_update_and_reorder_persist(api: Api) -> None:
    variables = {
        "input": {
            "clientMutationId": "m1",
            "settings": [
                {"key": "OPEN_TICKETS", "position": 1, "pageSize": 3},
                {"key": "ASSIGNED_CIS", "visible": False},
            ],
        }
    }
    result = (await api.data(UPDATE, variables))["updateWidgetSettings"]
    assert result["clientMutationId"] == "m1"
    keys = [v["key"] for v in result["widgetSettings"]]
    assert keys[:3] == ["OPEN_TICKETS", "CUSTOMER_IDS", "ASSIGNED_CIS"]
    assert [v["position"] for v in result["widgetSettings"]] == list(range(1, 10))
    stored = await settings(api)
    assert [v["key"] for v in stored] == keys
    by_key = {v["key"]: v for v in stored}
    assert by_key["ASSIGNED_CIS"]["visible"] is False and by_key["OPEN_TICKETS"]["pageSize"] == 3
    # Another agent's settings are untouched.
    assert (await settings(api, "bob"))[0]["key"] == "CUSTOMER_IDS"
    # The page size is the default `first`.
    data = await api.data(
        '{ customerUser(login: "taro") { openTickets { nodes { number } } newTickets { totalCount } } }'
    )
    assert len(data["customerUser"]["openTickets"]["nodes"]) == 3


@pytest.mark.parametrize(
    "items",
    [
        [{"key": "OPEN_TICKETS", "position": 0}],
        [{"key": "OPEN_TICKETS", "position": 10}],
        [{"key": "OPEN_TICKETS", "pageSize": 0}],
        [{"key": "OPEN_TICKETS", "pageSize": 101}],
        [{"key": "OPEN_TICKETS", "visible": False}, {"key": "OPEN_TICKETS", "pageSize": 5}],
        [{"key": "NO_SUCH_WIDGET"}],
    ],
)
async def test_invalid_updates_change_nothing(api: Api, items: list[dict[str, Any]]) -> None:
    before = await settings(api)
    response = await api.post(UPDATE, {"input": {"settings": items}})
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED")
    assert await settings(api) == before


async def test_reset_restores_defaults(api: Api) -> None:
    defaults = await settings(api)
    await api.data(UPDATE, {"input": {"settings": [{"key": "CUSTOMER_INFORMATION", "position": 1}]}})
    assert (await settings(api))[0]["key"] == "CUSTOMER_INFORMATION"
    result = await api.data('mutation { resetWidgetSettings(clientMutationId: "r") { clientMutationId } }')
    assert result["resetWidgetSettings"]["clientMutationId"] == "r"
    assert await settings(api) == defaults


async def test_concurrent_updates_never_mix(api: Api) -> None:
    import asyncio

    def move(key: str, position: int, size: int) -> dict[str, Any]:
        return {"input": {"settings": [{"key": key, "position": position, "pageSize": size}]}}

    requests = []
    for round_ in range(5):
        requests.append(api.post(UPDATE, move("NEW_TICKETS", 1 + round_, 11 + round_), agent="alice"))
        requests.append(api.post(UPDATE, move("CLOSED_TICKETS", 9 - round_, 21 + round_), agent="bob"))
    responses = await asyncio.gather(*requests)
    assert all(r.status_code == 200 and "errors" not in r.json() for r in responses)
    for agent, moved, untouched in (
        ("alice", "NEW_TICKETS", "CLOSED_TICKETS"),
        ("bob", "CLOSED_TICKETS", "NEW_TICKETS"),
    ):
        values = await settings(api, agent)
        assert sorted(v["position"] for v in values) == list(range(1, 10))
        by_key = {v["key"]: v for v in values}
        assert by_key[untouched]["pageSize"] == 10  # the other agent's changes never leak in
        assert by_key[moved]["pageSize"] in range(11, 26)


@pytest.mark.parametrize("key", ["CUSTOMER_INFORMATION", "CUSTOMER_USER_INFORMATION", "CUSTOMER_IDS"])
async def test_page_size_of_a_widget_without_pages_is_refused(api: Api, key: str) -> None:
    before = await settings(api)
    body = (await api.post(UPDATE, {"input": {"settings": [{"key": key, "visible": False, "pageSize": 5}]}})).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["path"] == ["updateWidgetSettings"]
    assert key in error["message"] and "OPEN_TICKETS" in error["message"]
    assert await settings(api) == before
    # Without a page size the same widget's other settings change as before.
    await api.data(UPDATE, {"input": {"settings": [{"key": key, "visible": False}]}})
    assert {v["key"]: v["visible"] for v in await settings(api)}[key] is False


async def test_each_write_of_one_request_is_seen_by_the_reads_after_it(api: Api) -> None:
    """The merge with the defaults is kept per request, but a write in the request replaces it."""
    query = """mutation {
        a: updateWidgetSettings(input: {settings: [{key: OPEN_TICKETS, pageSize: 25}]}) {
            viewer { widgetSettings { key pageSize } } }
        b: updateWidgetSettings(input: {settings: [{key: OPEN_TICKETS, pageSize: 5}]}) {
            viewer { widgetSettings { key pageSize } } }
        c: resetWidgetSettings { viewer { widgetSettings { key pageSize } } }
    }"""
    data = await api.data(query)

    def open_size(payload: dict[str, Any]) -> int:
        sizes = {v["key"]: v["pageSize"] for v in payload["viewer"]["widgetSettings"]}
        return sizes["OPEN_TICKETS"]  # type: ignore[no-any-return]

    assert [open_size(data[key]) for key in "abc"] == [25, 5, 10]
