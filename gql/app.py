"""The ASGI app: GraphQL over HTTP at /graphql, GraphiQL, health and readiness."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSyntaxError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from db.config import Settings
from db.migrate import migrations_current
from db.pool import Pool, counting_statements, create_pool
from gql import errors
from gql.context import authenticate, bearer_token
from gql.graphiql import graphiql_html
from gql.schema import schema

logger = logging.getLogger("cuic.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY_BYTES = 1_000_000
GRAPHQL_SCHEMA = schema._schema


class RequestError(Exception):
    """The request cannot be executed: answered with `status` and one error."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str,
        headers: dict[str, str] | None = None,
        *,
        graphql: bool = False,
    ) -> None:
        super().__init__(message)
        # A well-formed request whose GraphQL document fails: application/json clients get 200.
        self.graphql = graphql
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}


@lru_cache(maxsize=512)
def _parse(query: str) -> DocumentNode:
    return parse(query)


@lru_cache(maxsize=512)
def _validate(query: str) -> tuple[GraphQLError, ...]:
    # Keyed by the query text: the parsed document comes from the parse cache, so equal
    # texts are one validation.
    return tuple(validate(GRAPHQL_SCHEMA, _parse(query)))


def _media_type(request: Request) -> str:
    accept = request.headers.get("accept", "")
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    return JSON


def _json_response(body: dict[str, Any], status: int, media_type: str, headers: dict[str, str]) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


async def _read_params(request: Request) -> dict[str, Any]:
    if request.method == "GET":
        params: dict[str, Any] = dict(request.query_params)
        for name in ("variables", "extensions"):
            if name in params:
                try:
                    params[name] = orjson.loads(params[name])
                except orjson.JSONDecodeError:
                    raise RequestError(400, f"`{name}` is not valid JSON", errors.BAD_USER_INPUT) from None
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise RequestError(415, "POST bodies must be application/json", errors.BAD_USER_INPUT)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestError(413, f"the request body exceeds {MAX_BODY_BYTES} bytes", errors.QUERY_TOO_COMPLEX)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise RequestError(413, f"the request body exceeds {MAX_BODY_BYTES} bytes", errors.QUERY_TOO_COMPLEX)
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestError(400, "the request body is not valid JSON", errors.BAD_USER_INPUT) from None
    if not isinstance(params, dict):
        raise RequestError(400, "the request body must be a JSON object", errors.BAD_USER_INPUT)
    return params


def _check_params(params: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str | None]:
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "`query` must be a non-empty string", errors.BAD_USER_INPUT)
    variables = params.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "`variables` must be an object", errors.BAD_USER_INPUT)
    operation_name = params.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "`operationName` must be a string", errors.BAD_USER_INPUT)
    return query, variables, operation_name


def _document(query: str, operation_name: str | None, method: str) -> DocumentNode:
    try:
        document = _parse(query)
    except GraphQLSyntaxError as syntax_error:
        raise RequestError(400, syntax_error.message, errors.GRAPHQL_PARSE_FAILED, graphql=True) from None
    validation_errors = _validate(query)
    if validation_errors:
        raise RequestError(400, validation_errors[0].message, errors.GRAPHQL_VALIDATION_FAILED, graphql=True)
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        message = "`operationName` names no operation" if operation_name else "the document needs `operationName`"
        raise RequestError(400, message, errors.BAD_USER_INPUT, graphql=True)
    if method == "GET" and operation.operation is not OperationType.QUERY:
        raise RequestError(405, "only queries may be sent with GET; use POST", errors.BAD_USER_INPUT, {"Allow": "POST"})
    return document


class GraphQLEndpoint:
    def __init__(self, settings: Settings, demo_token: str | None) -> None:
        self.settings = settings
        self.graphiql = graphiql_html(demo_token)

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", "") and not request.query_params:
            return HTMLResponse(self.graphiql)
        request_id = uuid.uuid4().hex[:16]
        media_type = _media_type(request)
        headers = {"X-Request-Id": request_id}
        with counting_statements() as statements:
            try:
                body, status = await self._handle(request, request_id, media_type)
            except RequestError as failure:
                body = {"errors": [errors.error(failure.message, failure.code)]}
                status = 200 if failure.graphql and media_type == JSON else failure.status
                headers.update(failure.headers)
            # Query loggers run on the loop's next turn: let them count the last statement.
            await asyncio.sleep(0)
        headers["X-Cuic-Statements"] = str(statements[0])
        return _json_response(body, status, media_type, headers)

    async def _handle(self, request: Request, request_id: str, media_type: str) -> tuple[dict[str, Any], int]:
        pool: Pool = request.app.state.pool
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            raise RequestError(401, "an API token is required (Authorization: Bearer …)", errors.UNAUTHENTICATED)
        try:
            context = await authenticate(pool, self.settings, token)
        except Exception as failure:
            if errors.is_database_unavailable(failure):
                raise RequestError(503, "the database is unavailable", errors.SERVICE_UNAVAILABLE) from None
            raise
        if context is None:
            raise RequestError(401, "the API token is not valid", errors.UNAUTHENTICATED)
        query, variables, operation_name = _check_params(await _read_params(request))
        document = _document(query, operation_name, request.method)
        result = execute(
            GRAPHQL_SCHEMA,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return self._result_body(result, request_id), self._status(result, media_type)

    def _result_body(self, result: ExecutionResult, request_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [errors.format_execution_error(e, request_id) for e in result.errors]
        body["data"] = result.data
        return body

    def _status(self, result: ExecutionResult, media_type: str) -> int:
        # Variables that do not fit the operation fail before execution: a request error,
        # which only application/graphql-response+json clients see as 400.
        request_error = result.data is None and not any(e.path for e in result.errors or [])
        return 400 if request_error and media_type == GRAPHQL_RESPONSE else 200


def create_app(database_url: str, settings: Settings, demo_token: str | None = None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.pool = await create_pool(database_url, settings)
        try:
            yield
        finally:
            await app.state.pool.close()

    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        try:
            async with request.app.state.pool.acquire(timeout=2) as connection:
                ready = await migrations_current(connection)
        except Exception:
            ready = False
        return PlainTextResponse("ready" if ready else "not ready", status_code=200 if ready else 503)

    endpoint = GraphQLEndpoint(settings, demo_token)
    return Starlette(
        routes=[
            Route("/graphql", endpoint.handle, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
