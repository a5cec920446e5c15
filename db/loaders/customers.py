"""Customer (company) loaders."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from db.loaders.base import BatchLoader, fetch

CUSTOMER_COLUMNS = """id, customer_id, name, street, zip, city, country, url, comment, valid,
    created_at, changed_at"""


class CustomerByCustomerIdLoader(BatchLoader[str, "asyncpg.Record | None"]):
    async def load_batch(self, customer_ids: Sequence[str]) -> list[asyncpg.Record | None]:
        rows = await fetch(
            self.pool,
            f"SELECT {CUSTOMER_COLUMNS} FROM customer_company WHERE customer_id = ANY($1::text[])",
            list(customer_ids),
        )
        by_key = {row["customer_id"]: row for row in rows}
        return [by_key.get(customer_id) for customer_id in customer_ids]


class CustomerByIdLoader(BatchLoader[int, "asyncpg.Record | None"]):
    async def load_batch(self, ids: Sequence[int]) -> list[asyncpg.Record | None]:
        rows = await fetch(
            self.pool, f"SELECT {CUSTOMER_COLUMNS} FROM customer_company WHERE id = ANY($1::int[])", list(ids)
        )
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(company_id) for company_id in ids]


class QueueByIdLoader(BatchLoader[int, "asyncpg.Record | None"]):
    async def load_batch(self, ids: Sequence[int]) -> list[asyncpg.Record | None]:
        rows = await fetch(self.pool, "SELECT id, name FROM queue WHERE id = ANY($1::int[])", list(ids))
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(queue_id) for queue_id in ids]
