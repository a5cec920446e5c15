"""The marker that says the database holds only the demo data (migration 0003)."""

from __future__ import annotations

import asyncpg


async def set_demo_marker(connection: asyncpg.Connection) -> None:
    await connection.execute("INSERT INTO demo_marker DEFAULT VALUES ON CONFLICT DO NOTHING")


async def clear_demo_marker(connection: asyncpg.Connection) -> None:
    """Called inside every import's transaction: from then on the database holds real data
    (a dry run rolls it back with everything else)."""
    await connection.execute("DELETE FROM demo_marker")


async def holds_only_demo_data(connection: asyncpg.Connection) -> bool:
    return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM demo_marker)"))
