"""What the sync needs from a source database, whatever its engine.

A `Source` runs dialect-neutral SQL (see `db/sync/reader.py`): parameters are written
`:name`, and a list parameter as `IN :name`; each engine's module turns that into its own
placeholders. Rows come back as mappings of column name to value, with OTOBO's DATE
columns as naive datetimes (OTOBO stores its local time without a zone).

Every read of one sync cycle happens inside `snapshot()`, one read-only transaction that
sees one consistent state of the source: tickets, their history and the records they
refer to agree with each other.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Final, Protocol
from urllib.parse import urlsplit

Row = Mapping[str, Any]
Param = object

# "IN :name" (a list) or ":name" (a scalar), in the order they appear.
CHUNK: Final = 10_000  # values per IN list
_PARAM = re.compile(r"\bIN :(\w+)|(?<![:\w]):(\w+)")


class SourceError(Exception):
    """The source cannot be read: unreachable, gone away mid-sync, or not an OTOBO schema."""


class Source(Protocol):
    """One connection to a source database, read-only."""

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """One read-only transaction with a consistent view, around a cycle's reads."""
        ...

    async def rows(self, sql: str, params: Mapping[str, Param] | None = None) -> list[Row]:
        """The rows of a dialect-neutral query; raises SourceError when the source fails."""
        ...

    def stream(self, sql: str, params: Mapping[str, Param] | None = None) -> AsyncIterator[Row]:
        """The rows of a large query, fetched in chunks (inside `snapshot()`)."""
        ...

    async def tables(self) -> set[str]:
        """The names of the tables in the source's schema (lower case)."""
        ...

    async def close(self) -> None: ...


def render(sql: str, params: Mapping[str, Param], placeholder: Any, list_placeholder: Any) -> tuple[str, list[Param]]:
    """Neutral SQL and named parameters → the engine's SQL and positional arguments.

    `placeholder(n)` spells the n-th (1-based) scalar argument; `list_placeholder(n, k)`
    replaces "IN :name" for a list of k values starting at the n-th argument, and says
    whether the values are expanded into k arguments (else passed as one array).
    """
    args: list[Param] = []

    def substitute(match: re.Match[str]) -> str:
        list_name, name = match.groups()
        if name is not None:
            args.append(params[name])
            return str(placeholder(len(args)))
        values = params[list_name]
        assert isinstance(values, Sequence) and not isinstance(values, str)
        text, expanded = list_placeholder(len(args) + 1, len(values))
        args.extend(values if expanded else [list(values)])
        return str(text)

    return _PARAM.sub(substitute, sql), args


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def scheme(url: str) -> str:
    return urlsplit(url).scheme.split("+")[0].lower()


async def open_source(url: str) -> Source:
    """A connection to the source at `url` (postgresql://… or mysql:// / mariadb://…)."""
    kind = scheme(url)
    if kind in ("postgresql", "postgres"):
        from db.sync.otobo_pg import PgSource

        return await PgSource.connect(url)
    if kind in ("mysql", "mariadb"):
        from db.sync.otobo_mysql import MySqlSource

        return await MySqlSource.connect(url)
    raise SourceError(f"--source: unsupported database URL scheme {kind!r} (use postgresql://, mysql:// or mariadb://)")
