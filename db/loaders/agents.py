"""Agent loaders: agents by id, widget settings by agent."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from db.loaders.base import BatchLoader, RowByKeyLoader, fetch

AGENT_COLUMNS = "ag.id, ag.login, ag.first_name, ag.last_name, ag.email"


class AgentByIdLoader(RowByKeyLoader[int]):
    query = f"SELECT {AGENT_COLUMNS} FROM agent ag WHERE ag.id = ANY($1::int[])"


def widget_settings_of(agent: str) -> str:
    """A select-list item: the agent's stored widget settings as rows, to prime the loader."""
    return f"""array(SELECT s FROM agent_widget_setting s WHERE s.agent_id = {agent}
                     ORDER BY s.widget_key) AS viewer_widget_settings"""


class WidgetSettingsByAgentLoader(BatchLoader[int, list[asyncpg.Record]]):
    """The widget settings an agent has stored (widgets never changed have no row)."""

    async def load_batch(self, agent_ids: Sequence[int]) -> list[list[asyncpg.Record]]:
        rows = await fetch(
            self.pool,
            """SELECT agent_id, widget_key, visible, position, page_size
               FROM agent_widget_setting WHERE agent_id = ANY($1::int[])""",
            list(agent_ids),
        )
        per_agent: dict[int, list[asyncpg.Record]] = {agent_id: [] for agent_id in agent_ids}
        for row in rows:
            per_agent[row["agent_id"]].append(row)
        return [per_agent[agent_id] for agent_id in agent_ids]


class PreferencesByAgentLoader(BatchLoader[int, "asyncpg.Record | None"]):
    """An agent's stored preferences (locale, name order, time zone), or None: none chosen."""

    async def load_batch(self, agent_ids: Sequence[int]) -> list[asyncpg.Record | None]:
        rows = await fetch(
            self.pool,
            "SELECT agent_id, locale, name_order, time_zone FROM agent_preference WHERE agent_id = ANY($1::int[])",
            list(agent_ids),
        )
        by_agent = {row["agent_id"]: row for row in rows}
        return [by_agent.get(agent_id) for agent_id in agent_ids]
