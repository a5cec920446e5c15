"""Queue loaders."""

from __future__ import annotations

from db.loaders.base import RowByKeyLoader


class QueueByIdLoader(RowByKeyLoader[int]):
    query = "SELECT id, name FROM queue WHERE id = ANY($1::int[])"
