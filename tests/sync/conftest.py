"""A fixture OTOBO database per test, beside cuic's, in the same PostgreSQL server."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from db.config import Settings
from db.sync import CycleReport, SyncOptions, run_cycle
from db.sync.source import open_source
from db.tokens import create_token
from tests.api.conftest import Api
from tests.conftest import with_database
from tests.sync import helpdesk, mariadb
from tests.sync.otobo import Otobo, create_pg_otobo

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
        await create_pg_otobo(connection)
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


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[str]:
    if not mariadb.available():
        pytest.skip("Debian's mariadb-server is not installed (.ci/run installs it)")
    yield from mariadb.start_server()


@pytest.fixture
async def mariadb_url(mariadb_server: str) -> AsyncIterator[str]:
    """The fixture OTOBO on MariaDB, empty: `mariadb.mirror(otobo.db, url)` copies the rows."""
    name = f"otobo_test_{os.getpid()}_{next(_numbers)}"
    yield await mariadb.create_otobo(mariadb_server, name)
    await mariadb.drop(mariadb_server, name)


@pytest.fixture(params=["postgresql", "mariadb"])
async def source_url(request: pytest.FixtureRequest, otobo_url: str, otobo: Otobo) -> AsyncIterator[str]:
    """The fixture OTOBO on each engine: the PostgreSQL one, or a MariaDB copy of its rows."""
    if request.param == "postgresql":
        yield otobo_url
        return
    # A synchronous fixture may be asked for here; an asynchronous one (mariadb_url) not.
    server: str = request.getfixturevalue("mariadb_server")
    name = f"otobo_test_{os.getpid()}_{next(_numbers)}"
    url = await mariadb.create_otobo(server, name)
    await mariadb.mirror(otobo.db, url)
    yield url
    await mariadb.drop(server, name)


@pytest.fixture
async def tickets(otobo: Otobo) -> dict[str, int]:
    """The helpdesk of tests/sync/helpdesk.py, in the fixture OTOBO."""
    return await helpdesk.build(otobo)


async def sync_once(database_url: str, otobo_url: str, **options: object) -> CycleReport:
    """One cycle, as `cuic sync otobo` runs it, over fresh connections."""
    cuic = await asyncpg.connect(database_url)
    source = await open_source(otobo_url)
    try:
        return await run_cycle(cuic, source, SyncOptions(**options))  # type: ignore[arg-type]
    finally:
        await source.close()
        await cuic.close()


async def start_synced_api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    import httpx

    from gql.app import create_app

    tokens = {login: await create_token(connection, login) for login in AGENTS}
    app = create_app(database_url, settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        yield Api(client, tokens)


@pytest.fixture
async def synced_api(
    database_url: str, tickets: dict[str, int], source_url: str, settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[Api]:
    """The real API over cuic after a first sync of the helpdesk (from each engine)."""
    await sync_once(database_url, source_url)
    async for api in start_synced_api(database_url, settings, connection):
        yield api


@pytest.fixture
async def pg_synced_api(
    database_url: str, tickets: dict[str, int], otobo_url: str, settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[Api]:
    """The real API over cuic after a first sync of the helpdesk from the PostgreSQL OTOBO."""
    await sync_once(database_url, otobo_url)
    async for api in start_synced_api(database_url, settings, connection):
        yield api
