"""Writes of the agents' widget settings (reads go through WidgetSettingsByAgentLoader)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from db.changes import Change, announce
from db.widgets import WidgetKey


@dataclass(frozen=True)
class WidgetSettingValue:
    key: WidgetKey
    visible: bool
    position: int
    page_size: int


async def replace_widget_settings(
    pool: asyncpg.Pool,
    agent_id: int,
    update: Callable[[Sequence[asyncpg.Record]], list[WidgetSettingValue]],
) -> tuple[list[WidgetSettingValue], list[asyncpg.Record]]:
    """Store `update(stored rows)` as the agent's settings, in one transaction; return the
    new settings and the rows now stored (to prime the request's loader with).

    The agent's row is locked first, so one agent's concurrent updates apply one after the
    other, each to what the previous one stored; other agents are never blocked.
    """
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SELECT 1 FROM agent WHERE id = $1 FOR UPDATE", agent_id)
        rows = await connection.fetch(
            "SELECT widget_key, visible, position, page_size FROM agent_widget_setting WHERE agent_id = $1",
            agent_id,
        )
        updated = update(rows)
        await connection.execute("DELETE FROM agent_widget_setting WHERE agent_id = $1", agent_id)
        stored = await connection.fetch(
            """INSERT INTO agent_widget_setting (agent_id, widget_key, visible, position, page_size)
               SELECT $1, * FROM unnest($2::text[], $3::boolean[], $4::smallint[], $5::smallint[])
               RETURNING agent_id, widget_key, visible, position, page_size""",
            agent_id,
            [s.key.value for s in updated],
            [s.visible for s in updated],
            [s.position for s in updated],
            [s.page_size for s in updated],
        )
        await announce(connection, Change(agents=frozenset({agent_id})))
    return updated, stored


async def delete_widget_settings(pool: asyncpg.Pool, agent_id: int) -> None:
    """Forget the agent's choices: every widget falls back to the catalogue's defaults."""
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("DELETE FROM agent_widget_setting WHERE agent_id = $1", agent_id)
        await announce(connection, Change(agents=frozenset({agent_id})))
