"""GraphQL errors as the API reports them: every one with `extensions.code`."""

from __future__ import annotations

import logging
from typing import Any

from graphql import ExecutionResult, GraphQLError

from db.pools import is_unavailable
from resolvers.errors import BadUserInput, ClientError

logger = logging.getLogger("cuic.errors")

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = BadUserInput.code
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


def error(message: str, code: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code}}


def is_database_unavailable(exception: BaseException) -> bool:
    """True for failures that mean PostgreSQL cannot be reached, not that a statement is wrong."""
    return is_unavailable(exception)


def format_execution_error(graphql_error: GraphQLError, request_id: str) -> dict[str, Any]:
    """A resolver's error: client errors keep their message, anything else is masked."""
    original = graphql_error.original_error
    formatted = graphql_error.formatted
    if original is None or not graphql_error.path or isinstance(original, GraphQLError):
        # Raised by GraphQL itself (variables that do not fit, a null where none may be):
        # the request's fault, with a message that names what is wrong.
        formatted["extensions"] = {"code": BAD_USER_INPUT}
        return dict(formatted)
    if isinstance(original, ClientError):
        formatted["extensions"] = {"code": original.code}
        return dict(formatted)
    if getattr(original, "sqlstate", None) == "57014":  # statement_timeout cancelled it
        formatted["message"] = "The query took longer than the server's statement timeout"
        formatted["extensions"] = {"code": QUERY_TOO_COMPLEX, "requestId": request_id}
        return dict(formatted)
    if is_database_unavailable(original):
        formatted["message"] = "The database is unavailable; try again shortly"
        formatted["extensions"] = {"code": SERVICE_UNAVAILABLE, "requestId": request_id}
        logger.warning("database unavailable (request %s): %r", request_id, original)
        return dict(formatted)
    logger.error("internal error (request %s)", request_id, exc_info=original)
    formatted["message"] = "Internal server error"
    formatted["extensions"] = {"code": INTERNAL_SERVER_ERROR, "requestId": request_id}
    return dict(formatted)


def result_body(result: ExecutionResult, request_id: str) -> dict[str, Any]:
    """A response body of an executed operation: its errors as the API reports them, then data."""
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [format_execution_error(e, request_id) for e in result.errors]
    body["data"] = result.data
    return body
