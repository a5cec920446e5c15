"""The primary and an optional read replica: where reads go, and what happens when the replica goes away.

Loaders read through `Database.reader`: the replica when one is configured and answering,
else the primary. A statement that finds the replica unreachable runs again on the primary
at once, and the replica stays out until a probe reaches it again, so a replica that goes
away costs no failed request. A probe runs every PROBE_INTERVAL seconds in each worker;
it is what brings reads back, and what notices a replica that hangs rather than refuses.
The same loop keeps the pool gauges current (db/metrics.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from typing import Any, Protocol

import asyncpg

from db.config import Settings
from db.metrics import READ_STATEMENTS, REPLICA_FAILOVERS, REPLICA_UP, observe_pool
from db.pool import Pool, create_pool

logger = logging.getLogger("cuic.database")

PROBE_INTERVAL = 0.25
PROBE_TIMEOUT = 1.0
PROBE_TIMEOUTS = 2
# A replica that does not answer a new connection this fast is treated as gone.
REPLICA_CONNECT_TIMEOUT = 1.0


class Reader(Protocol):
    """What loaders read through: a pool, or the replica with the primary behind it."""

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]: ...


def is_unavailable(exception: BaseException) -> bool:
    """True for failures that mean PostgreSQL cannot be reached, not that a statement is wrong."""
    if isinstance(exception, OSError | TimeoutError | asyncpg.ConnectionDoesNotExistError):
        return True
    sqlstate = getattr(exception, "sqlstate", None) or ""
    # Class 08: connection exceptions; 57P01..57P03: shutdown, crash, cannot connect now.
    return isinstance(exception, asyncpg.PostgresError) and (
        sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03")
    )


class Database:
    def __init__(self, primary: Pool, replica: Pool | None, replica_url: str | None = None) -> None:
        self.primary = primary
        self.replica = replica
        self.replica_url = replica_url
        self.replica_up = replica is not None
        self.replica_problem: str | None = None
        self._monitor: asyncio.Task[None] | None = None
        # The probe's own connection: a busy pool must not look like a missing replica.
        self._probe: asyncpg.Connection | None = None
        self._probe_timeouts = 0

    @classmethod
    async def open(cls, url: str, settings: Settings) -> Database:
        primary = await create_pool(url, settings)
        replica = None
        if settings.database_read_url:
            try:
                replica = await create_pool(
                    settings.database_read_url,
                    _starting_empty(settings),
                    connect_timeout=REPLICA_CONNECT_TIMEOUT,
                    # A replica that stops answering: its statements give up a second after the
                    # server's own timeout would have, and run again on the primary.
                    command_timeout=settings.statement_timeout_ms / 1000 + 1,
                )
            except BaseException:
                await primary.close()
                raise
        database = cls(primary, replica, settings.database_read_url)
        database.observe()
        database._monitor = asyncio.create_task(database._watch(), name="cuic-database-watch")
        return database

    async def close(self) -> None:
        if self._monitor is not None:
            self._monitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._monitor
        self._drop_probe()
        if self.replica is not None:
            await self.replica.close()
        await self.primary.close()

    @property
    def reader(self) -> Reader:
        return self if self.replica is not None else self.primary

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        if self.replica is not None and self.replica_up:
            try:
                rows: list[asyncpg.Record] = await self.replica.fetch(query, *args)
            except Exception as error:
                if not is_unavailable(error):
                    raise
                self._replica_down(error)
            else:
                READ_STATEMENTS.labels("replica").inc()
                return rows
        READ_STATEMENTS.labels("primary").inc()
        primary_rows: list[asyncpg.Record] = await self.primary.fetch(query, *args)
        return primary_rows

    def status(self) -> str:
        """What /readyz adds about the replica."""
        if self.replica is None:
            return "replica: none"
        if self.replica_up:
            return "replica: up, reads go to the replica"
        return f"replica: down ({self.replica_problem}), reads go to the primary"

    def observe(self) -> None:
        observe_pool("primary", self.primary)
        if self.replica is not None:
            observe_pool("replica", self.replica)
            REPLICA_UP.set(1 if self.replica_up else 0)

    def _replica_down(self, error: BaseException) -> None:
        if self.replica_up:
            logger.warning("read replica unreachable, reads go to the primary: %r", error)
            REPLICA_FAILOVERS.inc()
        self.replica_up = False
        self.replica_problem = type(error).__name__
        REPLICA_UP.set(0)

    def _replica_back(self) -> None:
        if not self.replica_up:
            logger.warning("read replica reachable again, reads go back to it")
        self.replica_up = True
        self.replica_problem = None
        REPLICA_UP.set(1)

    async def probe_replica(self) -> None:
        """One `SELECT 1` on the probe's connection: a refusal or a broken connection takes
        reads off the replica at once; PROBE_TIMEOUTS slow answers in a row do too (a replica
        that hangs, rather than one that is merely busy)."""
        assert self.replica_url is not None
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                if self._probe is None or self._probe.is_closed():
                    self._probe = await asyncpg.connect(
                        self.replica_url, statement_cache_size=0, server_settings={"application_name": "cuic-probe"}
                    )
                # A simple query: one round trip, and nothing a transaction pooler must keep.
                await self._probe.execute("SELECT 1")
        except TimeoutError as error:
            self._drop_probe()
            self._probe_timeouts += 1
            if self._probe_timeouts >= PROBE_TIMEOUTS:
                self._replica_down(error)
        except Exception as error:
            self._drop_probe()
            self._replica_down(error)
        else:
            self._probe_timeouts = 0
            self._replica_back()

    def _drop_probe(self) -> None:
        if self._probe is not None:
            self._probe.terminate()
            self._probe = None

    async def _watch(self) -> None:
        """Probe the replica, and keep this worker's pool gauges current for scrapes that
        another worker answers."""
        while True:
            await asyncio.sleep(PROBE_INTERVAL)
            if self.replica is not None:
                await self.probe_replica()
            self.observe()


def _starting_empty(settings: Settings) -> Settings:
    """The replica's pool starts empty: a replica that is down at start-up must not stop the server."""
    return replace(settings, pool_min_size=0)
