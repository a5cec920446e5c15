"""`cuic sync otobo`: hold the sync lock, run cycles, and with `follow` keep running them."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator

import asyncpg

from db.sync.run import CycleReport, SyncOptions, run_cycle
from db.sync.source import Source, SourceError, open_source
from db.sync.state import sync_lock


async def run_sync(
    cuic_url: str,
    source_url: str,
    options: SyncOptions,
    *,
    follow: bool = False,
    interval: float = 10.0,
    stop: asyncio.Event | None = None,
    on_report: Callable[[CycleReport], None] = lambda report: None,
    on_retry: Callable[[SourceError], None] = lambda error: None,
) -> None:
    """One cycle, or with `follow` one every `interval` seconds until `stop` is set.

    Raises SyncBusy when another sync holds the database, SourceError when the source
    fails (with `follow`: reported through `on_retry`, and tried again after the interval
    with a fresh connection), SyncError when cuic refuses what was read.
    """
    stop = stop or asyncio.Event()
    cuic = await asyncpg.connect(cuic_url, server_settings={"application_name": "cuic-sync"})
    source: Source | None = None
    try:
        async with sync_lock(cuic):
            while not stop.is_set():
                try:
                    if source is None:
                        source = await open_source(source_url)
                    on_report(await run_cycle(cuic, source, options, stop))
                except SourceError as error:
                    if not follow:
                        raise
                    on_retry(error)
                    if source is not None:
                        await source.close()
                        source = None
                if not follow:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)
    finally:
        if source is not None:
            await source.close()
        await cuic.close()


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[asyncio.Event]:
    """SIGTERM and SIGINT set `stop`: the current batch commits, then the sync ends."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        yield stop
    finally:
        for number in signals:
            loop.remove_signal_handler(number)
