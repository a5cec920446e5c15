"""Live updates in the app: the WebSocket route, and the feed started and stopped with the app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute, WebSocketRoute

from db.config import Settings
from gql.live.config import LiveSettings
from gql.live.feed import Feed
from gql.live.going_away import STATE_KEY
from gql.live.hub import Hub
from gql.live.run import LiveState
from gql.live.ws import graphql_websocket

# A server that has started listens already, unless PostgreSQL keeps the feed waiting.
_FIRST_LISTEN_WAIT = 5.0


def live_routes() -> list[BaseRoute]:
    return [WebSocketRoute("/graphql", graphql_websocket)]


@contextlib.asynccontextmanager
async def live_updates(
    app: Starlette, database_url: str, settings: Settings, live: LiveSettings
) -> AsyncIterator[dict[str, Any]]:
    """Runs the worker's feed while the app runs (after `app.state.pool` exists); yields the
    lifespan state the live connections read."""
    hub = Hub()
    app.state.live = LiveState(hub, settings, live, app.state.pool, app.state.persisted_queries)
    # LISTEN holds a session: never through a transaction pooler, so the direct URL when there is one.
    feed = Feed(live.listen_url or settings.database_direct_url or database_url, hub, live.listener_check_interval)
    feed.start()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(feed.up.wait(), _FIRST_LISTEN_WAIT)
    try:
        yield {STATE_KEY: asyncio.Event()}
    finally:
        await feed.stop()
