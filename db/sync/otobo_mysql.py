"""An OTOBO (or Znuny) database on MariaDB or MySQL, read-only, through aiomysql.

URL: mysql://user:password@host:port/database (or mariadb://…); `?unix_socket=/path`
connects through a socket instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import cast
from urllib.parse import parse_qs, unquote, urlsplit

import aiomysql
import pymysql

from db.sync.source import Param, Row, SourceError, render

_FAILURES = (pymysql.err.MySQLError, OSError)
_FETCH_ROWS = 10_000
_NO_TABLE, _NO_COLUMN, _NO_ACCESS = 1146, 1054, 1142


def _mysql(sql: str, params: Mapping[str, Param] | None) -> tuple[str, list[Param]]:
    return render(
        sql, params or {}, lambda _n: "%s", lambda _n, count: ("IN (" + ", ".join(["%s"] * count) + ")", True)
    )


def failure(error: BaseException) -> SourceError:
    code = error.args[0] if isinstance(error, pymysql.err.MySQLError) and error.args else None
    if code in (_NO_TABLE, _NO_COLUMN):
        return SourceError(f"the source is not an OTOBO or Znuny database as expected: {error}")
    if code == _NO_ACCESS:
        return SourceError(f"the source account may not read a table the sync needs: {error}")
    return SourceError(f"the OTOBO database failed or went away: {type(error).__name__}: {error}")


class MySqlSource:
    def __init__(self, connection: aiomysql.Connection) -> None:
        self.connection = connection

    @classmethod
    async def connect(cls, url: str) -> MySqlSource:
        parts = urlsplit(url)
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            connection = await aiomysql.connect(
                host=parts.hostname or "localhost",
                port=parts.port or 3306,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                db=unquote(parts.path.lstrip("/")),
                unix_socket=options.get("unix_socket"),
                charset="utf8mb4",
                autocommit=True,
                connect_timeout=10,
            )
        except (*_FAILURES, ValueError) as error:
            raise SourceError(f"cannot connect to the OTOBO database: {error}") from None
        source = cls(connection)
        await source._execute("SET SESSION TRANSACTION READ ONLY")
        return source

    async def _execute(self, sql: str) -> None:
        try:
            async with self.connection.cursor() as cursor:
                await cursor.execute(sql)
        except _FAILURES as error:
            raise failure(error) from error

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        await self._execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        await self._execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        try:
            yield
        finally:
            with contextlib.suppress(*_FAILURES):
                await self.connection.rollback()  # read-only: nothing to keep

    async def rows(self, sql: str, params: Mapping[str, Param] | None = None) -> list[Row]:
        text, args = _mysql(sql, params)
        try:
            async with self.connection.cursor(aiomysql.DictCursor) as cursor:
                await cursor.execute(text, args or None)
                return cast(list[Row], list(await cursor.fetchall()))
        except _FAILURES as error:
            raise failure(error) from error

    async def stream(self, sql: str, params: Mapping[str, Param] | None = None) -> AsyncIterator[Row]:
        text, args = _mysql(sql, params)
        try:
            async with self.connection.cursor(aiomysql.SSDictCursor) as cursor:
                await cursor.execute(text, args or None)
                while batch := await cursor.fetchmany(_FETCH_ROWS):
                    for row in batch:
                        yield cast(Row, row)
        except _FAILURES as error:
            raise failure(error) from error

    async def tables(self) -> set[str]:
        found = await self.rows(
            "SELECT lower(table_name) AS name FROM information_schema.tables WHERE table_schema = DATABASE()"
        )
        return {str(row["name"]) for row in found}

    async def close(self) -> None:
        self.connection.close()
