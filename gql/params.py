"""A GraphQL-over-HTTP request's parameters, read from the query string (GET) or a JSON body
(POST), and refused with 4xx when they are not well formed."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request

from gql import errors
from gql.accept import JSON


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


async def read_params(request: Request, max_body_bytes: int) -> dict[str, Any]:
    """The request's parameters, each of the type the spec gives it (or null)."""
    params = _query_string(request) if request.method == "GET" else await _json_body(request, max_body_bytes)
    for name in ("variables", "extensions"):
        if params.get(name) is not None and not isinstance(params[name], dict):
            raise RequestError(400, f"`{name}` must be an object", errors.BAD_USER_INPUT)
    for name in ("query", "operationName"):
        if params.get(name) is not None and not isinstance(params[name], str):
            raise RequestError(400, f"`{name}` must be a string", errors.BAD_USER_INPUT)
    return params


def check_params(params: dict[str, Any]) -> tuple[str, dict[str, Any] | None, str | None]:
    """query, variables and operationName, once persisted queries had their say on `query`."""
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "`query` must be a non-empty string", errors.BAD_USER_INPUT)
    return query, params.get("variables"), params.get("operationName")


def _query_string(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    for name in ("variables", "extensions"):
        if name in params:
            try:
                params[name] = orjson.loads(params[name])
            except orjson.JSONDecodeError:
                raise RequestError(400, f"`{name}` is not valid JSON", errors.BAD_USER_INPUT) from None
    return params


async def _json_body(request: Request, max_body_bytes: int) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise RequestError(415, "POST bodies must be application/json", errors.BAD_USER_INPUT)
    declared = request.headers.get("content-length")
    too_large = RequestError(413, f"the request body exceeds {max_body_bytes} bytes", errors.QUERY_TOO_COMPLEX)
    if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_body_bytes:
            raise too_large
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestError(400, "the request body is not valid JSON", errors.BAD_USER_INPUT) from None
    if not isinstance(params, dict):
        raise RequestError(400, "the request body must be a JSON object", errors.BAD_USER_INPUT)
    return params
