"""Authentication and the GraphQL-over-HTTP surface of /graphql."""

from db.tokens import revoke_token
from tests.api.conftest import Api

QUERY = "{ viewer { login } }"


async def test_viewer_is_the_token_holder(api: Api) -> None:
    assert (await api.data(QUERY))["viewer"]["login"] == "alice"
    assert (await api.data(QUERY, agent="bob"))["viewer"]["login"] == "bob"


async def test_missing_and_bad_tokens_are_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = await api.post(QUERY, agent=None, headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert "data" not in body


async def test_revoked_token_is_refused_at_once(api: Api, connection) -> None:  # type: ignore[no-untyped-def]
    assert (await api.post(QUERY, agent="bob")).status_code == 200
    await revoke_token(connection, api.tokens["bob"][:12])
    response = await api.post(QUERY, agent="bob")
    assert response.status_code == 401


async def test_token_never_appears_in_an_error(api: Api) -> None:
    token = api.tokens["alice"]
    response = await api.post("{ nope }")
    assert token not in response.text
    response = await api.post(QUERY, agent=None, headers={"Authorization": f"Bearer {token}x"})
    assert token not in response.text


async def test_graphiql_page_needs_no_token(api: Api) -> None:
    response = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_get_queries_and_no_get_mutations(api: Api) -> None:
    auth = {"Authorization": f"Bearer {api.tokens['alice']}"}
    response = await api.client.get("/graphql", params={"query": QUERY}, headers=auth)
    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["login"] == "alice"
    mutation = "mutation { resetWidgetSettings { clientMutationId } }"
    response = await api.client.get("/graphql", params={"query": mutation}, headers=auth)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_parse_and_validation_failures(api: Api) -> None:
    graphql_response = "application/graphql-response+json"
    response = await api.post("{ viewer { login ", headers={"Accept": graphql_response})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(graphql_response)
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    response = await api.post("{ viewer { nope } }", headers={"Accept": graphql_response})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # Plain application/json clients get GraphQL failures with 200.
    response = await api.post("{ viewer { nope } }", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_malformed_bodies_are_400_and_not_json_is_415(api: Api) -> None:
    auth = {"Authorization": f"Bearer {api.tokens['alice']}"}
    response = await api.client.post(
        "/graphql", content=b"{not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    response = await api.client.post("/graphql", content=b"[1]", headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 400
    response = await api.client.post("/graphql", content=b"query", headers={**auth, "Content-Type": "text/plain"})
    assert response.status_code == 415


async def test_oversized_body_is_413(api: Api) -> None:
    response = await api.post("{ viewer { login } }" + " " * 1_100_000)
    assert response.status_code == 413


async def test_health_and_readiness_need_no_token(api: Api) -> None:
    assert (await api.client.get("/healthz")).status_code == 200
    assert (await api.client.get("/readyz")).status_code == 200
