"""What cuic remembers of a sync (migration 0007), and the lock that keeps syncs apart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

import asyncpg

SOURCE: Final = "otobo"
# Any fixed number: one sync per cuic database holds it for as long as it runs.
_LOCK_KEY: Final = 0x637569635F73796E  # "cuic_syn"


class SyncError(Exception):
    """The sync cannot run or failed; the message says why. The failed batch wrote nothing."""


class SyncBusy(SyncError):
    """Another sync holds this cuic database."""


@dataclass
class Stored:
    exists: bool = False
    watermarks: dict[str, datetime] = field(default_factory=dict)
    first_copy_after: int | None = None
    reconciled_at: datetime | None = None

    @property
    def first_copy_done(self) -> bool:
        return self.exists and self.first_copy_after is None


@asynccontextmanager
async def sync_lock(cuic: asyncpg.Connection) -> AsyncIterator[None]:
    """Hold this cuic database's sync lock (a session advisory lock) or raise SyncBusy."""
    if not await cuic.fetchval("SELECT pg_try_advisory_lock($1)", _LOCK_KEY):
        raise SyncBusy("another sync is already running on this cuic database; only one may run at a time")
    try:
        yield
    finally:
        if not cuic.is_closed():
            await cuic.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)


async def load(cuic: asyncpg.Connection) -> Stored:
    row = await cuic.fetchrow("SELECT first_copy_after, reconciled_at FROM sync_state WHERE source = $1", SOURCE)
    if row is None:
        return Stored()
    marks = await cuic.fetch("SELECT source_table, change_time FROM sync_watermark WHERE source = $1", SOURCE)
    return Stored(
        exists=True,
        watermarks={m["source_table"]: m["change_time"] for m in marks},
        first_copy_after=row["first_copy_after"],
        reconciled_at=row["reconciled_at"],
    )


async def save(
    cuic: asyncpg.Connection,
    watermarks: dict[str, datetime],
    *,
    first_copy_after: int | None,
    reconciled: bool = False,
) -> None:
    """Store the state of a committed batch (call inside the batch's transaction)."""
    await cuic.execute(
        """
        INSERT INTO sync_state (source, first_copy_after, synced_at, reconciled_at)
        VALUES ($1, $2, now(), CASE WHEN $3 THEN now() END)
        ON CONFLICT (source) DO UPDATE SET
            first_copy_after = EXCLUDED.first_copy_after,
            synced_at = now(),
            reconciled_at = CASE WHEN $3 THEN now() ELSE sync_state.reconciled_at END
        """,
        SOURCE,
        first_copy_after,
        reconciled,
    )
    await cuic.executemany(
        """
        INSERT INTO sync_watermark (source, source_table, change_time) VALUES ($1, $2, $3)
        ON CONFLICT (source, source_table) DO UPDATE SET change_time = EXCLUDED.change_time
        """,
        [(SOURCE, table, moment) for table, moment in sorted(watermarks.items())],
    )


async def holds_foreign_data(cuic: asyncpg.Connection) -> bool:
    """True when cuic holds tickets or customer users and no sync ever wrote there."""
    return bool(
        await cuic.fetchval(
            """
            SELECT NOT EXISTS (SELECT 1 FROM sync_state WHERE source = $1)
               AND (EXISTS (SELECT 1 FROM ticket) OR EXISTS (SELECT 1 FROM customer_user))
            """,
            SOURCE,
        )
    )
