"""Shared GraphQL types: Node, PageInfo, enums over the domain's own enums."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeAlias

import asyncpg
import strawberry

from db.catalog import StatusCategory
from db.domain import ConfigItemSort, NameOrder, Relation, Scope, TicketSort
from db.loaders.pagination import Page
from db.widgets import Locale, WidgetKey
from resolvers.context import RequestContext

Info: TypeAlias = strawberry.Info[RequestContext, None]

# The GraphQL enums are the domain's own: `strawberry.enum` registers the class it is given,
# so fields are annotated with the domain enums themselves.
strawberry.enum(WidgetKey, name="WidgetKey")
strawberry.enum(Locale, name="Locale")
strawberry.enum(
    StatusCategory,
    name="TicketStatusCategory",
    description="Which widget a status's tickets appear in; OTHER statuses belong to no widget.",
)
strawberry.enum(
    Scope, name="TicketScope", description="Which tickets of the widget: those an OTOBO dashlet offers as filter tabs."
)
strawberry.enum(
    Relation,
    name="CustomerRelation",
    description="How a ticket belongs to the customer user (OTOBO's second filter row).",
)
strawberry.enum(TicketSort, name="TicketOrderField")
strawberry.enum(
    NameOrder, name="NameOrder", description="How a full name is formed: LAST_FIRST puts the family name first."
)
strawberry.enum(ConfigItemSort, name="ConfigItemOrderField")


@strawberry.enum
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.interface(description="Relay global object identification.")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global ID; pass it to `node` to fetch the object again.")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def page_info(page: Page, cursor: Callable[[asyncpg.Record], str]) -> PageInfo:
    """The page's info: only its first and last rows' cursors are encoded."""
    rows = page.rows
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=cursor(rows[0]) if rows else None,
        end_cursor=cursor(rows[-1]) if rows else None,
    )
