"""Persisted queries over the live transports: a WebSocket or SSE operation may name its
document by hash, and under CUIC_PERSISTED_QUERIES=only runs registered documents alone, as
/graphql does (the allow-list would be no lock with a live door open)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
import pytest

from db.config import Settings
from db.persisted_queries import store_manifest
from gql.app import create_app
from gql.live.config import LiveSettings
from gql.manifest import SCREEN_MANIFEST, load_manifest
from gql.persisted_queries import sha256_hex
from tests.live.clients import PATIENCE, GraphQLWS, graphql_ws
from tests.live.conftest import Running, prepare
from tests.live_server import ServerThread

OPEN = """subscription Open($login: String!) {
  customerUserUpdated(login: $login) { login openTickets(first: 50) { nodes { number } } }
}"""


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def subscribe(ws: GraphQLWS, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
    ws.queues[operation] = asyncio.Queue()
    await ws.send({"id": operation, "type": "subscribe", "payload": payload})
    return await ws.next(operation)


@pytest.fixture
async def locked(database_url: str, settings: Settings, live_settings: LiveSettings) -> AsyncIterator[Running]:
    tokens = await prepare(database_url)
    connection = await asyncpg.connect(database_url)
    try:
        await store_manifest(connection, load_manifest(SCREEN_MANIFEST, validate_documents=False))
    finally:
        await connection.close()
    app = create_app(database_url, replace(settings, persisted_queries="only"), live=live_settings)
    with ServerThread(app) as thread:
        yield Running(thread.url, tokens, database_url, app)


async def test_a_subscription_registers_its_document_and_runs_by_hash(server: Running) -> None:
    digest = sha256_hex(OPEN)
    variables = {"login": "taro"}
    async with graphql_ws(server.url, server.tokens["alice"]) as ws:
        unknown = await subscribe(ws, "unknown", {"variables": variables, "extensions": persisted(digest)})
        assert unknown["type"] == "error"
        assert unknown["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

        wrong = await subscribe(ws, "wrong", {"query": OPEN, "variables": variables, "extensions": persisted("0" * 64)})
        assert wrong["type"] == "error"
        assert wrong["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"

        first = await subscribe(ws, "first", {"query": OPEN, "variables": variables, "extensions": persisted(digest)})
        assert first["type"] == "next" and first["payload"]["data"]["customerUserUpdated"]["login"] == "taro"
        by_hash = await subscribe(ws, "by-hash", {"variables": variables, "extensions": persisted(digest)})
        assert by_hash["payload"] == first["payload"]


async def test_an_allow_listed_server_runs_only_registered_live_documents(locked: Running) -> None:
    entries = load_manifest(SCREEN_MANIFEST, validate_documents=False)
    live = next(entry for entry in entries if entry.operation_name == "CuicLive" and "openTickets" in entry.document)
    async with graphql_ws(locked.url, locked.tokens["alice"]) as ws:
        refused = await subscribe(ws, "open", {"query": OPEN, "variables": {"login": "taro"}})
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "FORBIDDEN"
        query = await subscribe(ws, "query", {"query": "{ viewer { login } }"})
        assert query["payload"][0]["extensions"]["code"] == "FORBIDDEN"

        # The screen's subscription, by text and by hash.
        screen = await subscribe(ws, "screen", {"query": live.document, "variables": {"login": "taro"}})
        assert screen["type"] == "next", screen
        assert screen["payload"]["data"]["customerUserUpdated"]["login"] == "taro"
        hashed = await subscribe(ws, "hashed", {"variables": {"login": "taro"}, "extensions": persisted(live.sha256)})
        assert hashed["payload"] == screen["payload"]

    async with httpx.AsyncClient(base_url=locked.url, timeout=PATIENCE) as http:
        stream = {"Authorization": f"Bearer {locked.tokens['alice']}", "Accept": "text/event-stream"}
        over_sse = await http.post("/graphql", json={"query": OPEN, "variables": {"login": "taro"}}, headers=stream)
    assert over_sse.status_code == 403
    assert over_sse.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_client_that_may_not_read_registers_nothing(server: Running) -> None:
    query = "{ viewer { login } }"
    body = {"query": query, "extensions": persisted(sha256_hex(query))}
    async with httpx.AsyncClient(base_url=server.url, timeout=PATIENCE) as http:
        for token, status in (("cuic_not-a-token", 401), (server.tokens["hook"], 403)):
            headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
            assert (await http.post("/graphql", json=body, headers=headers)).status_code == status
    connection = await asyncpg.connect(server.database_url)
    try:
        stored = await connection.fetchval("SELECT count(*) FROM persisted_query WHERE sha256 = $1", sha256_hex(query))
    finally:
        await connection.close()
    assert stored == 0
