"""Subscriptions against a real server with real clients: ingest reaches the subscriber with
the new row, and nobody else; access is honoured; time alone pushes; settings push."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import orjson

from tests.api import dataset
from tests.live.clients import PATIENCE, graphql_ws, ingest, sse
from tests.live.conftest import Running

OPEN = """subscription Open($login: String!) {
  customerUserUpdated(login: $login) { login openTickets(first: 50) { totalCount nodes { number title } } }
}"""
REMINDER = """subscription Reminder($login: String!) {
  customerUserUpdated(login: $login) { reminderTickets(first: 50) { nodes { number } } }
}"""
SETTINGS = "subscription { viewerSettingsUpdated { key visible position } }"


def numbers(data: dict[str, object], widget: str = "openTickets") -> list[str]:
    user = data["customerUserUpdated"]
    assert isinstance(user, dict)
    return [node["number"] for node in user[widget]["nodes"]]


def now() -> datetime:
    return datetime.now(UTC)


async def test_an_ingested_ticket_reaches_its_subscriber_and_nobody_else(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("taro", OPEN, {"login": "taro"})
        await ws.subscribe("lonely", OPEN, {"login": "lonely"})
        first = await ws.data("taro")
        assert "LIVE-1" not in numbers(first)
        await ws.data("lonely")

        started = time.monotonic()
        answer = await ingest(server.url, server.tokens["hook"], [dataset.ticket("LIVE-1", "open", now(), title="Hot")])
        assert answer.status_code == 200, answer.text
        pushed = await ws.data("taro")
        print(f"ingest to push: {(time.monotonic() - started) * 1000:.0f} ms")
        assert "LIVE-1" in numbers(pushed)
        assert (
            pushed["customerUserUpdated"]["openTickets"]["totalCount"]
            == first["customerUserUpdated"]["openTickets"]["totalCount"] + 1
        )

        # lonely's widgets did not change: the next thing lonely's subscription says is about
        # lonely's own new ticket.
        await ingest(
            server.url, server.tokens["hook"], [dataset.ticket("LONELY-1", "open", now(), customer_user="lonely")]
        )
        assert numbers(await ws.data("lonely")) == ["LONELY-1"]


async def test_an_agent_without_access_never_receives_the_ticket(server: Running) -> None:
    async with (
        graphql_ws(server.url, server.tokens["alice"]) as alice,
        graphql_ws(server.url, server.tokens["bob"]) as bob,
    ):
        await alice.subscribe("s", OPEN, {"login": "taro"})
        await bob.subscribe("s", OPEN, {"login": "taro"})
        await alice.data("s")
        before = numbers(await bob.data("s"))
        assert "SECRET-1" not in before

        await ingest(server.url, server.tokens["hook"], [dataset.ticket("SECRET-2", "open", now(), queue="Secret")])
        assert "SECRET-2" in numbers(await alice.data("s"))
        await ingest(server.url, server.tokens["hook"], [dataset.ticket("PUBLIC-2", "open", now())])
        seen = numbers(await bob.data("s"))
        assert "PUBLIC-2" in seen and "SECRET-2" not in seen
        assert set(seen) == set(before) | {"PUBLIC-2"}


async def test_time_alone_moves_a_ticket_into_reminder(server: Running) -> None:
    # Pending for 24 h in three seconds: the Reminder widget takes it then, with no write.
    soon = now() - timedelta(hours=24) + timedelta(seconds=3)
    ticket = dataset.ticket("PEND-SOON", "pending", now(), status_changed_at=soon.isoformat())
    assert (await ingest(server.url, server.tokens["hook"], [ticket])).status_code == 200
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("r", REMINDER, {"login": "taro"})
        assert "PEND-SOON" not in numbers(await ws.data("r"), "reminderTickets")
        assert "PEND-SOON" in numbers(await ws.data("r"), "reminderTickets")


async def test_a_login_that_appears_later_is_pushed(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("n", OPEN, {"login": "newcomer"})
        assert await ws.data("n") == {"customerUserUpdated": None}
        user = {"type": "customer_user", "login": "newcomer", "first_name": "New", "last_name": "Comer"}
        await ingest(server.url, server.tokens["hook"], [user])
        assert (await ws.data("n"))["customerUserUpdated"]["login"] == "newcomer"


async def test_settings_changed_elsewhere_are_pushed(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"], header=False) as ws:
        await ws.subscribe("settings", SETTINGS)
        first = (await ws.data("settings"))["viewerSettingsUpdated"]
        assert first[0]["position"] == 1
        async with httpx.AsyncClient(base_url=server.url, timeout=PATIENCE) as http:
            mutation = "mutation { updateWidgetSettings(input: {settings: [{key: CLOSED_TICKETS, position: 1}]}) { clientMutationId } }"
            done = await http.post(
                "/graphql", json={"query": mutation}, headers={"Authorization": f"Bearer {server.tokens['alice']}"}
            )
            assert done.status_code == 200 and "errors" not in done.json()
        pushed = (await ws.data("settings"))["viewerSettingsUpdated"]
        assert pushed[0] == {"key": "CLOSED_TICKETS", "visible": True, "position": 1}


async def test_server_sent_events(server: Running) -> None:
    async with sse(server.url, server.tokens["alice"], OPEN, {"login": "taro"}) as events:
        assert "SSE-1" not in numbers(await events.data())
        await ingest(server.url, server.tokens["hook"], [dataset.ticket("SSE-1", "open", now())])
        assert "SSE-1" in numbers(await events.data())


async def test_server_sent_events_over_get(server: Running) -> None:
    params = {"query": OPEN, "variables": orjson.dumps({"login": "taro"}).decode()}
    headers = {"Authorization": f"Bearer {server.tokens['alice']}", "Accept": "text/event-stream"}
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=httpx.Timeout(PATIENCE, read=None)) as http,
        http.stream("GET", "/graphql", params=params, headers=headers) as response,
    ):
        assert response.status_code == 200
        lines = response.aiter_lines()
        assert await anext(lines) == "event: next"
        assert "taro" in await anext(lines)


async def test_a_bad_ingest_notifies_nothing(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("s", OPEN, {"login": "taro"})
        before = numbers(await ws.data("s"))
        bad = [dataset.ticket("BAD-1", "open", now()), {"type": "ticket", "number": "BAD-2"}]
        assert (await ingest(server.url, server.tokens["hook"], bad)).status_code == 422
        assert (
            await ingest(server.url, server.tokens["alice"], [dataset.ticket("BAD-3", "open", now())])
        ).status_code == 403
        await ingest(server.url, server.tokens["hook"], [dataset.ticket("GOOD-1", "open", now())])
        assert set(numbers(await ws.data("s"))) == set(before) | {"GOOD-1"}


async def test_a_revoked_token_ends_the_subscription(server: Running) -> None:
    import asyncpg

    from db.tokens import revoke_token

    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("s", OPEN, {"login": "taro"})
        await ws.data("s")
        connection = await asyncpg.connect(server.database_url)
        try:
            await revoke_token(connection, server.tokens["alice"])
        finally:
            await connection.close()
        ended = await ws.next("s")
        assert ended["type"] == "next"
        assert ended["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await ws.next("s"))["type"] == "complete"
