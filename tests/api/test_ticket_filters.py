"""Column filters of the ticket widgets (`filterBy`): every field, their combinations with
scopes, relations, orders and paging, and the checks on what a client may send.

The oracle is the widget's unfiltered list with every filtered column, filtered in Python."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from db.domain import MAX_FILTER_VALUES
from resolvers.nodes import NodeType, to_global_id
from tests.api.conftest import Api

NODE = """number status { name } queue { id name } priority { level } owner { id login }
    responsible { id login } type service locked"""

LIST = """query($filter: TicketFilters, $scope: TicketScope! = ALL, $relation: CustomerRelation! = ASSIGNED,
              $first: Int, $after: String, $last: Int, $before: String, $order: TicketOrder) {
  customerUser(login: "taro") {
    openTickets(filterBy: $filter, scope: $scope, relation: $relation, first: $first, after: $after,
                last: $last, before: $before, orderBy: $order) {
      totalCount
      scopeCounts { all myLocked myResponsibilities myQueues myWatched }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { NODE }
    }
  }
}""".replace("NODE", NODE)


async def tickets(api: Api, agent: str = "alice", **variables: Any) -> dict[str, Any]:
    variables.setdefault("first", 100)
    data = await api.data(LIST, variables, agent=agent)
    result: dict[str, Any] = data["customerUser"]["openTickets"]
    return result


def numbers(result: dict[str, Any]) -> list[str]:
    return [node["number"] for node in result["nodes"]]


async def ids(api: Api) -> dict[str, str]:
    """Global IDs of the dataset's queues and agents, by name and login."""
    data = await api.data(
        """{ customerUser(login: "taro") { openTickets(first: 100) { nodes {
            queue { id name } owner { id login } responsible { id login } } } } }"""
    )
    found: dict[str, str] = {}
    for node in data["customerUser"]["openTickets"]["nodes"]:
        found[node["queue"]["name"]] = node["queue"]["id"]
        for role in ("owner", "responsible"):
            if node[role]:
                found[node[role]["login"]] = node[role]["id"]
    return found


def matches(node: dict[str, Any], given: dict[str, Any]) -> bool:
    """The filter's meaning, written out: AND across fields, OR within one."""
    checks: dict[str, Callable[[Any], bool]] = {
        "statuses": lambda values: node["status"]["name"] in values,
        "queues": lambda values: node["queue"]["id"] in values,
        "priorities": lambda values: node["priority"]["level"] in values,
        "owners": lambda values: node["owner"] is not None and node["owner"]["id"] in values,
        "responsibles": lambda values: node["responsible"] is not None and node["responsible"]["id"] in values,
        "types": lambda values: node["type"] in values,
        "services": lambda values: node["service"] in values,
        "locked": lambda value: node["locked"] is value,
    }
    return all(checks[field](value) for field, value in given.items() if value is not None)


async def test_each_field_filters_on_its_column(api: Api) -> None:
    known = await ids(api)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"statuses": ["planning"]}, [f"PAGE-{n:02d}" for n in range(0, 12, 2)]),
        ({"queues": [known["Network"]]}, ["SCOPE-QUEUE"]),
        ({"priorities": [5]}, ["PAGE-04", "PAGE-09", "SCOPE-QUEUE"]),
        ({"owners": [known["alice"]]}, ["SCOPE-LOCKED"]),
        ({"owners": [known["bob"]]}, ["SCOPE-RESP"]),
        ({"responsibles": [known["alice"]]}, ["SCOPE-RESP"]),
        ({"types": ["Incident"]}, ["PAGE-00", "PAGE-03", "PAGE-06", "PAGE-09"]),
        ({"services": ["Email"]}, ["PAGE-00", "PAGE-01", "PAGE-02", "PAGE-03"]),
        ({"locked": True}, ["SCOPE-LOCKED"]),
    ]
    everything = await tickets(api)
    for given, expected in cases:
        result = await tickets(api, filter=given)
        assert sorted(numbers(result)) == sorted(expected), given
        assert result["totalCount"] == len(expected), given
        assert result["scopeCounts"]["all"] == len(expected), given
        assert sorted(numbers(result)) == sorted(n["number"] for n in everything["nodes"] if matches(n, given))
    unlocked = await tickets(api, filter={"locked": False})
    assert unlocked["totalCount"] == everything["totalCount"] - 1
    assert "SCOPE-LOCKED" not in numbers(unlocked)


async def test_values_of_one_field_or_fields_and(api: Api) -> None:
    known = await ids(api)
    either = await tickets(api, filter={"owners": [known["alice"], known["bob"]]})
    assert sorted(numbers(either)) == ["SCOPE-LOCKED", "SCOPE-RESP"]
    both = await tickets(api, filter={"statuses": ["planning", "open"], "priorities": [5]})
    assert sorted(numbers(both)) == ["PAGE-04", "PAGE-09", "SCOPE-QUEUE"]
    narrower = await tickets(api, filter={"statuses": ["open"], "priorities": [5], "types": ["Incident"]})
    assert numbers(narrower) == ["PAGE-09"]
    # Null fields and an empty object do not filter; an empty list matches nothing.
    everything = await tickets(api)
    assert numbers(await tickets(api, filter={})) == numbers(everything)
    assert numbers(await tickets(api, filter={"statuses": None, "locked": None})) == numbers(everything)
    nothing = await tickets(api, filter={"statuses": []})
    assert (nothing["totalCount"], nothing["nodes"]) == (0, [])


COMBINATIONS: list[dict[str, Any]] = [
    {"statuses": ["open"]},
    {"priorities": [1, 2, 3]},
    {"types": ["Incident", "Service Request"], "services": ["Email", "VPN"]},
    {"locked": False, "priorities": [4, 5]},
    {"statuses": ["open", "planning", "in_progress"], "types": ["Service Request"]},
]


SCOPE_FIELDS = {
    "ALL": "all",
    "MY_LOCKED": "myLocked",
    "MY_RESPONSIBILITIES": "myResponsibilities",
    "MY_QUEUES": "myQueues",
    "MY_WATCHED": "myWatched",
}


@pytest.mark.parametrize("relation", ["ASSIGNED", "ACCESSIBLE"])
async def test_filters_with_scopes_and_relations_count_within_the_filter(api: Api, relation: str) -> None:
    known = await ids(api)
    tabs = {scope: await tickets(api, scope=scope, relation=relation) for scope in SCOPE_FIELDS}
    for given in [*COMBINATIONS, {"queues": [known["Service Desk"]], "owners": [known["bob"]]}]:
        for scope, unfiltered in tabs.items():
            result = await tickets(api, filter=given, scope=scope, relation=relation)
            expected = [n["number"] for n in unfiltered["nodes"] if matches(n, given)]
            assert numbers(result) == expected, (given, scope)
            assert result["totalCount"] == len(expected)
            # Every scope tab counts within the filter.
            assert result["scopeCounts"] == {
                field: sum(1 for n in tabs[tab]["nodes"] if matches(n, given)) for tab, field in SCOPE_FIELDS.items()
            }
    accessible = await tickets(api, filter={"statuses": ["open"]}, relation=relation)
    assert ("HANAKO-OPEN" in numbers(accessible)) is (relation == "ACCESSIBLE")


async def walk(api: Api, given: dict[str, Any], order: dict[str, str], size: int, backward: bool) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        if backward:
            result = await tickets(api, filter=given, order=order, first=None, last=size, before=cursor)
            seen = numbers(result) + seen
            if not result["pageInfo"]["hasPreviousPage"]:
                return seen
            cursor = result["pageInfo"]["startCursor"]
        else:
            result = await tickets(api, filter=given, order=order, first=size, after=cursor)
            seen += numbers(result)
            if not result["pageInfo"]["hasNextPage"]:
                return seen
            cursor = result["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    "field", ["CREATED_AT", "CHANGED_AT", "STATUS_CHANGED_AT", "ESCALATION_AT", "PRIORITY", "NUMBER", "TITLE"]
)
async def test_filtered_walks_forward_and_backward_equal_the_filtered_list(api: Api, field: str) -> None:
    for direction, given in itertools.product(("ASC", "DESC"), COMBINATIONS[:3]):
        order = {"field": field, "direction": direction}
        full = await tickets(api, filter=given, order=order)
        everything = numbers(full)
        assert len(everything) == full["totalCount"] >= 2, given
        unfiltered = await tickets(api, order=order)
        assert everything == [n["number"] for n in unfiltered["nodes"] if matches(n, given)]
        assert await walk(api, given, order, 2, backward=False) == everything
        assert await walk(api, given, order, 3, backward=True) == everything


async def test_filters_respect_permissions(api: Api) -> None:
    known = await ids(api)
    secret = await api.data(
        '{ customerUser(login: "taro") { openTickets(first: 100) { nodes { number queue { id name } } } } }'
    )
    secret_queue = next(
        n["queue"]["id"] for n in secret["customerUser"]["openTickets"]["nodes"] if n["number"] == "SECRET-1"
    )
    assert numbers(await tickets(api, filter={"queues": [secret_queue]})) == ["SECRET-1"]
    # Bob may not read the queue: the filter is valid, and finds nothing he may not see.
    for_bob = await tickets(api, agent="bob", filter={"queues": [secret_queue, known["Network"]]})
    assert numbers(for_bob) == ["SCOPE-QUEUE"]
    assert for_bob["scopeCounts"]["all"] == 1


QUEUE_9999 = to_global_id(NodeType.Queue, 9999)
AGENT_9999 = to_global_id(NodeType.Agent, 9999)
USER_1 = to_global_id(NodeType.CustomerUser, 1)
# A queue's row id with a part, as only WidgetSetting IDs have: not a queue's ID.
QUEUE_1_PART = to_global_id(NodeType.Queue, 1, "OPEN_TICKETS")


def _oversized(field: str) -> Any:
    return {"priorities": [1] * (MAX_FILTER_VALUES + 1)}.get(field, ["x"] * (MAX_FILTER_VALUES + 1))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"statuses": ["open", "no_such_status"]}, "filterBy.statuses: no status 'no_such_status'"),
        ({"priorities": [0]}, "filterBy.priorities: 0 is not a priority level"),
        ({"priorities": [6]}, "filterBy.priorities: 6 is not a priority level"),
        ({"queues": ["not-an-id"]}, "is not a valid ID"),
        ({"queues": [QUEUE_9999]}, f"filterBy.queues: no queue {QUEUE_9999!r}"),
        ({"owners": [AGENT_9999]}, f"filterBy.owners: no agent {AGENT_9999!r}"),
        ({"responsibles": [to_global_id(NodeType.Agent, 2**40)]}, "is not the ID of a known agent"),
        ({"queues": [USER_1]}, f"filterBy.queues: {USER_1!r} is not the ID of a known queue"),
        ({"queues": [QUEUE_1_PART]}, f"filterBy.queues: {QUEUE_1_PART!r} is not the ID of a known queue"),
        ({"types": ["a\x00b"]}, "`filterBy.types[0]` (variable `$filter`) contains a NUL character"),
        ({"services": ["x" * 201]}, "filterBy.services values are at most 200 characters long"),
        ({"statuses": ["x" * 201]}, "filterBy.statuses values are at most 200 characters long"),
    ],
)
async def test_bad_filters_are_bad_user_input(api: Api, given: dict[str, Any], message: str) -> None:
    body = (await api.post(LIST, {"filter": given})).json()
    assert body["data"]["customerUser"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


@pytest.mark.parametrize("field", ["statuses", "queues", "priorities", "owners", "responsibles", "types", "services"])
async def test_values_per_field_are_capped(api: Api, field: str) -> None:
    body = (await api.post(LIST, {"filter": {field: _oversized(field)}})).json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        error["message"] == f"filterBy.{field} may hold at most {MAX_FILTER_VALUES} values, got {MAX_FILTER_VALUES + 1}"
    )
    at_cap = {"priorities": [1, 2, 3, 4, 5] * 10}.get(field)
    if at_cap is not None:
        assert len(at_cap) == MAX_FILTER_VALUES
        assert (await tickets(api, filter={field: at_cap}))["totalCount"] > 0


async def test_every_widget_takes_the_filters(api: Api) -> None:
    query = """query($filter: TicketFilters) { customerUser(login: "taro") {
        reminderTickets(filterBy: $filter) { totalCount }
        escalatedTickets(filterBy: $filter) { totalCount }
        newTickets(filterBy: $filter) { totalCount }
        openTickets(filterBy: $filter) { totalCount }
        closedTickets(filterBy: $filter) { totalCount } } }"""
    everything = (await api.data(query))["customerUser"]
    assert all(widget["totalCount"] > 0 for widget in everything.values())
    locked = (await api.data(query, {"filter": {"locked": True}}))["customerUser"]
    assert locked == {
        "reminderTickets": {"totalCount": 0},
        "escalatedTickets": {"totalCount": 0},
        "newTickets": {"totalCount": 0},
        "openTickets": {"totalCount": 1},
        "closedTickets": {"totalCount": 0},
    }
    closed = (await api.data(query, {"filter": {"statuses": ["closed"]}}))["customerUser"]
    assert closed["closedTickets"]["totalCount"] == everything["closedTickets"]["totalCount"] == 2
    assert closed["openTickets"]["totalCount"] == 0
    # The escalated widget keeps its own rule under a status filter: no closed ticket.
    assert closed["escalatedTickets"]["totalCount"] == 0
