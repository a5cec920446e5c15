"""Which database a command works on, and running one job on one connection to it.

The API server has its pools (db/pool.py); a command (`cuic migrate`, `import`, `demo`,
`token`, the start of `serve`) opens one connection per job and closes it again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from db.config import Settings
from db.embedded import start_embedded

T = TypeVar("T")

# The database cuic creates in its embedded cluster.
EMBEDDED_DATABASE = "cuic"


def run_job(url: str, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Run `work` on a new connection to `url`, from synchronous code."""

    async def main() -> T:
        connection = await asyncpg.connect(url)
        try:
            return await work(connection)
        finally:
            await connection.close()

    return asyncio.run(main())


async def _create_if_missing(connection: asyncpg.Connection) -> None:
    if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", EMBEDDED_DATABASE):
        await connection.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')


def database_url(settings: Settings) -> str:
    """The primary for migrations and commands (CUIC_DATABASE_DIRECT_URL, else CUIC_DATABASE_URL:
    a transaction pooler cannot hold the migrations' session lock), or the embedded cluster's
    `cuic` database (started, and the database created, on first use)."""
    if settings.database_url:
        return settings.database_direct_url or settings.database_url
    server_url = start_embedded(settings.data_dir)
    run_job(server_url, _create_if_missing)
    return urlunsplit(urlsplit(server_url)._replace(path="/" + EMBEDDED_DATABASE))


async def is_empty(connection: asyncpg.Connection) -> bool:
    """No agents and no customer users: nothing a demo load could collide with."""
    return not await connection.fetchval("SELECT EXISTS (SELECT 1 FROM agent) OR EXISTS (SELECT 1 FROM customer_user)")
