"""The scope-count loader on its own (the page loader usually primes it): same counts."""

import asyncpg

from db.catalog import StatusCategory
from db.domain import Relation, TicketFilter
from db.loaders.base import Access
from db.loaders.tickets import TicketCountKey, TicketScopeCountsByCustomerUserLoader
from tests.api import dataset
from tests.importing import import_jsonl


async def test_counts_every_scope_of_a_widget(connection: asyncpg.Connection, database_url: str) -> None:
    await import_jsonl(connection, dataset.records())
    alice = await connection.fetchrow("SELECT id FROM agent WHERE login = 'alice'")
    taro = await connection.fetchval("SELECT id FROM customer_user WHERE login = 'taro'")
    queues = [r["id"] for r in await connection.fetch("SELECT id FROM queue ORDER BY id")]
    network = await connection.fetchval("SELECT id FROM queue WHERE name = 'Network'")
    assert alice is not None
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
    try:
        loader = TicketScopeCountsByCustomerUserLoader(pool, Access(alice["id"], tuple(queues), (network,)))
        key = TicketCountKey(taro, TicketFilter((StatusCategory.IN_PROGRESS,)), Relation.ASSIGNED)
        counts = await loader.load(key)
    finally:
        await pool.close()
    assert (counts.my_locked, counts.my_responsibilities, counts.my_queues, counts.my_watched) == (1, 1, 1, 1)
    assert counts.all == 18
