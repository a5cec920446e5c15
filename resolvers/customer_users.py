"""The customer user list (the screen's search) and lookup by login."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from db.loaders.customer_user_search import (
    LOGIN_ORDER,
    CappedCount,
    CappedCountKey,
    CustomerUserListKey,
    CustomerUserSearch,
)
from db.loaders.pagination import Page
from db.widgets import DEFAULT_PAGE_SIZE
from resolvers import pagination
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput

ORDER = pagination.order_tag("LOGIN", descending=False)
# Matching a substring costs time in proportion to its length for every user (200 KB took
# 1.2 s); no login, name, email or customer ID is near this long.
MAX_SEARCH_LENGTH = 200
# A capped count costs up to about twice its cap in users walked; the screen asks for 1 000.
MAX_COUNT_CAP = 10_000


@dataclass(frozen=True)
class CustomerUserList:
    context: RequestContext
    page: Page
    search: CustomerUserSearch

    def cursor(self, row: asyncpg.Record) -> str:
        return pagination.encode_cursor(ORDER, row["sort_value"], row["id"])

    async def total_count(self) -> int:
        return await self.context.loaders.customer_user_count_by_search.load(self.search)

    async def capped_count(self, up_to: int) -> CappedCount:
        if not 1 <= up_to <= MAX_COUNT_CAP:
            raise BadUserInput(f"`upTo` must be between 1 and {MAX_COUNT_CAP}, got {up_to}")
        return await self.context.loaders.customer_user_capped_count_by_search.load(CappedCountKey(self.search, up_to))


async def customer_users(
    context: RequestContext,
    page_args: pagination.PageArgs,
    *,
    search: str | None,
    customer_id: str | None,
) -> CustomerUserList:
    if search is not None and len(search) > MAX_SEARCH_LENGTH:
        raise BadUserInput(f"`search` may have at most {MAX_SEARCH_LENGTH} characters, got {len(search)}")
    window = pagination.window(
        page_args,
        default_size=DEFAULT_PAGE_SIZE,
        order=ORDER,
        sql_type=LOGIN_ORDER.sql_type,
    )
    query = CustomerUserSearch(search=search or None, customer_id=customer_id)
    page = await context.loaders.customer_user_page_by_search.load(CustomerUserListKey(query, window))
    return CustomerUserList(context, page, query)


async def customer_user_by_login(context: RequestContext, login: str) -> asyncpg.Record | None:
    return await context.loaders.customer_user_by_login.load(login)
