"""A key's cached result is shared by every field that asks for it: cancelling one of them
(graphql-core does when a sibling field fails) must not cancel it for the others."""

from __future__ import annotations

import asyncio

import asyncpg

from db.loaders.customers import CustomerByCustomerIdLoader
from tests.api import dataset
from tests.importing import import_jsonl


async def test_cancelling_one_waiter_leaves_the_others_their_row(
    connection: asyncpg.Connection, database_url: str
) -> None:
    await import_jsonl(connection, dataset.records())
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
    try:
        loader = CustomerByCustomerIdLoader(pool)

        async def ask() -> asyncpg.Record | None:
            return await loader.load("ACME")

        first, second = asyncio.ensure_future(ask()), asyncio.ensure_future(ask())
        await asyncio.sleep(0)  # both wait for the batch
        first.cancel()
        row = await asyncio.wait_for(second, 10)
        assert row is not None and row["customer_id"] == "ACME"
        assert first.cancelled()
        # The cached result still serves later fields.
        again = await loader.load("ACME")
        assert again is not None and again["name"] == row["name"]
    finally:
        await pool.close()
