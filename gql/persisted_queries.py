"""Persisted queries: Apollo's automatic persisted queries, and an allow-list mode.

A client sends the SHA-256 of a document, and the document itself only when the server
answers PERSISTED_QUERY_NOT_FOUND. Documents live in PostgreSQL (db/persisted_queries.py),
so one registered through any worker or host is found by every other; each worker keeps an
LRU in front, so a known document costs no statement. Under CUIC_PERSISTED_QUERIES=only,
nothing runs but documents imported from a manifest (`cuic persisted-queries import`),
whether the request names them by hash or sends their text.

Use is recorded in batches (`flush`), and client-registered documents expire (`prune`):
`maintain` does both in the background of every worker.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable
from typing import Any, TypeVar

import asyncpg

from db import persisted_queries as store
from db.config import Settings
from gql import errors
from gql.params import RequestError

logger = logging.getLogger("cuic.persisted_queries")
T = TypeVar("T")

LRU_CAPACITY = 2000
TOUCH_INTERVAL = 60.0
PRUNE_INTERVAL = 600.0


def sha256_hex(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def _requested_hash(params: dict[str, Any]) -> str | None:
    extensions = params.get("extensions")
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(digest, str) or persisted.get("version", 1) != 1:
        raise RequestError(400, "`extensions.persistedQuery` needs version 1 and a sha256Hash", errors.BAD_USER_INPUT)
    return digest.lower()


class PersistedQueries:
    def __init__(self, settings: Settings, capacity: int = LRU_CAPACITY) -> None:
        self.only = settings.persisted_queries == "only"
        self.keep = settings.persisted_queries_max
        self.ttl_days = settings.persisted_queries_ttl_days
        self.capacity = capacity
        self.documents: OrderedDict[str, str] = OrderedDict()
        # Hashes served since the last flush: their rows' last use is written then.
        self.used: set[str] = set()

    async def resolve(self, params: dict[str, Any], pool: asyncpg.Pool) -> str | None:
        """Put the document of a hash-only request into `params["query"]`, or refuse the request.

        Returns the hash to `register` once the document has passed validation: a client's
        document that this worker has not seen yet (never under `only`).
        """
        digest = _requested_hash(params)
        query = params.get("query")
        if isinstance(query, str):
            actual = sha256_hex(query)
            if digest is not None and actual != digest:
                raise RequestError(400, "the sha256Hash does not match the query", errors.BAD_USER_INPUT)
            if self.only:
                if await self._known(actual, pool) is None:
                    message = "this server runs only registered documents (CUIC_PERSISTED_QUERIES=only)"
                    raise RequestError(403, message, errors.FORBIDDEN, graphql=True)
                return None
            if digest is None or self._cached(actual) is not None:
                return None
            return actual
        if digest is None:
            return None
        known = await self._known(digest, pool)
        if known is None:
            raise RequestError(200, "PersistedQueryNotFound", errors.PERSISTED_QUERY_NOT_FOUND)
        params["query"] = known
        return None

    async def register(self, digest: str, query: str, operation_name: str | None, pool: asyncpg.Pool) -> None:
        await _database(store.register(pool, digest, query, operation_name))
        self._remember(digest, query)

    async def flush(self, pool: asyncpg.Pool) -> None:
        """Write the last use of the documents served from the LRU since the last flush."""
        used, self.used = self.used, set()
        if used:
            await store.touch(pool, sorted(used))

    async def prune(self, pool: asyncpg.Pool) -> int:
        return await store.prune(pool, keep=self.keep, ttl_days=self.ttl_days)

    async def maintain(self, pool: asyncpg.Pool) -> None:
        """Flush use every TOUCH_INTERVAL and prune every PRUNE_INTERVAL, for as long as the worker runs."""
        since_prune = PRUNE_INTERVAL
        while True:
            await asyncio.sleep(TOUCH_INTERVAL)
            since_prune += TOUCH_INTERVAL
            try:
                await self.flush(pool)
                if since_prune >= PRUNE_INTERVAL:
                    since_prune = 0
                    pruned = await self.prune(pool)
                    if pruned:
                        logger.info("pruned %d persisted queries", pruned)
            except Exception as failure:
                # Bookkeeping: the next round tries again; requests are not affected.
                logger.warning("persisted-query maintenance failed: %r", failure)

    def _cached(self, digest: str) -> str | None:
        document = self.documents.get(digest)
        if document is not None:
            self.documents.move_to_end(digest)
            self.used.add(digest)
        return document

    def _remember(self, digest: str, document: str) -> None:
        self.documents[digest] = document
        self.documents.move_to_end(digest)
        self.used.add(digest)
        while len(self.documents) > self.capacity:
            self.documents.popitem(last=False)

    async def _known(self, digest: str, pool: asyncpg.Pool) -> str | None:
        document = self._cached(digest)
        if document is None:
            document = await _database(store.lookup(pool, digest, manifest_only=self.only))
            if document is not None:
                self._remember(digest, document)
        return document


async def _database(work: Awaitable[T]) -> T:
    try:
        return await work
    except Exception as failure:
        if errors.is_database_unavailable(failure):
            raise RequestError(503, "the database is unavailable", errors.SERVICE_UNAVAILABLE) from None
        raise
