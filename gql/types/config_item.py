"""ConfigItem and its connection (the Assigned CIs widget)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import asyncpg
import strawberry

from db.domain import ConfigItemSort
from gql.types.common import Info, Node, OrderDirection, PageInfo, page_info
from resolvers.assigned_cis import ConfigItemList
from resolvers.nodes import NodeType, to_global_id

if TYPE_CHECKING:
    from gql.types.customer_user import CustomerUser


@strawberry.type
class ConfigItem(Node):
    number: str
    name: str
    class_: str = strawberry.field(name="class")
    deployment_state: str
    incident_state: str
    created_at: datetime
    changed_at: datetime
    owner_id: strawberry.Private[int | None]
    source_id: strawberry.Private[str | None]

    @strawberry.field(
        description="The item in the helpdesk, from CUIC_CONFIG_ITEM_URL_TEMPLATE; null when no template is set."
    )
    def url(self, info: Info) -> str | None:
        template = info.context.settings.config_item_url_template
        return None if template is None else template.render({"id": self.source_id, "number": self.number})

    @strawberry.field
    async def owner(self, info: Info) -> Annotated[CustomerUser, strawberry.lazy("gql.types.customer_user")] | None:
        from gql.types.customer_user import CustomerUser

        if self.owner_id is None:
            return None
        row = await info.context.loaders.customer_user_by_id.load(self.owner_id)
        return None if row is None else CustomerUser.of(row, info)

    @classmethod
    def of(cls, row: asyncpg.Record) -> ConfigItem:
        return cls(
            id=strawberry.ID(to_global_id(NodeType.ConfigItem, row["id"])),
            number=row["number"],
            name=row["name"],
            class_=row["class"],
            deployment_state=row["deployment_state"],
            incident_state=row["incident_state"],
            created_at=row["created_at"],
            changed_at=row["changed_at"],
            owner_id=row["owner_id"],
            source_id=row["source_id"],
        )


@strawberry.input
class ConfigItemOrder:
    field: ConfigItemSort
    direction: OrderDirection


@strawberry.type
class ConfigItemEdge:
    cursor: str
    node: ConfigItem


def _config_item_edges(self: ConfigItemConnection) -> list[ConfigItemEdge]:
    cursor = self.items.cursor
    return [
        ConfigItemEdge(cursor=cursor(row), node=item)
        for row, item in zip(self.items.page.rows, self.built_nodes(), strict=True)
    ]


@strawberry.type
class ConfigItemConnection:
    # Edges (a cursor per row) only when asked for, as in TicketConnection.
    edges: list[ConfigItemEdge] = strawberry.field(resolver=_config_item_edges)
    page_info: PageInfo
    items: strawberry.Private[ConfigItemList]
    built: strawberry.Private[list[ConfigItem] | None] = None

    @strawberry.field
    def nodes(self) -> list[ConfigItem]:
        return self.built_nodes()

    def built_nodes(self) -> list[ConfigItem]:
        """The page's items, built once, whether asked for as nodes or edges."""
        if self.built is None:
            self.built = [ConfigItem.of(row) for row in self.items.page.rows]
        return self.built

    @strawberry.field
    async def total_count(self) -> int:
        return await self.items.total_count()

    @classmethod
    def of(cls, items: ConfigItemList) -> ConfigItemConnection:
        return cls(page_info=page_info(items.page, items.cursor), items=items)
