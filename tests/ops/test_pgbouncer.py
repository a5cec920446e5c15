"""The API through Debian's PgBouncer (1.18) in transaction mode with two server connections:
same answers and statement counts as direct, settings and timeouts hold, migrations go direct."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest

from db.config import Settings
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.api.test_statement_counts import WIDGETS
from tests.clusters import PgBouncer, pgbouncer_binary
from tests.importing import import_jsonl

FULL_PAGE = f'{{ customerUser(login: "taro") {{ login {" ".join(WIDGETS.values())} }} }}'
USERS_PAGE = f"{{ customerUsers(first: 20) {{ totalCount nodes {{ login {' '.join(WIDGETS.values())} }} }} }}"
TIMEOUT_MS = 1500


@pytest.fixture
def bouncer(server_url: str) -> Iterator[PgBouncer]:
    if pgbouncer_binary() is None:
        pytest.skip("pgbouncer is not installed (Debian: apt-get install pgbouncer, as .ci/run does)")
    if "host=" not in server_url:
        pytest.skip("PgBouncer is put in front of the embedded PostgreSQL's socket")
    bouncer = PgBouncer(server_url, pool_size=2)
    yield bouncer
    bouncer.close()


@pytest.fixture
async def apis(
    database_url: str, settings: Settings, connection: asyncpg.Connection, bouncer: PgBouncer
) -> AsyncIterator[tuple[Api, Api]]:
    """The API through PgBouncer, and the same API direct, on one database."""
    await import_jsonl(connection, dataset.records())
    pooled_url = bouncer.url(urlsplit(database_url).path.lstrip("/"))
    pooled_settings = replace(settings, database_pooler="transaction", statement_timeout_ms=TIMEOUT_MS)
    started = asynccontextmanager(start_api)
    async with AsyncExitStack() as stack:
        pooled = await stack.enter_async_context(started(pooled_url, pooled_settings, connection))
        direct = await stack.enter_async_context(started(database_url, settings, connection))
        yield pooled, direct


async def answer(api: Api, query: str, agent: str = "alice") -> tuple[Any, int]:
    response = await api.post(query, agent=agent)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"], int(response.headers["x-cuic-statements"])


async def test_same_answers_and_statement_counts_as_direct(apis: tuple[Api, Api]) -> None:
    pooled, direct = apis
    for query, statements in ((FULL_PAGE, 5), (USERS_PAGE, 7)):
        assert await answer(pooled, query) == await answer(direct, query)
        assert (await answer(pooled, query))[1] == statements


async def test_settings_write_and_read_back_through_pgbouncer(apis: tuple[Api, Api]) -> None:
    pooled, direct = apis
    change = """mutation { updateWidgetSettings(input: {settings: [{key: OPEN_TICKETS, position: 1, pageSize: 3}]})
        { widgetSettings { key position pageSize } } }"""
    await answer(pooled, change)
    read = "{ viewer { widgetSettings { key position pageSize } } }"
    data, _ = await answer(pooled, read)
    assert data["viewer"]["widgetSettings"][0] == {"key": "OPEN_TICKETS", "position": 1, "pageSize": 3}
    assert await answer(direct, read) == await answer(pooled, read)


async def test_many_requests_share_two_server_connections(apis: tuple[Api, Api]) -> None:
    pooled, direct = apis
    logins = [record["login"] for record in dataset.records() if record["type"] == "customer_user"]
    queries = [FULL_PAGE.replace('"taro"', f'"{login}"') for login in logins] * 4 + [USERS_PAGE] * 8
    expected = [await answer(direct, query, agent) for query in queries for agent in ("alice", "bob")]
    # Many more requests at once than server connections: each statement runs on whichever is free.
    got = await asyncio.gather(*(answer(pooled, query, agent) for query in queries for agent in ("alice", "bob")))
    assert got == expected


async def test_statement_timeout_and_jit_hold_on_every_server_connection(apis: tuple[Api, Api]) -> None:
    pooled, _ = apis
    assert pooled.app is not None
    pool: asyncpg.Pool = pooled.app.state.pool
    settings = "SELECT current_setting('statement_timeout') AS timeout, current_setting('jit') AS jit"
    for row in await asyncio.gather(*(pool.fetchrow(settings) for _ in range(10))):
        assert row is not None and (row["timeout"], row["jit"]) == (f"{TIMEOUT_MS}ms", "off")
    async with pool.acquire() as connection, connection.transaction():
        assert await connection.fetchval("SELECT current_setting('statement_timeout')") == f"{TIMEOUT_MS}ms"
    with pytest.raises(asyncpg.QueryCanceledError):
        await pool.fetchval("SELECT pg_sleep($1)", TIMEOUT_MS / 1000 + 1)
    # The failed transaction was rolled back: the connection serves the next statement.
    assert await pool.fetchval("SELECT 1") == 1


def test_migrations_go_to_the_direct_url(database_url: str, bouncer: PgBouncer) -> None:
    pooled_url = bouncer.url(urlsplit(database_url).path.lstrip("/"))

    def migrate(**env: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "CUIC_DATABASE_URL": pooled_url, "CUIC_DATABASE_POOLER": "transaction", **env}
        return subprocess.run(
            [sys.executable, "-m", "gql.cli", "migrate"],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )

    refused = migrate()
    assert refused.returncode == 1
    assert "CUIC_DATABASE_POOLER=transaction needs CUIC_DATABASE_DIRECT_URL" in refused.stderr
    done = migrate(CUIC_DATABASE_DIRECT_URL=database_url)
    assert done.returncode == 0, done.stderr
    assert "applied 0 migration(s)" in done.stdout


async def test_a_cancelled_statement_leaves_no_transaction_behind(apis: tuple[Api, Api]) -> None:
    pooled, _ = apis
    assert pooled.app is not None
    pool: asyncpg.Pool = pooled.app.state.pool
    # A client-side timeout cancels statements mid-flight on both of PgBouncer's server connections.
    for _ in range(2):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await asyncio.gather(*(pool.fetchval("SELECT pg_sleep($1)", 5.0) for _ in range(2)))
    # Nothing holds a server connection in a transaction: many statements still get through.
    assert await asyncio.gather(*(pool.fetchval("SELECT $1::int", n) for n in range(20))) == list(range(20))
    async with pool.acquire() as connection:
        assert not connection.is_in_transaction()
