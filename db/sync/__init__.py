"""`cuic sync otobo`: keep cuic current from an OTOBO (or Znuny) database, read-only.

source.py (the reader interface) and otobo_pg.py / otobo_mysql.py (the engines), reader.py
(what is read, in neutral SQL), mapping.py (OTOBO rows → import records), state.py
(watermarks and the lock), run.py (one cycle), loop.py (`--follow`), command.py (the CLI).
"""

from db.sync.loop import run_sync
from db.sync.run import CycleReport, SyncOptions, run_cycle
from db.sync.source import SourceError
from db.sync.state import SyncBusy, SyncError

__all__ = ["CycleReport", "SourceError", "SyncBusy", "SyncError", "SyncOptions", "run_cycle", "run_sync"]
