"""The importer: good files (twice), every kind of bad line with nothing written, forward
references, inherited customer IDs, dry runs, the error cap."""

import json
from typing import Any

import asyncpg
import pytest

from db.importer import MAX_REPORTED_ERRORS, ImportFailed, import_records
from tests.api import dataset
from tests.importing import import_jsonl

TABLES = (
    "ticket_status", "customer_company", "customer_user", "customer_user_customer_id", "permission_group",
    "queue", "agent", "agent_group", "agent_queue", "ticket", "ticket_watcher", "config_item",
)  # fmt: skip


async def row_counts(connection: asyncpg.Connection) -> dict[str, int]:
    return {table: await connection.fetchval(f"SELECT count(*) FROM {table}") for table in TABLES}


async def test_good_file_twice_changes_nothing_the_second_time(connection: asyncpg.Connection) -> None:
    records = dataset.records()
    first = await import_jsonl(connection, records)
    assert first.created["ticket"] == sum(1 for r in records if r["type"] == "ticket")
    assert first.created["customer_user"] == 5 and first.created["agent"] == 2
    counts = await row_counts(connection)
    assert counts["ticket_watcher"] == 2 and counts["customer_user_customer_id"] == 2
    second = await import_jsonl(connection, records)
    assert sum(second.created.values()) == 0
    assert sum(second.changed.values()) == 0
    assert second.unchanged["ticket"] == first.created["ticket"]
    assert await row_counts(connection) == counts
    assert any("unchanged" in line for line in second.lines())


async def test_changed_record_is_reported_and_written(connection: asyncpg.Connection) -> None:
    records = dataset.records()
    await import_jsonl(connection, records)
    changed = [dict(r, title="Renamed") if r.get("number") == "PEND-25" else r for r in records]
    summary = await import_jsonl(connection, changed)
    assert summary.changed["ticket"] == 1
    assert await connection.fetchval("SELECT title FROM ticket WHERE number = 'PEND-25'") == "Renamed"


async def test_forward_references_and_inherited_customer_id(connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, dataset.records())  # its first line uses a status defined last
    row = await connection.fetchrow("SELECT status_category, customer_id FROM ticket WHERE number = 'OTHER-1'")
    assert row is not None and row["status_category"] == "OTHER"
    assert await connection.fetchval("SELECT customer_id FROM ticket WHERE number = 'INHERIT-1'") == "ACME"


GOOD_TICKET = {
    "type": "ticket",
    "number": "T-1",
    "title": "t",
    "status": "new",
    "queue": "Q",
    "created_at": "2026-11-01T09:00:00+09:00",
}
BASE = [{"type": "queue", "name": "Q", "group": "g"}]

BAD_LINES: list[tuple[Any, str]] = [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a JSON object"),
    ({"type": "spaceship", "name": "x"}, "unknown type"),
    ({"name": "x"}, "missing field 'type'"),
    ({k: v for k, v in GOOD_TICKET.items() if k != "title"}, "missing field 'title'"),
    (dict(GOOD_TICKET, created_at="yesterday"), "not an ISO 8601 timestamp"),
    (dict(GOOD_TICKET, created_at="2026-11-01T09:00:00"), "needs a UTC offset"),
    (dict(GOOD_TICKET, status="nope"), "unknown status 'nope'"),
    (dict(GOOD_TICKET, queue="nope"), "unknown queue 'nope'"),
    (dict(GOOD_TICKET, owner="ghost"), "unknown agent 'ghost' (owner)"),
    (dict(GOOD_TICKET, watchers=["ghost"]), "unknown agent 'ghost' (watchers)"),
    (dict(GOOD_TICKET, customer_user="ghost"), "unknown customer user 'ghost'"),
    (dict(GOOD_TICKET, priority=6), "priority must be an integer from 1 to 5"),
    (dict(GOOD_TICKET, priority="high"), "priority must be an integer from 1 to 5"),
    ({"type": "ticket_status", "name": "x", "category": "DONE"}, "category must be one of"),
    ({"type": "agent", "login": "a", "first_name": "A", "last_name": "B", "groups": {"g": "admin"}}, "'ro' or 'rw'"),
    ({"type": "config_item", "number": "c", "name": "n", "class": "c", "deployment_state": "d",
      "incident_state": "i", "owner": "ghost"}, "unknown customer user 'ghost' (owner)"),
]  # fmt: skip


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
async def test_bad_line_is_reported_with_its_number_and_nothing_is_written(
    connection: asyncpg.Connection, bad: Any, message: str
) -> None:
    before = await row_counts(connection)
    lines = [json.dumps(r) for r in BASE] + [json.dumps(GOOD_TICKET | {"number": "T-0"})]
    lines.append(bad if isinstance(bad, str) else json.dumps(bad))
    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)
    assert failure.value.total_errors == 1
    assert failure.value.errors[0].startswith("line 3: ")
    assert message in failure.value.errors[0]
    assert await row_counts(connection) == before


async def test_dry_run_reports_but_writes_nothing(connection: asyncpg.Connection) -> None:
    before = await row_counts(connection)
    lines = [json.dumps(r) for r in dataset.records()]
    summary = await import_records(connection, lines, dry_run=True)
    assert summary.created["ticket"] > 0
    assert await row_counts(connection) == before


async def test_error_list_is_capped_and_says_so(connection: asyncpg.Connection) -> None:
    lines = ["not json"] * (MAX_REPORTED_ERRORS + 25)
    with pytest.raises(ImportFailed) as failure:
        await import_records(connection, lines)
    assert failure.value.total_errors == MAX_REPORTED_ERRORS + 25
    assert len(failure.value.errors) == MAX_REPORTED_ERRORS + 1
    assert "25 more" in failure.value.errors[-1]


async def test_status_category_change_moves_its_tickets(connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, dataset.records())
    await import_jsonl(connection, [{"type": "ticket_status", "name": "merged", "category": "CLOSED"}])
    assert await connection.fetchval("SELECT status_category FROM ticket WHERE number = 'OTHER-1'") == "CLOSED"


async def test_sets_are_replaced(connection: asyncpg.Connection) -> None:
    records = dataset.records()
    await import_jsonl(connection, records)
    fewer = [dict(r, watchers=["bob"]) if r.get("number") == "SCOPE-WATCH" else r for r in records]
    await import_jsonl(connection, fewer)
    watchers = await connection.fetch(
        "SELECT a.login FROM ticket_watcher w JOIN agent a ON a.id = w.agent_id JOIN ticket t ON t.id = w.ticket_id"
        " WHERE t.number = 'SCOPE-WATCH'"
    )
    assert [w["login"] for w in watchers] == ["bob"]
