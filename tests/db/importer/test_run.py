"""The run: one transaction (dry runs roll back), sources, progress, roles, and the session left as it was."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from db.importer import RECORD_TYPES, ImportSummary, import_records
from tests.db.importer.helpdesk import created, helpdesk, snapshot, ticket_line
from tests.importing import import_jsonl, jsonl


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


async def test_a_failing_source_rolls_back_and_leaves_the_connection_usable(connection: asyncpg.Connection) -> None:
    def lines() -> Iterator[str]:
        yield from jsonl(helpdesk())
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    with pytest.raises(UnicodeDecodeError):
        await import_records(connection, lines())

    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0
    summary = await import_jsonl(connection, helpdesk())
    assert summary.created["ticket"] == 3
