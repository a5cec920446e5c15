"""GraphQL over Server-Sent Events ("distinct connections" mode of the graphql-sse protocol) at
/graphql: a request with `Accept: text/event-stream` gets its results as `next` events, then
`complete`; what keeps an operation from starting is answered in JSON with a 4xx status.

A comment line every `ping_interval` keeps proxies from closing a quiet stream. A client that
does not read is dropped after `send_timeout`, and on SIGTERM every stream ends (the client
reconnects, to another worker).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send

from gql import errors
from gql.context import bearer_token
from gql.live.hub import SLOW_CONSUMERS
from gql.live.operation import open_operation
from gql.live.run import TOO_MANY, LiveState
from gql.params import RequestError, read_params

EVENT_STREAM = "text/event-stream"
logger = logging.getLogger("cuic.live")
_COMPLETE = b"event: complete\ndata:\n\n"
_KEEP_ALIVE = b":\n\n"


def wants_event_stream(accept: str | None) -> bool:
    """Whether the client asks for an event stream: it names text/event-stream (with q > 0)."""
    for item in (accept or "").split(","):
        media_range, *parameters = (part.strip().lower() for part in item.split(";"))
        if media_range != EVENT_STREAM:
            continue
        q = next((p.partition("=")[2] for p in parameters if p.startswith("q=")), "1")
        try:
            return float(q) > 0
        except ValueError:
            return False
    return False


async def event_stream(request: Request, max_body_bytes: int) -> Response:
    state: LiveState = request.app.state.live
    token = bearer_token(request.headers.get("authorization"))
    try:
        if request.method not in ("GET", "POST"):
            raise RequestError(405, "subscribe with GET or POST", errors.BAD_USER_INPUT, {"Allow": "GET, POST"})
        if token is None:
            raise RequestError(401, "an API token is required (Authorization: Bearer …)", errors.UNAUTHENTICATED)
        if state.connections >= state.live.max_connections:
            raise RequestError(503, TOO_MANY, errors.SERVICE_UNAVAILABLE)
        params = await read_params(request, max_body_bytes)
        results = await open_operation(state, token, params)
    except RequestError as refused:
        body = {"errors": [errors.error(refused.message, refused.code)]}
        return JSONResponse(body, status_code=refused.status, headers=refused.headers)
    going_away: asyncio.Event | None = request.scope.get("state", {}).get("cuic_going_away")
    return EventStream(results, state, going_away)


_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    # nginx would otherwise hold the events back in its buffer.
    (b"x-accel-buffering", b"no"),
]


class EventStream(Response):
    """A response of unknown length, written event by event (no Content-Length)."""

    def __init__(self, results: AsyncIterator[bytes], state: LiveState, going_away: asyncio.Event | None) -> None:
        self.results = results
        self.state = state
        self.going_away = going_away

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        live = self.state.live
        self.state.connections += 1
        try:
            start: Message = {"type": "http.response.start", "status": 200, "headers": _HEADERS}
            await asyncio.wait_for(send(start), live.send_timeout)
            if await self._stream(receive, send):
                # Ended (or the server stops): a whole response, the client may reconnect.
                end: Message = {"type": "http.response.body", "body": b"", "more_body": False}
                await asyncio.wait_for(send(end), live.send_timeout)
        except TimeoutError:
            # Returning without finishing the response makes uvicorn drop the connection.
            SLOW_CONSUMERS.inc()
            logger.warning("live: dropped an SSE client that did not read its events")
        finally:
            self.state.connections -= 1
            close = getattr(self.results, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()

    async def _stream(self, receive: Receive, send: Send) -> bool:
        """Events until the results end or the server stops (True), or the client leaves (False)."""
        live = self.state.live
        left = asyncio.ensure_future(_disconnected(receive))
        stopping = asyncio.ensure_future(self.going_away.wait()) if self.going_away else asyncio.Future[bool]()
        upcoming: asyncio.Future[bytes] | None = None
        try:
            while True:
                if upcoming is None:
                    upcoming = asyncio.ensure_future(anext(self.results))
                done, _ = await asyncio.wait(
                    {upcoming, left, stopping}, timeout=live.ping_interval, return_when=asyncio.FIRST_COMPLETED
                )
                if left in done:
                    return False
                if stopping in done:
                    return True
                if upcoming not in done:
                    chunk = _KEEP_ALIVE
                else:
                    try:
                        body = upcoming.result()
                    except StopAsyncIteration:
                        await self._send(send, _COMPLETE)
                        return True
                    upcoming = None
                    chunk = b"event: next\ndata: " + body + b"\n\n"
                    del body
                await self._send(send, chunk)
                del chunk  # not kept while the stream waits
        finally:
            for future in (left, stopping, upcoming):
                if future is not None and not future.done():
                    future.cancel()
            if upcoming is not None:
                # The results can be closed only once no step of theirs runs.
                with contextlib.suppress(BaseException):
                    await upcoming

    async def _send(self, send: Send, chunk: bytes) -> None:
        message: Message = {"type": "http.response.body", "body": chunk, "more_body": True}
        await asyncio.wait_for(send(message), self.state.live.send_timeout)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
