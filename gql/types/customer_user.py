"""CustomerUser with its widget fields, its information, companies and the user list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
)

from db.domain import NameOrder, Relation, Scope
from db.widgets import WidgetKey
from gql.types.common import Info, Node, OrderDirection, PageInfo, page_info
from gql.types.config_item import ConfigItemConnection, ConfigItemOrder
from gql.types.ticket import TicketConnection, TicketFilters, TicketOrder
from resolvers import assigned_cis, customer_ids, information, ticket_filters, ticket_widgets
from resolvers.customer_users import CustomerUserList
from resolvers.nodes import NodeType, to_global_id
from resolvers.pagination import PageArgs


@strawberry.type
class Customer(Node):
    customer_id: str
    name: str
    street: str | None
    zip: str | None
    city: str | None
    country: str | None
    url: str | None
    comment: str | None
    valid: bool
    created_at: datetime
    changed_at: datetime

    @classmethod
    def of(cls, row: asyncpg.Record, prefix: str = "") -> Customer:
        """From a company row, or from its columns named `prefix` + column in a wider row."""
        return cls(
            id=strawberry.ID(to_global_id(NodeType.Customer, row[prefix + "id"])),
            customer_id=row["customer_id"],
            name=row[prefix + "name"],
            street=row[prefix + "street"],
            zip=row[prefix + "zip"],
            city=row[prefix + "city"],
            country=row[prefix + "country"],
            url=row[prefix + "url"],
            comment=row[prefix + "comment"],
            valid=row[prefix + "valid"],
            created_at=row[prefix + "created_at"],
            changed_at=row[prefix + "changed_at"],
        )


@strawberry.type
class CustomerIdSummary:
    customer_id: str
    name: str | None = strawberry.field(description="The company's name; null when no company record has this ID.")
    is_primary: bool
    in_progress_count: int = strawberry.field(
        description="Tickets of this customer ID, visible to the viewer, with status category IN_PROGRESS."
    )
    closed_count: int = strawberry.field(
        description="Tickets of this customer ID, visible to the viewer, with status category CLOSED."
    )
    customer: Customer | None


@strawberry.type
class CustomerUserInformation:
    login: str
    title: str | None
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    mobile: str | None
    street: str | None
    zip: str | None
    city: str | None
    country: str | None
    comment: str | None
    valid: bool
    customer_id: str | None
    created_at: datetime
    changed_at: datetime
    name_order: strawberry.Private[NameOrder]

    @strawberry.field(description="The name in the given order; the server's configured order when omitted.")
    def full_name(self, order: NameOrder | None = None) -> str:
        return information.full_name(self.first_name, self.last_name, order or self.name_order)


_COUNT_FIELDS = frozenset(("totalCount", "scopeCounts"))


def _asks_for_counts(info: Info) -> bool:
    """Whether the ticket connection being resolved selects totalCount or scopeCounts,
    directly or through fragments, and not skipped by @skip/@include.

    Walks graphql-core's syntax tree: strawberry's `info.selected_fields` converts the
    whole selection (arguments, directives) into objects on every call, a measurable share
    of a page that asks for five ticket widgets (bench/README.md)."""
    raw = info._raw_info
    return selects(raw.field_nodes, _COUNT_FIELDS, raw.fragments, info.variable_values)


def selects(
    field_nodes: list[FieldNode],
    names: frozenset[str],
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> bool:
    """Whether the selections of `field_nodes` include a field named in `names`."""
    return any(
        node.selection_set is not None and _selects(node.selection_set, names, fragments, variables)
        for node in field_nodes
    )


def _selects(
    selection_set: SelectionSetNode,
    names: frozenset[str],
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> bool:
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            if selection.name.value in names:
                return True
        elif isinstance(selection, InlineFragmentNode):
            if _selects(selection.selection_set, names, fragments, variables):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None and _selects(fragment.selection_set, names, fragments, variables):
                return True
    return False


def _included(selection: SelectionNode, variables: dict[str, Any]) -> bool:
    """@skip and @include of a validated document: `if` is a literal or a variable."""
    for directive in selection.directives or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        for argument in directive.arguments or ():
            if argument.name.value == "if":
                value = argument.value
                flag = (
                    variables.get(value.name.value)
                    if isinstance(value, VariableNode)
                    else getattr(value, "value", None)
                )
                if (name == "skip") == bool(flag):
                    return False
    return True


def _direction(order: TicketOrder | ConfigItemOrder | None) -> bool | None:
    return None if order is None else order.direction is OrderDirection.DESC


def _ticket_widget(widget: WidgetKey, description: str) -> Any:
    """One of the five ticket widget fields: same arguments, the widget's own rule."""

    async def resolve(
        self: CustomerUser,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        scope: Scope = Scope.ALL,
        relation: Relation = Relation.ASSIGNED,
        order_by: TicketOrder | None = None,
        filter_by: TicketFilters | None = None,
    ) -> TicketConnection:
        given = None if filter_by is None else filter_by.given()
        columns = ticket_filters.column_filters(given)
        known = ticket_filters.start_check(info.context, given)
        try:
            tickets = await ticket_widgets.ticket_list(
                info.context,
                widget,
                self.row["id"],
                PageArgs(first, after, last, before),
                scope=scope,
                relation=relation,
                sort=None if order_by is None else order_by.field,
                descending=_direction(order_by),
                columns=columns,
                with_counts=_asks_for_counts(info),
            )
        except BaseException:
            known.close()  # never awaited: the page failed first
            raise
        await known
        return TicketConnection.of(tickets)

    return strawberry.field(resolver=resolve, description=description)


@strawberry.type
class CustomerUser(Node):
    login: str
    row: strawberry.Private[asyncpg.Record]
    name_order: strawberry.Private[NameOrder]

    @classmethod
    def of(cls, row: asyncpg.Record, info: Info) -> CustomerUser:
        return cls(
            id=strawberry.ID(to_global_id(NodeType.CustomerUser, row["id"])),
            login=row["login"],
            row=row,
            name_order=info.context.settings.name_order,
        )

    @strawberry.field(description="The name in the given order; the server's configured order when omitted.")
    def full_name(self, order: NameOrder | None = None) -> str:
        return information.full_name(self.row["first_name"], self.row["last_name"], order or self.name_order)

    @strawberry.field(
        description="The customer user in the helpdesk, from CUIC_CUSTOMER_USER_URL_TEMPLATE; null when none is set."
    )
    def url(self, info: Info) -> str | None:
        template = info.context.settings.customer_user_url_template
        return None if template is None else template.render({"login": self.login})

    @strawberry.field(description="Widget Customer IDs: the primary customer ID first, then the others by ID.")
    async def customer_ids(self, info: Info) -> list[CustomerIdSummary]:
        rows = await customer_ids.customer_id_summaries(info.context, self.row["id"])
        return [
            CustomerIdSummary(
                customer_id=row["customer_id"],
                name=row["company_name"],
                is_primary=row["is_primary"],
                in_progress_count=row["in_progress"],
                closed_count=row["closed"],
                customer=None if row["company_id"] is None else Customer.of(row, prefix="company_"),
            )
            for row in rows
        ]

    @strawberry.field(description="Widget Assigned CIs: configuration items whose owner is this customer user.")
    async def assigned_config_items(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ConfigItemOrder | None = None,
    ) -> ConfigItemConnection:
        items = await assigned_cis.assigned_config_items(
            info.context,
            self.row["id"],
            PageArgs(first, after, last, before),
            sort=None if order_by is None else order_by.field,
            descending=bool(_direction(order_by)),
        )
        return ConfigItemConnection.of(items)

    reminder_tickets: TicketConnection = _ticket_widget(
        WidgetKey.REMINDER_TICKETS,
        "Widget Reminder Tickets: status category PENDING for at least the reminder period.",
    )
    escalated_tickets: TicketConnection = _ticket_widget(
        WidgetKey.ESCALATED_TICKETS, "Widget Escalated Tickets: not closed, escalation time reached."
    )
    new_tickets: TicketConnection = _ticket_widget(WidgetKey.NEW_TICKETS, "Widget New Tickets: status category NEW.")
    open_tickets: TicketConnection = _ticket_widget(
        WidgetKey.OPEN_TICKETS, "Widget Open Tickets: status category IN_PROGRESS."
    )
    closed_tickets: TicketConnection = _ticket_widget(
        WidgetKey.CLOSED_TICKETS, "Widget Closed Tickets: status category CLOSED."
    )

    @strawberry.field(description="Widget Customer User Information.")
    def information(self) -> CustomerUserInformation:
        row = self.row
        return CustomerUserInformation(
            login=row["login"],
            title=row["title"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            name_order=self.name_order,
            email=row["email"],
            phone=row["phone"],
            mobile=row["mobile"],
            street=row["street"],
            zip=row["zip"],
            city=row["city"],
            country=row["country"],
            comment=row["comment"],
            valid=row["valid"],
            customer_id=row["customer_id"],
            created_at=row["created_at"],
            changed_at=row["changed_at"],
        )

    @strawberry.field(description="Widget Customer Information: the company of the primary customer ID, if it exists.")
    async def customer(self, info: Info) -> Customer | None:
        row = await information.customer_of_user(info.context, self.row)
        return None if row is None else Customer.of(row)


@strawberry.type
class CustomerUserEdge:
    cursor: str
    node: CustomerUser


@strawberry.type(
    description="A count that stops at a cap: exact when `capped` is false; when `capped` is true, more than "
    "`count` items match and `count` equals the cap."
)
class CappedCount:
    count: int
    capped: bool


@strawberry.type
class CustomerUserConnection:
    edges: list[CustomerUserEdge]
    page_info: PageInfo
    users: strawberry.Private[CustomerUserList]

    @strawberry.field
    def nodes(self) -> list[CustomerUser]:
        return [edge.node for edge in self.edges]

    @strawberry.field
    async def total_count(self) -> int:
        return await self.users.total_count()

    @strawberry.field(
        description="The number of matching customer users, counted up to `upTo` (1 .. 10000): as fast for a "
        "search that matches every user as for a narrow one, unlike `totalCount`, which counts every match. "
        "`capped` says whether more than `count` users match."
    )
    async def total_count_capped(self, up_to: int = 1000) -> CappedCount:
        counted = await self.users.capped_count(up_to)
        return CappedCount(count=counted.count, capped=counted.capped)

    @classmethod
    def of(cls, users: CustomerUserList, info: Info) -> CustomerUserConnection:
        edges = [CustomerUserEdge(cursor=users.cursor(row), node=CustomerUser.of(row, info)) for row in users.page.rows]
        return cls(edges=edges, page_info=page_info(users.page, users.cursor), users=users)
