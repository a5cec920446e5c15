"""The ASGI app: GraphQL over HTTP at /graphql, GraphiQL, health and readiness.

The endpoint drives graphql-core itself (parse, validate, execute) instead of mounting
strawberry's ASGI view, for three reasons:
- the GraphQL-over-HTTP status rules: `application/graphql-response+json` clients get 400 for
  documents that fail to parse or validate, `application/json` clients 200, and a database
  outage is 503; the view decides statuses its own way;
- the limits (depth, aliases, root fields, nodes, tokens) run on the parsed document before
  execution, with the page sizes from the variables, and are cached per document;
- CPU: parsing, validation and the limit check are cached per document text, which the view
  repeats per request; on the bench that was a measurable share of a page (bench/README.md).
The schema, its types and resolvers are still strawberry's: only the HTTP layer is ours.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, NamedTuple, cast

import asyncpg
import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
    visit,
)
from graphql.language import Visitor
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from db.config import Settings
from db.migrate import migrations_current
from db.pool import Pool, counting_statements
from db.pools import Database
from gql import errors
from gql.accept import GRAPHQL_RESPONSE, JSON, NOT_ACCEPTABLE, negotiate
from gql.context import bearer_token, request_context, require_read_scope
from gql.executor import PlannedExecutor
from gql.limits import MAX_TOKENS, LimitExceeded, Limits, check_limits
from gql.live.config import LiveSettings, load_live_settings
from gql.live.sse import event_stream, wants_event_stream
from gql.logs import log_request
from gql.metrics import metrics, observe_execution, observe_request, worker_exited
from gql.params import RequestError, check_params, read_params
from gql.persisted_queries import PersistedQueries
from gql.schema import schema
from gql.ui import graphiql_page, ui_routes

logger = logging.getLogger("cuic.http")

GRAPHQL_SCHEMA = schema._schema
ALLOWED_METHODS = ("GET", "POST")
# The method `_document` is given for an operation of a live connection (gql/live).
LIVE = "LIVE"


@lru_cache(maxsize=512)
def _parse(query: str) -> DocumentNode:
    # A token cap keeps a megabyte of `{a{a{a…` from costing a worker a second of parsing.
    return parse(query, max_tokens=MAX_TOKENS)


@lru_cache(maxsize=512)
def _validate(query: str) -> tuple[GraphQLError, ...]:
    # Keyed by the query text: the parsed document comes from the parse cache, so equal
    # texts are one validation.
    return tuple(validate(GRAPHQL_SCHEMA, _parse(query)))


def _json_response(body: dict[str, Any], status: int, media_type: str, headers: dict[str, str]) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


def _document(
    query: str, operation_name: str | None, method: str, variables: dict[str, Any] | None, settings: Settings
) -> tuple[DocumentNode, OperationDefinitionNode]:
    try:
        document = _parse(query)
    except GraphQLSyntaxError as syntax_error:
        code = errors.QUERY_TOO_COMPLEX if "tokens" in syntax_error.message else errors.GRAPHQL_PARSE_FAILED
        raise RequestError(400, syntax_error.message, code, graphql=True) from None
    validation_errors = _validate(query)
    if validation_errors:
        raise RequestError(400, validation_errors[0].message, errors.GRAPHQL_VALIDATION_FAILED, graphql=True)
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        message = "`operationName` names no operation" if operation_name else "the document needs `operationName`"
        raise RequestError(400, message, errors.BAD_USER_INPUT, graphql=True)
    if operation.operation is OperationType.SUBSCRIPTION and method != LIVE:
        message = "subscriptions need a WebSocket (graphql-transport-ws) or Accept: text/event-stream"
        raise RequestError(400, message, errors.BAD_USER_INPUT)
    if method == "GET" and operation.operation is not OperationType.QUERY:
        raise RequestError(405, "only queries may be sent with GET; use POST", errors.BAD_USER_INPUT, {"Allow": "POST"})
    if not settings.introspection and _introspects(document):
        raise RequestError(
            400, "introspection is disabled on this server", errors.GRAPHQL_VALIDATION_FAILED, graphql=True
        )
    violation = _limit_violation(query, operation_name, _page_sizes(variables), settings)
    if violation is not None:
        raise RequestError(400, violation, errors.QUERY_TOO_COMPLEX, graphql=True)
    return document, operation


class CheckedOperation(NamedTuple):
    document: DocumentNode
    operation: OperationDefinitionNode
    variables: dict[str, Any] | None
    operation_name: str | None

    @property
    def name(self) -> str | None:
        """The operation's own name, else the one the request gave."""
        return self.operation.name.value if self.operation.name else self.operation_name


async def checked_operation(
    persisted_queries: PersistedQueries, params: dict[str, Any], method: str, settings: Settings, pool: Pool
) -> CheckedOperation:
    """The request's operation, for /graphql and live operations alike: its document found
    (persisted queries), parsed, validated and within the limits. Call it once the client
    is authenticated: a client's new document is stored here, and only once it has passed."""
    to_register = await persisted_queries.resolve(params, pool)
    query, variables, operation_name = check_params(params)
    document, operation = _document(query, operation_name, method, variables, settings)
    checked = CheckedOperation(document, operation, variables, operation_name)
    if to_register is not None:
        await persisted_queries.register(to_register, query, checked.name, pool)
    return checked


def _page_sizes(variables: dict[str, Any] | None) -> tuple[tuple[str, int, bool], ...]:
    """What of the variables the limits read: integers (`first`/`last`) and list lengths (`ids`)."""
    sizes = []
    for name, value in (variables or {}).items():
        if isinstance(value, int) and not isinstance(value, bool):
            sizes.append((name, value, False))
        elif isinstance(value, list):
            sizes.append((name, len(value), True))
    return tuple(sorted(sizes))


@lru_cache(maxsize=1024)
def _limit_violation(
    query: str, operation_name: str | None, sizes: tuple[tuple[str, int, bool], ...], settings: Settings
) -> str | None:
    # Cached by document and page sizes: a frontend sends the same few documents all day.
    document = _parse(query)
    operation = get_operation_ast(document, operation_name)
    assert operation is not None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    variables: dict[str, Any] = {name: [None] * size if is_list else size for name, size, is_list in sizes}
    try:
        check_limits(GRAPHQL_SCHEMA, operation, fragments, variables, _limits(settings))
    except LimitExceeded as exceeded:
        return str(exceeded)
    return None


@lru_cache(maxsize=8)
def _limits(settings: Settings) -> Limits:
    return Limits(
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_root_fields=settings.max_root_fields,
        max_nodes=settings.max_nodes,
    )


@lru_cache(maxsize=512)
def _introspects(document: DocumentNode) -> bool:
    found = False

    class Finder(Visitor):
        def enter_field(self, node: FieldNode, *_args: Any) -> None:
            nonlocal found
            if node.name.value in ("__schema", "__type"):
                found = True

    visit(document, Finder())
    return found


class _Outcome:
    """What the request log line says about a request beyond its status."""

    agent: str | None = None
    operation: str | None = None


class GraphQLEndpoint:
    def __init__(self, settings: Settings, demo_token: str | None) -> None:
        self.settings = settings
        self.graphiql = graphiql_page(demo_token)
        self.persisted_queries = PersistedQueries(settings)
        self.planned = PlannedExecutor(GRAPHQL_SCHEMA) if settings.planned_executor else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # An ASGI app rather than a request function: its route passes every method through,
        # so the endpoint refuses the ones it does not serve itself, in JSON.
        response = await self.handle(Request(scope, receive, send))
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", "") and not request.query_params:
            return HTMLResponse(self.graphiql)
        if wants_event_stream(request.headers.get("accept")):
            return await event_stream(request, self.settings.max_body_bytes)
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        media_type = negotiate(request.headers.get("accept"))
        headers = {"X-Request-Id": request_id}
        outcome = _Outcome()
        with counting_statements() as statements:
            try:
                body, status = await self._handle(request, request_id, media_type, outcome)
            except RequestError as failure:
                body = {"errors": [errors.error(failure.message, failure.code)]}
                status = 200 if failure.graphql and media_type == JSON else failure.status
                headers.update(failure.headers)
            # Query loggers run on the loop's next turn: let them count the last statement.
            await asyncio.sleep(0)
        headers["X-Cuic-Statements"] = str(statements[0])
        seconds = time.perf_counter() - started
        codes = [e.get("extensions", {}).get("code", "") for e in body.get("errors", [])]
        observe_request(outcome.operation, status, seconds, statements[0], codes)
        log_request(
            request_id=request_id,
            agent=outcome.agent,
            operation=outcome.operation,
            status=status,
            duration_ms=seconds * 1000,
            statements=statements[0],
            error_codes=codes,
        )
        # A 406 is written in application/json: the client named nothing it can read anyway.
        return _json_response(body, status, media_type or JSON, headers)

    async def _handle(
        self, request: Request, request_id: str, media_type: str | None, outcome: _Outcome
    ) -> tuple[dict[str, Any], int]:
        if request.method not in ALLOWED_METHODS:
            message = f"{request.method} is not supported here: send queries with GET or POST, mutations with POST"
            raise RequestError(405, message, errors.BAD_USER_INPUT, {"Allow": ", ".join(ALLOWED_METHODS)})
        if media_type is None:
            raise RequestError(406, NOT_ACCEPTABLE, errors.BAD_USER_INPUT)
        pool: Pool = request.app.state.pool
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            raise RequestError(401, "an API token is required (Authorization: Bearer …)", errors.UNAUTHENTICATED)
        context = await request_context(pool, request.app.state.read_pool, self.settings, token)
        outcome.agent = context.viewer["login"]
        require_read_scope(context)
        params = await read_params(request, self.settings.max_body_bytes)
        outcome.operation = params.get("operationName")
        checked = await checked_operation(self.persisted_queries, params, request.method, self.settings, pool)
        outcome.operation = checked.name
        result = await self._execute(checked.document, context, checked.variables, checked.operation_name)
        return errors.result_body(result, request_id), self._status(result, media_type)

    async def _execute(
        self, document: DocumentNode, context: object, variables: dict[str, Any] | None, operation_name: str | None
    ) -> ExecutionResult:
        if self.planned is not None:
            execution = await self.planned.execute(
                document, context_value=context, variable_values=variables, operation_name=operation_name
            )
            observe_execution(execution.planned, execution.fallback)
            return execution.result
        result = execute(
            GRAPHQL_SCHEMA, document, context_value=context, variable_values=variables, operation_name=operation_name
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        observe_execution(False, "switched off")
        return result

    def _status(self, result: ExecutionResult, media_type: str) -> int:
        if any(errors.is_database_unavailable(e.original_error) for e in result.errors or [] if e.original_error):
            return 503
        # Variables that do not fit the operation fail before execution: a request error,
        # which only application/graphql-response+json clients see as 400.
        request_error = result.data is None and not any(e.path for e in result.errors or [])
        return 400 if request_error and media_type == GRAPHQL_RESPONSE else 200


def create_app(
    database_url: str, settings: Settings, demo_token: str | None = None, live: LiveSettings | None = None
) -> Starlette:
    from gql.ingest import IngestEndpoint
    from gql.live.setup import live_routes, live_updates

    live = live or load_live_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        database = await Database.open(database_url, settings)
        app.state.database = database
        # Writes, the token lookup and persisted queries: the primary. Loaders: the reader.
        app.state.pool = database.primary
        app.state.read_pool = database.reader
        app.state.persisted_queries = endpoint.persisted_queries
        maintenance = asyncio.create_task(endpoint.persisted_queries.maintain(database.primary))
        try:
            async with live_updates(app, database_url, settings, live) as state:
                yield state
        finally:
            maintenance.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await maintenance
            await database.close()
            worker_exited(os.getpid())

    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        database: Database = request.app.state.database
        try:
            async with database.primary.acquire(timeout=2) as connection:
                ready = await migrations_current(cast(asyncpg.Connection, connection))
        except Exception:
            ready = False
        # A replica that is down does not make the server unready: reads go to the primary.
        text = f"{'ready' if ready else 'not ready'}\n{database.status()}\n"
        return PlainTextResponse(text, status_code=200 if ready else 503)

    endpoint = GraphQLEndpoint(settings, demo_token)
    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "Accept"],
                expose_headers=["X-Request-Id"],
                max_age=600,
            )
        )
    return Starlette(
        middleware=middleware,
        routes=[
            Route("/graphql", endpoint),
            *live_routes(),
            Route("/ingest", IngestEndpoint(live)),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
            *ui_routes(demo_token),
        ],
        lifespan=lifespan,
    )
