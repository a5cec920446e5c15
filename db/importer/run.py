"""The run of an import: one transaction that reads, splits, checks and writes.

`import_records` holds the write transaction; `_Importer` holds the steps in order.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Iterator
from typing import Final

import asyncpg

from db.changes import announce
from db.demo_marker import clear_demo_marker
from db.importer.bulk import BULK_UPSERTS, skip_foreign_key_triggers
from db.importer.changes import NOTED_UPSERTS, import_change, keep_before, should_note
from db.importer.fields import RECORD_TYPES, SPECS, STAGING_COLUMNS, STAGING_TABLE
from db.importer.parsing import LineError, parse_line
from db.importer.staging import (
    CHECKS,
    COUNT_ERRORS,
    CREATE_ERRORS,
    CREATE_STAGING,
    FIRST_ERRORS,
    check_sql,
    dedupe_sql,
    keys_sql,
    split_sql,
)
from db.importer.summary import MAX_REPORTED_ERRORS, ImportFailed, ImportSummary, zero_counts
from db.importer.upserts import GROUPS_SQL, UPSERTS

_UPSERTS: Final = {**UPSERTS, **BULK_UPSERTS}

PROGRESS_EVERY: Final = 10_000
# Any fixed number: imports into one database run one at a time.
_ADVISORY_LOCK_KEY: Final = 0x637569635F696D70  # "cuic_imp"


def _row_count(status: str) -> int:
    """The row count of a command status such as "UPDATE 12" or "INSERT 0 12"."""
    return int(status.rsplit(" ", 1)[-1])


async def _count(connection: asyncpg.Connection, sql: str) -> int:
    """The count of an upsert's statement: a WITH statement selects it (see
    `count_changed_sql`); the others report it as their row count."""
    if sql.lstrip().startswith("WITH"):
        return int(await connection.fetchval(sql))
    return _row_count(await connection.execute(sql))


class _Importer:
    def __init__(self, connection: asyncpg.Connection, progress: Callable[[int], None] | None) -> None:
        self.connection = connection
        self.progress = progress
        self.staged = zero_counts()
        self.errors: list[tuple[int, str]] = []  # the first MAX_REPORTED_ERRORS
        self.bad_lines = 0
        self.line_number = 0

    def rows(self, lines: Iterable[str]) -> Iterator[list[object]]:
        """The staging rows of the good lines; bad lines are counted and noted."""
        number = self.line_number
        progress = self.progress
        staged = [0] * len(RECORD_TYPES)
        for text in lines:
            number += 1
            if number % PROGRESS_EVERY == 0 and progress is not None:
                progress(number)
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]  # a byte order mark is not part of the record
            if not text or text.isspace():
                continue
            try:
                code, row = parse_line(text)
            except LineError as error:
                self.bad_lines += 1
                if len(self.errors) < MAX_REPORTED_ERRORS:
                    self.errors.append((number, str(error)))
                continue
            row[0] = number
            staged[code] += 1
            yield row
        self.line_number = number
        for n, record_type in enumerate(RECORD_TYPES):
            self.staged[record_type] += staged[n]

    async def read(self, lines: Iterable[str] | AsyncIterable[str]) -> None:
        for sql in CREATE_STAGING:
            await self.connection.execute(sql)
        if isinstance(lines, AsyncIterable):
            # Chunks of an asynchronous source, each copied while the next is read.
            chunk: list[str] = []
            async for text in lines:
                chunk.append(text)
                if len(chunk) >= PROGRESS_EVERY:
                    await self.copy(chunk)
                    chunk = []
            await self.copy(chunk)
        else:
            await self.copy(lines)
        if self.progress is not None:
            self.progress(self.line_number)

    async def copy(self, lines: Iterable[str]) -> None:
        # One COPY for a whole synchronous source: asyncpg pulls the rows as it sends,
        # so the lines are checked while the server stores the rows before them.
        await self.connection.copy_records_to_table(
            STAGING_TABLE, records=self.rows(lines), columns=[name for name, _ in STAGING_COLUMNS]
        )

    async def split(self) -> None:
        """One typed staging table per record type, without superseded duplicates."""
        connection = self.connection
        for record_type in RECORD_TYPES:
            await connection.execute(split_sql(SPECS[record_type]))
        await connection.execute(f"DROP TABLE {STAGING_TABLE}")
        for record_type in RECORD_TYPES:
            if self.staged[record_type]:
                # Temporary tables get no autovacuum; the planner needs their sizes.
                await connection.execute(f"ANALYZE {SPECS[record_type].table}")

    async def check_references(self) -> None:
        connection = self.connection
        await connection.execute(CREATE_ERRORS)
        for record_type, checks in CHECKS.items():
            if self.staged[record_type]:
                await connection.execute(check_sql(record_type, checks))
        bad_references = int(await connection.fetchval(COUNT_ERRORS))
        total = self.bad_lines + bad_references
        if not total:
            return
        rows = await connection.fetch(FIRST_ERRORS, MAX_REPORTED_ERRORS)
        found = sorted(self.errors + [(row["line"], row["message"]) for row in rows])[:MAX_REPORTED_ERRORS]
        messages = [f"line {line}: {message}" for line, message in found]
        if total > len(messages):
            messages.append(f"... and {total - len(messages)} more errors")
        raise ImportFailed(messages, total)

    async def upsert(self, noting: bool) -> ImportSummary:
        connection = self.connection
        summary = ImportSummary()
        records: dict[str, int] = {}  # distinct keys per type
        stored: dict[str, int] = {}  # of which are stored already (tickets only)
        for record_type in RECORD_TYPES:
            staged = self.staged[record_type]
            if staged:
                spec = SPECS[record_type]
                keys = await connection.fetchrow(keys_sql(spec))
                assert keys is not None
                records[record_type] = int(keys[0])
                stored[record_type] = int(keys[1])
                if records[record_type] < staged:
                    summary.superseded += staged - records[record_type]
                    await connection.execute(dedupe_sql(spec))
        if self.staged["queue"] or self.staged["agent"]:
            summary.groups_created = _row_count(await connection.execute(GROUPS_SQL))
        triggers_off = False
        for record_type, count in records.items():
            if record_type in BULK_UPSERTS and not triggers_off:
                triggers_off = await skip_foreign_key_triggers(connection)
            upsert = NOTED_UPSERTS.get(record_type, _UPSERTS[record_type]) if noting else _UPSERTS[record_type]
            changed = await _count(connection, upsert.changed) if stored[record_type] else 0
            created = await _count(connection, upsert.created)
            for sql in (upsert.after_stored if stored[record_type] else ()) + upsert.after:
                await connection.execute(sql)
            summary.created[record_type] = created
            summary.changed[record_type] = changed
            summary.unchanged[record_type] = count - created - changed
        summary.line_count = self.line_number
        if triggers_off:
            await connection.execute("SET LOCAL session_replication_role = origin")
        return summary


async def import_records(
    connection: asyncpg.Connection,
    lines: Iterable[str] | AsyncIterable[str],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import JSON Lines (one record per line; blank lines are skipped), whole or not at all.

    Raises `ImportFailed`, after rolling back, when any line is bad. With `dry_run`, does
    everything, then rolls back and returns what the import would have done.
    `progress(n)` gets the number of lines read every PROGRESS_EVERY lines and at the end.
    Runs in a transaction of its own (a savepoint if one is open already).
    """
    transaction = connection.transaction()
    await transaction.start()
    try:
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _ADVISORY_LOCK_KEY)
        # One long transaction: no statement timeout, and room for hash joins.
        await connection.execute("SET LOCAL statement_timeout = 0")
        await connection.execute("SET LOCAL work_mem = '256MB'")
        await connection.execute("SET LOCAL TimeZone = 'UTC'")
        importer = _Importer(connection, progress)
        await importer.read(lines)
        await importer.split()
        await importer.check_references()
        noting = not dry_run and should_note(importer.staged)
        if noting:
            await keep_before(connection, importer.staged)
        try:
            summary = await importer.upsert(noting)
        except (asyncpg.IntegrityConstraintViolationError, asyncpg.DataError) as error:
            # Every rule the database enforces is checked per line first; this is a bug.
            raise ImportFailed([f"the database refused the import: {error}"], 1) from error
        # Real data now shares the database: the demo token must no longer be offered.
        await clear_demo_marker(connection)
        if not dry_run:
            # Heard by the live feed at commit (db.changes), never after a rollback.
            await announce(connection, await import_change(connection, summary, noting))
    except BaseException:
        await transaction.rollback()
        raise
    if dry_run:
        await transaction.rollback()
    else:
        await transaction.commit()
    return summary
