"""The persisted_query table (migration 0004): look-ups, registration, use, expiry and imports.

Every statement here goes to the primary: a document registered through one host must be
found by the next request to any other, whatever a replica's lag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

CLIENT = "client"
MANIFEST = "manifest"
# A row's last use is written at most this often: expiry is counted in days.
TOUCH_AFTER = "1 hour"


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    operation_name: str | None
    document: str


async def lookup(pool: asyncpg.Pool, sha256: str, *, manifest_only: bool) -> str | None:
    """The document stored under `sha256` (only an imported one when `manifest_only`)."""
    document: str | None = await pool.fetchval(
        "SELECT document FROM persisted_query WHERE sha256 = $1 AND (source = $2 OR NOT $3)",
        sha256,
        MANIFEST,
        manifest_only,
    )
    return document


async def register(pool: asyncpg.Pool, sha256: str, document: str, operation_name: str | None) -> None:
    """Store a client's document; the first writer wins, and the text of a hash never changes."""
    await pool.execute(
        """INSERT INTO persisted_query (sha256, document, source, operation_name) VALUES ($1, $2, $3, $4)
           ON CONFLICT (sha256) DO NOTHING""",
        sha256,
        document,
        CLIENT,
        operation_name,
    )


async def touch(pool: asyncpg.Pool, hashes: Sequence[str]) -> None:
    """Record that these documents ran (served from a worker's LRU since the last touch)."""
    await pool.execute(
        f"""UPDATE persisted_query SET last_used_at = now()
            WHERE sha256 = ANY($1::text[]) AND last_used_at < now() - interval '{TOUCH_AFTER}'""",
        list(hashes),
    )


async def prune(pool: asyncpg.Pool, *, keep: int, ttl_days: int) -> int:
    """Delete client-registered documents unused for `ttl_days`, and the least recently used
    beyond `keep`; imported ones stay. Returns how many went."""
    status: str = await pool.execute(
        """DELETE FROM persisted_query
           WHERE source = $1
             AND (last_used_at < now() - make_interval(days => $2)
                  OR sha256 IN (SELECT sha256 FROM persisted_query WHERE source = $1
                                ORDER BY last_used_at DESC, sha256 OFFSET $3))""",
        CLIENT,
        ttl_days,
        keep,
    )
    return int(status.split()[-1])


async def store_manifest(connection: asyncpg.Connection, entries: Sequence[ManifestEntry]) -> tuple[int, int]:
    """Import a manifest in one transaction: new documents are added, documents a client had
    registered become imported ones. Returns (added, already there)."""
    async with connection.transaction():
        before = await connection.fetchval(
            "SELECT count(*) FROM persisted_query WHERE sha256 = ANY($1::text[]) AND source = $2",
            [entry.sha256 for entry in entries],
            MANIFEST,
        )
        await connection.executemany(
            """INSERT INTO persisted_query (sha256, document, source, operation_name) VALUES ($1, $2, $3, $4)
               ON CONFLICT (sha256) DO UPDATE SET source = EXCLUDED.source,
                   operation_name = coalesce(persisted_query.operation_name, EXCLUDED.operation_name)
               WHERE persisted_query.source <> EXCLUDED.source""",
            [(entry.sha256, entry.document, MANIFEST, entry.operation_name) for entry in entries],
        )
    unique = len({entry.sha256 for entry in entries})
    return unique - before, before
