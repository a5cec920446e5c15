"""Scale-out with real processes: `cuic serve --workers 2` whose /metrics sums both workers,
and two `cuic serve` processes (two hosts) that share nothing but PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from db.migrate import migration_files
from db.tokens import create_token
from tests.api import dataset
from tests.conftest import with_database
from tests.importing import import_jsonl
from tests.serve_process import ServeProcess

QUERY = "query Me { viewer { login } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()
PERSISTED = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": DIGEST}})


def samples(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


async def scrape(url: str) -> str:
    # A new connection each time: uvicorn's workers share the socket, either may answer.
    async with httpx.AsyncClient() as http:
        return (await http.get(f"{url}/metrics")).text


async def test_one_scrape_sums_all_workers(database_url: str, connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    env = {"CUIC_DATABASE_URL": database_url, "CUIC_POOL_MIN_SIZE": "2"}
    with ServeProcess(env, workers=2) as serve:
        await asyncio.to_thread(serve.wait_ready)
        requests = 30
        for _ in range(requests):
            async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
                response = await http.post(f"{serve.url}/graphql", json={"query": QUERY})
                assert response.json()["data"]["viewer"]["login"] == "alice"
        for _ in range(6):
            text = await scrape(serve.url)
            assert samples(text, "cuic_requests_total", operation="Me", outcome="ok") == requests
            assert samples(text, "cuic_request_duration_seconds_count", operation="Me") == requests
            # Each worker opened its pool's two connections: the gauge adds both workers up.
            assert samples(text, "cuic_pool_connections", database="primary") == 4


@pytest.fixture
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    """An empty database that nothing has migrated yet."""
    name = f"cuic_hosts_{os.getpid()}"
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
        yield with_database(server_url, name)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


async def test_two_hosts_share_only_postgresql(fresh_database: str) -> None:
    env = {"CUIC_DATABASE_URL": fresh_database}
    # Started together on an empty database: both migrate, under the advisory lock.
    with ServeProcess(env) as first, ServeProcess(env) as second:
        await asyncio.gather(asyncio.to_thread(first.wait_ready), asyncio.to_thread(second.wait_ready))
        connection = await asyncpg.connect(fresh_database)
        try:
            versions = [row["version"] for row in await connection.fetch("SELECT version FROM schema_migration")]
            assert sorted(versions) == [path.stem for path in migration_files()]
            await import_jsonl(connection, dataset.records())
            token = await create_token(connection, "alice")
        finally:
            await connection.close()
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
            # A settings change through one host is what the other serves next.
            change = """mutation { updateWidgetSettings(input: {settings: [{key: CLOSED_TICKETS, pageSize: 7}]})
                { widgetSettings { key pageSize } } }"""
            assert "errors" not in (await http.post(f"{first.url}/graphql", json={"query": change})).json()
            read = await http.post(
                f"{second.url}/graphql", json={"query": "{ viewer { widgetSettings { key pageSize } } }"}
            )
            sizes = {s["key"]: s["pageSize"] for s in read.json()["data"]["viewer"]["widgetSettings"]}
            assert sizes["CLOSED_TICKETS"] == 7
            # A document registered on one host runs by its hash alone on the other.
            missing = await http.get(f"{second.url}/graphql", params={"extensions": PERSISTED})
            assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
            registered = await http.post(
                f"{first.url}/graphql", json={"query": QUERY, "extensions": json.loads(PERSISTED)}
            )
            assert registered.json()["data"]["viewer"]["login"] == "alice"
            found = await http.get(f"{second.url}/graphql", params={"extensions": PERSISTED})
            assert found.status_code == 200 and found.json()["data"]["viewer"]["login"] == "alice"


async def test_serve_with_an_allow_list_lets_the_screen_in(database_url: str, connection: asyncpg.Connection) -> None:
    from gql.manifest import SCREEN_MANIFEST, load_manifest

    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    boot = next(entry for entry in load_manifest(SCREEN_MANIFEST) if entry.operation_name == "CuicBoot")
    env = {"CUIC_DATABASE_URL": database_url, "CUIC_PERSISTED_QUERIES": "only"}
    with ServeProcess(env) as serve:
        await asyncio.to_thread(serve.wait_ready)
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
            persisted = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": boot.sha256}})
            screen = await http.get(
                f"{serve.url}/graphql", params={"extensions": persisted, "operationName": "CuicBoot"}
            )
            assert screen.json()["data"]["viewer"]["login"] == "alice"
            other = await http.post(f"{serve.url}/graphql", json={"query": QUERY})
            assert other.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
