"""Assigned CIs widget: configuration items whose owner is the customer user."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from db.domain import ConfigItemSort
from db.loaders.config_items import CONFIG_ITEM_SORT_TYPES, ConfigItemListKey
from db.loaders.pagination import Page
from db.widgets import WidgetKey
from resolvers import pagination
from resolvers.context import RequestContext

DEFAULT_SORT = ConfigItemSort.NAME


@dataclass(frozen=True)
class ConfigItemList:
    context: RequestContext
    page: Page
    order: str
    owner_id: int

    def cursor(self, row: asyncpg.Record) -> str:
        return pagination.encode_cursor(self.order, row["sort_value"], row["id"])

    async def total_count(self) -> int:
        return await self.context.loaders.config_item_count_by_owner.load(self.owner_id)


async def assigned_config_items(
    context: RequestContext,
    owner_id: int,
    page_args: pagination.PageArgs,
    *,
    sort: ConfigItemSort | None,
    descending: bool,
) -> ConfigItemList:
    sort = sort or DEFAULT_SORT
    order = pagination.order_tag(sort.value, descending)
    window = await pagination.widget_window(
        context,
        WidgetKey.ASSIGNED_CIS,
        page_args,
        order=order,
        sql_type=CONFIG_ITEM_SORT_TYPES[sort],
    )
    page = await context.loaders.config_item_page_by_owner.load(ConfigItemListKey(owner_id, sort, descending, window))
    return ConfigItemList(context, page, order, owner_id)
