"""Customer User Information and Customer Information widgets."""

from __future__ import annotations

import asyncpg

from db.config import NameOrder
from resolvers.context import RequestContext


def full_name(first_name: str, last_name: str, order: NameOrder) -> str:
    parts = (first_name, last_name) if order is NameOrder.FIRST_LAST else (last_name, first_name)
    return " ".join(part for part in parts if part)


async def customer_of_user(context: RequestContext, user: asyncpg.Record) -> asyncpg.Record | None:
    """The company of the user's primary customer ID, or None when there is none."""
    if user["customer_id"] is None:
        return None
    return await context.loaders.customer_by_customer_id.load(user["customer_id"])
