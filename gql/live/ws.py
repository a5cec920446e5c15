"""graphql-transport-ws (the protocol of the `graphql-ws` library) at /graphql.

The token comes from the upgrade's `Authorization` header or from `connection_init`'s
payload (`{"Authorization": "Bearer …"}`: browsers cannot set headers on a WebSocket).
Limits: operations per connection, connections per worker, the time to `connection_init`,
the time without any operation, pings answered, and pushes a client does not read: a send
that waits longer than `send_timeout` drops the connection rather than buffering for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from starlette.responses import JSONResponse
from starlette.websockets import WebSocket, WebSocketDisconnect

from gql import errors
from gql.context import bearer_token
from gql.live.hub import SLOW_CONSUMERS
from gql.live.operation import authorize, open_operation
from gql.live.run import TOO_MANY, LiveState
from gql.params import RequestError

PROTOCOL = "graphql-transport-ws"
logger = logging.getLogger("cuic.live")


class _Closed(Exception):
    """Close the connection with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class _Dropped(Exception):
    """A push waited longer than `send_timeout`: the client does not read."""


def _token_of(payload: object) -> str | None:
    if not isinstance(payload, dict):
        return None
    for name, value in payload.items():
        if isinstance(name, str) and name.lower() == "authorization" and isinstance(value, str):
            return bearer_token(value)
    return None


async def graphql_websocket(websocket: WebSocket) -> None:
    state: LiveState = websocket.app.state.live
    live = state.live
    if state.connections >= live.max_connections:
        body = {"errors": [errors.error(TOO_MANY, errors.SERVICE_UNAVAILABLE)]}
        await websocket.send_denial_response(JSONResponse(body, status_code=503))
        return
    header_token = bearer_token(websocket.headers.get("authorization"))
    if websocket.headers.get("authorization") and header_token is None:
        await websocket.send_denial_response(
            JSONResponse({"errors": [errors.error("malformed Authorization header", errors.UNAUTHENTICATED)]}, 401)
        )
        return
    if PROTOCOL not in websocket.scope.get("subprotocols", []):
        await websocket.accept()
        await websocket.close(4406, f"Subprotocol not acceptable: use {PROTOCOL}")
        return
    await websocket.accept(subprotocol=PROTOCOL)
    state.connections += 1
    session = _Session(websocket, state, header_token)
    try:
        await session.run()
    finally:
        state.connections -= 1


class _Session:
    def __init__(self, websocket: WebSocket, state: LiveState, token: str | None) -> None:
        self.websocket = websocket
        self.state = state
        self.live = state.live
        self.token = token
        self.acknowledged = False
        self.initialised = False
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.send_lock = asyncio.Lock()
        self.dropped = False
        self.reader: asyncio.Task[Any] | None = None
        loop = asyncio.get_running_loop()
        self.opened = self.idle_since = loop.time()
        self.unanswered: float | None = None  # when the oldest ping nothing answered yet went out
        self.ping_due = self.opened + self.live.ping_interval

    async def run(self) -> None:
        self.reader = asyncio.current_task()
        try:
            await self._read()
        except _Closed as closed:
            with contextlib.suppress(Exception):
                await self.websocket.close(closed.code, closed.reason)
        except WebSocketDisconnect:
            pass
        except _Dropped:
            SLOW_CONSUMERS.inc()
            logger.warning("live: dropped a WebSocket client that did not read its messages")
        except asyncio.CancelledError:
            if not self.dropped:
                raise
            # A slow consumer: nothing can be sent to it any more, not even a close frame.
            # Returning without a close makes uvicorn drop the connection.
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
            SLOW_CONSUMERS.inc()
            logger.warning("live: dropped a WebSocket client that did not read its pushes")
        finally:
            for task in self.operations.values():
                task.cancel()
            if self.operations:
                await asyncio.gather(*self.operations.values(), return_exceptions=True)

    def _deadline(self, now: float) -> tuple[float, str]:
        if not self.acknowledged:
            return self.opened + self.live.init_timeout, "init"
        candidates = [(self.ping_due, "ping")]
        if self.unanswered is not None:
            # A ping is out and nothing came back since.
            candidates.append((self.unanswered + self.live.ping_timeout, "pong"))
        if not self.operations:
            candidates.append((self.idle_since + self.live.idle_timeout, "idle"))
        return min(candidates)

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            deadline, what = self._deadline(loop.time())
            try:
                message = await asyncio.wait_for(self.websocket.receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                await self._timed_out(what)
                continue
            if message["type"] == "websocket.disconnect":
                return
            self.unanswered = None
            text = message.get("text")
            if text is None:
                raise _Closed(4400, "binary messages are not part of graphql-transport-ws")
            await self._handle(text)

    async def _timed_out(self, what: str) -> None:
        loop = asyncio.get_running_loop()
        if what == "init":
            raise _Closed(4408, "Connection initialisation timeout")
        if what == "pong":
            raise _Closed(1011, "ping timeout: no pong")
        if what == "idle":
            raise _Closed(1000, "idle: no operation for a while")
        now = loop.time()
        self.ping_due = now + self.live.ping_interval
        if self.unanswered is None:
            self.unanswered = now
        await self._send({"type": "ping"})

    async def _handle(self, text: str) -> None:
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise _Closed(4400, "a message is not valid JSON") from None
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "connection_init":
            await self._init(message.get("payload"))
        elif kind == "ping":
            await self._send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "subscribe":
            self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
                self._idle_check()
        else:
            raise _Closed(4400, f"unknown message type {kind!r}")

    async def _init(self, payload: object) -> None:
        if self.initialised:
            raise _Closed(4429, "Too many initialisation requests")
        self.initialised = True
        self.token = _token_of(payload) or self.token
        if self.token is None:
            raise _Closed(4403, "Forbidden: an API token is required (connection_init payload Authorization)")
        try:
            await authorize(self.state, self.token)
        except RequestError as refused:
            if refused.status == 503:
                raise _Closed(1013, "the database is unavailable; try again later") from None
            raise _Closed(4403, f"Forbidden: {refused.message}") from None
        self.acknowledged = True
        self.idle_since = asyncio.get_running_loop().time()
        await self._send({"type": "connection_ack"})

    def _subscribe(self, message: dict[str, Any]) -> None:
        if not self.acknowledged:
            raise _Closed(4401, "Unauthorized")
        operation_id = message.get("id")
        if not isinstance(operation_id, str) or not operation_id:
            raise _Closed(4400, "a subscribe message needs an id")
        if operation_id in self.operations:
            raise _Closed(4409, f"Subscriber for {operation_id} already exists")
        payload = message.get("payload")
        task = asyncio.get_running_loop().create_task(self._operate(operation_id, payload))
        self.operations[operation_id] = task

    def _idle_check(self) -> None:
        if not self.operations:
            self.idle_since = asyncio.get_running_loop().time()

    async def _operate(self, operation_id: str, payload: object) -> None:
        prefix = b'{"id":' + orjson.dumps(operation_id) + b',"type":"next","payload":'
        try:
            if len(self.operations) > self.live.max_subscriptions:
                raise RequestError(
                    400, f"at most {self.live.max_subscriptions} operations per connection", errors.QUERY_TOO_COMPLEX
                )
            assert self.token is not None
            results = await open_operation(self.state, self.token, payload)
        except RequestError as refused:
            error = errors.error(refused.message, refused.code)
            await self._send({"id": operation_id, "type": "error", "payload": [error]})
            self._forget(operation_id)
            return
        try:
            async for body in results:
                await self._send_bytes(prefix + body + b"}")
                del body  # not kept while the subscription waits
            await self._send({"id": operation_id, "type": "complete"})
        except (asyncio.CancelledError, _Dropped, WebSocketDisconnect):
            pass  # the client completed it, or the connection ends
        except Exception:
            logger.exception("live: operation %s failed", operation_id)
            failed = {"errors": [errors.error("Internal server error", errors.INTERNAL_SERVER_ERROR)], "data": None}
            with contextlib.suppress(Exception):
                await self._send({"id": operation_id, "type": "next", "payload": failed})
                await self._send({"id": operation_id, "type": "complete"})
        finally:
            close = getattr(results, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()
            self._forget(operation_id)

    def _forget(self, operation_id: str) -> None:
        task = self.operations.get(operation_id)
        if task is asyncio.current_task():
            del self.operations[operation_id]
            self._idle_check()

    async def _send(self, message: dict[str, Any]) -> None:
        await self._send_bytes(orjson.dumps(message))

    async def _send_bytes(self, data: bytes) -> None:
        async with self.send_lock:
            try:
                await asyncio.wait_for(self.websocket.send_text(data.decode()), self.live.send_timeout)
            except TimeoutError:
                # Returning without a close makes uvicorn drop the connection: nothing more
                # can reach this client, not even a close frame.
                if not self.dropped and self.reader is not None and self.reader is not asyncio.current_task():
                    self.reader.cancel()
                self.dropped = True
                raise _Dropped from None
