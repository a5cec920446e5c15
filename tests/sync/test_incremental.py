"""Later cycles copy what changed in OTOBO since the watermarks, and only that."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg

from db.changes import CHANNEL, Change
from tests.api.conftest import Api
from tests.sync.conftest import sync_once
from tests.sync.otobo import Otobo, otobo_now
from tests.sync.test_first_sync import numbers

NOT_DUE = {"reconcile_every": timedelta(days=1)}


async def test_state_update_new_ticket_reassigned_customer_and_watcher(
    pg_synced_api: Api, database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int]
) -> None:
    await otobo.set_state(tickets["T-NEW"], "open")
    await otobo.create_ticket("T-NEW2", "Service Desk", "new", customer_user="taro", customer_id="ACME")
    await otobo.set_customer(tickets["T-HANAKO"], "taro", "ACME")
    # Watching leaves the ticket's change_time alone: only its history row tells.
    await otobo.watch(tickets["T-ESC"], "alice")

    report = await sync_once(database_url, otobo_url, **NOT_DUE)

    assert report.created["ticket"] == 1 and report.changed["ticket"] == 3
    assert await numbers(pg_synced_api, "newTickets") == ["T-NEW2"]
    assert sorted(await numbers(pg_synced_api, "openTickets")) == ["T-ESC", "T-HANAKO", "T-NEW", "T-OPEN"]
    assert await numbers(pg_synced_api, "openTickets(scope: MY_WATCHED)") == ["T-ESC"]
    assert await numbers(pg_synced_api, "openTickets", user='customerUser(login: "hanako")') == []
    data = await pg_synced_api.data(
        '{ customerUser(login: "taro") { openTickets { nodes { number statusChangedAt createdAt } } } }'
    )
    moved = next(n for n in data["customerUser"]["openTickets"]["nodes"] if n["number"] == "T-NEW")
    assert moved["statusChangedAt"] > moved["createdAt"]  # entered "open" now, from its StateUpdate row


async def test_a_cycle_without_changes_changes_nothing(
    database_url: str, otobo_url: str, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await sync_once(database_url, otobo_url)
    before = await connection.fetch("SELECT * FROM ticket ORDER BY id")
    report = await sync_once(database_url, otobo_url, **NOT_DUE)
    assert report.lines() == ["no changes"]
    assert await connection.fetch("SELECT * FROM ticket ORDER BY id") == before


async def test_archived_tickets_leave_at_once_deleted_ones_at_the_deletion_check(
    pg_synced_api: Api, database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int]
) -> None:
    await otobo.archive(tickets["T-OPEN"])
    await otobo.delete_ticket(tickets["T-CLOSED"])
    await otobo.remove_further_customer_id("taro", "NOCOMPANY")

    report = await sync_once(database_url, otobo_url, **NOT_DUE)
    assert report.deleted["ticket"] == 1
    assert await numbers(pg_synced_api, "openTickets") == ["T-ESC"]
    # A deletion leaves no trace in OTOBO: found by the id comparison, on its slower period.
    assert await numbers(pg_synced_api, "closedTickets") == ["T-CLOSED"]

    report = await sync_once(database_url, otobo_url, reconcile_every=timedelta(0))
    assert report.reconciled and report.deleted["ticket"] == 1
    assert await numbers(pg_synced_api, "closedTickets") == []
    ids = await pg_synced_api.data('{ customerUser(login: "taro") { customerIds { customerId } } }')
    assert [i["customerId"] for i in ids["customerUser"]["customerIds"]] == ["ACME", "GLOBEX"]


async def test_unarchived_ticket_comes_back(
    database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await sync_once(database_url, otobo_url)
    assert not await connection.fetchval("SELECT count(*) FROM ticket WHERE number = 'T-ARCH'")
    await otobo._update(tickets["T-ARCH"], None, archive_flag=0)
    await sync_once(database_url, otobo_url, **NOT_DUE)
    assert await connection.fetchval("SELECT count(*) FROM ticket WHERE number = 'T-ARCH'") == 1


async def test_a_change_stamped_before_the_watermark_within_the_overlap_is_read(
    database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    await sync_once(database_url, otobo_url)
    latest = await connection.fetchval("SELECT change_time FROM sync_watermark WHERE source_table = 'ticket'")
    # A transaction that stamped its change a minute before the latest one committed late.
    await otobo.set_state(tickets["T-NEW"], "open", latest - timedelta(minutes=1))
    await sync_once(database_url, otobo_url, **NOT_DUE)
    category = await connection.fetchval("SELECT status_category FROM ticket WHERE number = 'T-NEW'")
    assert category == "IN_PROGRESS"


async def test_dry_run_reports_and_writes_nothing(
    database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int], connection: asyncpg.Connection
) -> None:
    report = await sync_once(database_url, otobo_url, dry_run=True)
    assert report.created["ticket"] == 11
    assert await connection.fetchval("SELECT count(*) FROM ticket") == 0
    assert await connection.fetchval("SELECT count(*) FROM sync_state") == 0

    await sync_once(database_url, otobo_url)
    marks = await connection.fetch("SELECT * FROM sync_watermark ORDER BY source_table")
    await otobo.create_ticket("T-DRY", "Service Desk", "new", customer_user="taro", created=otobo_now())
    report = await sync_once(database_url, otobo_url, dry_run=True, **NOT_DUE)
    assert report.created["ticket"] == 1
    assert await connection.fetchval("SELECT count(*) FROM ticket WHERE number = 'T-DRY'") == 0
    assert await connection.fetch("SELECT * FROM sync_watermark ORDER BY source_table") == marks


async def test_deletions_are_announced_to_the_screens_that_showed_them(
    pg_synced_api: Api, database_url: str, otobo_url: str, otobo: Otobo, tickets: dict[str, int]
) -> None:
    cuic = await asyncpg.connect(database_url)
    listening = await asyncpg.connect(database_url)
    heard: asyncio.Queue[Change] = asyncio.Queue()
    await listening.add_listener(CHANNEL, lambda *args: heard.put_nowait(Change.from_payload(str(args[3]))))
    try:
        taro = await cuic.fetchval("SELECT id FROM customer_user WHERE login = 'taro'")
        sharing = await cuic.fetchval(
            "SELECT array_agg(id) FROM customer_user WHERE customer_id = "
            "(SELECT customer_id FROM ticket WHERE number = 'T-OPEN')"
        )
        await otobo.archive(tickets["T-OPEN"])
        await sync_once(database_url, otobo_url, **NOT_DUE)
        change = await asyncio.wait_for(heard.get(), 30)
        assert taro in change.customer_users and set(sharing) <= change.customer_users

        await otobo.delete_ticket(tickets["T-CLOSED"])
        report = await sync_once(database_url, otobo_url, reconcile_every=timedelta(0))
        assert report.deleted["ticket"] == 1
        changes = [await asyncio.wait_for(heard.get(), 30)]
        while not heard.empty():
            changes.append(heard.get_nowait())
        assert any(taro in c.customer_users for c in changes)
    finally:
        await listening.close()
        await cuic.close()
