"""Every widget's rule at its boundary, through the real app over imported data."""

import re
from dataclasses import replace
from typing import Any

from db.config import NameOrder, Settings
from tests.api.conftest import Api, start_api

TICKETS = "nodes { number }"


async def numbers(api: Api, field: str, agent: str = "alice", login: str = "taro") -> list[str]:
    query = f'{{ customerUser(login: "{login}") {{ {field} {{ totalCount {TICKETS} }} }} }}'
    data = await api.data(query, agent=agent)
    connection = next(iter(data["customerUser"].values()))
    found = [node["number"] for node in connection["nodes"]]
    assert connection["totalCount"] >= len(found)
    return found


async def test_reminder_holds_tickets_pending_for_the_period(api: Api) -> None:
    found = await numbers(api, "reminderTickets")
    assert "PEND-25" in found
    assert "PEND-23" not in found
    assert found == ["PEND-25"]


async def test_escalated_holds_open_tickets_past_escalation(api: Api) -> None:
    found = await numbers(api, "escalatedTickets(first: 100)")
    assert "ESC-PAST" in found
    assert "ESC-FUTURE" not in found
    assert "ESC-CLOSED" not in found
    data = await api.data(
        '{ customerUser(login: "taro") { escalatedTickets(first: 100) { nodes { escalated escalationAt } } } }'
    )
    nodes = data["customerUser"]["escalatedTickets"]["nodes"]
    assert nodes and all(node["escalated"] for node in nodes)
    # Default order: escalation time ascending.
    assert [n["escalationAt"] for n in nodes] == sorted(n["escalationAt"] for n in nodes)


async def test_escalated_flag_on_other_widgets(api: Api) -> None:
    data = await api.data(
        """{ customerUser(login: "taro") {
            newTickets { nodes { number escalated } }
            closedTickets { nodes { number escalated pendingSince } } } }"""
    )
    new = {n["number"]: n["escalated"] for n in data["customerUser"]["newTickets"]["nodes"]}
    assert new["ESC-FUTURE"] is False
    closed = {n["number"]: n for n in data["customerUser"]["closedTickets"]["nodes"]}
    assert closed["ESC-CLOSED"]["escalated"] is False
    assert closed["ESC-CLOSED"]["pendingSince"] is None


async def test_each_list_widget_holds_its_category_only(api: Api) -> None:
    assert await numbers(api, "newTickets") == ["ESC-FUTURE"]
    closed = await numbers(api, "closedTickets")
    assert closed == ["ESC-CLOSED", "INHERIT-1"]  # status_changed_at descending
    open_tickets = await numbers(api, "openTickets(first: 100)")
    assert "ESC-PAST" in open_tickets and "PAGE-00" in open_tickets
    assert not {"PEND-25", "ESC-FUTURE", "ESC-CLOSED", "OTHER-1"} & set(open_tickets)


async def test_other_category_is_in_no_widget_and_no_count(api: Api) -> None:
    data = await api.data(
        """{ customerUser(login: "taro") {
            customerIds { customerId inProgressCount closedCount }
            reminderTickets(first: 100) { nodes { number } }
            escalatedTickets(first: 100) { nodes { number } }
            newTickets(first: 100) { nodes { number } }
            openTickets(first: 100) { nodes { number } }
            closedTickets(first: 100) { nodes { number } } } }"""
    )
    user = data["customerUser"]
    for field, value in user.items():
        if field != "customerIds":
            assert "OTHER-1" not in [n["number"] for n in value["nodes"]], field
    statuses = await api.data("{ ticketStatuses { name category } }")
    assert {"name": "merged", "category": "OTHER"} in statuses["ticketStatuses"]


async def test_customer_ids_primary_first_counts_company_wide(api: Api) -> None:
    data = await api.data(
        """{ customerUser(login: "taro") { customerIds {
            customerId name isPrimary inProgressCount closedCount customer { name city } } } }"""
    )
    ids = data["customerUser"]["customerIds"]
    assert [i["customerId"] for i in ids] == ["ACME", "GLOBEX", "NOCOMPANY"]
    acme, globex, nocompany = ids
    assert acme["isPrimary"] and not globex["isPrimary"] and not nocompany["isPrimary"]
    assert acme["name"] == "Acme Corp" and acme["customer"] == {"name": "Acme Corp", "city": "Springfield"}
    # ACME in progress: taro's open/planning tickets without a customer_id (inherited)
    # plus SECRET-1 (alice may read it) plus hanako's HANAKO-OPEN; not pending, new or other.
    taro_in_progress = 1 + 4 + 12 + 1  # ESC-PAST, SCOPE-*, PAGE-*, SECRET-1
    assert acme["inProgressCount"] == taro_in_progress + 1
    # Closed: ESC-CLOSED and INHERIT-1 (inherited ACME), HANAKO-CLOSED.
    assert acme["closedCount"] == 3
    assert globex["name"] == "グローベックス株式会社"
    assert (globex["inProgressCount"], globex["closedCount"]) == (1, 0)
    assert nocompany["name"] is None and nocompany["customer"] is None
    assert (nocompany["inProgressCount"], nocompany["closedCount"]) == (0, 0)


async def test_permissions_change_lists_and_counts(api: Api) -> None:
    alice = await numbers(api, "openTickets(first: 100)", agent="alice")
    bob = await numbers(api, "openTickets(first: 100)", agent="bob")
    assert "SECRET-1" in alice
    assert "SECRET-1" not in bob
    assert set(bob) == set(alice) - {"SECRET-1"}
    query = '{ customerUser(login: "taro") { customerIds { inProgressCount } openTickets { totalCount } } }'
    a = (await api.data(query, agent="alice"))["customerUser"]
    b = (await api.data(query, agent="bob"))["customerUser"]
    assert a["customerIds"][0]["inProgressCount"] == b["customerIds"][0]["inProgressCount"] + 1
    assert a["openTickets"]["totalCount"] == b["openTickets"]["totalCount"] + 1


async def test_scopes_and_scope_counts(api: Api) -> None:
    fields = " ".join(
        f"{scope.lower()}: openTickets(first: 100, scope: {scope}) {{ totalCount nodes {{ number }} }}"
        for scope in ("ALL", "MY_LOCKED", "MY_RESPONSIBILITIES", "MY_QUEUES", "MY_WATCHED")
    )
    query = f"""{{ customerUser(login: "taro") {{ {fields}
        counts: openTickets {{ scopeCounts {{ all myLocked myResponsibilities myQueues myWatched }} }} }} }}"""
    user = (await api.data(query))["customerUser"]
    assert [n["number"] for n in user["my_locked"]["nodes"]] == ["SCOPE-LOCKED"]
    assert [n["number"] for n in user["my_responsibilities"]["nodes"]] == ["SCOPE-RESP"]
    assert [n["number"] for n in user["my_queues"]["nodes"]] == ["SCOPE-QUEUE"]
    assert [n["number"] for n in user["my_watched"]["nodes"]] == ["SCOPE-WATCH"]
    counts = user["counts"]["scopeCounts"]
    assert counts == {
        "all": user["all"]["totalCount"],
        "myLocked": 1,
        "myResponsibilities": 1,
        "myQueues": 1,
        "myWatched": 1,
    }
    for scope in ("all", "my_locked", "my_responsibilities", "my_queues", "my_watched"):
        assert user[scope]["totalCount"] == len(user[scope]["nodes"])
    # Bob owns SCOPE-RESP but has not locked it; he watches SCOPE-WATCH; his queue is Service Desk.
    bob = (await api.data(query, agent="bob"))["customerUser"]
    assert bob["counts"]["scopeCounts"]["myLocked"] == 0
    assert bob["counts"]["scopeCounts"]["myWatched"] == 1
    assert bob["counts"]["scopeCounts"]["myQueues"] == bob["all"]["totalCount"] - 1


async def test_accessible_relation_spans_the_users_customer_ids(api: Api) -> None:
    assigned = await numbers(api, "openTickets(first: 100)")
    accessible = await numbers(api, "openTickets(first: 100, relation: ACCESSIBLE)")
    assert "HANAKO-OPEN" not in assigned
    assert {"HANAKO-OPEN", "HANAKO-GLOBEX"} <= set(accessible)
    assert set(assigned) <= set(accessible)
    data = await api.data(
        """{ customerUser(login: "taro") { openTickets(first: 100, relation: ACCESSIBLE) {
            nodes { number customerUser { login } } } } }"""
    )
    owners = {n["number"]: n["customerUser"]["login"] for n in data["customerUser"]["openTickets"]["nodes"]}
    assert owners["HANAKO-GLOBEX"] == "hanako"


async def test_assigned_cis_by_name_and_other_orders(api: Api) -> None:
    query = """query($order: ConfigItemOrder) { customerUser(login: "taro") {
        assignedConfigItems(orderBy: $order) { totalCount nodes { number name class deploymentState owner { login } } } } }"""
    items = (await api.data(query))["customerUser"]["assignedConfigItems"]
    assert items["totalCount"] == 2
    assert [n["name"] for n in items["nodes"]] == ["Printer", "Workstation"]
    assert items["nodes"][0]["owner"]["login"] == "taro"
    by_changed = await api.data(query, {"order": {"field": "CHANGED_AT", "direction": "DESC"}})
    assert [n["number"] for n in by_changed["customerUser"]["assignedConfigItems"]["nodes"]] == ["CI-1", "CI-2"]
    by_number = await api.data(query, {"order": {"field": "NUMBER", "direction": "ASC"}})
    assert [n["number"] for n in by_number["customerUser"]["assignedConfigItems"]["nodes"]] == ["CI-1", "CI-2"]


async def test_information_and_customer(api: Api) -> None:
    data = await api.data(
        """{ taro: customerUser(login: "taro") {
              fullName information { login firstName lastName fullName email phone customerId valid createdAt }
              customer { customerId name valid } }
            orphan: customerUser(login: "orphan") { customer { name } information { customerId } }
            nobody: customerUser(login: "nobody") { login } }"""
    )
    taro = data["taro"]
    assert taro["fullName"] == "Taro Yamada"
    info = taro["information"]
    assert info["email"] == "taro@acme.example" and info["phone"] == "+81 3 0000 0000"
    assert info["customerId"] == "ACME" and info["valid"] is True and info["createdAt"]
    assert taro["customer"] == {"customerId": "ACME", "name": "Acme Corp", "valid": True}
    assert data["orphan"]["customer"] is None
    assert data["orphan"]["information"]["customerId"] == "NOCOMPANY"
    assert data["nobody"] is None


async def test_name_order_last_first(api: Api, database_url: str, settings: Settings, connection: Any) -> None:
    reordered = replace(settings, name_order=NameOrder.LAST_FIRST)
    async for japanese in start_api(database_url, reordered, connection):
        data = await japanese.data('{ customerUser(login: "taro") { fullName information { fullName } } }')
    assert data["customerUser"] == {"fullName": "Yamada Taro", "information": {"fullName": "Yamada Taro"}}


async def test_customer_user_without_tickets(api: Api) -> None:
    fields = " ".join(
        f"{w} {{ totalCount nodes {{ number }} scopeCounts {{ all }} }}"
        for w in ("reminderTickets", "escalatedTickets", "newTickets", "openTickets", "closedTickets")
    )
    data = await api.data(
        f"""{{ customerUser(login: "lonely") {{ {fields}
            assignedConfigItems {{ totalCount nodes {{ name }} }}
            customerIds {{ customerId inProgressCount closedCount }} customer {{ name }} }} }}"""
    )
    user = data["customerUser"]
    for widget in ("reminderTickets", "escalatedTickets", "newTickets", "openTickets", "closedTickets"):
        assert user[widget] == {"totalCount": 0, "nodes": [], "scopeCounts": {"all": 0}}
    assert user["assignedConfigItems"] == {"totalCount": 0, "nodes": []}
    assert user["customerIds"] == [{"customerId": "GLOBEX", "inProgressCount": 1, "closedCount": 0}]
    assert user["customer"] == {"name": "グローベックス株式会社"}


async def test_widget_catalogue_in_english_and_japanese(api: Api) -> None:
    data = await api.data(
        "{ widgets { key label ja: label(locale: JA) description defaultPosition defaultVisible defaultPageSize } }"
    )
    widgets = data["widgets"]
    assert [w["key"] for w in widgets][:3] == ["CUSTOMER_IDS", "ASSIGNED_CIS", "REMINDER_TICKETS"]
    assert [w["defaultPosition"] for w in widgets] == list(range(1, 10))
    labels = {w["key"]: (w["label"], w["ja"]) for w in widgets}
    assert labels["CUSTOMER_IDS"] == ("Customer IDs", "顧客ID")
    assert labels["REMINDER_TICKETS"] == ("Reminder Tickets", "保留期限切れチケット")
    assert labels["CLOSED_TICKETS"] == ("Closed Tickets", "Closed Tickets")
    assert labels["ASSIGNED_CIS"] == ("Assigned CIs", "Assigned CIs")
    assert labels["CUSTOMER_INFORMATION"] == ("Customer Information", "顧客情報")
    assert all(w["defaultVisible"] and w["defaultPageSize"] == 10 and w["description"] for w in widgets)


async def test_widget_descriptions_are_plain_words(api: Api) -> None:
    data = await api.data("{ widgets { key en: description(locale: EN) ja: description(locale: JA) } }")
    for widget in data["widgets"]:
        for text in (widget["en"], widget["ja"]):
            assert "category" not in text and not re.search(r"\b[A-Z]+_[A-Z_]+\b|\bNEW\b|\bCLOSED\b", text), text
    reminder = next(w for w in data["widgets"] if w["key"] == "REMINDER_TICKETS")
    assert "24 hours" in reminder["en"] and "24 時間" in reminder["ja"]
