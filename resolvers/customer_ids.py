"""Customer IDs widget: the user's customer IDs with company and ticket counts."""

from __future__ import annotations

import asyncpg

from resolvers.context import RequestContext


async def customer_id_summaries(context: RequestContext, customer_user_id: int) -> list[asyncpg.Record]:
    """Primary customer ID first, then the others by ID; counts cover every customer user's
    readable tickets of that ID, IN_PROGRESS and CLOSED only."""
    return await context.loaders.customer_id_summaries_by_customer_user.load(customer_user_id)
