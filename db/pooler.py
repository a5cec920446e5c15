"""Connections for a pooler in transaction mode (PgBouncer before 1.21, `CUIC_DATABASE_POOLER=transaction`).

Such a pooler hands the server connection to another client whenever a transaction ends.
Two things of a plain asyncpg connection do not survive that:
- named prepared statements, cached per connection: they exist on one server connection
  only. With `statement_cache_size=0` asyncpg parses every statement again in the same
  message as its Bind/Execute/Sync, so each statement is complete on whichever server
  connection runs it.
- session settings (statement_timeout, jit): PgBouncer refuses them as startup parameters,
  and a SET would stay behind on a server connection that others use next. So every
  statement that is not already inside a transaction runs in one of its own, whose BEGIN
  carries `SET LOCAL …` in the same message; asyncpg's own transactions get them too.
The price is two round trips (BEGIN, COMMIT) per statement; bench/README.md measures it.
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
        try:
            # BEGIN and COMMIT are the pooler's price, not statements of the request.
            with not_counted():
                await self.execute("BEGIN")
            result = await statement()
            with not_counted():
                await self.execute("COMMIT")
        except BaseException:
            await self._abandon()
            raise
        return result

    async def _abandon(self) -> None:
        """Roll back, or drop the connection: one left inside a transaction would pin a
        server connection of the pooler."""
        if self.is_closed():
            return
        try:
            with not_counted():
                await self.execute("ROLLBACK")
        except BaseException:
            # Broken, or still busy with a cancelled statement: the caller's error stands.
            self.terminate()


def pooler_connection_class(statement_timeout_ms: int) -> type[asyncpg.Connection]:
    local = f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}; SET LOCAL jit = off"
    return type("CuicPoolerConnection", (TransactionPoolerConnection,), {"local_settings": local})
