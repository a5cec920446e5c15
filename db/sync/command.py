"""The `cuic sync otobo` command's output: progress on a terminal, one report per cycle."""

from __future__ import annotations

import asyncio
import sys
import time
import zoneinfo
from datetime import UTC, datetime

from db.sync.loop import run_sync, stop_on_signals
from db.sync.mapping import Clock
from db.sync.run import CycleReport, SyncOptions
from db.sync.source import SourceError
from db.sync.state import SyncError


class _Progress:
    """The first copy's ticket count and rate, on one terminal line; silent otherwise."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, copied: int, total: int) -> None:
        if self.enabled:
            rate = copied / max(time.monotonic() - self.started, 1e-6)
            sys.stderr.write(f"\rfirst copy: {copied:>10,} / {total:,} tickets  ({rate:,.0f} tickets/s)")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            self.shown = False


def _zone(name: str) -> Clock:
    try:
        return Clock(UTC if name.upper() == "UTC" else zoneinfo.ZoneInfo(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SyncError(f"--source-time-zone: unknown time zone {name!r} (such as UTC or Asia/Tokyo)") from None


def sync_otobo(cuic_url: str, source_url: str, *, follow: bool, interval: float, dry_run: bool, time_zone: str) -> None:
    """Run the sync, printing a report per cycle; raises SyncError / SourceError to stop."""
    progress = _Progress()
    options = SyncOptions(clock=_zone(time_zone), dry_run=dry_run, progress=progress)

    def report(cycle: CycleReport) -> None:
        progress.done()
        if follow and cycle.lines() == ["no changes"]:
            return  # a line every interval would drown the log
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        what = "dry run, nothing written" if dry_run else "first copy" if cycle.first_copy else "sync"
        if cycle.interrupted:
            what += " interrupted (the next run resumes it)"
        print(f"{stamp} {what}: " + "; ".join(cycle.lines()), flush=True)

    def retry(error: SourceError) -> None:
        progress.done()
        print(f"cuic: {error}; trying again in {interval:g} s", file=sys.stderr, flush=True)

    async def main() -> None:
        with stop_on_signals(asyncio.Event()) as stop:
            await run_sync(
                cuic_url,
                source_url,
                options,
                follow=follow,
                interval=interval,
                stop=stop,
                on_report=report,
                on_retry=retry,
            )

    try:
        asyncio.run(main())
    finally:
        progress.done()
