"""Test database: one PostgreSQL per session (embedded, or CUIC_DATABASE_URL), a migrated
template database, and a fresh copy of it for every test that asks for one."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from db.config import Settings, load_settings
from db.embedded import start_embedded
from db.migrate import apply_migrations
from db.pool import Pool, create_pool

TEMPLATE = "cuic_test_template"
_database_numbers = itertools.count(1)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    external = os.environ.get("CUIC_DATABASE_URL")
    if external:
        yield external
        return
    with tempfile.TemporaryDirectory(prefix="cuic-test-") as data_dir:
        yield start_embedded(Path(data_dir))


async def _admin(server_url: str) -> asyncpg.Connection:
    return await asyncpg.connect(with_database(server_url, "postgres"))


@pytest.fixture(scope="session")
def template_url(server_url: str) -> str:
    import asyncio

    async def build() -> None:
        admin = await _admin(server_url)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
            await admin.execute(f"CREATE DATABASE {TEMPLATE}")
        finally:
            await admin.close()
        connection = await asyncpg.connect(with_database(server_url, TEMPLATE))
        try:
            await apply_migrations(connection)
        finally:
            await connection.close()

    asyncio.run(build())
    return with_database(server_url, TEMPLATE)


@pytest.fixture
async def database_url(server_url: str, template_url: str) -> AsyncIterator[str]:
    """A fresh, migrated, empty database of its own for one test."""
    name = f"cuic_test_{os.getpid()}_{next(_database_numbers)}"
    admin = await _admin(server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    finally:
        await admin.close()
    yield with_database(server_url, name)
    admin = await _admin(server_url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CUIC_DATABASE_URL", database_url)
    for name in ("CUIC_REMINDER_HOURS", "CUIC_NAME_ORDER"):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


@pytest.fixture
async def connection(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database_url)
    yield connection
    await connection.close()


@pytest.fixture
async def pool(database_url: str, settings: Settings) -> AsyncIterator[Pool]:
    pool = await create_pool(database_url, settings)
    yield pool
    await pool.close()


NODE_CLIENTS = Path(__file__).parent / "node"


@pytest.fixture(scope="session")
def node_clients() -> Path:
    """tests/node with its pinned packages installed (`npm ci`, once per session)."""
    import shutil
    import subprocess

    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        pytest.skip("node and npm are needed for the third-party client tests (Debian: nodejs, npm)")
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_CLIENTS, capture_output=True, text=True
    )
    assert done.returncode == 0, f"npm ci in {NODE_CLIENTS} failed:\n{done.stderr}"
    return NODE_CLIENTS
