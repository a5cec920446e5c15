"""The statuses, queues and agents that ticket column filters name: one statement per batch.

A request's widgets may each carry filters; their names and ids are all checked together,
before any page is read.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from db.loaders.base import BatchLoader, fetch


class FilterValueKind(enum.Enum):
    STATUS = "STATUS"  # by name
    QUEUE = "QUEUE"  # by id
    AGENT = "AGENT"  # by id


@dataclass(frozen=True)
class FilterValueKey:
    kind: FilterValueKind
    value: str | int


_QUERY = """
    SELECT 'STATUS' AS kind, name AS value, id::integer AS id FROM ticket_status WHERE name = ANY($1::text[])
    UNION ALL
    SELECT 'QUEUE', id::text, id FROM queue WHERE id = ANY($2::int[])
    UNION ALL
    SELECT 'AGENT', id::text, id FROM agent WHERE id = ANY($3::int[])
"""


class FilterValueLoader(BatchLoader[FilterValueKey, "int | None"]):
    """The id a filter value stands for (a status's id, the queue's or agent's own), or None
    when there is no such status, queue or agent."""

    async def load_batch(self, keys: Sequence[FilterValueKey]) -> list[int | None]:
        def values(kind: FilterValueKind) -> list[str | int]:
            return sorted({key.value for key in keys if key.kind is kind}, key=str)

        rows = await fetch(
            self.pool,
            _QUERY,
            values(FilterValueKind.STATUS),
            values(FilterValueKind.QUEUE),
            values(FilterValueKind.AGENT),
        )
        found = {(row["kind"], row["value"]): row["id"] for row in rows}
        return [found.get((key.kind.value, str(key.value))) for key in keys]
