"""`cuic serve` stopped with SIGTERM while live connections are open: WebSockets are closed with
1001 (Going Away) and SSE streams end, so clients reconnect elsewhere; the process exits 0."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from pathlib import Path

from tests.api.dataset import ticket
from tests.live.clients import graphql_ws, ingest, sse
from tests.test_serve import Serving, data_dir

__all__ = ["data_dir"]  # the fixture, from the `cuic serve` tests

SETTINGS = "subscription { viewerSettingsUpdated { key } }"
OPEN = """subscription Open($login: String!) {
  customerUserUpdated(login: $login) { openTickets(first: 50) { nodes { number } } }
}"""


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


async def test_every_worker_listens(data_dir: Path) -> None:
    """With --workers 2 the kernel spreads connections over both workers; each has its own
    listener, so every subscriber gets the push whichever worker holds it."""
    with Serving(data_dir, "--workers", "2") as served:
        token = served.demo_token()
        assert token is not None
        hook = await asyncio.to_thread(_ingest_token, data_dir)
        async with contextlib.AsyncExitStack() as stack:
            clients = [await stack.enter_async_context(graphql_ws(served.url, token)) for _ in range(8)]
            for client in clients:
                await client.subscribe("s", OPEN, {"login": "yamada.taro"})
                assert "LIVE-W" not in str(await client.data("s"))
            now = datetime.now(UTC)
            record = ticket("LIVE-W", "open", now, customer_user="yamada.taro", changed_at=now.isoformat())
            answer = await ingest(served.url, hook, [record])
            assert answer.status_code == 200, answer.text
            for client in clients:
                assert "LIVE-W" in str(await client.data("s"))
            # Both workers held some of the subscriptions (each worker counts its own).
            assert any(0 < held < 8 for held in await _gauges(served.url))
        assert await asyncio.to_thread(served.terminate) == 0


def _ingest_token(data_dir: Path) -> str:
    from tests.test_serve import _cuic

    created = _cuic(data_dir, "token", "create", "admin", "--scope", "ingest")
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


async def _gauges(url: str) -> set[float]:
    """`cuic_live_subscriptions` of every worker, over 20 scrapes."""
    import httpx

    seen = set()
    for _ in range(20):
        async with httpx.AsyncClient() as http:
            text = (await http.get(url + "/metrics")).text
        # One sample per live worker, labelled by pid (prometheus-client's multiprocess mode).
        seen |= {float(line.split()[-1]) for line in text.splitlines() if line.startswith("cuic_live_subscriptions{")}
    return seen
