"""Versioned plain-SQL migrations, each applied once in its own transaction."""

from __future__ import annotations

from pathlib import Path

import asyncpg

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed number: every cuic process that migrates takes this advisory lock first, so
# workers starting together apply each migration exactly once.
_ADVISORY_LOCK_KEY = 0x637569635F6D6967  # "cuic_mig"


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS_DIR.glob("*.sql"))


def latest_version() -> str:
    return migration_files()[-1].stem


async def apply_migrations(connection: asyncpg.Connection) -> list[str]:
    """Apply pending migrations; return the versions applied now."""
    applied_now: list[str] = []
    await connection.execute("SELECT pg_advisory_lock($1)", _ADVISORY_LOCK_KEY)
    try:
        await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                version    text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        done = {row["version"] for row in await connection.fetch("SELECT version FROM schema_migration")}
        for path in migration_files():
            if path.stem in done:
                continue
            async with connection.transaction():
                await connection.execute(path.read_text(encoding="utf-8"))
                await connection.execute("INSERT INTO schema_migration (version) VALUES ($1)", path.stem)
            applied_now.append(path.stem)
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", _ADVISORY_LOCK_KEY)
    return applied_now


async def migrations_current(connection: asyncpg.Connection) -> bool:
    try:
        version = await connection.fetchval("SELECT max(version) FROM schema_migration")
    except asyncpg.UndefinedTableError:
        return False
    return bool(version == latest_version())
