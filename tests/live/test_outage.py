"""PostgreSQL restarted under live subscriptions: the subscriber is told live updates paused
(SERVICE_UNAVAILABLE), the worker's listener reconnects by itself, the subscriber gets a
fresh push, and writes after the restart reach it again.

Runs on a PostgreSQL cluster of its own, so stopping it disturbs no other test."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg

from db.config import Settings
from db.migrate import apply_migrations
from gql.app import create_app
from tests.api import dataset
from tests.live.clients import graphql_ws, ingest
from tests.live.conftest import TEST_LIVE, prepare
from tests.live_server import ServerThread
from tests.ops.test_database_outage import own_cluster, pg_ctl

__all__ = ["own_cluster"]  # the fixture, from the outage tests of the HTTP API

OPEN = """subscription Open($login: String!) {
  customerUserUpdated(login: $login) { login openTickets(first: 50) { nodes { number } } }
}"""


async def start(url: str, pgdata: Path) -> None:
    socket_dir = parse_qs(urlsplit(url).query)["host"][0]  # the embedded server listens on a socket only
    options = ["-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log")]
    await asyncio.to_thread(pg_ctl, pgdata, "-w", *options, "start")


async def test_a_restart_pauses_then_pushes_afresh(own_cluster: tuple[str, Path], settings: Settings) -> None:
    url, pgdata = own_cluster
    connection = await asyncpg.connect(url)
    await apply_migrations(connection)
    await connection.close()
    tokens = await prepare(url)
    app = create_app(
        url, replace(settings, statement_timeout_ms=2000), live=replace(TEST_LIVE, listener_check_interval=1.0)
    )
    with ServerThread(app) as server:
        async with graphql_ws(server.url, tokens["alice"]) as ws:
            await ws.subscribe("s", OPEN, {"login": "taro"})
            before = await ws.data("s")

            await asyncio.to_thread(pg_ctl, pgdata, "-m", "fast", "-w", "stop")
            paused = await ws.next("s")
            assert paused["type"] == "next"
            assert paused["payload"]["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert "paused" in paused["payload"]["errors"][0]["message"]

            await start(url, pgdata)
            assert await ws.data("s") == before, "a fresh push once the listener is back"

            ticket = dataset.ticket("AFTER-RESTART", "open", datetime.now(UTC))
            assert (await ingest(server.url, tokens["hook"], [ticket])).status_code == 200
            pushed = await ws.data("s")
            assert "AFTER-RESTART" in [node["number"] for node in pushed["customerUserUpdated"]["openTickets"]["nodes"]]
