"""GraphQL over HTTP from outside: graphql-http's conformance audit against a real server,
content negotiation, and methods the endpoint does not serve."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl
from tests.live_server import ServerThread


async def test_graphql_http_audit_is_all_ok(
    database_url: str, settings: Settings, connection: asyncpg.Connection, node_clients: Path
) -> None:
    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    node = shutil.which("node")
    assert node is not None
    with ServerThread(create_app(database_url, settings)) as server:
        done = await asyncio.to_thread(
            subprocess.run,
            [node, "graphql_http_audit.mjs", f"{server.url}/graphql", token],
            cwd=node_clients,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    # The pinned graphql-http 1.23.1 has 61 server audits; fewer means the script lost some.
    assert summary["total"] == 61, summary
    not_ok = [audit for audit in summary["audits"] if audit["status"] != "ok"]
    assert not_ok == [], json.dumps(not_ok, indent=2)


GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


async def _media_type(api: Api, accept: str) -> tuple[int, str]:
    response = await api.post("{ viewer { login } }", headers={"Accept": accept})
    return response.status_code, response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        # q-values decide, not the mere presence of a media type.
        (f"{JSON}, {GRAPHQL_RESPONSE};q=0.1", JSON),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON};q=0.9", JSON),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0, {JSON};q=0.01", JSON),
        (f"{JSON};q=0.2, */*;q=0.8", GRAPHQL_RESPONSE),
        # Equal preference: the spec's own media type wins when the client names both.
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{JSON}; charset=utf-8, {GRAPHQL_RESPONSE}; charset=utf-8", GRAPHQL_RESPONSE),
        # Wildcards alone keep legacy clients (curl, browsers) on application/json.
        ("*/*", JSON),
        ("application/*", JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        # A more specific range overrides a wildcard's q.
        (f"*/*;q=0.9, {JSON};q=0.1", GRAPHQL_RESPONSE),
        # Case and spacing do not matter; a charset we do not write excludes the range.
        (f"Application/GraphQL-Response+JSON ; Q=0.3 , {JSON};q=0.2", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};charset=latin1, {JSON};q=0.5", JSON),
        ("", JSON),
    ],
)
async def test_accept_negotiation_follows_q_values(api: Api, accept: str, expected: str) -> None:
    assert await _media_type(api, accept) == (200, expected)


@pytest.mark.parametrize(
    "accept",
    [
        "text/html",
        "text/plain, application/xml",
        f"{JSON};q=0, {GRAPHQL_RESPONSE};q=0",
        "application/json;charset=latin1",
    ],
)
async def test_nothing_acceptable_is_406(api: Api, accept: str) -> None:
    response = await api.post("{ viewer { login } }", headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith(JSON)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert GRAPHQL_RESPONSE in error["message"] and JSON in error["message"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"])
async def test_unsupported_methods_are_405_in_json(api: Api, method: str) -> None:
    auth = {"Authorization": f"Bearer {api.tokens['alice']}", "Content-Type": JSON}
    response = await api.client.request(method, "/graphql", content=b'{"query": "{ viewer { login } }"}', headers=auth)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method != "HEAD":
        assert response.headers["content-type"].startswith(JSON)
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert method in error["message"]


async def test_unsupported_method_needs_no_token_to_learn_it(api: Api) -> None:
    response = await api.client.put("/graphql", headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)


async def test_cors_preflight_still_answers_options(
    database_url: str, settings: Settings, connection: asyncpg.Connection
) -> None:
    await import_jsonl(connection, dataset.records())
    cors = replace(settings, cors_origins=("https://cuic.example",))
    async for api in start_api(database_url, cors, connection):
        preflight = {"Origin": "https://cuic.example", "Access-Control-Request-Method": "POST"}
        response = await api.client.options("/graphql", headers=preflight)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://cuic.example"
        # An OPTIONS that is no preflight reaches the endpoint: 405 like any other method.
        assert (await api.client.options("/graphql")).status_code == 405


@pytest.mark.parametrize("extensions", ['"string"', "0", "false", '["array"]'])
async def test_non_object_extensions_are_400(api: Api, extensions: str) -> None:
    auth = {"Authorization": f"Bearer {api.tokens['alice']}"}
    for accept in (JSON, GRAPHQL_RESPONSE):
        headers = {**auth, "Accept": accept}
        post = await api.client.post(
            "/graphql",
            content=f'{{"query": "{{ viewer {{ login }} }}", "extensions": {extensions}}}'.encode(),
            headers={**headers, "Content-Type": JSON},
        )
        get = await api.client.get(
            "/graphql", params={"query": "{ viewer { login } }", "extensions": extensions}, headers=headers
        )
        for response in (post, get):
            assert response.status_code == 400, response.text
            error = response.json()["errors"][0]
            assert error["extensions"]["code"] == "BAD_USER_INPUT"
            assert "`extensions`" in error["message"]
    # null is as good as absent (GraphQL over HTTP: "Specifying null … is equivalent to not specifying").
    body = {"query": "{ viewer { login } }", "extensions": None}
    assert (await api.client.post("/graphql", json=body, headers=auth)).json()["data"]["viewer"]["login"] == "alice"
