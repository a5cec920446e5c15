"""Writes of the agents' preferences (reads go through PreferencesByAgentLoader)."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from db.domain import NameOrder
from db.widgets import Locale


@dataclass(frozen=True)
class Preferences:
    """What an agent chose for the screen; None: not chosen (the screen decides)."""

    locale: Locale | None = None
    name_order: NameOrder | None = None
    time_zone: str | None = None

    @classmethod
    def of(cls, row: asyncpg.Record | None) -> Preferences:
        if row is None:
            return cls()
        return cls(
            locale=None if row["locale"] is None else Locale(row["locale"]),
            name_order=None if row["name_order"] is None else NameOrder(row["name_order"]),
            time_zone=row["time_zone"],
        )


async def store_preferences(pool: asyncpg.Pool, agent_id: int, new: Preferences, given: set[str]) -> Preferences:
    """Set the fields named in `given` to their values in `new` (None clears one); the others
    keep what is stored. One statement, so concurrent changes of different fields both hold."""
    async with pool.acquire() as connection:
        row = await connection.fetchrow(
            """INSERT INTO agent_preference AS p (agent_id, locale, name_order, time_zone)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (agent_id) DO UPDATE SET
                   locale = CASE WHEN $5 THEN EXCLUDED.locale ELSE p.locale END,
                   name_order = CASE WHEN $6 THEN EXCLUDED.name_order ELSE p.name_order END,
                   time_zone = CASE WHEN $7 THEN EXCLUDED.time_zone ELSE p.time_zone END,
                   changed_at = now()
               RETURNING locale, name_order, time_zone""",
            agent_id,
            None if new.locale is None else new.locale.value,
            None if new.name_order is None else new.name_order.value,
            new.time_zone,
            "locale" in given,
            "name_order" in given,
            "time_zone" in given,
        )
    return Preferences.of(row)
