"""Per-agent preferences: read by `viewer`, changed by `updatePreferences`, stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

READ = "{ viewer { login preferences { locale nameOrder timeZone } } }"
UPDATE = """mutation($input: UpdatePreferencesInput!) {
  updatePreferences(input: $input) { clientMutationId preferences { locale nameOrder timeZone } }
}"""
NOTHING = {"locale": None, "nameOrder": None, "timeZone": None}


async def update(api: Api, agent: str = "alice", **fields: Any) -> Any:
    return (await api.data(UPDATE, {"input": fields}, agent=agent))["updatePreferences"]


async def test_nothing_chosen_at_first(api: Api) -> None:
    assert (await api.data(READ))["viewer"]["preferences"] == NOTHING


async def test_changes_persist_and_fields_left_out_keep_their_value(api: Api) -> None:
    result = await update(api, locale="JA", nameOrder="LAST_FIRST", timeZone="Asia/Tokyo", clientMutationId="m1")
    chosen = {"locale": "JA", "nameOrder": "LAST_FIRST", "timeZone": "Asia/Tokyo"}
    assert result == {"clientMutationId": "m1", "preferences": chosen}
    # Another request (another device) reads what was stored.
    assert (await api.data(READ))["viewer"]["preferences"] == chosen
    assert (await update(api, timeZone="Europe/Berlin"))["preferences"] == {**chosen, "timeZone": "Europe/Berlin"}
    # null clears a field: not chosen any more; the others stay.
    assert (await update(api, locale=None))["preferences"] == {
        "locale": None,
        "nameOrder": "LAST_FIRST",
        "timeZone": "Europe/Berlin",
    }
    assert (await api.data(READ))["viewer"]["preferences"]["locale"] is None
    # Each agent has their own.
    assert (await api.data(READ, agent="bob"))["viewer"]["preferences"] == NOTHING


async def test_a_read_after_the_write_in_one_request_sees_it(api: Api) -> None:
    data = await api.data(
        """mutation { a: updatePreferences(input: { locale: EN }) { preferences { locale } }
                      b: updatePreferences(input: { locale: JA }) { preferences { locale } } }"""
    )
    assert data == {"a": {"preferences": {"locale": "EN"}}, "b": {"preferences": {"locale": "JA"}}}
    assert (await api.data(READ))["viewer"]["preferences"]["locale"] == "JA"


async def test_only_the_viewers_own_preferences_are_readable(api: Api) -> None:
    await update(api, agent="bob", locale="JA")
    data = await api.data(
        """{ customerUser(login: "taro") { openTickets(first: 100) { nodes { owner { login preferences { locale } } } } } }"""
    )
    owners = {
        n["owner"]["login"]: n["owner"]["preferences"]
        for n in data["customerUser"]["openTickets"]["nodes"]
        if n["owner"]
    }
    assert owners == {"alice": {"locale": None}, "bob": None}


@pytest.mark.parametrize(
    ("zone", "why"),
    [
        ("Asia/Tokio", "IANA time zone"),
        ("", "IANA time zone"),
        ("UTC+9", "IANA time zone"),
        ("../etc/passwd", "IANA time zone"),
        # Refused for every text argument before the resolver (gql/inputs.py).
        ("Asia/Tokyo\x00", "contains a NUL character"),
        ("x" * 1000, "IANA time zone"),
    ],
)
async def test_unknown_time_zones_are_bad_user_input(api: Api, zone: str, why: str) -> None:
    body = (await api.post(UPDATE, {"input": {"timeZone": zone}})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert why in body["errors"][0]["message"]
    assert len(body["errors"][0]["message"]) < 200
    assert (await api.data(READ))["viewer"]["preferences"] == NOTHING


async def test_a_bad_locale_or_name_order_is_refused(api: Api) -> None:
    assert await api.error_code(UPDATE, {"input": {"locale": "FR"}}) == "BAD_USER_INPUT"
    assert await api.error_code(UPDATE, {"input": {"nameOrder": "LAST"}}) == "BAD_USER_INPUT"
