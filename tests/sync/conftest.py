"""A fixture OTOBO database per test, beside cuic's, in the same PostgreSQL server."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator

import asyncpg
import pytest

from db.config import Settings
from db.sync import CycleReport, SyncOptions, run_cycle
from db.sync.otobo_pg import PgSource
from db.tokens import create_token
from tests.api.conftest import Api
from tests.conftest import with_database
from tests.sync import helpdesk
from tests.sync.otobo import SCHEMA, Otobo

_numbers = itertools.count(1)
AGENTS = ("alice", "bob", "carol", "dave")


@pytest.fixture
async def otobo_url(server_url: str) -> AsyncIterator[str]:
    name = f"otobo_test_{os.getpid()}_{next(_numbers)}"
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    url = with_database(server_url, name)
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(SCHEMA.read_text(encoding="utf-8"))
    finally:
        await connection.close()
    yield url
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


@pytest.fixture
async def otobo(otobo_url: str) -> AsyncIterator[Otobo]:
    connection = await asyncpg.connect(otobo_url)
    yield Otobo(connection)
    await connection.close()


@pytest.fixture
async def tickets(otobo: Otobo) -> dict[str, int]:
    """The helpdesk of tests/sync/helpdesk.py, in the fixture OTOBO."""
    return await helpdesk.build(otobo)


async def sync_once(database_url: str, otobo_url: str, **options: object) -> CycleReport:
    """One cycle, as `cuic sync otobo` runs it, over fresh connections."""
    cuic = await asyncpg.connect(database_url)
    source = await PgSource.connect(otobo_url)
    try:
        return await run_cycle(cuic, source, SyncOptions(**options))  # type: ignore[arg-type]
    finally:
        await source.close()
        await cuic.close()


async def start_synced_api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    from gql.app import create_app
    import httpx

    tokens = {login: await create_token(connection, login) for login in AGENTS}
    app = create_app(database_url, settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        yield Api(client, tokens)


@pytest.fixture
async def synced_api(
    database_url: str, otobo_url: str, tickets: dict[str, int], settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[Api]:
    """The real API over cuic after a first sync of the helpdesk."""
    await sync_once(database_url, otobo_url)
    async for api in start_synced_api(database_url, settings, connection):
        yield api
