"""Real clients of a running server: graphql-transport-ws over `websockets`, SSE over httpx
streaming, and POST /ingest."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.importing import jsonl

# How long a test waits for something that should come; nothing asserts how long it took.
PATIENCE = 20.0


async def eventually(condition: Callable[[], bool], what: str = "the condition") -> None:
    """Until `condition()` holds (polled: a server's inner state has no event to wait on)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    for _ in itertools.count():
        if condition():
            return
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not happen within {PATIENCE} s")
        await asyncio.sleep(0.02)


class GraphQLWS:
    """One graphql-transport-ws connection."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.queues: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self.other: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.pings = 0
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            message = orjson.loads(raw)
            if message.get("type") == "ping":
                self.pings += 1
                await self.socket.send(orjson.dumps({"type": "pong"}).decode())
                continue
            operation = message.get("id")
            queue = self.queues.get(operation) if operation is not None else None
            (queue or self.other).put_nowait(message)

    async def init(self, payload: Mapping[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", **({"payload": dict(payload)} if payload is not None else {})})
        return await asyncio.wait_for(self.other.get(), PATIENCE)

    async def send(self, message: Mapping[str, Any]) -> None:
        await self.socket.send(orjson.dumps(message).decode())

    async def subscribe(self, operation: str, query: str, variables: Mapping[str, Any] | None = None) -> None:
        self.queues[operation] = asyncio.Queue()
        await self.send(
            {"id": operation, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        )

    async def next(self, operation: str, wait: float = PATIENCE) -> dict[str, Any]:
        """The next message of an operation (next, error or complete)."""
        return await asyncio.wait_for(self.queues[operation].get(), wait)

    async def data(self, operation: str, wait: float = PATIENCE) -> Any:
        message = await self.next(operation, wait)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return message["payload"]["data"]

    async def closed(self) -> tuple[int | None, str | None]:
        """The code and reason the server closed the connection with."""
        with contextlib.suppress(ConnectionClosed):
            await asyncio.wait_for(asyncio.shield(self.reader), PATIENCE)
        return self.socket.close_code, self.socket.close_reason

    def pending(self, operation: str) -> int:
        return self.queues[operation].qsize()

    async def complete(self, operation: str) -> None:
        await self.send({"id": operation, "type": "complete"})


@asynccontextmanager
async def graphql_ws(
    url: str, token: str | None = None, *, header: bool = True, init: bool = True, **options: Any
) -> AsyncIterator[GraphQLWS]:
    """A connection to `url`'s /graphql; the token in the upgrade's header, or else in connection_init."""
    headers = {"Authorization": f"Bearer {token}"} if token and header else {}
    ws_url = url.replace("http://", "ws://") + "/graphql"
    async with connect(
        ws_url, subprotocols=[Subprotocol("graphql-transport-ws")], additional_headers=headers, **options
    ) as socket:
        client = GraphQLWS(socket)
        try:
            if init:
                ack = await client.init({"Authorization": f"Bearer {token}"} if token and not header else None)
                assert ack["type"] == "connection_ack", ack
            yield client
        finally:
            client.reader.cancel()


class SSE:
    """One GraphQL-over-SSE request's events."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.comments = 0
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            await self._events()
        finally:
            self.events.put_nowait(("closed", None))

    async def _events(self) -> None:
        event, data = "message", []
        async for line in self.response.aiter_lines():
            if line.startswith(":"):
                self.comments += 1
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "":
                if data or event != "message":
                    payload = orjson.loads("\n".join(data)) if any(data) else None
                    self.events.put_nowait((event, payload))
                event, data = "message", []

    async def next(self, wait: float = PATIENCE) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), wait)

    async def data(self, wait: float = PATIENCE) -> Any:
        event, payload = await self.next(wait)
        assert event == "next" and "errors" not in payload, (event, payload)
        return payload["data"]


@asynccontextmanager
async def sse(url: str, token: str, query: str, variables: Mapping[str, Any] | None = None) -> AsyncIterator[SSE]:
    async with (
        httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(PATIENCE, read=None)) as client,
        client.stream(
            "POST",
            "/graphql",
            json={"query": query, "variables": dict(variables or {})},
            headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
        ) as response,
    ):
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        reader = SSE(response)
        try:
            yield reader
        finally:
            reader.reader.cancel()


async def ingest(url: str, token: str, records: list[dict[str, Any]]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=PATIENCE) as client:
        return await client.post(
            "/ingest",
            content=("\n".join(jsonl(records)) + "\n").encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"},
        )
