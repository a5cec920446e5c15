"""The JSON Lines importer: upserts by natural key, whole file or nothing, line-numbered errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson
import pytest

from db.importer import MAX_REPORTED_ERRORS, RECORD_TYPES, ImportFailed, ImportSummary, import_records
from tests.importing import import_jsonl, jsonl

NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)

# Every table the importer writes, with an order that makes snapshots comparable.
TABLES = {
    "ticket_status": "name",
    "customer_company": "customer_id",
    "customer_user": "login",
    "customer_user_customer_id": "customer_user_id, customer_id",
    "permission_group": "name",
    "queue": "name",
    "agent": "login",
    "agent_group": "agent_id, group_id",
    "agent_queue": "agent_id, queue_id",
    "ticket": "number",
    "ticket_watcher": "ticket_id, agent_id",
    "config_item": "number",
}


async def snapshot(connection: asyncpg.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the importer writes."""
    return {
        table: [dict(row) for row in await connection.fetch(f"SELECT * FROM {table} ORDER BY {order}")]
        for table, order in TABLES.items()
    }


def at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat()


def helpdesk() -> list[dict[str, Any]]:
    """A small helpdesk with every record type and most fields."""
    return [
        {"type": "ticket_status", "name": "merged", "category": "OTHER"},
        {
            "type": "customer_company",
            "customer_id": "ACME",
            "name": "Acme Corp",
            "street": "1 Road Runner Way",
            "zip": "12345",
            "city": "Springfield",
            "country": "USA",
            "url": "https://acme.example.com/",
            "comment": "key account",
        },
        {"type": "customer_company", "customer_id": "AOBA", "name": "株式会社青葉システム", "valid": False},
        {
            "type": "customer_user",
            "login": "yamada.taro",
            "first_name": "太郎",
            "last_name": "山田",
            "email": "taro@aoba.example.jp",
            "customer_id": "AOBA",
            "customer_ids": ["ACME", "NOCOMPANY"],
            "title": "課長",
            "phone": "+81 3 0000 0000",
        },
        {"type": "customer_user", "login": "jane", "first_name": "Jane", "last_name": "Doe", "customer_id": "ACME"},
        {"type": "queue", "name": "Service Desk", "group": "users"},
        {"type": "queue", "name": "Security", "group": "security"},
        {
            "type": "agent",
            "login": "admin",
            "first_name": "Ada",
            "last_name": "Admin",
            "email": "admin@example.com",
            "groups": {"users": "rw", "security": "rw"},
            "my_queues": ["Security"],
        },
        {"type": "agent", "login": "viewer", "first_name": "Vic", "last_name": "Viewer", "groups": {"users": "ro"}},
        {
            "type": "ticket",
            "number": "1001",
            "title": "VPN に接続できない",
            "status": "open",
            "queue": "Service Desk",
            "created_at": at(50),
            "priority": 4,
            "ticket_type": "Incident",
            "service": "Network::VPN",
            "customer_user": "yamada.taro",
            "owner": "admin",
            "responsible": "viewer",
            "watchers": ["admin", "viewer"],
            "locked": True,
            "changed_at": at(2),
            "status_changed_at": at(10),
            "escalation_at": at(1),
        },
        {
            "type": "ticket",
            "number": "1002",
            "title": "Password reset",
            "status": "merged",
            "queue": "Security",
            "created_at": "2025-03-01T10:00:00+09:00",
            "customer_user": "jane",
            "customer_id": "OTHER-ID",
        },
        {
            "type": "ticket",
            "number": "1003",
            "title": "No user",
            "status": "new",
            "queue": "Security",
            "created_at": at(3),
        },
        {
            "type": "config_item",
            "number": "CI-1",
            "name": "ThinkPad X1",
            "class": "Computer",
            "deployment_state": "Production",
            "incident_state": "Operational",
            "owner": "yamada.taro",
            "created_at": at(1000),
            "changed_at": at(100),
        },
        {
            "type": "config_item",
            "number": "CI-2",
            "name": "Office",
            "class": "Software",
            "deployment_state": "Planned",
            "incident_state": "Warning",
        },
    ]


def created(summary: ImportSummary) -> dict[str, int]:
    return {record_type: n for record_type, n in summary.created.items() if n}


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


async def test_dry_run_writes_nothing_but_reports(connection: asyncpg.Connection) -> None:
    before = await snapshot(connection)

    dry = await import_jsonl(connection, helpdesk(), dry_run=True)

    assert await snapshot(connection) == before
    assert created(dry)["ticket"] == 3 and dry.groups_created == 2
    real = await import_jsonl(connection, helpdesk())
    assert real.created == dry.created and real.changed == dry.changed and real.unchanged == dry.unchanged
    # A dry run of a changed file over stored data: still nothing written.
    stored = await snapshot(connection)
    records = helpdesk()
    records[-1]["name"] = "Office 365"
    dry = await import_jsonl(connection, records, dry_run=True)
    assert dry.changed["config_item"] == 1
    assert await snapshot(connection) == stored


async def test_dry_run_reports_bad_lines_too(connection: asyncpg.Connection) -> None:
    with pytest.raises(ImportFailed) as failure:
        await import_jsonl(connection, [*helpdesk(), {"type": "queue", "name": "X"}], dry_run=True)
    assert failure.value.errors == [f'line {len(helpdesk()) + 1}: missing field "group"']


def ticket_line(**fields: Any) -> dict[str, Any]:
    record = {
        "type": "ticket",
        "number": "BAD",
        "title": "t",
        "status": "new",
        "queue": "Service Desk",
        "created_at": at(1),
    }
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


BAD_LINES: list[tuple[str, str]] = [
    ("this is not json", "line {n}: not valid JSON"),
    ('{"type": "ticket", "number": "1"', "line {n}: not valid JSON"),
    ("[1, 2]", "line {n}: not a JSON object: [1,2]"),
    ('"ticket"', 'line {n}: not a JSON object: "ticket"'),
    ('{"name": "x"}', 'line {n}: missing field "type"'),
    ('{"type": "tikcet", "number": "1"}', 'line {n}: unknown type "tikcet" (known: ticket_status,'),
    ('{"type": 7}', "line {n}: unknown type 7"),
    (jsonl([ticket_line(title=None)])[0], 'line {n}: missing field "title"'),
    (jsonl([ticket_line(title=None, queue=None)])[0], 'line {n}: missing field "title"; missing field "queue"'),
    (jsonl([ticket_line(number="")])[0], 'line {n}: field "number" must be a non-empty string, got ""'),
    (jsonl([ticket_line(titel="typo")])[0], 'line {n}: unknown field "titel"'),
    (jsonl([ticket_line(title=42)])[0], 'line {n}: field "title" must be a string, got 42'),
    (jsonl([ticket_line(locked="yes")])[0], 'line {n}: field "locked" must be true or false, got "yes"'),
    (jsonl([ticket_line(watchers="admin")])[0], 'line {n}: field "watchers" must be a list of non-empty strings'),
    (jsonl([ticket_line(created_at="yesterday")])[0], 'line {n}: field "created_at" is not an ISO 8601 timestamp'),
    (jsonl([ticket_line(created_at="2025-02-30T10:00:00+09:00")])[0], 'line {n}: field "created_at" is not an ISO'),
    (
        jsonl([ticket_line(created_at=1743490800)])[0],
        'line {n}: field "created_at" must be an ISO 8601 timestamp string',
    ),
    (jsonl([ticket_line(changed_at="2025-04-01T10:00:00")])[0], 'line {n}: field "changed_at" has no UTC offset'),
    (jsonl([ticket_line(escalation_at="2025-04-01")])[0], 'line {n}: field "escalation_at" has no UTC offset'),
    (jsonl([ticket_line(priority=0)])[0], 'line {n}: field "priority" must be an integer from 1 to 5, got 0'),
    (jsonl([ticket_line(priority=6)])[0], 'line {n}: field "priority" must be an integer from 1 to 5, got 6'),
    (jsonl([ticket_line(priority="3")])[0], 'line {n}: field "priority" must be an integer from 1 to 5, got "3"'),
    (jsonl([ticket_line(priority=True)])[0], 'line {n}: field "priority" must be an integer from 1 to 5, got true'),
    (jsonl([ticket_line(priority=2.5)])[0], 'line {n}: field "priority" must be an integer from 1 to 5, got 2.5'),
    (jsonl([ticket_line(title="a\x00b")])[0], 'line {n}: field "title" contains a NUL character'),
    (jsonl([ticket_line(status="nope")])[0], 'line {n}: unknown status "nope"'),
    (jsonl([ticket_line(queue="Nowhere")])[0], 'line {n}: unknown queue "Nowhere"'),
    (jsonl([ticket_line(owner="ghost")])[0], 'line {n}: unknown agent (owner) "ghost"'),
    (jsonl([ticket_line(responsible="ghost")])[0], 'line {n}: unknown agent (responsible) "ghost"'),
    (
        jsonl([ticket_line(watchers=["admin", "ghost", "spook"])])[0],
        'line {n}: unknown agent(s) in "watchers": "ghost", "spook"',
    ),
    (jsonl([ticket_line(customer_user="nobody")])[0], 'line {n}: unknown customer user "nobody"'),
    (
        jsonl([ticket_line(status="nope", queue="Nowhere", owner="ghost")])[0],
        'line {n}: unknown status "nope"; unknown queue "Nowhere"; unknown agent (owner) "ghost"',
    ),
    (
        '{"type": "ticket_status", "name": "x", "category": "DONE"}',
        'line {n}: field "category" must be one of NEW, IN_PROGRESS, PENDING, CLOSED, OTHER, got "DONE"',
    ),
    ('{"type": "ticket_status", "name": "x", "category": "new"}', 'line {n}: field "category" must be one of'),
    (
        '{"type": "agent", "login": "x", "first_name": "X", "last_name": "Y", "groups": {"users": "admin"}}',
        'line {n}: field "groups" must map group names to "ro" or "rw"',
    ),
    (
        '{"type": "agent", "login": "x", "first_name": "X", "last_name": "Y", "groups": ["users"]}',
        'line {n}: field "groups" must map group names to "ro" or "rw"',
    ),
    (
        '{"type": "agent", "login": "x", "first_name": "X", "last_name": "Y", "my_queues": ["Nowhere"]}',
        'line {n}: unknown queue(s) in "my_queues": "Nowhere"',
    ),
    ('{"type": "queue", "name": "X", "group": ""}', 'line {n}: field "group" must be a non-empty string, got ""'),
    (
        '{"type": "customer_user", "login": "x", "first_name": "X", "last_name": "Y", "customer_ids": [""]}',
        'line {n}: field "customer_ids" must be a list of non-empty strings',
    ),
    (
        '{"type": "customer_company", "customer_id": "X", "name": "X", "valid": "no"}',
        'line {n}: field "valid" must be true or false, got "no"',
    ),
    (
        '{"type": "config_item", "number": "CI-9", "name": "n", "class": "c", "deployment_state": "d", "incident_state": "i", "owner": "nobody"}',
        'line {n}: unknown customer user (owner) "nobody"',
    ),
]


@pytest.mark.parametrize(
    ("line", "expected"), BAD_LINES, ids=[expected.split(": ", 1)[1][:50] for _, expected in BAD_LINES]
)
async def test_a_bad_line_is_reported_and_nothing_is_written(
    connection: asyncpg.Connection, line: str, expected: str
) -> None:
    await import_jsonl(connection, helpdesk())
    before = await snapshot(connection)
    # The same file with changes, a new record of every kind, and the bad line in the middle.
    records = helpdesk()
    for record in records:
        if record["type"] == "ticket":
            record["title"] += " (changed)"
    lines = [*jsonl(records[:5]), "", line, *jsonl(records[5:]), *jsonl([ticket_line(number="NEW-1")])]
    line_number = 7

    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)

    assert failure.value.total_errors == 1
    assert len(failure.value.errors) == 1
    assert failure.value.errors[0].startswith(expected.format(n=line_number)), failure.value.errors
    assert await snapshot(connection) == before


async def test_every_bad_line_is_reported_in_line_order(connection: asyncpg.Connection) -> None:
    lines = [
        *jsonl(helpdesk()),  # lines 1..14
        jsonl([ticket_line(number="A", status="nope")])[0],  # 15: found by SQL
        "{",  # 16: found by Python
        "",  # 17: blank, skipped
        jsonl([ticket_line(number="B", priority=9)])[0],  # 18
        jsonl([ticket_line(number="C", queue="Nowhere")])[0],  # 19
        '{"type": "queue", "name": "Later"}',  # 20
    ]
    before = await snapshot(connection)

    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)

    assert [error.split(":")[0] for error in failure.value.errors] == [
        "line 15",
        "line 16",
        "line 18",
        "line 19",
        "line 20",
    ]
    assert failure.value.total_errors == 5
    assert await snapshot(connection) == before


async def test_errors_are_capped(connection: asyncpg.Connection) -> None:
    good = jsonl(helpdesk())
    # 80 unknown statuses (found in SQL), then 70 lines of broken JSON (found in Python).
    lines = [*good, *jsonl(ticket_line(number=f"X{n}", status="nope") for n in range(80)), *(["{oops"] * 70)]

    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)

    errors = failure.value.errors
    assert failure.value.total_errors == 150
    assert len(errors) == MAX_REPORTED_ERRORS + 1
    assert errors[-1] == "... and 50 more errors"
    first = len(good) + 1
    assert errors[0] == f'line {first}: unknown status "nope"'
    assert errors[79] == f'line {first + 79}: unknown status "nope"'
    assert errors[80].startswith(f"line {first + 80}: not valid JSON")
    assert errors[99].startswith(f"line {first + 99}: not valid JSON")
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0


async def test_the_last_line_of_a_key_wins(connection: asyncpg.Connection) -> None:
    records = [
        *helpdesk(),
        ticket_line(number="1001", title="second", status="closed", watchers=["viewer"], customer_user="jane"),
    ]

    summary = await import_jsonl(connection, records)

    assert summary.created["ticket"] == 3 and summary.superseded == 1
    row = await connection.fetchrow("SELECT title, status_category, customer_id FROM ticket WHERE number = '1001'")
    assert row is not None and tuple(row) == ("second", "CLOSED", "ACME")
    assert await connection.fetchval(
        "SELECT array_agg(a.login) FROM ticket_watcher w JOIN agent a ON a.id = w.agent_id"
        " JOIN ticket t ON t.id = w.ticket_id WHERE t.number = '1001'"
    ) == ["viewer"]


async def test_blank_lines_are_skipped_but_counted(connection: asyncpg.Connection) -> None:
    lines = [
        "",
        "   ",
        "\n",
        '{"type": "queue", "name": "Q", "group": "g"}\n',
        "\r\n",
        '{"type": "queue", "name": "R"}',
    ]
    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)
    assert failure.value.errors == ['line 6: missing field "group"']

    summary = await import_records(connection, lines[:5])
    assert summary.created["queue"] == 1
    assert summary.line_count == 5


async def test_empty_input(connection: asyncpg.Connection) -> None:
    summary = await import_records(connection, [])
    assert summary.lines() == ["no records"]
    assert sum(summary.created.values()) == 0


async def test_progress_reports_lines_read(connection: asyncpg.Connection) -> None:
    seen: list[int] = []
    lines = [""] * 25_000 + jsonl(helpdesk())

    await import_records(connection, lines, progress=seen.append)

    assert seen == [10_000, 20_000, 25_000 + len(helpdesk())]


async def test_an_asynchronous_source_is_read_too(connection: asyncpg.Connection) -> None:
    async def lines() -> AsyncIterator[str]:
        for line in jsonl(helpdesk()):
            yield line

    summary = await import_records(connection, lines())

    assert summary.created["ticket"] == 3
    assert await connection.fetchval("SELECT count(*) FROM ticket_watcher") == 2


async def test_a_byte_order_mark_and_odd_text_are_fine(connection: asyncpg.Connection) -> None:
    tricky = "O'Brien\"; DROP TABLE ticket; -- 🎫 \\ %_"
    lines = jsonl([{"type": "queue", "name": tricky, "group": "g"}])
    lines[0] = "\ufeff" + lines[0]

    await import_records(connection, lines)

    assert await connection.fetchval("SELECT name FROM queue") == tricky
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0  # still there


async def test_reimports_draw_no_new_identity_values(connection: asyncpg.Connection) -> None:
    """Updates are not INSERT ... ON CONFLICT, which would use up ticket_status's smallint ids."""
    status = {"type": "ticket_status", "name": "merged", "category": "OTHER"}
    await import_jsonl(connection, [status])
    first = await connection.fetchval("SELECT id FROM ticket_status WHERE name = 'merged'")
    for _ in range(3):
        await import_jsonl(connection, [status])

    await import_jsonl(connection, [{"type": "ticket_status", "name": "removed", "category": "OTHER"}])

    assert await connection.fetchval("SELECT id FROM ticket_status WHERE name = 'removed'") == first + 1


async def test_a_role_without_superuser_imports_the_same(connection: asyncpg.Connection) -> None:
    """Superusers skip the per-row foreign key triggers for tickets; others keep them."""
    await connection.execute("CREATE ROLE cuic_test_importer NOLOGIN")
    try:
        await connection.execute(
            "GRANT ALL ON ALL TABLES IN SCHEMA public TO cuic_test_importer;"
            " GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO cuic_test_importer;"
            f" GRANT TEMPORARY ON DATABASE {await connection.fetchval('SELECT current_database()')}"
            " TO cuic_test_importer"
        )
        await connection.execute("SET ROLE cuic_test_importer")
        assert await connection.fetchval("SELECT current_setting('is_superuser')") == "off"
        summary = await import_jsonl(connection, helpdesk())
        again = await import_jsonl(connection, helpdesk())
        await connection.execute("RESET ROLE")
    finally:
        await connection.execute("RESET ROLE")
        await connection.execute("REASSIGN OWNED BY cuic_test_importer TO CURRENT_USER")
        await connection.execute("DROP OWNED BY cuic_test_importer")
        await connection.execute("DROP ROLE cuic_test_importer")
    assert created(summary)["ticket"] == 3 and again.unchanged["ticket"] == 3
    assert await connection.fetchval("SELECT count(*) FROM ticket_watcher") == 2


async def test_the_session_is_left_as_it_was(connection: asyncpg.Connection) -> None:
    await connection.execute("SET statement_timeout = '5s'")
    await import_jsonl(connection, helpdesk())
    settings = await connection.fetchrow(
        "SELECT current_setting('session_replication_role') AS role, current_setting('statement_timeout') AS timeout,"
        " (SELECT count(*) FROM pg_class WHERE relname LIKE 'cuic_import%' AND relpersistence = 't') AS staging"
    )
    assert settings is not None
    assert tuple(settings) == ("origin", "5s", 0)


def test_the_summary_reads_well() -> None:
    summary = ImportSummary()
    summary.created["ticket"] = 10
    summary.changed["ticket"] = 2
    summary.unchanged["queue"] = 3
    summary.groups_created = 1
    summary.superseded = 4
    assert summary.lines() == [
        "queue: 0 created, 0 changed, 3 unchanged",
        "ticket: 10 created, 2 changed, 0 unchanged",
        "permission group: 1 created",
        "4 line(s) superseded by a later line with the same key",
    ]
    assert set(summary.created) == set(RECORD_TYPES)


def test_import_failed_carries_its_errors() -> None:
    failure = ImportFailed(["line 3: not valid JSON (x)"], 1)
    assert failure.total_errors == 1
    assert "line 3" in str(failure)
    assert orjson.dumps(failure.errors) == b'["line 3: not valid JSON (x)"]'


@pytest.mark.parametrize(
    "moment",
    [
        "2000-01-01T00:00:00Z",
        "1999-12-31T23:59:59.999999+00:00",
        "1969-07-20T20:17:40.123456-05:00",
        "2025-04-01 09:30+09:00",
        "2025-04-01T09:30:00.5+0530",
        "0001-01-01T00:00:00+09:00",
        "9999-12-31T23:59:59.999999-05:00",
    ],
)
async def test_timestamps_are_stored_exactly(connection: asyncpg.Connection, moment: str) -> None:
    await import_jsonl(
        connection,
        [ticket_line(number="T", created_at=moment, queue="Q"), {"type": "queue", "name": "Q", "group": "g"}],
    )
    assert await connection.fetchval("SELECT created_at = $1::text::timestamptz FROM ticket", moment) is True


async def test_a_failing_source_rolls_back_and_leaves_the_connection_usable(connection: asyncpg.Connection) -> None:
    def lines() -> Iterator[str]:
        yield from jsonl(helpdesk())
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    with pytest.raises(UnicodeDecodeError):
        await import_records(connection, lines())

    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0
    summary = await import_jsonl(connection, helpdesk())
    assert summary.created["ticket"] == 3
