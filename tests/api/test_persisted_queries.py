"""Persisted queries shared through PostgreSQL: found by every worker, free when cached,
bounded and expiring, and an allow-list under CUIC_PERSISTED_QUERIES=only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
import pytest

from db.config import Settings
from db.persisted_queries import ManifestEntry, store_manifest
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl

QUERY = "query Me { viewer { login } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()


def extensions(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def by_hash(api: Api, digest: str) -> httpx.Response:
    return await api.client.get(
        "/graphql",
        params={"extensions": json.dumps(extensions(digest))},
        headers={"Authorization": f"Bearer {api.tokens['alice']}"},
    )


async def register(api: Api, query: str) -> httpx.Response:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return await api.client.post(
        "/graphql",
        json={"query": query, "extensions": extensions(digest)},
        headers={"Authorization": f"Bearer {api.tokens['alice']}"},
    )


def code(response: httpx.Response) -> str:
    value: str = response.json()["errors"][0]["extensions"]["code"]
    return value


async def workers(
    database_url: str, settings: Settings, connection: asyncpg.Connection, count: int
) -> AsyncIterator[list[Api]]:
    """`count` apps on one database, as separate workers or hosts would be."""
    await import_jsonl(connection, dataset.records())
    async with AsyncExitStack() as stack:
        started = asynccontextmanager(start_api)
        yield [await stack.enter_async_context(started(database_url, settings, connection)) for _ in range(count)]


@pytest.fixture
async def two(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[list[Api]]:
    async for apis in workers(database_url, settings, connection, 2):
        yield apis


@pytest.fixture
async def only(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    async for apis in workers(database_url, replace(settings, persisted_queries="only"), connection, 1):
        yield apis[0]


async def test_a_document_registered_through_one_worker_runs_on_another(two: list[Api]) -> None:
    first, second = two
    assert code(await by_hash(second, DIGEST)) == "PERSISTED_QUERY_NOT_FOUND"
    registered = await register(first, QUERY)
    assert registered.json()["data"]["viewer"]["login"] == "alice"
    found = await by_hash(second, DIGEST)
    assert found.status_code == 200 and found.json()["data"]["viewer"]["login"] == "alice"


async def test_a_cached_document_costs_no_statement(two: list[Api]) -> None:
    first, second = two
    plain = await first.post(QUERY)
    base = int(plain.headers["x-cuic-statements"])
    registering = await register(first, QUERY)
    assert int(registering.headers["x-cuic-statements"]) == base + 1  # the INSERT
    # The registering worker has it cached; the other looks it up once, then has it too.
    assert int((await by_hash(first, DIGEST)).headers["x-cuic-statements"]) == base
    assert int((await by_hash(second, DIGEST)).headers["x-cuic-statements"]) == base + 1
    assert int((await by_hash(second, DIGEST)).headers["x-cuic-statements"]) == base
    # Registering again what a worker knows writes nothing.
    assert int((await register(second, QUERY)).headers["x-cuic-statements"]) == base


async def test_only_valid_documents_are_stored(two: list[Api], connection: asyncpg.Connection) -> None:
    first, _ = two
    assert code(await register(first, "{ viewer { nope } }")) == "GRAPHQL_VALIDATION_FAILED"
    assert code(await register(first, "{ viewer {")) == "GRAPHQL_PARSE_FAILED"
    assert await connection.fetchval("SELECT count(*) FROM persisted_query") == 0
    wrong = await first.client.post(
        "/graphql",
        json={"query": "{ widgets { key } }", "extensions": extensions(DIGEST)},
        headers={"Authorization": f"Bearer {first.tokens['alice']}"},
    )
    assert code(wrong) == "BAD_USER_INPUT"
    assert await connection.fetchval("SELECT count(*) FROM persisted_query") == 0


async def test_use_is_recorded_in_batches_and_unused_client_documents_expire(
    two: list[Api], connection: asyncpg.Connection
) -> None:
    first, _ = two
    await register(first, QUERY)
    await store_manifest(connection, [ManifestEntry("a" * 64, "Imported", "{ widgets { key } }")])
    await connection.execute("UPDATE persisted_query SET last_used_at = now() - interval '40 days'")
    assert first.app is not None
    persisted, pool = first.app.state.persisted_queries, first.app.state.pool
    assert (await by_hash(first, DIGEST)).status_code == 200  # from the LRU: no statement
    await persisted.flush(pool)
    fresh = await connection.fetchval(
        "SELECT last_used_at > now() - interval '1 minute' FROM persisted_query WHERE sha256 = $1", DIGEST
    )
    assert fresh is True
    await connection.execute("UPDATE persisted_query SET last_used_at = now() - interval '40 days'")
    assert await persisted.prune(pool) == 1
    # Imported documents never expire.
    assert await connection.fetchval("SELECT array_agg(source) FROM persisted_query") == ["manifest"]


async def test_client_documents_are_bounded(two: list[Api], connection: asyncpg.Connection) -> None:
    first, _ = two
    assert first.app is not None
    persisted, pool = first.app.state.persisted_queries, first.app.state.pool
    persisted.keep = 2
    for n in range(4):
        await register(first, f"query Q{n} {{ viewer {{ login }} }}")
        await connection.execute(
            "UPDATE persisted_query SET last_used_at = now() - make_interval(mins => $1) WHERE operation_name = $2",
            10 - n,
            f"Q{n}",
        )
    assert await persisted.prune(pool) == 2
    kept = await connection.fetchval("SELECT array_agg(operation_name ORDER BY operation_name) FROM persisted_query")
    assert kept == ["Q2", "Q3"]  # the two used last


async def test_only_mode_runs_imported_documents_alone(only: Api, connection: asyncpg.Connection) -> None:
    await store_manifest(connection, [ManifestEntry(DIGEST, "Me", QUERY)])
    # By hash and by text, an imported document runs.
    assert (await by_hash(only, DIGEST)).json()["data"]["viewer"]["login"] == "alice"
    assert (await only.post(QUERY)).json()["data"]["viewer"]["login"] == "alice"
    # Anything else is refused, and a client cannot register it.
    other = "{ widgets { key } }"
    refused = await only.post(other)
    assert code(refused) == "FORBIDDEN" and "CUIC_PERSISTED_QUERIES=only" in refused.json()["errors"][0]["message"]
    assert code(await register(only, other)) == "FORBIDDEN"
    strict = await only.post(other, headers={"Accept": "application/graphql-response+json"})
    assert strict.status_code == 403
    assert code(await by_hash(only, hashlib.sha256(other.encode()).hexdigest())) == "PERSISTED_QUERY_NOT_FOUND"
    # A document a client registered before the switch is not on the allow-list.
    await connection.execute(
        "INSERT INTO persisted_query (sha256, document, source) VALUES ($1, $2, 'client')",
        hashlib.sha256(other.encode()).hexdigest(),
        other,
    )
    assert code(await only.post(other)) == "FORBIDDEN"
    assert await connection.fetchval("SELECT count(*) FROM persisted_query") == 2
