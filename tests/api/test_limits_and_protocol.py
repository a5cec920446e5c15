"""Limits (each just under and just over), persisted queries, CORS, introspection."""

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import pytest

from db.config import Settings
from tests.api.conftest import Api, start_api


@pytest.fixture
async def tight_api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    from tests.api import dataset
    from tests.importing import import_jsonl

    await import_jsonl(connection, dataset.records())
    tight = replace(
        settings,
        max_depth=4,
        max_aliases=2,
        max_root_fields=3,
        max_nodes=1000,
        max_body_bytes=2000,
        introspection=False,
        cors_origins=("https://cuic.example",),
    )
    async for api in start_api(database_url, tight, connection):
        yield api


async def code_and_message(api: Api, query: str) -> tuple[str | None, str]:
    body = (await api.post(query)).json()
    if "errors" not in body:
        return None, ""
    return body["errors"][0]["extensions"]["code"], body["errors"][0]["message"]


async def test_depth_limit(tight_api: Api) -> None:
    ok = '{ customerUser(login: "taro") { customer { name } } }'  # depth 3
    assert (await code_and_message(tight_api, ok))[0] is None
    at_limit = '{ customerUser(login: "taro") { openTickets(first: 1) { nodes { number } } } }'  # 4
    assert (await code_and_message(tight_api, at_limit))[0] is None
    over = '{ customerUser(login: "taro") { openTickets(first: 1) { nodes { queue { name } } } } }'  # 5
    code, message = await code_and_message(tight_api, over)
    assert code == "QUERY_TOO_COMPLEX" and "levels deep" in message


async def test_alias_limit(tight_api: Api) -> None:
    assert (await code_and_message(tight_api, "{ a: viewer { login } b: viewer { login } }"))[0] is None
    code, message = await code_and_message(tight_api, "{ a: viewer { login } b: viewer { login } c: viewer { login } }")
    assert code == "QUERY_TOO_COMPLEX" and "aliases" in message


async def test_root_field_limit(tight_api: Api) -> None:
    assert (await code_and_message(tight_api, "{ viewer { login } widgets { key } ticketStatuses { name } }"))[
        0
    ] is None
    code, message = await code_and_message(
        tight_api, "{ viewer { login } widgets { key } ticketStatuses { name } w: widgets { key } }"
    )
    assert code == "QUERY_TOO_COMPLEX" and "root fields" in message


async def test_node_limit_multiplies_nested_pages(tight_api: Api) -> None:
    under = "{ customerUsers(first: 10) { nodes { openTickets(first: 89) { totalCount } } } }"  # 10 + 890
    assert (await code_and_message(tight_api, under))[0] is None
    over = "{ customerUsers(first: 10) { nodes { openTickets(first: 100) { totalCount } } } }"  # 10 + 1000
    code, message = await code_and_message(tight_api, over)
    assert code == "QUERY_TOO_COMPLEX" and "nodes" in message
    # Variables count as much as literals.
    query = "query($n: Int) { customerUsers(first: $n) { nodes { newTickets(first: $n) { totalCount } } } }"
    body = (await tight_api.post(query, {"n": 40})).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "errors" not in (await tight_api.post(query, {"n": 30})).json()


async def test_body_size_limit(tight_api: Api) -> None:
    padding = 2000 - len('{"query": "{ viewer { login } }"}') - 20
    assert (await tight_api.post("{ viewer { login } }" + " " * padding)).status_code == 200
    response = await tight_api.post("{ viewer { login } }" + " " * 2100)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_introspection_can_be_switched_off(tight_api: Api, api: Api) -> None:
    query = "{ __schema { queryType { name } } }"
    assert (await code_and_message(tight_api, query))[0] == "GRAPHQL_VALIDATION_FAILED"
    assert (await api.data(query))["__schema"]["queryType"]["name"] == "Query"
    assert (await tight_api.data("{ viewer { __typename login } }"))["viewer"]["__typename"] == "Agent"


async def test_cors_preflight_for_configured_origins_only(tight_api: Api, api: Api) -> None:
    preflight = {
        "Origin": "https://cuic.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    response = await tight_api.client.options("/graphql", headers=preflight)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://cuic.example"
    evil = await tight_api.client.options("/graphql", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in evil.headers
    # Off by default.
    default = await api.client.options("/graphql", headers=preflight)
    assert "access-control-allow-origin" not in default.headers


async def test_automatic_persisted_queries_round_trip(api: Api) -> None:
    query = "{ viewer { login } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    auth = {"Authorization": f"Bearer {api.tokens['alice']}"}
    miss = await api.client.get("/graphql", params={"extensions": extensions}, headers=auth)
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    register = await api.client.post(
        "/graphql",
        json={"query": query, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}},
        headers=auth,
    )
    assert register.json()["data"]["viewer"]["login"] == "alice"
    hit = await api.client.get("/graphql", params={"extensions": extensions}, headers=auth)
    assert hit.status_code == 200
    assert hit.json()["data"]["viewer"]["login"] == "alice"
    wrong = await api.client.post(
        "/graphql",
        json={"query": "{ widgets { key } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}},
        headers=auth,
    )
    assert wrong.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_token_limit_stops_parsing_early(api: Api) -> None:
    from gql.limits import MAX_TOKENS

    fields = " ".join(f"a{n}: __typename" for n in range(MAX_TOKENS // 3 + 10))
    code, message = await code_and_message(api, "{ " + fields + " }")
    assert code == "QUERY_TOO_COMPLEX" and "tokens" in message
