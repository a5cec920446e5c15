"""POST /ingest through the real ASGI app: the import's checks and summary, all or nothing,
token scopes, and the body's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import orjson
import pytest

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from gql.live.config import LiveSettings
from tests.api import dataset
from tests.importing import import_jsonl, jsonl

NDJSON = {"Content-Type": "application/x-ndjson"}
TICKET_COUNT = "SELECT count(*) FROM ticket"


def body(records: list[dict[str, object]]) -> bytes:
    return ("\n".join(jsonl(records)) + "\n").encode()


def new_ticket(number: str, **fields: object) -> dict[str, object]:
    return dataset.ticket(number, "open", datetime.now(UTC), **fields)


@pytest.fixture
async def http(
    database_url: str, settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    await import_jsonl(connection, dataset.records())
    tokens = {
        "ingest": await create_token(connection, "alice", "hook", scope="ingest"),
        "read": await create_token(connection, "alice"),
    }
    app = create_app(database_url, settings, live=LiveSettings(max_ingest_bytes=20_000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        yield client, tokens


def auth(token: str) -> dict[str, str]:
    return {**NDJSON, "Authorization": f"Bearer {token}"}


async def test_one_ticket_is_created_then_unchanged(
    http: tuple[httpx.AsyncClient, dict[str, str]], connection: asyncpg.Connection
) -> None:
    client, tokens = http
    record = new_ticket("HOOK-1", title="From the hook")
    first = await client.post("/ingest", content=body([record]), headers=auth(tokens["ingest"]))
    assert first.status_code == 200, first.text
    summary = first.json()
    assert summary["created"]["ticket"] == 1 and summary["changed"]["ticket"] == 0
    assert summary["lines"] == 1 and summary["dryRun"] is False
    assert await connection.fetchval("SELECT title FROM ticket WHERE number = 'HOOK-1'") == "From the hook"
    again = await client.post("/ingest", content=body([record]), headers=auth(tokens["ingest"]))
    assert again.json()["unchanged"]["ticket"] == 1 and again.json()["created"]["ticket"] == 0
    changed = await client.post(
        "/ingest", content=body([{**record, "title": "Renamed"}]), headers=auth(tokens["ingest"])
    )
    assert changed.json()["changed"]["ticket"] == 1


async def test_a_bad_line_writes_nothing(
    http: tuple[httpx.AsyncClient, dict[str, str]], connection: asyncpg.Connection
) -> None:
    client, tokens = http
    before = await connection.fetchval(TICKET_COUNT)
    payload = body([new_ticket("HOOK-2")]) + b'{"type": "ticket", "number": "X"}\nnot json\n'
    response = await client.post("/ingest", content=payload, headers=auth(tokens["ingest"]))
    assert response.status_code == 422
    answer = response.json()
    assert answer["badLines"] == 2
    assert [e["extensions"]["line"] for e in answer["errors"]] == [2, 3]
    assert answer["errors"][0]["message"].startswith("line 2: missing field")
    assert {e["extensions"]["code"] for e in answer["errors"]} == {"BAD_USER_INPUT"}
    assert await connection.fetchval(TICKET_COUNT) == before


async def test_errors_are_capped_as_the_cli_caps_them(http: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    client, tokens = http
    response = await client.post("/ingest", content=b"[]\n" * 150, headers=auth(tokens["ingest"]))
    answer = response.json()
    assert response.status_code == 422 and answer["badLines"] == 150
    assert len(answer["errors"]) == 101
    assert answer["errors"][-1]["message"] == "... and 50 more errors"


async def test_scopes_keep_reading_and_ingesting_apart(http: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    client, tokens = http
    refused = await client.post("/ingest", content=body([new_ticket("HOOK-3")]), headers=auth(tokens["read"]))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    query = await client.post(
        "/graphql", json={"query": "{ viewer { login } }"}, headers={"Authorization": f"Bearer {tokens['ingest']}"}
    )
    assert query.status_code == 403
    assert query.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = await client.post("/ingest", content=body([new_ticket("HOOK-3")]), headers=NDJSON)
    assert missing.status_code == 401
    assert missing.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_request_shape_is_checked(http: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    client, tokens = http
    headers = {"Authorization": f"Bearer {tokens['ingest']}"}
    as_json = await client.post("/ingest", content=b"{}", headers={**headers, "Content-Type": "application/json"})
    assert as_json.status_code == 415
    got = await client.get("/ingest", headers=headers)
    assert got.status_code == 405 and got.headers["allow"] == "POST"
    not_text = await client.post(
        "/ingest", content=body([new_ticket("HOOK-4")]) + b"\xff\xfe\n", headers=auth(tokens["ingest"])
    )
    assert not_text.status_code == 400
    assert not_text.json()["errors"][0]["message"] == "line 2: not UTF-8 text"


async def test_bodies_over_the_limit_are_refused(
    http: tuple[httpx.AsyncClient, dict[str, str]], connection: asyncpg.Connection
) -> None:
    client, tokens = http
    before = await connection.fetchval(TICKET_COUNT)
    records = [new_ticket(f"BIG-{n}") for n in range(200)]  # about 40 kB, over the 20 kB limit
    declared = await client.post("/ingest", content=body(records), headers=auth(tokens["ingest"]))
    assert declared.status_code == 413

    async def chunks() -> AsyncIterator[bytes]:
        # No Content-Length: the limit is found while the body streams in.
        for record in records:
            yield orjson.dumps(record) + b"\n"

    streamed = await client.post("/ingest", content=chunks(), headers=auth(tokens["ingest"]))
    assert streamed.status_code == 413
    assert streamed.json()["errors"][0]["message"] == "the body exceeds CUIC_MAX_INGEST_BYTES (20000 bytes)"
    assert await connection.fetchval(TICKET_COUNT) == before


async def test_dry_run_writes_nothing(
    http: tuple[httpx.AsyncClient, dict[str, str]], connection: asyncpg.Connection
) -> None:
    client, tokens = http
    response = await client.post(
        "/ingest?dryRun=true", content=body([new_ticket("HOOK-5")]), headers=auth(tokens["ingest"])
    )
    assert response.status_code == 200
    assert response.json()["created"]["ticket"] == 1 and response.json()["dryRun"] is True
    assert await connection.fetchval("SELECT count(*) FROM ticket WHERE number = 'HOOK-5'") == 0
