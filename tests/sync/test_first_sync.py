"""A first sync of the fixture OTOBO, then every widget answers as the OTOBO data says."""

from __future__ import annotations

from typing import Any

import asyncpg

from tests.api.conftest import Api

USER = 'customerUser(login: "taro")'


async def numbers(api: Api, field: str, agent: str = "alice", user: str = USER) -> list[str]:
    data = await api.data(f"{{ {user} {{ {field} {{ totalCount nodes {{ number }} }} }} }}", agent=agent)
    connection: dict[str, Any] = next(iter(data["customerUser"].values()))
    found = [node["number"] for node in connection["nodes"]]
    assert connection["totalCount"] == len(found)
    return found


async def test_ticket_widgets_follow_otobo_state_types(synced_api: Api) -> None:
    assert await numbers(synced_api, "newTickets") == ["T-NEW"]
    # Open: state type open, in a queue alice reads; not T-SECRET (no permission), not
    # T-OLD (its group is invalid), not T-STRANGER (its customer user is no customer user).
    assert sorted(await numbers(synced_api, "openTickets")) == ["T-ESC", "T-OPEN"]
    # Pending reminder for 30 hours: a reminder; pending auto for 2 hours: not yet.
    assert await numbers(synced_api, "reminderTickets") == ["T-PEND-OLD"]
    assert await numbers(synced_api, "escalatedTickets") == ["T-ESC"]
    # closed successful is CLOSED; the archived T-ARCH is not in cuic; merged is OTHER.
    assert await numbers(synced_api, "closedTickets") == ["T-CLOSED"]
    statuses = (await synced_api.data("{ ticketStatuses { name category } }"))["ticketStatuses"]
    assert {"name": "closed successful", "category": "CLOSED"} in statuses
    assert {"name": "pending auto close+", "category": "PENDING"} in statuses
    assert {"name": "merged", "category": "OTHER"} in statuses
    assert {"name": "open", "category": "IN_PROGRESS"} in statuses  # cuic's own status, kept


async def test_ticket_fields_come_from_otobo_rows_and_history(synced_api: Api) -> None:
    data = await synced_api.data(
        f"""{{ {USER} {{ openTickets {{ nodes {{ number title priority {{ level }} queue {{ name }} type
            locked owner {{ login email }} responsible {{ login }} statusChangedAt createdAt escalationAt }} }}
            reminderTickets {{ nodes {{ number pendingSince statusChangedAt }} }} }} }}"""
    )
    opened = {n["number"]: n for n in data["customerUser"]["openTickets"]["nodes"]}
    ticket = opened["T-OPEN"]
    assert ticket["title"] == "Ticket T-OPEN" and ticket["queue"]["name"] == "Network"
    assert ticket["type"] == "Unclassified" and ticket["locked"] is True
    assert ticket["owner"] == {"login": "alice", "email": "alice@example.com"}
    assert ticket["responsible"] == {"login": "bob"}
    # Entered "open" at its StateUpdate, 50 hours after it was created as "new".
    assert ticket["statusChangedAt"] > ticket["createdAt"]
    assert opened["T-ESC"]["priority"]["level"] == 5 and opened["T-ESC"]["escalationAt"] is not None
    reminder = data["customerUser"]["reminderTickets"]["nodes"][0]
    assert reminder["pendingSince"] == reminder["statusChangedAt"]


async def test_permissions_through_groups_and_roles(synced_api: Api) -> None:
    assert sorted(await numbers(synced_api, "openTickets", agent="bob")) == ["T-ESC", "T-OPEN"]
    # carol reads the secret queue through her role only.
    assert await numbers(synced_api, "openTickets", agent="carol") == ["T-SECRET"]
    # move_into, a role permission with value 0 and an invalid role give nothing.
    assert await numbers(synced_api, "openTickets", agent="dave") == []
    assert await numbers(synced_api, "newTickets", agent="dave") == []


async def test_scopes_my_queues_locked_responsible_watched(synced_api: Api) -> None:
    query = f"{{ {USER} {{ openTickets {{ scopeCounts {{ all myLocked myResponsibilities myQueues myWatched }} }} }} }}"
    alice = (await synced_api.data(query))["customerUser"]["openTickets"]["scopeCounts"]
    # T-OPEN: locked by its owner alice, in her personal queue Network.
    assert alice == {"all": 2, "myLocked": 1, "myResponsibilities": 0, "myQueues": 1, "myWatched": 0}
    bob = (await synced_api.data(query, agent="bob"))["customerUser"]["openTickets"]["scopeCounts"]
    assert bob == {"all": 2, "myLocked": 0, "myResponsibilities": 1, "myQueues": 0, "myWatched": 1}
    mine = await numbers(synced_api, "openTickets(scope: MY_QUEUES)")
    assert mine == ["T-OPEN"]


async def test_customer_ids_counts_and_information(synced_api: Api) -> None:
    data = await synced_api.data(
        f"""{{ {USER} {{ customerIds {{ customerId name isPrimary inProgressCount closedCount }}
            information {{ fullName email phone valid customerId }} customer {{ name city valid }} }}
            jiro: customerUser(login: "jiro") {{ information {{ valid }} customer {{ valid }} }} }}"""
    )
    ids = data["customerUser"]["customerIds"]
    # The primary first; further IDs from customer_user_customer, the repeated primary once.
    assert [i["customerId"] for i in ids] == ["ACME", "GLOBEX", "NOCOMPANY"]
    acme = ids[0]
    assert acme["isPrimary"] and acme["name"] == "Acme Corp"
    # Tickets of ACME alice reads: open T-OPEN, T-ESC, T-STRANGER, T-HANAKO; closed T-CLOSED.
    assert (acme["inProgressCount"], acme["closedCount"]) == (4, 1)
    assert ids[2]["name"] is None
    info = data["customerUser"]["information"]
    assert info == {
        "fullName": "Taro Yamada",
        "email": "taro@acme.example",
        "phone": "+81 3 0000 0000",
        "valid": True,
        "customerId": "ACME",
    }
    assert data["customerUser"]["customer"] == {"name": "Acme Corp", "city": "Springfield", "valid": True}
    # valid_id 3 (invalid-temporarily) and 2 (invalid) are not valid.
    assert data["jiro"] == {"information": {"valid": False}, "customer": {"valid": False}}


async def test_accessible_relation_includes_tickets_of_unknown_customer_users(synced_api: Api) -> None:
    found = await numbers(synced_api, "openTickets(relation: ACCESSIBLE)")
    assert sorted(found) == ["T-ESC", "T-HANAKO", "T-OPEN", "T-STRANGER"]


async def test_tickets_keep_their_otobo_ids_for_links(
    synced_api: Api, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    rows = await connection.fetch("SELECT number, source_id FROM ticket")
    assert rows and {row["number"]: row["source_id"] for row in rows} == {
        number: str(ticket_id) for number, ticket_id in tickets.items() if number in {row["number"] for row in rows}
    }
