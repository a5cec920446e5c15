"""CUIC_DATABASE_READ_URL against a real streaming replica: a hot standby made by
pg_basebackup -R from a primary of its own, as a second cluster on its own socket.

Pausing the standby's replay makes it visibly behind: what a request shows then tells
which database answered it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
import pytest

import db.pools
from db.config import load_settings
from db.migrate import apply_migrations
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.clusters import Topology
from tests.importing import import_jsonl
from tests.ops.test_scale_out import samples

NAME = '{ customerUser(login: "taro") { fullName } }'
CLOSED = '{ customerUser(login: "taro") { closedTickets { nodes { number } } } }'
SETTINGS = "{ viewer { widgetSettings { key pageSize } } }"
SHRINK_CLOSED = """mutation { updateWidgetSettings(input: {settings: [{key: CLOSED_TICKETS, pageSize: 1}]})
    { widgetSettings { key pageSize } } }"""


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    topology = Topology()
    yield topology
    topology.close()


class Replicated:
    def __init__(self, topology: Topology, database: str, http: httpx.AsyncClient) -> None:
        self.topology = topology
        self.database = database
        self.http = http

    async def data(self, query: str) -> Any:
        response = await self.http.post("/graphql", json={"query": query})
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]

    async def on_primary(self, sql: str) -> None:
        connection = await asyncpg.connect(self.topology.primary(self.database))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    async def on_standby(self, sql: str) -> Any:
        connection = await asyncpg.connect(self.topology.standby.url(self.database))
        try:
            return await connection.fetchval(sql)
        finally:
            await connection.close()

    async def pause_replay(self) -> None:
        await self.on_standby("SELECT pg_wal_replay_pause()")
        for _ in range(500):
            if await self.on_standby("SELECT pg_get_wal_replay_pause_state()") == "paused":
                return
            await asyncio.sleep(0.02)
        raise AssertionError("the standby's replay did not pause")

    async def status(self) -> str:
        response = await self.http.get("/readyz")
        assert response.status_code == 200, response.text
        return response.text.splitlines()[1]

    async def metric(self, name: str, **labels: str) -> float:
        return samples((await self.http.get("/metrics")).text, name, **labels)


async def caught_up(topology: Topology, database: str, tokens: int) -> None:
    """Wait until the standby has replayed the database and its tokens."""
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = await asyncpg.connect(topology.standby.url(database))
            try:
                if await connection.fetchval("SELECT count(*) FROM api_token") == tokens:
                    return
            finally:
                await connection.close()
        except (asyncpg.InvalidCatalogNameError, asyncpg.UndefinedTableError):
            pass
        assert time.monotonic() < deadline, "the standby did not catch up"
        await asyncio.sleep(0.05)


@pytest.fixture
async def replicated(topology: Topology, request: pytest.FixtureRequest) -> AsyncIterator[Replicated]:
    database = f"cuic_replica_{request.node.name[5:40]}"
    admin = await asyncpg.connect(topology.primary("postgres"))
    await admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    await admin.execute(f"CREATE DATABASE {database}")
    connection = await asyncpg.connect(topology.primary(database))
    await apply_migrations(connection)
    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    await connection.close()
    await caught_up(topology, database, tokens=1)
    settings = replace(
        load_settings(),
        database_url=topology.primary(database),
        database_read_url=topology.standby.url(database),
        statement_timeout_ms=1500,
    )
    app = create_app(topology.primary(database), settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://cuic",
            headers={"Authorization": f"Bearer {token}"},
        ) as http,
    ):
        yield Replicated(topology, database, http)
    if not topology.standby.running():
        topology.standby.start()
    await admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    await admin.close()


async def test_reads_go_to_the_replica_writes_and_own_settings_to_the_primary(replicated: Replicated) -> None:
    original = (await replicated.data(NAME))["customerUser"]["fullName"]
    on_primary = await replicated.metric("cuic_read_statements_total", database="primary")
    on_replica = await replicated.metric("cuic_read_statements_total", database="replica")
    await replicated.pause_replay()
    await replicated.on_primary("UPDATE customer_user SET first_name = 'Changed' WHERE login = 'taro'")
    # The standby has not replayed the change: the read came from it.
    assert (await replicated.data(NAME))["customerUser"]["fullName"] == original
    assert len((await replicated.data(CLOSED))["customerUser"]["closedTickets"]["nodes"]) == 2
    # The write goes to the primary (the standby is read-only, and paused) ...
    written = (await replicated.data(SHRINK_CLOSED))["updateWidgetSettings"]["widgetSettings"]
    assert {"key": "CLOSED_TICKETS", "pageSize": 1} in written
    # ... and the agent reads their own change at once, though the replica is behind.
    settings = (await replicated.data(SETTINGS))["viewer"]["widgetSettings"]
    assert {"key": "CLOSED_TICKETS", "pageSize": 1} in settings
    assert len((await replicated.data(CLOSED))["customerUser"]["closedTickets"]["nodes"]) == 1
    assert await replicated.metric("cuic_read_statements_total", database="primary") == on_primary
    assert await replicated.metric("cuic_read_statements_total", database="replica") >= on_replica + 4

    await replicated.on_standby("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 10
    while (await replicated.data(NAME))["customerUser"]["fullName"] == original:
        assert time.monotonic() < deadline, "the replica never showed the change"
        await asyncio.sleep(0.05)


async def test_reads_leave_a_replica_that_goes_away_and_return_when_it_is_back(replicated: Replicated) -> None:
    standby = replicated.topology.standby
    expected = await replicated.data(NAME)
    assert await replicated.status() == "replica: up, reads go to the replica"
    assert await replicated.metric("cuic_replica_up") == 1

    # Gone, with no request in flight: the probe notices within a second.
    await asyncio.to_thread(standby.stop, "fast")
    stopped = time.monotonic()
    while "replica: down" not in await replicated.status():
        assert time.monotonic() - stopped < 1, "reads still aimed at the replica a second after it went away"
        await asyncio.sleep(0.02)
    on_primary = await replicated.metric("cuic_read_statements_total", database="primary")
    assert await replicated.data(NAME) == expected
    assert await replicated.metric("cuic_replica_up") == 0
    assert await replicated.metric("cuic_read_statements_total", database="primary") > on_primary

    # Back: reads return to the replica once a probe reaches it.
    await asyncio.to_thread(standby.start)
    deadline = time.monotonic() + 10
    while await replicated.status() != "replica: up, reads go to the replica":
        assert time.monotonic() < deadline, "reads did not return to the replica"
        await asyncio.sleep(0.05)
    await replicated.pause_replay()
    await replicated.on_primary("UPDATE customer_user SET first_name = 'Later' WHERE login = 'taro'")
    assert await replicated.data(NAME) == expected
    assert await replicated.metric("cuic_replica_up") == 1
    await replicated.on_standby("SELECT pg_wal_replay_resume()")


@pytest.fixture
def no_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only requests find out about the replica."""
    monkeypatch.setattr(db.pools, "PROBE_INTERVAL", 3600)


async def test_a_replica_lost_under_requests_costs_no_failed_request(no_probe: None, replicated: Replicated) -> None:
    standby = replicated.topology.standby
    page = '{ customerUser(login: "taro") { fullName openTickets { totalCount } closedTickets { totalCount } } }'
    expected = await replicated.data(page)
    failovers = await replicated.metric("cuic_replica_failovers_total")
    # Stopped abruptly, and no probe to notice: the statements that find it gone run again
    # on the primary, and the request succeeds.
    await asyncio.to_thread(standby.stop, "immediate")
    assert await replicated.data(page) == expected
    assert "replica: down" in await replicated.status()
    assert await replicated.metric("cuic_replica_failovers_total") == failovers + 1


async def test_a_hanging_replica_costs_a_bounded_wait_and_no_failed_request(replicated: Replicated) -> None:
    standby = replicated.topology.standby
    page = '{ customerUser(login: "taro") { fullName openTickets { totalCount } } }'
    expected = await replicated.data(page)
    failovers = await replicated.metric("cuic_replica_failovers_total")
    standby.freeze()
    try:
        # Statements already on their way hang until their client-side timeout (the statement
        # timeout plus a second), then run again on the primary; the probe takes it out too.
        async with asyncio.timeout(30):  # rather than hang the suite
            assert await replicated.data(page) == expected
        assert "replica: down" in await replicated.status()
        assert await replicated.metric("cuic_replica_failovers_total") == failovers + 1
        assert await replicated.data(page) == expected  # straight to the primary now
    finally:
        standby.thaw()
    deadline = time.monotonic() + 10
    while await replicated.status() != "replica: up, reads go to the replica":
        assert time.monotonic() < deadline, "reads did not return to the replica"
        await asyncio.sleep(0.05)
