"""`cuic serve` stopped with SIGTERM while live connections are open: WebSockets are closed with
1001 (Going Away) and SSE streams end, so clients reconnect elsewhere; the process exits 0."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.live.clients import graphql_ws, sse
from tests.test_serve import Serving, data_dir

__all__ = ["data_dir"]  # the fixture, from the `cuic serve` tests

SETTINGS = "subscription { viewerSettingsUpdated { key } }"


async def test_sigterm_closes_websockets_with_1001_and_ends_streams(data_dir: Path) -> None:
    with Serving(data_dir) as served:
        token = served.demo_token()
        assert token is not None
        async with graphql_ws(served.url, token) as ws, sse(served.url, token, SETTINGS) as events:
            await ws.subscribe("s", SETTINGS)
            assert len((await ws.data("s"))["viewerSettingsUpdated"]) == 9
            assert len((await events.data())["viewerSettingsUpdated"]) == 9
            status = await asyncio.to_thread(served.terminate)
            assert await ws.closed() == (1001, "the server is shutting down")
            assert await events.next() == ("closed", None)
        assert status == 0, served.printed()
