"""The request context: who asks, built once per request with a fresh set of loaders."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from db.config import Settings
from db.loaders import Access, Loaders
from db.pools import Reader
from db.tokens import READ, viewer_by_token
from gql import errors
from gql.params import RequestError
from resolvers.context import RequestContext


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


async def authenticate(pool: asyncpg.Pool, read_pool: Reader, settings: Settings, token: str) -> RequestContext | None:
    """The context for the agent holding `token`, or None when the token is unknown or revoked.

    The token lookup (which also records its use, and reads the agent's widget settings) goes
    to `pool`; every other read of the request to `read_pool`, which is the same pool unless
    a read replica is configured.
    """
    viewer = await viewer_by_token(pool, token)
    if viewer is None:
        return None
    access = Access(
        agent_id=viewer["id"],
        readable_queue_ids=tuple(viewer["readable_queue_ids"]),
        my_queue_ids=tuple(viewer["my_queue_ids"]),
    )
    now = datetime.now(UTC)
    return RequestContext(
        viewer=viewer,
        access=access,
        loaders=Loaders(read_pool, access, now, viewer_settings=list(viewer["viewer_widget_settings"])),
        pool=pool,
        settings=settings,
        now=now,
    )


async def request_context(pool: asyncpg.Pool, read_pool: Reader, settings: Settings, token: str) -> RequestContext:
    """`authenticate`, as a request sees it: 503 while the database is unreachable, 401 for a
    token that is unknown or revoked."""
    try:
        context = await authenticate(pool, read_pool, settings, token)
    except Exception as failure:
        if errors.is_database_unavailable(failure):
            raise RequestError(503, "the database is unavailable", errors.SERVICE_UNAVAILABLE) from None
        raise
    if context is None:
        raise RequestError(401, "the API token is not valid", errors.UNAUTHENTICATED)
    return context


def require_read_scope(context: RequestContext) -> None:
    """Queries and subscriptions need a read token; an ingest token gets 403."""
    if context.viewer["token_scope"] != READ:
        raise RequestError(403, "this token may only ingest (POST /ingest)", errors.FORBIDDEN)
