"""Input that PostgreSQL cannot take or that costs too much: refused as BAD_USER_INPUT at the
field it was given to, never an internal error, and never at the cost of the other fields."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from graphql import GraphQLID, GraphQLString, is_input_object_type, is_list_type, is_non_null_type

from gql.schema import schema
from resolvers.customer_users import MAX_SEARCH_LENGTH
from tests.api.conftest import Api

NUL = "a\u0000b"


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert len(body.get("errors", [])) == 1, body
    error: dict[str, Any] = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error


@pytest.mark.parametrize(
    ("field", "argument", "declared", "path"),
    [
        ("customerUser(login: {}) {{ login }}", "login", "String!", ["customerUser"]),
        ("customerUsers(search: {}) {{ totalCount }}", "search", "String", ["customerUsers"]),
        ("customerUsers(customerId: {}) {{ totalCount }}", "customerId", "String", ["customerUsers"]),
        ("customerUsers(after: {}) {{ totalCount }}", "after", "String", ["customerUsers"]),
        ("node(id: {}) {{ id }}", "id", "ID!", ["node"]),
        (
            'customerUser(login: "taro") {{ openTickets(before: {}) {{ totalCount }} }}',
            "before",
            "String",
            ["customerUser", "openTickets"],
        ),
    ],
)
@pytest.mark.parametrize("as_variable", [False, True])
async def test_nul_in_a_string_argument_is_bad_user_input_at_its_field(
    api: Api, field: str, argument: str, declared: str, path: list[str], as_variable: bool
) -> None:
    literal = '"a\\u0000b"'
    if as_variable:
        query = f"query($v: {declared}) {{ viewer {{ login }} {field.format('$v')} }}"
        response = await api.post(query, {"v": NUL})
    else:
        response = await api.post(f"{{ viewer {{ login }} {field.format(literal)} }}")
    assert response.status_code == 200
    body = response.json()
    error = only_error(body)
    assert f"`{argument}`" in error["message"] and "NUL" in error["message"]
    if as_variable:
        assert "`$v`" in error["message"]
    assert error["path"] == path
    # Only the field that was given the text fails; a nullable root field leaves the rest.
    if body["data"] is not None:
        assert body["data"]["viewer"] == {"login": "alice"}


async def test_nul_inside_an_input_object_names_the_input_field_and_writes_nothing(api: Api) -> None:
    query = """mutation($input: UpdateWidgetSettingsInput!) {
        updateWidgetSettings(input: $input) { clientMutationId } }"""
    settings = [{"key": "OPEN_TICKETS", "pageSize": 3}]
    body = (await api.post(query, {"input": {"settings": settings, "clientMutationId": NUL}})).json()
    error = only_error(body)
    assert "`input.clientMutationId`" in error["message"] and "`$input`" in error["message"]
    assert error["path"] == ["updateWidgetSettings"]
    sizes = (await api.data("{ viewer { widgetSettings { key pageSize } } }"))["viewer"]["widgetSettings"]
    assert {s["key"]: s["pageSize"] for s in sizes}["OPEN_TICKETS"] == 10

    literal = """mutation($size: Int) { updateWidgetSettings(input: {
        settings: [{key: OPEN_TICKETS, pageSize: $size}], clientMutationId: "\\u0000" }) { clientMutationId } }"""
    error = only_error((await api.post(literal, {"size": 4})).json())
    assert "`input.clientMutationId`" in error["message"] and "$" not in error["message"]


async def test_nul_in_reset_client_mutation_id(api: Api) -> None:
    body = (await api.post('mutation { resetWidgetSettings(clientMutationId: "\\u0000") { clientMutationId } }')).json()
    assert "`clientMutationId`" in only_error(body)["message"]


def test_every_string_argument_in_the_schema_is_checked() -> None:
    """Each field that takes text, directly or inside an input object, has the check."""

    def takes_text(type_: Any) -> bool:
        while is_non_null_type(type_) or is_list_type(type_):
            type_ = type_.of_type
        if is_input_object_type(type_):
            return any(takes_text(field.type) for field in type_.fields.values())
        return type_ in (GraphQLString, GraphQLID)

    checked = []
    for type_ in schema._schema.type_map.values():
        for name, field in getattr(type_, "fields", {}).items():
            if any(takes_text(argument.type) for argument in getattr(field, "args", {}).values()):
                assert getattr(field.resolve, "checks_text_arguments", False), f"{type_}.{name}"
                checked.append(f"{type_}.{name}")
    assert "Mutation.updateWidgetSettings" in checked and "Query.customerUsers" in checked


async def test_lone_surrogates_never_reach_a_resolver(api: Api) -> None:
    """JSON and GraphQL both refuse an unpaired surrogate escape before execution."""
    query = "query($v: String!) { customerUser(login: $v) { login } }"
    # json.dumps would write the surrogate as the same escape; spelled out for clarity.
    raw = '{"query": "' + query + '", "variables": {"v": "\\ud800"}}'
    response = await api.client.post(
        "/graphql",
        content=raw.encode(),
        headers={"Authorization": f"Bearer {api.tokens['alice']}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    code = await api.error_code('{ customerUser(login: "\\uD800") { login } }')
    assert code == "GRAPHQL_PARSE_FAILED"


SEARCH = "query($s: String) { viewer { login } customerUsers(search: $s) { totalCount } }"


async def test_search_is_capped(api: Api) -> None:
    at_cap = "x" * MAX_SEARCH_LENGTH
    assert (await api.data(SEARCH, {"s": at_cap}))["customerUsers"]["totalCount"] == 0
    response = await api.post(SEARCH, {"s": "x" * 200_000})
    error = only_error(response.json())
    assert error["path"] == ["customerUsers"] and str(MAX_SEARCH_LENGTH) in error["message"]
    # Refused before any statement of its own: the token lookup is the only one.
    assert response.headers["X-Cuic-Statements"] == "1"
    assert only_error((await api.post(SEARCH, {"s": at_cap + "x"})).json())["path"] == ["customerUsers"]
    # A multi-byte character counts once.
    assert (await api.data(SEARCH, {"s": "日" * MAX_SEARCH_LENGTH}))["customerUsers"]["totalCount"] == 0
    description = schema._schema.query_type.fields["customerUsers"].args["search"].description  # type: ignore[union-attr]
    assert description is not None and str(MAX_SEARCH_LENGTH) in description


NODES = "query($ids: [ID!]!) { viewer { login } nodes(ids: $ids) { id } }"


async def test_a_malformed_id_in_nodes_nulls_only_its_item(api: Api) -> None:
    viewer_id = (await api.data("{ viewer { id } }"))["viewer"]["id"]
    unknown = base64.urlsafe_b64encode(b"Ticket:999999").decode()
    body = (await api.post(NODES, {"ids": [viewer_id, "not-an-id", unknown, "%%%"]})).json()
    assert body["data"] == {"viewer": {"login": "alice"}, "nodes": [{"id": viewer_id}, None, None, None]}
    errors = sorted(body["errors"], key=lambda e: e["path"])
    assert [e["path"] for e in errors] == [["nodes", 1], ["nodes", 3]]
    assert all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in errors)
    assert "'not-an-id'" in errors[0]["message"]
    # Items still load together: the token lookup and one statement for both agents.
    bob_id = base64.urlsafe_b64encode(b"Agent:2").decode()
    response = await api.post(NODES, {"ids": [viewer_id, bob_id, "not-an-id"]})
    assert response.json()["data"]["nodes"][1] == {"id": bob_id}
    assert response.headers["X-Cuic-Statements"] == "2"


async def test_a_malformed_id_in_node_nulls_only_node(api: Api) -> None:
    body = (await api.post('{ viewer { login } node(id: "not-an-id") { id } }')).json()
    assert body["data"] == {"viewer": {"login": "alice"}, "node": None}
    assert only_error(body)["path"] == ["node"]


@pytest.mark.parametrize(
    "query",
    [
        "{ customerUsers(first: 1, last: 1) { totalCount } }",
        '{ customerUser(login: "taro") { openTickets(first: 2, last: 1) { totalCount } } }',
        '{ customerUser(login: "taro") { assignedConfigItems(first: 0, last: 0) { totalCount } } }',
    ],
)
async def test_first_and_last_together_are_refused(api: Api, query: str) -> None:
    error = only_error((await api.post(query)).json())
    assert "`first`" in error["message"] and "`last`" in error["message"]
