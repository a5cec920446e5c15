"""What the importer stores: upserts by natural key, sets replaced, references resolved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from tests.db.importer.helpdesk import NOW, at, created, helpdesk, snapshot
from tests.importing import import_jsonl


async def test_a_good_file_is_imported(connection: asyncpg.Connection) -> None:
    summary = await import_jsonl(connection, helpdesk())

    assert created(summary) == {
        "ticket_status": 1,
        "customer_company": 2,
        "customer_user": 2,
        "queue": 2,
        "agent": 2,
        "ticket": 3,
        "config_item": 2,
    }
    assert not any(summary.changed.values()) and not any(summary.unchanged.values())
    assert summary.groups_created == 2
    assert "ticket: 3 created, 0 changed, 0 unchanged" in summary.lines()
    ticket = await connection.fetchrow(
        """
        SELECT t.*, s.name AS status, q.name AS queue, cu.login AS customer_user, o.login AS owner,
               r.login AS responsible,
               ARRAY(SELECT a.login FROM ticket_watcher w JOIN agent a ON a.id = w.agent_id
                     WHERE w.ticket_id = t.id ORDER BY a.login) AS watchers
        FROM ticket t JOIN ticket_status s ON s.id = t.status_id JOIN queue q ON q.id = t.queue_id
        JOIN customer_user cu ON cu.id = t.customer_user_id JOIN agent o ON o.id = t.owner_id
        JOIN agent r ON r.id = t.responsible_id
        WHERE t.number = '1001'
        """
    )
    assert ticket is not None
    assert (ticket["title"], ticket["status"], ticket["status_category"], ticket["queue"]) == (
        "VPN に接続できない",
        "open",
        "IN_PROGRESS",
        "Service Desk",
    )
    assert (ticket["priority"], ticket["ticket_type"], ticket["service"], ticket["locked"]) == (
        4,
        "Incident",
        "Network::VPN",
        True,
    )
    assert (ticket["customer_user"], ticket["customer_id"], ticket["owner"], ticket["responsible"]) == (
        "yamada.taro",
        "AOBA",
        "admin",
        "viewer",
    )
    assert ticket["watchers"] == ["admin", "viewer"]
    assert ticket["created_at"] == NOW - timedelta(hours=50)
    assert ticket["changed_at"] == NOW - timedelta(hours=2)
    assert ticket["status_changed_at"] == NOW - timedelta(hours=10)
    assert ticket["escalation_at"] == NOW - timedelta(hours=1)

    # Defaults: priority 3, unlocked, both change times = created_at; the offset is honoured.
    merged = await connection.fetchrow("SELECT * FROM ticket WHERE number = '1002'")
    assert merged is not None
    assert (merged["priority"], merged["locked"], merged["status_category"]) == (3, False, "OTHER")
    assert merged["created_at"] == datetime(2025, 3, 1, 1, 0, tzinfo=UTC)
    assert merged["changed_at"] == merged["status_changed_at"] == merged["created_at"]
    assert merged["escalation_at"] is None
    assert merged["customer_id"] == "OTHER-ID"  # given, not inherited
    lonely = await connection.fetchrow("SELECT customer_user_id, customer_id FROM ticket WHERE number = '1003'")
    assert lonely is not None and tuple(lonely) == (None, None)

    user = await connection.fetchrow("SELECT * FROM customer_user WHERE login = 'yamada.taro'")
    assert user is not None
    assert (user["first_name"], user["last_name"], user["customer_id"], user["title"], user["valid"]) == (
        "太郎",
        "山田",
        "AOBA",
        "課長",
        True,
    )
    further = await connection.fetch(
        "SELECT customer_id FROM customer_user_customer_id WHERE customer_user_id = $1 ORDER BY 1", user["id"]
    )
    assert [row[0] for row in further] == ["ACME", "NOCOMPANY"]
    assert await connection.fetchval("SELECT valid FROM customer_company WHERE customer_id = 'AOBA'") is False

    permissions = await connection.fetch(
        """
        SELECT a.login, g.name, ag.permission FROM agent_group ag
        JOIN agent a ON a.id = ag.agent_id JOIN permission_group g ON g.id = ag.group_id ORDER BY 1, 2
        """
    )
    assert [tuple(row) for row in permissions] == [
        ("admin", "security", "rw"),
        ("admin", "users", "rw"),
        ("viewer", "users", "ro"),
    ]
    queues = await connection.fetch(
        "SELECT q.name, g.name FROM queue q JOIN permission_group g ON g.id = q.group_id ORDER BY 1"
    )
    assert [tuple(row) for row in queues] == [("Security", "security"), ("Service Desk", "users")]
    my_queues = await connection.fetch(
        "SELECT a.login, q.name FROM agent_queue aq JOIN agent a ON a.id = aq.agent_id JOIN queue q ON q.id = aq.queue_id"
    )
    assert [tuple(row) for row in my_queues] == [("admin", "Security")]

    items = await connection.fetch(
        """
        SELECT c.number, c.class, c.deployment_state, c.incident_state, cu.login, c.created_at, c.changed_at
        FROM config_item c LEFT JOIN customer_user cu ON cu.id = c.owner_id ORDER BY c.number
        """
    )
    assert tuple(items[0]) == (
        "CI-1",
        "Computer",
        "Production",
        "Operational",
        "yamada.taro",
        NOW - timedelta(hours=1000),
        NOW - timedelta(hours=100),
    )
    assert items[1]["login"] is None and items[1]["changed_at"] == items[1]["created_at"]


async def test_importing_the_same_file_twice_changes_nothing(connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, helpdesk())
    before = await snapshot(connection)

    summary = await import_jsonl(connection, helpdesk())

    assert not any(summary.created.values())
    assert not any(summary.changed.values())
    assert summary.unchanged == {
        "ticket_status": 1,
        "customer_company": 2,
        "customer_user": 2,
        "queue": 2,
        "agent": 2,
        "ticket": 3,
        "config_item": 2,
    }
    assert summary.groups_created == 0
    assert await snapshot(connection) == before  # changed_at included


async def test_changes_are_counted_and_sets_replaced(connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, helpdesk())
    records = helpdesk()
    keys = {"ticket_status": "name", "customer_company": "customer_id", "customer_user": "login", "queue": "name"}
    by_key = {(r["type"], r[keys.get(r["type"], "login" if r["type"] == "agent" else "number")]): r for r in records}
    by_key["ticket", "1001"]["watchers"] = ["viewer"]  # only the watcher set changes
    by_key["ticket", "1002"]["title"] = "Password reset (again)"
    by_key["agent", "admin"]["groups"] = {"users": "ro", "auditors": "ro"}  # only the group set changes
    by_key["agent", "viewer"]["my_queues"] = ["Service Desk", "Security"]  # only the queue set changes
    by_key["customer_user", "yamada.taro"]["customer_ids"] = ["ACME"]  # only the further IDs change
    by_key["queue", "Security"]["group"] = "users"
    by_key["ticket_status", "merged"]["category"] = "CLOSED"
    by_key["config_item", "CI-2"]["incident_state"] = "Incident"
    by_key["customer_company", "ACME"]["url"] = None  # absent: stored as NULL
    records.append(
        {"type": "ticket", "number": "1004", "title": "New", "status": "new", "queue": "Security", "created_at": at(1)}
    )

    summary = await import_jsonl(connection, records)

    assert summary.changed == {
        "ticket_status": 1,
        "customer_company": 1,
        "customer_user": 1,
        "queue": 1,
        "agent": 2,
        "ticket": 2,
        "config_item": 1,
    }
    assert created(summary) == {"ticket": 1}
    assert summary.unchanged["ticket"] == 1 and summary.unchanged["customer_user"] == 1
    assert summary.groups_created == 1  # auditors
    watchers = await connection.fetch(
        "SELECT a.login FROM ticket_watcher w JOIN ticket t ON t.id = w.ticket_id JOIN agent a ON a.id = w.agent_id"
        " WHERE t.number = '1001'"
    )
    assert [row[0] for row in watchers] == ["viewer"]
    groups = await connection.fetch(
        "SELECT g.name, ag.permission FROM agent_group ag JOIN agent a ON a.id = ag.agent_id"
        " JOIN permission_group g ON g.id = ag.group_id WHERE a.login = 'admin' ORDER BY 1"
    )
    assert [tuple(row) for row in groups] == [("auditors", "ro"), ("users", "ro")]
    queues = await connection.fetch(
        "SELECT q.name FROM agent_queue aq JOIN agent a ON a.id = aq.agent_id JOIN queue q ON q.id = aq.queue_id"
        " WHERE a.login = 'viewer' ORDER BY 1"
    )
    assert [row[0] for row in queues] == ["Security", "Service Desk"]
    assert await connection.fetchval(
        "SELECT array_agg(l.customer_id) FROM customer_user_customer_id l JOIN customer_user u"
        " ON u.id = l.customer_user_id WHERE u.login = 'yamada.taro'"
    ) == ["ACME"]
    assert await connection.fetchval("SELECT url FROM customer_company WHERE customer_id = 'ACME'") is None
    assert await connection.fetchval("SELECT status_category FROM ticket WHERE number = '1002'") == "CLOSED"
    # A config item changed without a changed_at of its own gets the import's time.
    ci2 = await connection.fetchrow("SELECT created_at, changed_at FROM config_item WHERE number = 'CI-2'")
    assert ci2 is not None and ci2["changed_at"] > ci2["created_at"]


async def test_a_status_category_change_cascades_to_its_tickets(connection: asyncpg.Connection) -> None:
    await import_jsonl(
        connection,
        [
            {"type": "ticket_status", "name": "waiting for customer", "category": "PENDING"},
            {"type": "queue", "name": "Q", "group": "g"},
            *(
                {
                    "type": "ticket",
                    "number": f"T{n}",
                    "title": "t",
                    "status": "waiting for customer",
                    "queue": "Q",
                    "created_at": at(n),
                }
                for n in range(3)
            ),
        ],
    )
    assert await connection.fetchval("SELECT array_agg(DISTINCT status_category) FROM ticket") == ["PENDING"]

    summary = await import_jsonl(
        connection, [{"type": "ticket_status", "name": "waiting for customer", "category": "IN_PROGRESS"}]
    )

    assert summary.changed["ticket_status"] == 1
    assert await connection.fetchval("SELECT array_agg(DISTINCT status_category) FROM ticket") == ["IN_PROGRESS"]


async def test_forward_references_resolve(connection: asyncpg.Connection) -> None:
    records = helpdesk()
    # Tickets and config items first, everything they refer to after them.
    records.sort(key=lambda r: r["type"] not in ("ticket", "config_item"))
    assert records[0]["type"] == "ticket"

    summary = await import_jsonl(connection, records)

    assert summary.created["ticket"] == 3 and summary.created["config_item"] == 2
    assert (
        await connection.fetchval(
            "SELECT s.category FROM ticket t JOIN ticket_status s ON s.id = t.status_id WHERE t.number = '1002'"
        )
        == "OTHER"
    )


async def test_customer_id_is_inherited_from_the_users_primary_id(connection: asyncpg.Connection) -> None:
    records: list[dict[str, Any]] = [
        {"type": "queue", "name": "Q", "group": "g"},
        # The user comes later in the file.
        {
            "type": "ticket",
            "number": "T1",
            "title": "t",
            "status": "new",
            "queue": "Q",
            "created_at": at(1),
            "customer_user": "later",
        },
        {
            "type": "ticket",
            "number": "T2",
            "title": "t",
            "status": "new",
            "queue": "Q",
            "created_at": at(1),
            "customer_user": "later",
            "customer_id": "EXPLICIT",
        },
        {
            "type": "ticket",
            "number": "T3",
            "title": "t",
            "status": "new",
            "queue": "Q",
            "created_at": at(1),
            "customer_user": "noid",
        },
        {
            "type": "customer_user",
            "login": "later",
            "first_name": "L",
            "last_name": "Ater",
            "customer_id": "PRIMARY",
            "customer_ids": ["FURTHER"],
        },
        {"type": "customer_user", "login": "noid", "first_name": "N", "last_name": "O"},
    ]

    await import_jsonl(connection, records)

    rows = await connection.fetch("SELECT number, customer_id FROM ticket ORDER BY number")
    assert [tuple(row) for row in rows] == [("T1", "PRIMARY"), ("T2", "EXPLICIT"), ("T3", None)]
