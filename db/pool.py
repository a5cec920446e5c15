"""The asyncpg pool, and the per-request count of SQL statements it sends."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg

from db.config import Settings

Pool = asyncpg.Pool

# A mutable one-element list per request: the statements sent while it is set.
_statement_counter: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "cuic_statement_counter", default=None
)


# asyncpg's own type introspection, sent once per connection and type, is set-up work of
# the connection rather than a statement of the request.
_DRIVER_SETUP_MARKERS = ("typeinfo_tree", "current_setting('jit')")


def _count_statement(record: Any) -> None:
    counter = _statement_counter.get()
    if counter is not None and not any(marker in record.query[:120] for marker in _DRIVER_SETUP_MARKERS):
        counter[0] += 1


@contextmanager
def not_counted() -> Iterator[None]:
    """Statements sent inside the block are plumbing, not the request's (a pooler's BEGIN, a probe)."""
    token = _statement_counter.set(None)
    try:
        yield
    finally:
        _statement_counter.reset(token)


@contextmanager
def counting_statements() -> Iterator[list[int]]:
    """Count the statements sent inside the block (and tasks started in it)."""
    counter = [0]
    token = _statement_counter.set(counter)
    try:
        yield counter
    finally:
        _statement_counter.reset(token)


async def _init_connection(connection: asyncpg.Connection) -> None:
    connection.add_query_logger(_count_statement)


async def _no_reset(_connection: asyncpg.Connection) -> None:
    # cuic keeps no session state on connections, so the default RESET ALL round trip
    # on every release would be pure cost.
    return None


async def create_pool(
    dsn: str, settings: Settings, *, connect_timeout: float = 60, command_timeout: float | None = None
) -> Pool:
    """The API's pool on `dsn`. `connect_timeout` bounds each new connection, `command_timeout`
    each statement on the client's side (a replica's: see db/pools.py)."""
    options: dict[str, Any] = {}
    server_settings = {"application_name": "cuic", "timezone": "UTC"}
    if settings.database_pooler == "transaction":
        from db.pooler import pooler_connection_class

        # A transaction pooler refuses other startup parameters; these go with every BEGIN.
        options = {
            "connection_class": pooler_connection_class(settings.statement_timeout_ms),
            "statement_cache_size": 0,
        }
    else:
        # Generic plans: each cached statement is planned once per connection. With custom
        # plans PostgreSQL planned the page's statements on every request, which cost three
        # times their execution (2.3 of 3.0 ms per page, bench/README.md "issue 12: the
        # database's share"). Every statement is written to need no custom plan: pages are
        # limited in a LATERAL before joining, arrays of keys go through `= ANY`, and the
        # search decides between its paths while it runs (db/loaders/customer_user_search.py).
        server_settings |= {
            "statement_timeout": str(settings.statement_timeout_ms),
            "jit": "off",
            "plan_cache_mode": "force_generic_plan",
        }
    pool = await asyncpg.create_pool(
        dsn,
        min_size=settings.pool_min_size,
        max_size=settings.pool_max_size,
        init=_init_connection,
        reset=_no_reset,
        timeout=connect_timeout,
        command_timeout=command_timeout,
        server_settings=server_settings,
        **options,
    )
    assert pool is not None
    return pool
