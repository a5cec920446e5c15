"""Agent loaders: the viewer by token, agents by id, widget settings by agent."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from db.loaders.base import BatchLoader, fetch

AGENT_COLUMNS = "ag.id, ag.login, ag.first_name, ag.last_name, ag.email"


class ViewerByTokenHashLoader(BatchLoader[bytes, "asyncpg.Record | None"]):
    """The agent behind a live token, with the queues it may read and has chosen.

    Touches `last_used_at` at most once a minute per token, in the same statement.
    """

    async def load_batch(self, hashes: Sequence[bytes]) -> list[asyncpg.Record | None]:
        rows = await fetch(
            self.pool,
            f"""
            WITH live AS (
                SELECT id, token_hash, agent_id, last_used_at FROM api_token
                WHERE token_hash = ANY($1::bytea[]) AND revoked_at IS NULL
            ), touched AS (
                UPDATE api_token a SET last_used_at = now() FROM live
                WHERE a.id = live.id
                  AND (live.last_used_at IS NULL OR live.last_used_at < now() - interval '1 minute')
            )
            SELECT live.token_hash, {AGENT_COLUMNS},
                array(SELECT q.id FROM agent_group g JOIN queue q ON q.group_id = g.group_id
                      WHERE g.agent_id = ag.id ORDER BY q.id) AS readable_queue_ids,
                array(SELECT aq.queue_id FROM agent_queue aq
                      WHERE aq.agent_id = ag.id ORDER BY aq.queue_id) AS my_queue_ids
            FROM live JOIN agent ag ON ag.id = live.agent_id
            """,
            list(hashes),
        )
        by_hash = {bytes(row["token_hash"]): row for row in rows}
        return [by_hash.get(token_hash) for token_hash in hashes]


class AgentByIdLoader(BatchLoader[int, "asyncpg.Record | None"]):
    async def load_batch(self, ids: Sequence[int]) -> list[asyncpg.Record | None]:
        rows = await fetch(self.pool, f"SELECT {AGENT_COLUMNS} FROM agent ag WHERE ag.id = ANY($1::int[])", list(ids))
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(agent_id) for agent_id in ids]


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
