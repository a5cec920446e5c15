"""An OTOBO (or Znuny) database on PostgreSQL, read-only, through asyncpg."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import cast

import asyncpg

from db.sync.source import Param, Row, SourceError, render

# What a source can throw when it is unreachable, gone or not what we expect.
_FAILURES = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.exceptions.InternalClientError, OSError)
_FETCH_ROWS = 10_000


def _pg(sql: str, params: Mapping[str, Param] | None) -> tuple[str, list[Param]]:
    return render(sql, params or {}, lambda n: f"${n}", lambda n, _count: (f"= ANY(${n})", False))


def failure(error: BaseException) -> SourceError:
    if isinstance(error, asyncpg.UndefinedTableError | asyncpg.UndefinedColumnError):
        return SourceError(f"the source is not an OTOBO or Znuny database as expected: {error}")
    if isinstance(error, asyncpg.InsufficientPrivilegeError):
        return SourceError(f"the source account may not read a table the sync needs: {error}")
    return SourceError(f"the OTOBO database failed or went away: {type(error).__name__}: {error}")


class PgSource:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    @classmethod
    async def connect(cls, url: str) -> PgSource:
        try:
            connection = await asyncpg.connect(
                url,
                server_settings={"application_name": "cuic-sync", "default_transaction_read_only": "on"},
            )
        except (*_FAILURES, ValueError) as error:
            raise SourceError(f"cannot connect to the OTOBO database: {error}") from None
        return cls(connection)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        transaction = self.connection.transaction(isolation="repeatable_read", readonly=True)
        try:
            await transaction.start()
        except _FAILURES as error:
            raise failure(error) from error
        try:
            yield
        finally:
            if not self.connection.is_closed():
                with contextlib.suppress(*_FAILURES):
                    await transaction.rollback()  # read-only: nothing to keep

    async def rows(self, sql: str, params: Mapping[str, Param] | None = None) -> list[Row]:
        text, args = _pg(sql, params)
        try:
            return cast(list[Row], await self.connection.fetch(text, *args))
        except _FAILURES as error:
            raise failure(error) from error

    async def stream(self, sql: str, params: Mapping[str, Param] | None = None) -> AsyncIterator[Row]:
        text, args = _pg(sql, params)
        try:
            async for row in self.connection.cursor(text, *args, prefetch=_FETCH_ROWS):
                yield cast(Row, row)
        except _FAILURES as error:
            raise failure(error) from error

    async def tables(self) -> set[str]:
        found = await self.rows(
            "SELECT lower(table_name) AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {str(row["name"]) for row in found}

    async def close(self) -> None:
        try:
            await self.connection.close(timeout=5)
        except _FAILURES:
            self.connection.terminate()
