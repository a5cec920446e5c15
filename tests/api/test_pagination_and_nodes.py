"""Cursor pagination in both directions, every order field, node lookups, bad input."""

from typing import Any

import pytest

from tests.api.conftest import Api

PAGE = """query($first: Int, $after: String, $last: Int, $before: String, $order: TicketOrder) {
  customerUser(login: "taro") {
    openTickets(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
      totalCount
      edges { cursor node { number priority { level } title createdAt changedAt statusChangedAt escalationAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}"""


async def page(api: Api, **variables: Any) -> dict[str, Any]:
    data = await api.data(PAGE, variables)
    result: dict[str, Any] = data["customerUser"]["openTickets"]
    return result


async def walk_forward(api: Api, order: dict[str, str] | None, size: int) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        result = await page(api, first=size, after=after, order=order)
        seen += [edge["node"]["number"] for edge in result["edges"]]
        assert len(result["edges"]) <= size
        if not result["pageInfo"]["hasNextPage"]:
            return seen
        after = result["pageInfo"]["endCursor"]


async def walk_backward(api: Api, order: dict[str, str] | None, size: int) -> list[str]:
    seen: list[str] = []
    before = None
    while True:
        result = await page(api, last=size, before=before, order=order)
        seen = [edge["node"]["number"] for edge in result["edges"]] + seen
        if not result["pageInfo"]["hasPreviousPage"]:
            return seen
        before = result["pageInfo"]["startCursor"]


async def test_forward_and_backward_pages_equal_the_full_list(api: Api) -> None:
    full = await page(api, first=100)
    everything = [edge["node"]["number"] for edge in full["edges"]]
    assert len(everything) == full["totalCount"] == 18
    changed = [edge["node"]["changedAt"] for edge in full["edges"]]
    assert changed == sorted(changed, reverse=True)  # default: CHANGED_AT DESC
    assert await walk_forward(api, None, 4) == everything
    assert await walk_backward(api, None, 5) == everything


FIELDS = {
    "CREATED_AT": "createdAt",
    "CHANGED_AT": "changedAt",
    "STATUS_CHANGED_AT": "statusChangedAt",
    "ESCALATION_AT": "escalationAt",
    "PRIORITY": "priority",
    "NUMBER": "number",
    "TITLE": "title",
}


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_every_order_field_sorts_and_pages(api: Api, field: str, direction: str) -> None:
    order = {"field": field, "direction": direction}
    full = await page(api, first=100, order=order)
    nodes = [edge["node"] for edge in full["edges"]]

    def key(node: dict[str, Any]) -> Any:
        value = node[FIELDS[field]]
        if field == "PRIORITY":
            return value["level"]
        if field == "ESCALATION_AT":
            return value or "9999"  # tickets without escalation come last ascending
        return value

    keys = [key(node) for node in nodes]
    assert keys == sorted(keys, reverse=direction == "DESC")
    everything = [node["number"] for node in nodes]
    assert await walk_forward(api, order, 5) == everything
    assert await walk_backward(api, order, 7) == everything


async def test_first_and_last_zero_and_page_info(api: Api) -> None:
    empty = await page(api, first=0)
    assert empty["edges"] == [] and empty["pageInfo"]["hasNextPage"] is True
    assert empty["pageInfo"]["startCursor"] is None
    first = await page(api, first=3)
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = await page(api, first=3, after=first["pageInfo"]["endCursor"])
    assert second["pageInfo"]["hasPreviousPage"] is True
    last = await page(api, last=2)
    assert last["pageInfo"]["hasNextPage"] is False and last["pageInfo"]["hasPreviousPage"] is True


async def test_without_first_or_last_the_page_size_applies(api: Api) -> None:
    default = await page(api)
    assert len(default["edges"]) == 10


@pytest.mark.parametrize(
    "variables",
    [{"first": 101}, {"first": -1}, {"last": 101}, {"after": "garbage"}, {"before": "WyJ4Il0="}],
)
async def test_bad_pagination_input_is_bad_user_input(api: Api, variables: dict[str, Any]) -> None:
    assert await api.error_code(PAGE, variables) == "BAD_USER_INPUT"


async def test_cursor_of_another_order_is_bad_user_input(api: Api) -> None:
    cursor = (await page(api, first=1))["pageInfo"]["endCursor"]
    variables = {"first": 1, "after": cursor, "order": {"field": "TITLE", "direction": "ASC"}}
    assert await api.error_code(PAGE, variables) == "BAD_USER_INPUT"


NODE = """query($id: ID!) { node(id: $id) { id __typename
    ... on Ticket { number } ... on CustomerUser { login } ... on Customer { customerId }
    ... on ConfigItem { number } ... on Agent { login } ... on Queue { name } } }"""


async def test_node_round_trip_for_every_node_type(api: Api) -> None:
    data = await api.data(
        """{ viewer { id login }
            customerUser(login: "taro") { id login customer { id customerId }
              assignedConfigItems(first: 1) { nodes { id number } }
              openTickets(first: 1) { nodes { id number queue { id name } owner { id } } } } }"""
    )
    user = data["customerUser"]
    ticket = user["openTickets"]["nodes"][0]
    expected = [
        (data["viewer"]["id"], "Agent", "login", "alice"),
        (user["id"], "CustomerUser", "login", "taro"),
        (user["customer"]["id"], "Customer", "customerId", "ACME"),
        (user["assignedConfigItems"]["nodes"][0]["id"], "ConfigItem", "number", "CI-1"),
        (ticket["id"], "Ticket", "number", ticket["number"]),
        (ticket["queue"]["id"], "Queue", "name", ticket["queue"]["name"]),
    ]
    for global_id, typename, field, value in expected:
        node = (await api.data(NODE, {"id": global_id}))["node"]
        assert node["__typename"] == typename
        assert node["id"] == global_id
        assert node[field] == value
    found = await api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [e[0] for e in expected]})
    assert [n["id"] for n in found["nodes"]] == [e[0] for e in expected]


async def test_unreadable_and_unknown_nodes_are_null_and_malformed_is_bad_input(api: Api) -> None:
    secret = await api.data(
        '{ customerUser(login: "taro") { openTickets(first: 1, orderBy: {field: CHANGED_AT, direction: DESC}) '
        "{ nodes { id number } } } }"
    )
    ticket = secret["customerUser"]["openTickets"]["nodes"][0]
    assert ticket["number"] == "SECRET-1"
    assert (await api.data(NODE, {"id": ticket["id"]}, agent="alice"))["node"] is not None
    assert (await api.data(NODE, {"id": ticket["id"]}, agent="bob"))["node"] is None
    import base64

    unknown = base64.urlsafe_b64encode(b"Ticket:999999").decode()
    assert (await api.data(NODE, {"id": unknown}))["node"] is None
    other_type = base64.urlsafe_b64encode(b"Spaceship:1").decode()
    assert (await api.data(NODE, {"id": other_type}))["node"] is None
    assert await api.error_code(NODE, {"id": "not-an-id"}) == "BAD_USER_INPUT"


async def test_customer_users_search_and_filters(api: Api) -> None:
    query = """query($search: String, $customerId: String, $first: Int, $after: String) {
        customerUsers(search: $search, customerId: $customerId, first: $first, after: $after) {
            totalCount nodes { login } pageInfo { hasNextPage endCursor } } }"""

    async def logins(**variables: Any) -> list[str]:
        return [n["login"] for n in (await api.data(query, variables))["customerUsers"]["nodes"]]

    assert await logins() == sorted(await logins())
    assert await logins(search="YAMADA") == ["taro"]
    assert await logins(search="acme.example") == ["taro"]
    assert await logins(search="taro yam") == ["taro"]
    assert await logins(search="%") == ["50%_off"]
    assert await logins(search="_") == ["50%_off"]
    assert await logins(customerId="GLOBEX") == ["lonely", "taro"]
    assert await logins(customerId="GLOB") == []
    first = (await api.data(query, {"first": 2}))["customerUsers"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    rest = await logins(first=10, after=first["pageInfo"]["endCursor"])
    assert [n["login"] for n in first["nodes"]] + rest == await logins()


async def test_widgets_in_orders_of_different_types_in_one_request(api: Api) -> None:
    """Each ticket widget is a branch of one statement: a title, a priority and a time order together."""
    query = """query($after: String) { customerUser(login: "taro") {
        byTitle: openTickets(first: 3, after: $after, orderBy: { field: TITLE, direction: ASC }) {
            nodes { title } pageInfo { endCursor } }
        byPriority: openTickets(first: 3, orderBy: { field: PRIORITY, direction: DESC }) { nodes { priority { level } } }
        closedTickets { nodes { number } }
        escalatedTickets(orderBy: { field: NUMBER, direction: DESC }) { nodes { number } } } }"""
    user = (await api.data(query))["customerUser"]
    titles = [n["title"] for n in user["byTitle"]["nodes"]]
    assert titles == sorted(titles) and len(titles) == 3
    assert [n["priority"]["level"] for n in user["byPriority"]["nodes"]] == [5, 5, 5]
    assert user["closedTickets"]["nodes"] == [{"number": "ESC-CLOSED"}, {"number": "INHERIT-1"}]
    numbers = [n["number"] for n in user["escalatedTickets"]["nodes"]]
    assert numbers == sorted(numbers, reverse=True)
    after = (await api.data(query, {"after": user["byTitle"]["pageInfo"]["endCursor"]}))["customerUser"]["byTitle"]
    assert after["nodes"][0]["title"] > titles[-1]
