"""The customer user list (the screen's search) and lookup by login."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from db.loaders.customer_users import LOGIN_ORDER, CustomerUserListKey, CustomerUserSearch
from db.loaders.pagination import Page
from db.widgets import DEFAULT_PAGE_SIZE
from resolvers import pagination
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput

ORDER = pagination.order_tag("LOGIN", descending=False)
# Matching a substring costs time in proportion to its length for every user (200 KB took
# 1.2 s); no login, name, email or customer ID is near this long.
MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class CustomerUserList:
    context: RequestContext
    page: Page
    search: CustomerUserSearch

    def cursor(self, row: asyncpg.Record) -> str:
        return pagination.encode_cursor(ORDER, row["sort_value"], row["id"])

    async def total_count(self) -> int:
        return await self.context.loaders.customer_user_count_by_search.load(self.search)


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
