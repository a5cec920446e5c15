"""Facets of the ticket widgets: the values of each filterable column with their counts,
against counts worked out by hand from tests/api/dataset.py, and against the widget's own
totalCount under the matching filter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

FACETS = """facets {
  statuses { status { name category } count }
  queues { queue { id name } count }
  priorities { priority { level } count }
  owners { agent { id login } count }
  responsibles { agent { id login } count }
  types { value count }
  services { value count }
  locked { locked count }
}"""

QUERY = """query($filter: TicketFilters, $scope: TicketScope! = ALL, $relation: CustomerRelation! = ASSIGNED) {
  customerUser(login: "taro") {
    openTickets(filterBy: $filter, scope: $scope, relation: $relation) { totalCount FACETS }
  }
}""".replace("FACETS", FACETS)


async def facets(api: Api, agent: str = "alice", **variables: Any) -> dict[str, Any]:
    data = await api.data(QUERY, variables, agent=agent)
    result: dict[str, Any] = data["customerUser"]["openTickets"]["facets"]
    return result


def flat(facets: dict[str, Any]) -> dict[str, dict[Any, int]]:
    """Each column's values (names, logins, levels) with their counts, in the API's order."""

    def value(column: str, entry: dict[str, Any]) -> Any:
        return {
            "statuses": lambda: entry["status"]["name"],
            "queues": lambda: entry["queue"]["name"],
            "priorities": lambda: entry["priority"]["level"],
            "owners": lambda: entry["agent"]["login"],
            "responsibles": lambda: entry["agent"]["login"],
            "types": lambda: entry["value"],
            "services": lambda: entry["value"],
            "locked": lambda: entry["locked"],
        }[column]()

    return {column: {value(column, entry): entry["count"] for entry in entries} for column, entries in facets.items()}


async def test_facets_of_the_open_tickets_counted_by_hand(api: Api) -> None:
    found = flat(await facets(api))
    assert found == {
        # open: ESC-PAST, the four SCOPE-* and PAGE-01,03..11; planning: PAGE-00,02..10; SECRET-1.
        "statuses": {"in_progress": 1, "open": 11, "planning": 6},
        "queues": {"Network": 1, "Secret": 1, "Service Desk": 16},
        # PAGE-nn have 1 + n % 5; the others the default 3, SCOPE-QUEUE 5.
        "priorities": {1: 3, 2: 3, 3: 7, 4: 2, 5: 3},
        "owners": {"alice": 1, "bob": 1},
        "responsibles": {"alice": 1},
        "types": {"Incident": 4, "Service Request": 4},
        "services": {"Email": 4, "VPN": 3},
        "locked": {False: 17, True: 1},
    }
    # Menus in a fixed order: the statuses' catalogue order, queues by name, levels, logins.
    assert list(found["statuses"]) == ["planning", "in_progress", "open"]
    assert list(found["queues"]) == ["Network", "Secret", "Service Desk"]
    assert list(found["priorities"]) == [1, 2, 3, 4, 5]
    assert list(found["locked"]) == [False, True]


async def test_a_columns_own_filter_does_not_narrow_its_menu(api: Api) -> None:
    found = flat(await facets(api, filter={"statuses": ["planning"]}))
    assert found["statuses"] == {"in_progress": 1, "open": 11, "planning": 6}
    # The other columns count the planning tickets only: PAGE-00, 02, 04, 06, 08, 10.
    assert found["queues"] == {"Service Desk": 6}
    assert found["priorities"] == {1: 2, 2: 1, 3: 1, 4: 1, 5: 1}
    assert found["types"] == {"Incident": 2, "Service Request": 2}
    assert found["services"] == {"Email": 2, "VPN": 2}
    assert found["owners"] == {} and found["locked"] == {False: 6}
    both = flat(await facets(api, filter={"statuses": ["planning"], "types": ["Incident"]}))
    assert both["statuses"] == {"open": 2, "planning": 2}  # PAGE-03, 09; PAGE-00, 06
    assert both["types"] == {"Incident": 2, "Service Request": 2}


def _filter_for(column: str, entry: dict[str, Any]) -> Any:
    """The filterBy value that picks exactly this facet entry."""
    if column == "locked":
        return entry["locked"]
    if column == "statuses":
        return [entry["status"]["name"]]
    if column == "queues":
        return [entry["queue"]["id"]]
    if column == "priorities":
        return [entry["priority"]["level"]]
    if column in ("owners", "responsibles"):
        return [entry["agent"]["id"]]
    return [entry["value"]]


@pytest.mark.parametrize(
    ("scope", "relation", "given"),
    [
        ("ALL", "ASSIGNED", {}),
        ("ALL", "ACCESSIBLE", {"priorities": [3, 5]}),
        ("MY_QUEUES", "ASSIGNED", {}),
        ("ALL", "ASSIGNED", {"statuses": ["open"], "services": ["Email", "VPN"]}),
    ],
)
async def test_every_facet_count_is_the_total_count_of_its_filter(
    api: Api, scope: str, relation: str, given: dict[str, Any]
) -> None:
    found = await facets(api, filter=given, scope=scope, relation=relation)
    checked = 0
    for column, entries in found.items():
        for entry in entries:
            narrowed = {**given, column: _filter_for(column, entry)}
            data = await api.data(
                QUERY.replace("FACETS", ""), {"filter": narrowed, "scope": scope, "relation": relation}
            )
            assert data["customerUser"]["openTickets"]["totalCount"] == entry["count"], (column, entry)
            checked += 1
    assert checked >= 4  # MY_QUEUES holds SCOPE-QUEUE only: status, queue, priority, locked


async def test_facets_hold_only_what_the_viewer_may_read(api: Api) -> None:
    alice = flat(await facets(api))
    bob = flat(await facets(api, agent="bob"))
    assert "Secret" in alice["queues"] and "Secret" not in bob["queues"]
    assert "in_progress" not in bob["statuses"]  # SECRET-1 is the only one
    assert bob["locked"] == {False: 16, True: 1}


async def test_every_ticket_widget_has_facets(api: Api) -> None:
    query = """{ customerUser(login: "taro") {
        closedTickets { totalCount facets { statuses { status { name } count } } }
        newTickets(relation: ACCESSIBLE) { totalCount facets { statuses { status { name } count } } }
        reminderTickets { facets { statuses { count } } } } }"""
    user = (await api.data(query))["customerUser"]
    assert user["closedTickets"]["facets"]["statuses"] == [{"status": {"name": "closed"}, "count": 2}]
    new = user["newTickets"]
    assert new["facets"]["statuses"] == [{"status": {"name": "new"}, "count": new["totalCount"]}]
    assert user["reminderTickets"]["facets"]["statuses"] == [{"count": 1}]  # PEND-25, not PEND-23
