"""Lines: values read exactly, odd text and blank lines; every problem of a bad line in one
line-numbered message, in line order, capped, and nothing written."""

from __future__ import annotations

import asyncpg
import orjson
import pytest

from db.importer import MAX_REPORTED_ERRORS, ImportFailed, import_records
from tests.db.importer.helpdesk import helpdesk, snapshot, ticket_line
from tests.importing import import_jsonl, jsonl

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


async def test_dry_run_reports_bad_lines_too(connection: asyncpg.Connection) -> None:
    with pytest.raises(ImportFailed) as failure:
        await import_jsonl(connection, [*helpdesk(), {"type": "queue", "name": "X"}], dry_run=True)
    assert failure.value.errors == [f'line {len(helpdesk()) + 1}: missing field "group"']


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


async def test_a_byte_order_mark_and_odd_text_are_fine(connection: asyncpg.Connection) -> None:
    tricky = "O'Brien\"; DROP TABLE ticket; -- 🎫 \\ %_"
    lines = jsonl([{"type": "queue", "name": tricky, "group": "g"}])
    lines[0] = "\ufeff" + lines[0]

    await import_records(connection, lines)

    assert await connection.fetchval("SELECT name FROM queue") == tricky
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0  # still there


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
