"""One operation of a live connection (WebSocket or SSE): checked as /graphql checks a request,
authorised with the connection's token, executed; its results as response bodies.

A subscription's results are deduplicated: a push whose body equals the last one sent is
dropped, so a change that leaves the selection as it was costs the client nothing.
"""

from __future__ import annotations

import hashlib
import inspect
import uuid
from collections.abc import AsyncIterator
from dataclasses import fields
from typing import Any

import orjson
from graphql import ExecutionResult, OperationType, execute, subscribe
from graphql.execution.executor import Executor
from graphql.execution.executor_throwing_on_incremental import ExecutorThrowingOnIncremental

from gql import errors
from gql.context import request_context, require_read_scope
from gql.live.run import RETRY_SECONDS, LiveContext, LiveState, release
from gql.params import RequestError
from resolvers.context import RequestContext

Body = dict[str, Any]


class _EventExecutor(ExecutorThrowingOnIncremental):
    """graphql-core's subscription executor, with a memo of its own for every event.

    graphql-core memoizes collected subfields on the subscription's executor, keyed by the
    identity of lists that every event builds anew: shared by the events, the memo grew with
    every push for as long as the subscription lived (about 4 kB a push for a small selection).
    """

    def build_per_event_executor(self, payload: Any) -> Executor[None]:
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor


def check_payload(payload: object) -> dict[str, Any]:
    """A subscribe payload or an SSE request body, each member of the type the spec gives it."""
    if not isinstance(payload, dict):
        raise RequestError(400, "the payload must be an object with `query`", errors.BAD_USER_INPUT)
    for name in ("variables", "extensions"):
        if payload.get(name) is not None and not isinstance(payload[name], dict):
            raise RequestError(400, f"`{name}` must be an object", errors.BAD_USER_INPUT)
    if payload.get("operationName") is not None and not isinstance(payload["operationName"], str):
        raise RequestError(400, "`operationName` must be a string", errors.BAD_USER_INPUT)
    return dict(payload)  # `resolve` puts a persisted document into it


async def authorize(state: LiveState, token: str) -> RequestContext:
    """A fresh context for the token; RequestError when it may not read (or the database is down)."""
    context = await request_context(state.pool, state.pool, state.settings, token)
    require_read_scope(context)
    return context


def _unavailable(body: Body) -> bool:
    return any(e.get("extensions", {}).get("code") == errors.SERVICE_UNAVAILABLE for e in body.get("errors", ()))


async def open_operation(state: LiveState, token: str, payload: object) -> AsyncIterator[bytes]:
    """The operation's results, each a response body in JSON: one for a query or mutation, a
    stream for a subscription.

    Raises RequestError when the operation cannot start (its document, its variables, the token).
    """
    from gql.app import GRAPHQL_SCHEMA, LIVE, checked_operation  # /graphql's checks; gql.app imports this package

    params = check_payload(payload)
    # Authorized first: the checks may store a client's document.
    context = await authorize(state, token)
    checked = await checked_operation(state.persisted_queries, params, LIVE, state.settings, state.pool)
    document, operation, variables, operation_name = checked
    request_id = uuid.uuid4().hex[:16]
    if operation.operation is not OperationType.SUBSCRIPTION:
        result = execute(
            GRAPHQL_SCHEMA, document, context_value=context, variable_values=variables, operation_name=operation_name
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return _once(errors.result_body(result, request_id))
    live = LiveContext(**{f.name: getattr(context, f.name) for f in fields(RequestContext)}, token=token, state=state)
    state.contexts.offer(token, context)
    started = subscribe(
        GRAPHQL_SCHEMA,
        document,
        context_value=live,
        variable_values=variables,
        operation_name=operation_name,
        executor_class=_EventExecutor,
    )
    stream = await started if inspect.isawaitable(started) else started
    if isinstance(stream, ExecutionResult):
        # The subscription could not start: variables that do not fit, most often.
        message = stream.errors[0].message if stream.errors else "the subscription could not start"
        raise RequestError(400, message, errors.BAD_USER_INPUT, graphql=True)
    return _pushes(stream, live, request_id)


async def _once(body: Body) -> AsyncIterator[bytes]:
    yield orjson.dumps(body)


async def _pushes(stream: AsyncIterator[ExecutionResult], live: LiveContext, request_id: str) -> AsyncIterator[bytes]:
    last: bytes | None = None  # a digest of the last push: kept for every subscription
    try:
        async for result in stream:
            release(live)  # executed: the next subscription's push may start
            body = errors.result_body(result, request_id)
            if _unavailable(body) and live.watch is not None:
                live.watch.wake_later(RETRY_SECONDS, "retry")
            encoded = orjson.dumps(body)
            digest = hashlib.blake2b(encoded, digest_size=16).digest()
            if digest != last:
                last = digest
                yield encoded
            # An idle subscription waits here for its next push: keep nothing of this one.
            del result, body, encoded
    finally:
        release(live)
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
