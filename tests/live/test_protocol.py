"""graphql-transport-ws and SSE at their edges: authentication, the protocol's errors and
close codes, and the limits (operations per connection, connections per worker, the time
to connection_init, idleness, pings, a client that does not read)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Subprotocol

from gql.live.config import LiveSettings
from tests.api import dataset
from tests.live.clients import PATIENCE, eventually, graphql_ws, ingest
from tests.live.conftest import TEST_LIVE, Running

OPEN = """subscription Open($login: String!) {
  customerUserUpdated(login: $login) { login openTickets(first: 50) { nodes { number } } }
}"""
PROTOCOL = [Subprotocol("graphql-transport-ws")]


def ws_url(server: Running) -> str:
    return server.url.replace("http://", "ws://") + "/graphql"


async def closed_with(socket: object) -> tuple[int, str]:
    from websockets.asyncio.client import ClientConnection

    assert isinstance(socket, ClientConnection)
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(PATIENCE):
            while True:
                await socket.recv()
    received = closed.value.rcvd
    assert received is not None, "closed without a close frame"
    return received.code, received.reason


async def test_the_token_in_connection_init_and_bad_tokens(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"], header=False) as ws:
        await ws.subscribe("s", OPEN, {"login": "taro"})
        assert (await ws.data("s"))["customerUserUpdated"]["login"] == "taro"
    for token in ("cuic_not_a_token", server.tokens["hook"]):
        async with connect(ws_url(server), subprotocols=PROTOCOL) as socket:
            await socket.send(
                orjson.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}).decode()
            )
            code, reason = await closed_with(socket)
            assert code == 4403 and reason.startswith("Forbidden"), reason
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url(server), subprotocols=PROTOCOL, additional_headers={"Authorization": "Basic x"}):
            pass
    assert refused.value.response.status_code == 401


async def test_protocol_errors_close_with_their_codes(server: Running) -> None:
    async with connect(ws_url(server)) as socket:
        assert (await closed_with(socket))[0] == 4406
    async with connect(ws_url(server), subprotocols=PROTOCOL) as socket:
        await socket.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": OPEN}}).decode())
        assert (await closed_with(socket))[0] == 4401
    async with connect(ws_url(server), subprotocols=PROTOCOL) as socket:
        # No connection_init within init_timeout.
        assert (await closed_with(socket))[0] == 4408
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("same", OPEN, {"login": "taro"})
        await ws.subscribe("same", OPEN, {"login": "taro"})
        assert (await ws.closed())[0] == 4409
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.send({"type": "connection_init"})
        assert (await ws.closed())[0] == 4429
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.socket.send("{not json")
        assert (await ws.closed())[0] == 4400


async def test_operation_errors_queries_and_complete(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("bad", "subscription { customerUserUpdated { login } }")
        refused = await ws.next("bad")
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"

        await ws.subscribe("query", "{ viewer { login } }")
        assert await ws.data("query") == {"viewer": {"login": "alice"}}
        assert (await ws.next("query"))["type"] == "complete"

        await ws.subscribe("s", OPEN, {"login": "taro"})
        await ws.data("s")
        assert len(server.hub.watches) == 1
        await ws.complete("s")
        await eventually(lambda: not server.hub.watches, "the end of the subscription")


async def test_subscriptions_need_a_live_transport(server: Running) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=PATIENCE) as http:
        headers = {"Authorization": f"Bearer {server.tokens['alice']}"}
        plain = await http.post("/graphql", json={"query": OPEN, "variables": {"login": "taro"}}, headers=headers)
        assert plain.status_code == 400
        assert plain.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        stream = {**headers, "Accept": "text/event-stream"}
        invalid = await http.post("/graphql", json={"query": "subscription { nothing }"}, headers=stream)
        assert invalid.status_code == 400
        assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        anonymous = await http.post("/graphql", json={"query": OPEN}, headers={"Accept": "text/event-stream"})
        assert anonymous.status_code == 401
        hook = {"Authorization": f"Bearer {server.tokens['hook']}", "Accept": "text/event-stream"}
        forbidden = await http.post("/graphql", json={"query": OPEN, "variables": {"login": "taro"}}, headers=hook)
        assert forbidden.status_code == 403


async def test_server_pings_and_a_silent_client_is_closed(server: Running) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        await ws.subscribe("s", OPEN, {"login": "taro"})
        await ws.data("s")
        # Each answered (ping_timeout is 2 s, the interval 1 s): the connection lives on.
        await eventually(lambda: ws.pings >= 3, "three pings")
        await ws.complete("s")
        await ws.subscribe("q", "{ viewer { login } }")
        assert await ws.data("q") == {"viewer": {"login": "alice"}}
    # A client that never answers the server's pings.
    async with connect(ws_url(server), subprotocols=PROTOCOL) as socket:
        token = server.tokens["alice"]
        await socket.send(
            orjson.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}).decode()
        )
        assert orjson.loads(await socket.recv())["type"] == "connection_ack"
        assert orjson.loads(await socket.recv())["type"] == "ping"
        assert await closed_with(socket) == (1011, "ping timeout: no pong")


@pytest.mark.parametrize("live_settings", [replace(TEST_LIVE, max_subscriptions=2, max_connections=1)])
async def test_operations_per_connection_and_connections_per_worker(
    server: Running, live_settings: LiveSettings
) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        for operation in ("1", "2", "3"):
            await ws.subscribe(operation, OPEN, {"login": "taro"})
        await ws.data("1")
        await ws.data("2")
        third = await ws.next("3")
        assert third["type"] == "error" and third["payload"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        with pytest.raises(InvalidStatus) as refused:
            async with connect(ws_url(server), subprotocols=PROTOCOL):
                pass
        assert refused.value.response.status_code == 503


@pytest.mark.parametrize("live_settings", [replace(TEST_LIVE, idle_timeout=1.0)])
async def test_an_idle_connection_is_closed(server: Running, live_settings: LiveSettings) -> None:
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        assert await ws.closed() == (1000, "idle: no operation for a while")


_WIDGETS = " ".join(
    f"w{n}: openTickets(first: 100) {{ nodes {{ id number title status {{ name }} queue {{ name }} createdAt changedAt }} }}"
    for n in range(40)
)
WIDE = f"subscription Wide($login: String!) {{ customerUserUpdated(login: $login) {{ {_WIDGETS} }} }}"


@pytest.mark.parametrize("live_settings", [replace(TEST_LIVE, send_timeout=1.0, ping_interval=60.0, ping_timeout=60.0)])
async def test_a_client_that_does_not_read_is_dropped(server: Running, live_settings: LiveSettings) -> None:
    import socket as sockets

    from prometheus_client import REGISTRY

    dropped_before = REGISTRY.get_sample_value("cuic_live_slow_consumers_total") or 0
    raw = sockets.socket()
    raw.setsockopt(sockets.SOL_SOCKET, sockets.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", int(server.url.rsplit(":", 1)[1])))
    async with connect(
        ws_url(server), subprotocols=PROTOCOL, sock=raw, max_queue=1, max_size=None, compression=None
    ) as socket:
        token = server.tokens["alice"]
        await socket.send(
            orjson.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}).decode()
        )
        await socket.recv()
        await socket.send(
            orjson.dumps(
                {"id": "w", "type": "subscribe", "payload": {"query": WIDE, "variables": {"login": "taro"}}}
            ).decode()
        )
        # Every write changes the pushed page; the client reads nothing, so the server's
        # sends block until it gives up on the client.
        number = 0
        async with asyncio.timeout(PATIENCE * 3):
            while server.hub.watches or number == 0:
                number += 1
                record = dataset.ticket(f"FLOOD-{number}", "open", datetime.now(UTC), title="x" * 200)
                assert (await ingest(server.url, server.tokens["hook"], [record])).status_code == 200
                await asyncio.sleep(0.3)
        assert server.app.state.live.connections == 0
    assert REGISTRY.get_sample_value("cuic_live_slow_consumers_total") == dropped_before + 1
