"""The MariaDB/MySQL reader beyond the first sync (which every first-sync test covers)."""

from __future__ import annotations

from datetime import timedelta

import asyncpg
import pytest

from db.sync import SourceError
from tests.sync import mariadb
from tests.sync.conftest import sync_once
from tests.sync.otobo import Otobo


async def test_incremental_and_deletion_from_mariadb(
    database_url: str, mariadb_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await mariadb.mirror(otobo.db, mariadb_url)
    await sync_once(database_url, mariadb_url)
    await otobo.set_state(tickets["T-NEW"], "closed successful")
    await otobo.watch(tickets["T-ESC"], "alice")
    await otobo.create_ticket("T-NEW2", "Service Desk", "new", customer_user="taro")
    await otobo.delete_ticket(tickets["T-MERGED"])
    await mariadb.mirror(otobo.db, mariadb_url)

    report = await sync_once(database_url, mariadb_url, reconcile_every=timedelta(0))

    assert report.created["ticket"] == 1 and report.changed["ticket"] == 2 and report.deleted["ticket"] == 1
    assert await connection.fetchval("SELECT status_category FROM ticket WHERE number = 'T-NEW'") == "CLOSED"
    watchers = await connection.fetchval(
        "SELECT array_agg(a.login) FROM ticket_watcher w JOIN agent a ON a.id = w.agent_id"
        " JOIN ticket t ON t.id = w.ticket_id WHERE t.number = 'T-ESC'"
    )
    assert watchers == ["alice"]
    assert await connection.fetchval("SELECT count(*) FROM ticket WHERE number = 'T-MERGED'") == 0


async def test_mariadb_source_that_is_no_otobo_is_named(database_url: str, mariadb_server: str) -> None:
    url = await mariadb.create_otobo(mariadb_server, "not_otobo")
    connection = await mariadb.connect(url)
    try:
        async with connection.cursor() as cursor:
            await cursor.execute("DROP TABLE ticket_state")
    finally:
        connection.close()
    try:
        with pytest.raises(SourceError, match="not an OTOBO or Znuny database"):
            await sync_once(database_url, url)
    finally:
        await mariadb.drop(mariadb_server, "not_otobo")
