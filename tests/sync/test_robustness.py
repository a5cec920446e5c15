"""A source that fails mid-sync, an interrupted first copy, one sync at a time, --follow."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta

import asyncpg
import pytest

from db.sync import CycleReport, SourceError, SyncBusy, SyncError, SyncOptions, run_cycle, run_sync
from db.sync.otobo_pg import PgSource
from db.sync.source import Param, Row
from db.sync.state import sync_lock
from tests.importing import import_jsonl
from tests.sync.conftest import sync_once
from tests.sync.otobo import Otobo


class DyingSource(PgSource):
    """The real reader, whose server connection is killed before its n-th query containing `marker`."""

    def __init__(self, connection: asyncpg.Connection, url: str, marker: str, nth: int) -> None:
        super().__init__(connection)
        self.url, self.marker, self.left = url, marker, nth

    async def rows(self, sql: str, params: Mapping[str, Param] | None = None) -> list[Row]:
        if self.marker in sql:
            self.left -= 1
            if self.left == 0:
                killer = await asyncpg.connect(self.url)
                try:
                    await killer.execute("SELECT pg_terminate_backend($1)", self.connection.get_server_pid())
                finally:
                    await killer.close()
        return await super().rows(sql, params)


async def dying(otobo_url: str, marker: str, nth: int = 1) -> DyingSource:
    return DyingSource(await asyncpg.connect(otobo_url), otobo_url, marker, nth)


async def dump(connection: asyncpg.Connection) -> list[list[asyncpg.Record]]:
    return [
        await connection.fetch(sql)
        for sql in (
            "SELECT * FROM ticket ORDER BY id",
            "SELECT * FROM ticket_watcher ORDER BY 1, 2",
            "SELECT * FROM customer_user ORDER BY id",
            "SELECT * FROM sync_watermark ORDER BY 1, 2",
            "SELECT source, first_copy_after, reconciled_at FROM sync_state",
        )
    ]


async def test_source_gone_mid_cycle_leaves_cuic_as_it_was(
    database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await sync_once(database_url, otobo_url)
    await otobo.set_state(tickets["T-NEW"], "closed successful")
    await otobo.add_customer_user("saburo", "Saburo", "Ito", "ACME")
    before = await dump(connection)
    # Killed after the references and the changed customer user were read, before the tickets.
    source = await dying(otobo_url, "FROM ticket t LEFT JOIN customer_user")
    with pytest.raises(SourceError, match="the OTOBO database failed or went away"):
        await run_cycle(connection, source, SyncOptions(reconcile_every=timedelta(days=1)))
    assert await dump(connection) == before
    # The next cycle, over a fresh connection, catches up.
    await sync_once(database_url, otobo_url)
    assert await connection.fetchval("SELECT status_category FROM ticket WHERE number = 'T-NEW'") == "CLOSED"


async def test_interrupted_first_copy_keeps_whole_batches_and_resumes(
    database_url: str, otobo_url: str, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    source = await dying(otobo_url, "FROM ticket t LEFT JOIN customer_user", nth=3)
    with pytest.raises(SourceError):
        await run_cycle(connection, source, SyncOptions(batch_size=4))
    # Two batches of four committed, the third wrote nothing.
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 8
    assert await connection.fetchval("SELECT first_copy_after FROM sync_state") is not None
    report = await sync_once(database_url, otobo_url, batch_size=4)
    assert report.first_copy and report.created["ticket"] == 3
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 11
    assert await connection.fetchval("SELECT first_copy_after FROM sync_state") is None


async def test_a_second_sync_is_refused_while_one_runs(
    database_url: str, otobo_url: str, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    async with sync_lock(connection):
        with pytest.raises(SyncBusy, match="another sync is already running"):
            await run_sync(database_url, otobo_url, SyncOptions())
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0
    await run_sync(database_url, otobo_url, SyncOptions())  # free again
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 11


async def test_sync_into_a_database_with_other_data_is_refused(
    database_url: str, otobo_url: str, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await import_jsonl(connection, [{"type": "customer_user", "login": "x", "first_name": "X", "last_name": "Y"}])
    with pytest.raises(SyncError, match="sync into an empty database"):
        await sync_once(database_url, otobo_url)


async def test_follow_picks_up_a_change_and_stops_when_told(
    database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    reports: asyncio.Queue[CycleReport] = asyncio.Queue()
    stop = asyncio.Event()
    options = SyncOptions(reconcile_every=timedelta(days=1))
    task = asyncio.create_task(
        run_sync(database_url, otobo_url, options, follow=True, interval=0.1, stop=stop, on_report=reports.put_nowait)
    )
    first = await asyncio.wait_for(reports.get(), 60)
    assert first.first_copy
    await otobo.set_state(tickets["T-NEW"], "closed successful")
    while True:
        report = await asyncio.wait_for(reports.get(), 60)
        if report.changed.get("ticket"):
            break
    assert await connection.fetchval("SELECT status_category FROM ticket WHERE number = 'T-NEW'") == "CLOSED"
    stop.set()
    await asyncio.wait_for(task, 60)


async def test_follow_retries_when_the_source_is_unreachable(database_url: str) -> None:
    errors: list[SourceError] = []
    stop = asyncio.Event()

    def retry(error: SourceError) -> None:
        errors.append(error)
        if len(errors) == 2:
            stop.set()

    unreachable = "postgresql://nobody@127.0.0.1:1/otobo"
    await asyncio.wait_for(
        run_sync(database_url, unreachable, SyncOptions(), follow=True, interval=0.05, stop=stop, on_retry=retry), 60
    )
    assert "cannot connect to the OTOBO database" in str(errors[0])
