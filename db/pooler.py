"""Connections for a pooler in transaction mode (PgBouncer before 1.21, `CUIC_DATABASE_POOLER=transaction`).

Such a pooler hands the server connection to another client whenever a transaction ends,
and a statement outside a transaction ends one at each protocol Sync. asyncpg sends a
parameterised statement as Parse/Describe/Sync, then Bind/Execute/Sync: outside a
transaction the two halves may reach different server connections, and another client's
statement may replace the unnamed one in between. So here every statement that is not
already inside a transaction runs in one of its own, and nothing is cached across
transactions (`statement_cache_size=0`). Session settings cannot survive either: they ride
along with each BEGIN as `SET LOCAL`, in the same message, so they cost no round trip.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg

from db.pool import not_counted

T = TypeVar("T")


class TransactionPoolerConnection(asyncpg.Connection):
    # The `SET LOCAL …` statements of every transaction; create_pool fills it in per pool.
    local_settings = ""

    async def execute(self, query: str, *args: object, timeout: float | None = None) -> str:  # noqa: ASYNC109
        if not args and query.startswith("BEGIN") and self.local_settings:
            # asyncpg's own transactions (connection.transaction()) begin with a plain BEGIN.
            query = f"{query.rstrip(';')}; {self.local_settings}"
        return await super().execute(query, *args, timeout=timeout)

    # asyncpg funnels fetch, fetchrow, fetchval and execute-with-arguments through `_execute`,
    # and executemany through `_executemany`: wrapping those two covers every statement.
    async def _execute(self, *args: Any, **kwargs: Any) -> Any:
        return await self._in_transaction(lambda: super(TransactionPoolerConnection, self)._execute(*args, **kwargs))  # type: ignore[misc]

    async def _executemany(self, *args: Any, **kwargs: Any) -> Any:
        return await self._in_transaction(
            lambda: super(TransactionPoolerConnection, self)._executemany(*args, **kwargs)  # type: ignore[misc]
        )

    async def _in_transaction(self, statement: Callable[[], Awaitable[T]]) -> T:
        if self.is_in_transaction():
            return await statement()
        # BEGIN and COMMIT are the pooler's price, not statements of the request.
        with not_counted():
            await self.execute("BEGIN")
        try:
            result = await statement()
        except BaseException:
            await self._abandon()
            raise
        with not_counted():
            await self.execute("COMMIT")
        return result

    async def _abandon(self) -> None:
        """Roll back, or drop the connection: one left inside a transaction would pin a server connection."""
        if self.is_closed():
            return
        try:
            with not_counted():
                await self.execute("ROLLBACK")
        except BaseException:
            self.terminate()
            raise


def pooler_connection_class(statement_timeout_ms: int) -> type[asyncpg.Connection]:
    local = f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}; SET LOCAL jit = off"
    return type("CuicPoolerConnection", (TransactionPoolerConnection,), {"local_settings": local})
