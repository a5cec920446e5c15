"""Tests build their data through the importer, the public path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import asyncpg
import orjson

from db.importer import ImportSummary, import_records


def jsonl(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The records as JSON Lines, one string per line."""
    return [orjson.dumps(record).decode() for record in records]


async def import_jsonl(
    connection: asyncpg.Connection, records: Iterable[Mapping[str, Any]], *, dry_run: bool = False
) -> ImportSummary:
    """Import `records` (dicts in the import format) as one JSON Lines file."""
    return await import_records(connection, jsonl(records), dry_run=dry_run)
