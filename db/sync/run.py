"""One sync cycle from OTOBO into cuic, and the loop that repeats it (`--follow`).

A cycle reads the source inside one read-only snapshot and writes cuic through the
importer (`import_records`), in batches that are each all or nothing:

- The first copy (no stored state, or an interrupted first copy): batch 0 holds every
  small table, every company, customer user and config item; then the tickets follow in
  id order, `batch_size` per batch, each batch committing the last ticket id it copied, so
  that an interrupted copy resumes there. The watermarks are those of the first
  snapshot, stored with batch 0: whatever changes during the copy is read again later.
- Later cycles: one batch with every small table and whatever changed at or after the
  watermarks less `overlap` (a change committed late, or stamped by an app server whose
  clock lags, still falls inside it; reading a record twice changes nothing).
- Deletions (tickets, config items) and archived tickets leave cuic in the same batch.
  OTOBO deletes without a trace, so every `reconcile_every` a cycle compares the whole
  set of ticket numbers (and config item numbers) and also rereads every company and
  customer user (further customer IDs are removed without a change time).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg
import orjson

from db.changes import EVERYTHING, MAX_IDS, Change, announce
from db.importer import ImportFailed, ImportSummary, import_records
from db.importer.changes import USERS_OF_CUSTOMER_IDS
from db.sync import itsm as itsm_tables
from db.sync import reader, state
from db.sync.mapping import Clock, Record
from db.sync.source import Source, SourceError
from db.sync.state import Stored, SyncError

Progress = Callable[[int, int], None]  # tickets copied, tickets to copy


@dataclass
class SyncOptions:
    clock: Clock = field(default_factory=Clock)
    dry_run: bool = False
    batch_size: int = 20_000
    overlap: timedelta = timedelta(minutes=2)
    reconcile_every: timedelta = timedelta(minutes=10)
    progress: Progress | None = None


@dataclass
class CycleReport:
    first_copy: bool = False
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    records: int = 0
    reconciled: bool = False
    interrupted: bool = False  # stopped between batches; the next run resumes
    notes: list[str] = field(default_factory=list)

    def add(self, summary: ImportSummary) -> None:
        for record_type, count in summary.created.items():
            self.created[record_type] = self.created.get(record_type, 0) + count
        for record_type, count in summary.changed.items():
            self.changed[record_type] = self.changed.get(record_type, 0) + count
        self.records += summary.line_count

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.changed) | set(self.deleted))
        out = [
            f"{kind}: {self.created.get(kind, 0)} created, {self.changed.get(kind, 0)} changed,"
            f" {self.deleted.get(kind, 0)} deleted"
            for kind in kinds
            if self.created.get(kind) or self.changed.get(kind) or self.deleted.get(kind)
        ]
        return (out or ["no changes"]) + self.notes


def _lines(records: Iterable[Record]) -> list[str]:
    return [orjson.dumps(record).decode() for record in records]


async def _import(cuic: asyncpg.Connection, records: list[Record]) -> ImportSummary:
    lines = _lines(records)
    try:
        return await import_records(cuic, lines)
    except ImportFailed as failure:
        # The lines are ours, not the user's: name the OTOBO record instead of a line.
        raise SyncError("cuic refused data read from OTOBO: " + "; ".join(_explain(failure, records))) from None


def _explain(failure: ImportFailed, records: list[Record]) -> list[str]:
    out = []
    for message in failure.errors[:5]:
        head, _, rest = message.partition(": ")
        number = head.removeprefix("line ")
        if number.isdigit() and 0 < int(number) <= len(records):
            record = records[int(number) - 1]
            key = record.get("number") or record.get("login") or record.get("name") or record.get("customer_id")
            out.append(f"{record['type']} {key}: {rest}")
        else:
            out.append(message)
    return out


async def run_cycle(
    cuic: asyncpg.Connection, source: Source, options: SyncOptions, stop: asyncio.Event | None = None
) -> CycleReport:
    """One cycle (the first copy, or an incremental one); with dry_run, all rolled back."""
    transaction = cuic.transaction() if options.dry_run else None
    if transaction is not None:
        await transaction.start()
    try:
        stored = await state.load(cuic)
        if not stored.exists and await state.holds_foreign_data(cuic):
            raise SyncError(
                "the cuic database holds tickets or customer users that no sync wrote (demo data?);"
                " sync into an empty database"
            )
        if stored.first_copy_done:
            return await _incremental(cuic, source, stored, options)
        return await _first_copy(cuic, source, stored, options, stop)
    finally:
        if transaction is not None:
            await transaction.rollback()


async def _first_copy(
    cuic: asyncpg.Connection, source: Source, stored: Stored, options: SyncOptions, stop: asyncio.Event | None
) -> CycleReport:
    report = CycleReport(first_copy=True)
    async with source.snapshot():
        itsm = await itsm_tables.has_itsm(source)
        marks = stored.watermarks if stored.exists else await reader.latest_times(source, itsm)
        refs = await reader.read_references(source)
        base = refs.records + await reader.company_records(source, None)
        base += await reader.customer_user_records(source, None)
        if itsm:
            base += await itsm_tables.config_item_records(source, None, options.clock)
        else:
            report.notes.append("configuration items skipped: the source has no ITSM Configuration Management tables")
        after = stored.first_copy_after or 0
        counted = await source.rows(
            "SELECT count(*) AS n FROM ticket WHERE archive_flag = 0 AND id > :after", {"after": after}
        )
        to_copy, copied = int(counted[0]["n"]), 0

        async def read_batch(after_id: int) -> tuple[list[Record], int] | None:
            ids = await reader.first_copy_ticket_ids(source, after_id, options.batch_size)
            if not ids:
                return None
            tickets, _ = await reader.ticket_records(source, ids, refs, options.clock)
            return tickets, ids[-1]

        async def ticket_batches() -> AsyncIterator[tuple[list[Record], int]]:
            # The next batch is read from OTOBO while cuic imports this one.
            nonlocal copied
            pending = asyncio.ensure_future(read_batch(after))
            try:
                while (batch := await pending) is not None:
                    if stop is not None and stop.is_set():
                        report.interrupted = True
                        return
                    pending = asyncio.ensure_future(read_batch(batch[1]))
                    yield batch
                    copied += len(batch[0])
                    if options.progress is not None:
                        options.progress(copied, to_copy)
            finally:
                if not pending.done():
                    pending.cancel()
                    with contextlib.suppress(asyncio.CancelledError, SourceError):
                        await pending

        if options.dry_run:
            # The importer's staging tables live until commit: one import for everything.
            report.add(await _import_stream(cuic, base, ticket_batches()))
            return report
        async with cuic.transaction():
            report.add(await _import(cuic, base))
            await state.save(cuic, marks, first_copy_after=after)
        async for tickets, last_id in ticket_batches():
            async with cuic.transaction():
                report.add(await _import(cuic, tickets))
                await state.save(cuic, {}, first_copy_after=last_id)
        if report.interrupted:
            return report
        async with cuic.transaction():
            await state.save(cuic, {}, first_copy_after=None, reconciled=True)
    report.reconciled = True
    return report


async def _import_stream(
    cuic: asyncpg.Connection, base: list[Record], batches: AsyncIterator[tuple[list[Record], int]]
) -> ImportSummary:
    async def lines() -> AsyncIterator[str]:
        for line in _lines(base):
            yield line
        async for tickets, _ in batches:
            for line in _lines(tickets):
                yield line

    try:
        return await import_records(cuic, lines())
    except ImportFailed as failure:
        raise SyncError("cuic refused data read from OTOBO: " + "; ".join(failure.errors[:5])) from None


async def _incremental(cuic: asyncpg.Connection, source: Source, stored: Stored, options: SyncOptions) -> CycleReport:
    report = CycleReport()
    now = datetime.now(UTC)
    reconcile = stored.reconciled_at is None or now - stored.reconciled_at >= options.reconcile_every
    since = {table: moment - options.overlap for table, moment in stored.watermarks.items()}
    async with source.snapshot():
        itsm = await itsm_tables.has_itsm(source)
        refs = await reader.read_references(source)
        changes = await reader.changes_since(source, since, stored.watermarks, itsm)
        tickets, archived = await reader.ticket_records(source, sorted(changes.ticket_ids), refs, options.clock)
        if reconcile:
            items = await itsm_tables.config_item_records(source, None, options.clock) if itsm else []
            companies = await reader.company_records(source, None)
            users = await reader.customer_user_records(source, None)
            await _load_live_numbers(cuic, source, itsm)
        else:
            items = await itsm_tables.config_item_records(source, changes.config_items, options.clock) if itsm else []
            # Customer users the changed records name, too: cuic must know every one.
            named = {r["customer_user"] for r in tickets} | {r["owner"] for r in items}
            companies = await reader.company_records(source, changes.company_ids)
            users = await reader.customer_user_records(source, changes.logins | {n for n in named if n})
    async with cuic.transaction():
        report.add(await _import(cuic, refs.records + companies + users + tickets + items))
        deleted = await cuic.fetch(f"DELETE FROM ticket WHERE number = ANY($1) RETURNING {_TICKET_REFS}", archived)
        report.deleted["ticket"] = len(deleted)
        if reconcile:
            deleted += await _delete_gone(cuic, report)
        # The importer announces its own writes; deletions are this cycle's to announce.
        await announce(cuic, await _deletion_change(cuic, deleted))
        await state.save(cuic, changes.watermarks, first_copy_after=None, reconciled=reconcile)
    report.reconciled = reconcile
    return report


async def _load_live_numbers(cuic: asyncpg.Connection, source: Source, itsm: bool) -> None:
    """Every ticket and config item number the source holds, into a temporary table."""
    await cuic.execute("CREATE TEMP TABLE IF NOT EXISTS cuic_sync_live (kind text NOT NULL, number text NOT NULL)")
    await cuic.execute("TRUNCATE cuic_sync_live")
    await cuic.copy_records_to_table("cuic_sync_live", records=reader.live_numbers(source, itsm))
    await cuic.execute("ANALYZE cuic_sync_live")


# What a deleted row leaves behind for the change feed: whose widgets showed it.
_TICKET_REFS = "customer_user_id AS customer_user, customer_id"
_CONFIG_ITEM_REFS = "owner_id AS customer_user, NULL::text AS customer_id"


async def _delete_gone(cuic: asyncpg.Connection, report: CycleReport) -> list[asyncpg.Record]:
    gone_tickets = await cuic.fetch(
        f"""
        DELETE FROM ticket t
        WHERE NOT EXISTS (SELECT 1 FROM cuic_sync_live l WHERE l.kind = 'ticket' AND l.number = t.number)
        RETURNING {_TICKET_REFS}
        """
    )
    report.deleted["ticket"] += len(gone_tickets)
    gone_items = await cuic.fetch(
        f"""
        DELETE FROM config_item c
        WHERE NOT EXISTS (SELECT 1 FROM cuic_sync_live l WHERE l.kind = 'config_item' AND l.number = c.number)
        RETURNING {_CONFIG_ITEM_REFS}
        """
    )
    report.deleted["config_item"] = len(gone_items)
    return gone_tickets + gone_items


async def _deletion_change(cuic: asyncpg.Connection, deleted: list[asyncpg.Record]) -> Change:
    """The customer users whose widgets showed the deleted rows: a ticket's customer user and
    everyone sharing its customer ID (as an import names them), a CI's owner."""
    if len(deleted) > MAX_IDS:
        return EVERYTHING
    users = {row["customer_user"] for row in deleted if row["customer_user"] is not None}
    customer_ids = sorted({row["customer_id"] for row in deleted if row["customer_id"]})
    if customer_ids:
        sharing = await cuic.fetch(
            f"WITH customer_ids AS (SELECT unnest($1::text[]) AS customer_id) {USERS_OF_CUSTOMER_IDS}", customer_ids
        )
        users |= {row["id"] for row in sharing}
    return Change.of(users)
