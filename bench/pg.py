"""The bench's own PostgreSQL: an embedded cluster in bench/.data (or CUIC_DATABASE_URL).

    uv run python bench/pg.py hold     # start it, create database `cuic_bench`, keep it up
    uv run python bench/pg.py url      # print the URL of the running bench database
    uv run python bench/pg.py tickets  # print how many tickets it holds
    uv run python bench/pg.py pgl      # (re)create PostGraphile's schema pgl (postgraphile/pgl.sql)
    uv run python bench/pg.py pending  # print "restart" while a setting waits for a restart

The embedded server stops when the last process holding it exits, so `hold` keeps one
handle open (run.sh starts it in the background); other bench scripts read
bench/.data/url.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

BENCH = Path(__file__).resolve().parent
DATA = BENCH / ".data"
URL_FILE = DATA / "url"
DATABASE = "cuic_bench"


def database_url() -> str:
    """The bench database's URL: CUIC_DATABASE_URL, else the held embedded cluster."""
    url = os.environ.get("CUIC_DATABASE_URL")
    if url:
        return url
    if not URL_FILE.exists():
        raise SystemExit("no bench database: run `uv run python bench/pg.py hold &` first")
    return URL_FILE.read_text().strip()


async def _ensure_database(server_url: str) -> None:
    connection = await asyncpg.connect(server_url)
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE):
            await connection.execute(f'CREATE DATABASE "{DATABASE}"')
        # Enough room for the hot part of 1 M tickets; applies on the next server start.
        await connection.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
        await connection.execute("ALTER SYSTEM SET max_connections = 200")
    finally:
        await connection.close()


def hold() -> None:
    from db.embedded import start_embedded

    server_url = start_embedded(DATA)
    asyncio.run(_ensure_database(server_url))
    url = urlunsplit(urlsplit(server_url)._replace(path="/" + DATABASE))
    URL_FILE.write_text(url + "\n")
    print(url, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    finally:
        URL_FILE.unlink(missing_ok=True)


async def _tickets() -> int:
    connection = await asyncpg.connect(database_url())
    try:
        exists = await connection.fetchval("SELECT to_regclass('public.ticket') IS NOT NULL")
        return int(await connection.fetchval("SELECT count(*) FROM ticket")) if exists else 0
    finally:
        await connection.close()


async def _pending() -> bool:
    connection = await asyncpg.connect(database_url())
    try:
        # ALTER SYSTEM's values that need a restart show here until one (pg_settings
        # would show them only after a reload).
        return bool(
            await connection.fetchval(
                "SELECT EXISTS (SELECT FROM pg_file_settings WHERE NOT applied AND error IS NOT NULL)"
            )
        )
    finally:
        await connection.close()


async def _pgl() -> None:
    connection = await asyncpg.connect(database_url())
    try:
        await connection.execute((BENCH / "postgraphile" / "pgl.sql").read_text())
    finally:
        await connection.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["hold"]:
        hold()
    elif sys.argv[1:] == ["url"]:
        print(database_url())
    elif sys.argv[1:] == ["tickets"]:
        print(asyncio.run(_tickets()))
    elif sys.argv[1:] == ["pending"]:
        print("restart" if asyncio.run(_pending()) else "")
    elif sys.argv[1:] == ["pgl"]:
        asyncio.run(_pgl())
    else:
        raise SystemExit(__doc__)
