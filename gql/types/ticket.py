"""Ticket, its status and priority, and the connection the five ticket widgets return."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated

import asyncpg
import strawberry

from db.catalog import PRIORITY_NAMES, StatusCategory, priority_label, status_label
from db.config import NameOrder
from db.domain import MAX_FILTER_VALUES, TicketSort
from db.widgets import Locale
from gql.types.agent import Agent, Queue
from gql.types.common import Info, Node, OrderDirection, PageInfo, page_info
from resolvers.nodes import NodeType, to_global_id
from resolvers.ticket_filters import TicketFilterInput
from resolvers.ticket_widgets import TicketList

if TYPE_CHECKING:
    from gql.types.customer_user import CustomerUser
    from gql.types.ticket_facets import TicketFacets


@strawberry.type
class TicketStatus:
    name: str
    category: StatusCategory

    @strawberry.field(
        description=(
            "The status name for people, in the given language; the name itself where no label exists. "
            "Japanese labels are English where the server is configured so (CUIC_JA_STATUS_LABELS=en)."
        )
    )
    def label(self, info: Info, locale: Locale = Locale.EN) -> str:
        if locale is Locale.JA:
            locale = info.context.settings.ja_status_labels
        return status_label(self.name, locale)


@strawberry.type
class TicketPriority:
    level: int = strawberry.field(description="1 .. 5")
    name: str = strawberry.field(description="1 very low, 2 low, 3 normal, 4 high, 5 very high")

    @strawberry.field(description="The priority for people, in the given language (e.g. Very High, 非常に高い).")
    def label(self, locale: Locale = Locale.EN) -> str:
        return priority_label(self.level, locale)


PRIORITIES = {level: TicketPriority(level=level, name=name) for level, name in PRIORITY_NAMES.items()}


def agent_of(row: asyncpg.Record, role: str, name_order: NameOrder) -> Agent | None:
    agent_id = row[f"{role}_id"]
    if agent_id is None:
        return None
    return _agent(
        agent_id,
        row[f"{role}_login"],
        row[f"{role}_first_name"],
        row[f"{role}_last_name"],
        row[f"{role}_email"],
        name_order,
    )


# The agents, queues and statuses of a page's tickets are few and repeat from row to row
# and request to request: each is a function of its columns alone, so rows share them
# (nothing changes these objects once built).
_agent = lru_cache(maxsize=4096)(Agent.from_columns)
_queue = lru_cache(maxsize=1024)(Queue.of)


@lru_cache(maxsize=1024)
def _status(name: str, category: str) -> TicketStatus:
    return TicketStatus(name=name, category=StatusCategory(category))


@strawberry.type
class Ticket(Node):
    number: str
    title: str
    status: TicketStatus
    priority: TicketPriority
    queue: Queue
    type: str | None
    service: str | None
    customer_id: str | None
    locked: bool
    created_at: datetime
    changed_at: datetime
    status_changed_at: datetime = strawberry.field(description="When the ticket entered its current status.")
    pending_since: datetime | None = strawberry.field(
        description="statusChangedAt while the status category is PENDING, else null."
    )
    escalation_at: datetime | None
    escalated: bool = strawberry.field(
        description="True when the status category is NEW, IN_PROGRESS or PENDING and escalationAt has passed."
    )
    owner: Agent | None
    responsible: Agent | None
    customer_user_id: strawberry.Private[int | None]
    source_id: strawberry.Private[str | None]

    @strawberry.field(
        description="The ticket in the helpdesk, from CUIC_TICKET_URL_TEMPLATE; null when no template is set."
    )
    def url(self, info: Info) -> str | None:
        template = info.context.settings.ticket_url_template
        return None if template is None else template.render({"id": self.source_id, "number": self.number})

    @strawberry.field
    async def customer_user(
        self, info: Info
    ) -> Annotated[CustomerUser, strawberry.lazy("gql.types.customer_user")] | None:
        from gql.types.customer_user import CustomerUser

        if self.customer_user_id is None:
            return None
        row = await info.context.loaders.customer_user_by_id.load(self.customer_user_id)
        return None if row is None else CustomerUser.of(row, info)

    @classmethod
    def of(cls, row: asyncpg.Record, name_order: NameOrder) -> Ticket:
        category = row["status_category"]
        return cls(
            id=strawberry.ID(to_global_id(NodeType.Ticket, row["id"])),
            number=row["number"],
            title=row["title"],
            status=_status(row["status_name"], category),
            priority=PRIORITIES[row["priority"]],
            queue=_queue(row["queue_id"], row["queue_name"]),
            type=row["ticket_type"],
            service=row["service"],
            customer_id=row["customer_id"],
            locked=row["locked"],
            created_at=row["created_at"],
            changed_at=row["changed_at"],
            status_changed_at=row["status_changed_at"],
            pending_since=row["status_changed_at"] if category == StatusCategory.PENDING else None,
            escalation_at=row["escalation_at"],
            escalated=row["escalated"],
            owner=agent_of(row, "owner", name_order),
            responsible=agent_of(row, "responsible", name_order),
            customer_user_id=row["customer_user_id"],
            source_id=row["source_id"],
        )


@strawberry.input
class TicketOrder:
    field: TicketSort
    direction: OrderDirection


@strawberry.input(
    description=(
        "Column filters of a ticket widget: fields combine with AND, values within one field with OR.\n"
        "An absent or null field does not filter; an empty list matches no ticket. At most "
        f"{MAX_FILTER_VALUES} values per field; a name or ID that names nothing is BAD_USER_INPUT."
    )
)
class TicketFilters:
    statuses: list[str] | None = strawberry.field(default=None, description="Status names (TicketStatus.name).")
    queues: list[strawberry.ID] | None = strawberry.field(default=None, description="Queue global IDs.")
    priorities: list[int] | None = strawberry.field(default=None, description="Priority levels 1..5.")
    owners: list[strawberry.ID] | None = strawberry.field(default=None, description="Agent global IDs of owners.")
    responsibles: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Agent global IDs of responsible agents."
    )
    types: list[str] | None = strawberry.field(default=None, description="Ticket types, matched exactly.")
    services: list[str] | None = strawberry.field(default=None, description="Services, matched exactly.")
    locked: bool | None = strawberry.field(default=None, description="Locked (true) or unlocked (false) tickets.")

    def given(self) -> TicketFilterInput:
        return TicketFilterInput(
            statuses=self.statuses,
            queues=self.queues,
            priorities=self.priorities,
            owners=self.owners,
            responsibles=self.responsibles,
            types=self.types,
            services=self.services,
            locked=self.locked,
        )


@strawberry.type
class TicketEdge:
    cursor: str
    node: Ticket


@strawberry.type(description="Counts of the widget's tickets per scope, as the filter tabs show them.")
class TicketScopeCounts:
    all: int
    my_locked: int
    my_responsibilities: int
    my_queues: int
    my_watched: int


def _ticket_edges(self: TicketConnection) -> list[TicketEdge]:
    cursor = self.tickets.cursor
    return [
        TicketEdge(cursor=cursor(row), node=ticket)
        for row, ticket in zip(self.tickets.page.rows, self.built_nodes(), strict=True)
    ]


@strawberry.type
class TicketConnection:
    # Edges (a cursor per row) only when asked for: the screen asks for nodes and endCursor.
    edges: list[TicketEdge] = strawberry.field(resolver=_ticket_edges)
    page_info: PageInfo
    tickets: strawberry.Private[TicketList]
    built: strawberry.Private[list[Ticket] | None] = None

    @strawberry.field
    def nodes(self) -> list[Ticket]:
        return self.built_nodes()

    def built_nodes(self) -> list[Ticket]:
        """The page's tickets, built once, whether asked for as nodes or edges."""
        if self.built is None:
            name_order = self.tickets.context.settings.name_order
            self.built = [Ticket.of(row, name_order) for row in self.tickets.page.rows]
        return self.built

    @strawberry.field(description="Tickets in the chosen scope.")
    async def total_count(self) -> int:
        return await self.tickets.total_count()

    @strawberry.field
    async def scope_counts(self) -> TicketScopeCounts:
        counts = await self.tickets.scope_counts()
        return TicketScopeCounts(
            all=counts.all,
            my_locked=counts.my_locked,
            my_responsibilities=counts.my_responsibilities,
            my_queues=counts.my_queues,
            my_watched=counts.my_watched,
        )

    @strawberry.field(
        description=(
            "For the column filter menus: the values of each filterable column among the widget's tickets in "
            "this scope and relation, with how many tickets have each. A column's values are counted within the "
            "other columns' filters but not its own, so its menu keeps offering values to add; tickets without "
            "a value (no owner, no type) are not counted."
        )
    )
    async def facets(self) -> Annotated[TicketFacets, strawberry.lazy("gql.types.ticket_facets")]:
        from gql.types.ticket_facets import TicketFacets

        return TicketFacets.of(await self.tickets.facets(), self.tickets.context.settings.name_order)

    @classmethod
    def of(cls, tickets: TicketList) -> TicketConnection:
        return cls(page_info=page_info(tickets.page, tickets.cursor), tickets=tickets)
