"""The facets of a ticket widget (TicketConnection.facets): per filterable column, its values
with their counts, each value as the object a client passes back in `filterBy`."""

from __future__ import annotations

import asyncpg
import strawberry

from db.catalog import StatusCategory
from db.config import NameOrder
from db.domain import TicketColumn
from db.loaders.ticket_facets import TicketFacets as FacetRows
from gql.types.agent import Agent, Queue
from gql.types.ticket import PRIORITIES, TicketPriority, TicketStatus


@strawberry.type
class TicketStatusFacet:
    status: TicketStatus
    count: int


@strawberry.type
class TicketQueueFacet:
    queue: Queue
    count: int


@strawberry.type
class TicketPriorityFacet:
    priority: TicketPriority
    count: int


@strawberry.type
class TicketAgentFacet:
    agent: Agent
    count: int


@strawberry.type
class TicketValueFacet:
    value: str
    count: int


@strawberry.type
class TicketLockedFacet:
    locked: bool
    count: int


@strawberry.type(description="Per filterable column, its values among the widget's tickets and how many have each.")
class TicketFacets:
    statuses: list[TicketStatusFacet] = strawberry.field(description="In the statuses' catalogue order.")
    queues: list[TicketQueueFacet] = strawberry.field(description="By queue name.")
    priorities: list[TicketPriorityFacet] = strawberry.field(description="By level.")
    owners: list[TicketAgentFacet] = strawberry.field(description="By login.")
    responsibles: list[TicketAgentFacet] = strawberry.field(description="By login.")
    types: list[TicketValueFacet] = strawberry.field(description="By name.")
    services: list[TicketValueFacet] = strawberry.field(description="By name.")
    locked: list[TicketLockedFacet] = strawberry.field(description="Unlocked (false) first.")

    @classmethod
    def of(cls, facets: FacetRows, name_order: NameOrder) -> TicketFacets:
        def agents(column: TicketColumn, id_column: str) -> list[TicketAgentFacet]:
            return [
                TicketAgentFacet(agent=_agent(row, id_column, name_order), count=row["n"]) for row in facets[column]
            ]

        return cls(
            statuses=[
                TicketStatusFacet(
                    status=TicketStatus(name=row["status_name"], category=StatusCategory(row["status_category"])),
                    count=row["n"],
                )
                for row in facets[TicketColumn.STATUS]
            ],
            queues=[
                TicketQueueFacet(queue=Queue.of(row["queue_id"], row["queue_name"]), count=row["n"])
                for row in facets[TicketColumn.QUEUE]
            ],
            priorities=[
                TicketPriorityFacet(priority=PRIORITIES[row["priority"]], count=row["n"])
                for row in facets[TicketColumn.PRIORITY]
            ],
            owners=agents(TicketColumn.OWNER, "owner_id"),
            responsibles=agents(TicketColumn.RESPONSIBLE, "responsible_id"),
            types=[TicketValueFacet(value=row["ticket_type"], count=row["n"]) for row in facets[TicketColumn.TYPE]],
            services=[TicketValueFacet(value=row["service"], count=row["n"]) for row in facets[TicketColumn.SERVICE]],
            locked=[TicketLockedFacet(locked=row["locked"], count=row["n"]) for row in facets[TicketColumn.LOCKED]],
        )


def _agent(row: asyncpg.Record, id_column: str, name_order: NameOrder) -> Agent:
    return Agent.from_columns(
        row[id_column],
        row["agent_login"],
        row["agent_first_name"],
        row["agent_last_name"],
        row["agent_email"],
        name_order,
    )
