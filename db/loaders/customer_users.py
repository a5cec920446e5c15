"""Customer user loaders: by id, by login, and their customer IDs (the search: customer_user_search.py)."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from db.loaders.base import BatchLoader, RowByKeyLoader, ViewerLoader, fetch
from db.loaders.customers import CustomerByCustomerIdLoader
from db.pools import Reader

CUSTOMER_USER_COLUMNS = """t.id, t.login, t.first_name, t.last_name, t.email, t.customer_id, t.title,
    t.phone, t.mobile, t.street, t.zip, t.city, t.country, t.comment, t.valid, t.created_at, t.changed_at"""


class CustomerUserByIdLoader(RowByKeyLoader[int]):
    query = f"SELECT {CUSTOMER_USER_COLUMNS} FROM customer_user t WHERE t.id = ANY($1::int[])"


class CustomerUserByLoginLoader(BatchLoader[str, "asyncpg.Record | None"]):
    """Primes `by_id`, so that a ticket's or CI's customer user costs no statement of its own.

    The same statement reads the company of each user's primary customer ID, which the CUIC
    page asks next (primes `customers`), so it costs no statement or round trip later. (The
    viewer's widget settings come with the viewer, from the primary: see db/tokens.py.)
    """

    def __init__(self, pool: Reader, by_id: CustomerUserByIdLoader, customers: CustomerByCustomerIdLoader) -> None:
        super().__init__(pool)
        self.by_id = by_id
        self.customers = customers

    async def load_batch(self, logins: Sequence[str]) -> list[asyncpg.Record | None]:
        rows = await fetch(
            self.pool,
            f"""SELECT {CUSTOMER_USER_COLUMNS}, cc AS company
                FROM customer_user t
                LEFT JOIN customer_company cc ON cc.customer_id = t.customer_id
                WHERE t.login = ANY($1::text[])""",
            list(logins),
        )
        for row in rows:
            if row["customer_id"] is not None:
                self.customers.prime(row["customer_id"], row["company"])
        for row in rows:
            self.by_id.prime(row["id"], row)
        by_login = {row["login"]: row for row in rows}
        return [by_login.get(login) for login in logins]


class CustomerIdSummariesByCustomerUserLoader(ViewerLoader[int, list[asyncpg.Record]]):
    """A customer user's customer IDs, primary first, with company name and the counts of
    readable tickets of each customer ID (any customer user) in progress and closed."""

    async def load_batch(self, user_ids: Sequence[int]) -> list[list[asyncpg.Record]]:
        rows = await fetch(
            self.pool,
            """
            WITH ids AS (
                SELECT DISTINCT ON (user_id, customer_id) user_id, customer_id, is_primary
                FROM (
                    SELECT cu.id AS user_id, cu.customer_id, true AS is_primary
                    FROM customer_user cu WHERE cu.id = ANY($1::int[]) AND cu.customer_id IS NOT NULL
                    UNION ALL
                    SELECT x.customer_user_id, x.customer_id, false
                    FROM customer_user_customer_id x WHERE x.customer_user_id = ANY($1::int[])
                ) all_ids
                ORDER BY user_id, customer_id, is_primary DESC
            )
            SELECT ids.user_id, ids.customer_id, ids.is_primary,
                   cc.id AS company_id, cc.name AS company_name, cc.street AS company_street,
                   cc.zip AS company_zip, cc.city AS company_city, cc.country AS company_country,
                   cc.url AS company_url, cc.comment AS company_comment, cc.valid AS company_valid,
                   cc.created_at AS company_created_at, cc.changed_at AS company_changed_at,
                   counts.in_progress, counts.closed
            FROM ids
            LEFT JOIN customer_company cc ON cc.customer_id = ids.customer_id
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE t.status_category = 'IN_PROGRESS') AS in_progress,
                       count(*) FILTER (WHERE t.status_category = 'CLOSED') AS closed
                FROM ticket t
                WHERE t.customer_id = ids.customer_id
                  AND t.status_category IN ('IN_PROGRESS', 'CLOSED')
                  AND t.queue_id = ANY($2::int[])
            ) counts
            ORDER BY ids.user_id, ids.is_primary DESC, ids.customer_id
            """,
            list(user_ids),
            list(self.access.readable_queue_ids),
        )
        per_user: dict[int, list[asyncpg.Record]] = {user_id: [] for user_id in user_ids}
        for row in rows:
            per_user[row["user_id"]].append(row)
        return [per_user[user_id] for user_id in user_ids]
