"""Test data goes in through the importer, the public path."""

from __future__ import annotations

import json
from typing import Any

import asyncpg

from db.importer import ImportSummary, import_records


async def import_jsonl(connection: asyncpg.Connection, records: list[dict[str, Any]]) -> ImportSummary:
    return await import_records(connection, [json.dumps(record, ensure_ascii=False) for record in records])
