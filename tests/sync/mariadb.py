"""A MariaDB server for the tests (Debian's mariadb-server), and the fixture OTOBO in it.

The OTOBO rows are written once, by tests/sync/otobo.py into the PostgreSQL fixture, then
copied table by table: the same rows on both engines, so every check holds for both.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import aiomysql
import asyncpg
import pymysql

from tests.sync.otobo import sql_file
from tests.sync.schema_from_otobo import TABLES

SERVER = Path("/usr/sbin/mariadbd")


def available() -> bool:
    return SERVER.exists() and shutil.which("mariadb-install-db") is not None


def start_server() -> Iterator[str]:
    """A private server in a temporary directory; yields the root URL (over its socket)."""
    with tempfile.TemporaryDirectory(prefix="cuic-mariadb-") as directory:
        base = Path(directory)
        subprocess.run(
            [
                "mariadb-install-db",
                f"--datadir={base / 'data'}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        socket = base / "mysqld.sock"
        log = (base / "server.log").open("w")
        server = subprocess.Popen(
            [
                str(SERVER),
                "--no-defaults",
                f"--datadir={base / 'data'}",
                "--user=root",
                f"--socket={socket}",
                "--skip-networking",
                f"--pid-file={base / 'mysqld.pid'}",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=64M",
                "--character-set-server=utf8mb4",
                # Test data needs no durability; tables in one file are created much faster.
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-file-per-table=0",
                "--innodb-doublewrite=0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    pymysql.connect(unix_socket=str(socket), user="root").close()
                    break
                except pymysql.err.OperationalError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError((base / "server.log").read_text()) from None
                    time.sleep(0.2)
            yield f"mysql://root@localhost/?unix_socket={socket}"
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()


def database_url(server_url: str, name: str) -> str:
    return server_url.replace("/?", f"/{name}?")


async def connect(url: str) -> aiomysql.Connection:
    socket = url.split("unix_socket=")[1]
    name = url.split("/")[3].split("?")[0]
    return await aiomysql.connect(unix_socket=socket, user="root", db=name or None, autocommit=True)


async def create_otobo(server_url: str, name: str) -> str:
    """An empty OTOBO database as its installer leaves it."""
    connection = await connect(server_url)
    try:
        async with connection.cursor() as cursor:
            await cursor.execute(f"CREATE DATABASE {name} DEFAULT CHARSET = utf8mb4")
            await cursor.execute(f"USE {name}")
            for name_of_file in ("otobo_schema.mysql.sql", "otobo_initial.sql"):
                text = "\n".join(line for line in sql_file(name_of_file).splitlines() if not line.startswith("--"))
                for statement in text.split(";\n"):
                    if statement.strip():
                        await cursor.execute(statement)
    finally:
        connection.close()
    return database_url(server_url, name)


async def drop(server_url: str, name: str) -> None:
    connection = await connect(server_url)
    try:
        async with connection.cursor() as cursor:
            await cursor.execute(f"DROP DATABASE IF EXISTS {name}")
    finally:
        connection.close()


async def mirror(pg: asyncpg.Connection, url: str) -> None:
    """Make the MariaDB OTOBO hold exactly the rows of the PostgreSQL one."""
    connection = await connect(url)
    try:
        async with connection.cursor() as cursor:
            for table in TABLES:
                await cursor.execute(f"DELETE FROM {table}")
                rows = await pg.fetch(f"SELECT * FROM {table}")
                if rows:
                    columns = list(rows[0].keys())
                    await cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                        [tuple(row.values()) for row in rows],
                    )
    finally:
        connection.close()
