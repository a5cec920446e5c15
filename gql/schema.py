"""The GraphQL schema: the root Query and Mutation over the widget types."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

import strawberry
from strawberry.schema.config import StrawberryConfig

from db.catalog import StatusCategory
from db.widget_settings import WidgetSettingValue
from db.widgets import MAX_PAGE_SIZE, PAGED_WIDGETS, WidgetKey
from gql.inputs import guard_text_arguments
from gql.types.agent import CATALOGUE, Agent, Queue, Widget, WidgetSetting
from gql.types.common import Info, Node
from gql.types.config_item import ConfigItem
from gql.types.customer_user import Customer, CustomerUser, CustomerUserConnection
from gql.types.preferences import UpdatePreferencesInput, UpdatePreferencesPayload, update_preferences
from gql.types.subscription import Subscription
from gql.types.ticket import Ticket, TicketStatus
from resolvers import customer_users, nodes, settings
from resolvers.nodes import NodeType
from resolvers.pagination import PageArgs


def _node(info: Info, node_type: NodeType, row: object) -> Node:
    from asyncpg import Record

    if isinstance(row, settings.AgentWidgetSetting):
        return WidgetSetting.of(row.agent_id, row.value)
    assert isinstance(row, Record)
    if node_type is NodeType.Ticket:
        return Ticket.of(row, info.context.settings.name_order)
    if node_type is NodeType.CustomerUser:
        return CustomerUser.of(row, info)
    if node_type is NodeType.Customer:
        return Customer.of(row)
    if node_type is NodeType.ConfigItem:
        return ConfigItem.of(row)
    if node_type is NodeType.Agent:
        return Agent.of(row, info)
    return Queue.of(row["id"], row["name"])


async def _load_node(info: Info, global_id: str) -> Node | None:
    found = await nodes.load_node(info.context, global_id)
    return None if found is None else _node(info, *found)


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await _load_node(info, id)

    @strawberry.field(graphql_type=list[Node | None])
    def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Awaitable[Node | None]]:
        # One awaitable per ID: GraphQL completes each item on its own, so a malformed ID
        # nulls its own position (with its error at ["nodes", i]) instead of the list.
        return [_load_node(info, global_id) for global_id in ids]

    @strawberry.field(description="The authenticated agent.")
    def viewer(self, info: Info) -> Agent:
        return Agent.of(info.context.viewer, info)

    @strawberry.field(description="One customer user by login, or null when there is none.")
    async def customer_user(self, info: Info, login: str) -> CustomerUser | None:
        row = await customer_users.customer_user_by_login(info.context, login)
        return None if row is None else CustomerUser.of(row, info)

    @strawberry.field(
        description="Customer users whose login, name, email or customer ID contains `search` (case-insensitive)."
    )
    async def customer_users(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description=f"Text to look for, at most {customer_users.MAX_SEARCH_LENGTH} characters "
                "(longer text is BAD_USER_INPUT); matched literally."
            ),
        ] = None,
        customer_id: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> CustomerUserConnection:
        users = await customer_users.customer_users(
            info.context, PageArgs(first, after, last, before), search=search, customer_id=customer_id
        )
        return CustomerUserConnection.of(users, info)

    @strawberry.field(description="The widget catalogue, in default order.")
    def widgets(self) -> list[Widget]:
        return CATALOGUE

    @strawberry.field(description="Every ticket status and the category that places it in a widget.")
    async def ticket_statuses(self, info: Info) -> list[TicketStatus]:
        rows = await info.context.loaders.ticket_statuses.load(None)
        return [TicketStatus(name=row["name"], category=StatusCategory(row["category"])) for row in rows]


@strawberry.input
class WidgetSettingInput:
    key: WidgetKey
    visible: bool | None = None
    position: int | None = None
    page_size: int | None = strawberry.field(
        default=None,
        description=f"Rows shown when `first`/`last` are not given (1..{MAX_PAGE_SIZE}). Only the paged widgets "
        f"take one: {', '.join(PAGED_WIDGETS)}; for another widget it is BAD_USER_INPUT.",
    )


@strawberry.input
class UpdateWidgetSettingsInput:
    settings: list[WidgetSettingInput]
    client_mutation_id: str | None = None


@strawberry.type
class UpdateWidgetSettingsPayload:
    widget_settings: list[WidgetSetting]
    viewer: Agent = strawberry.field(
        description="The agent whose settings changed, so that a client cache can update `viewer.widgetSettings`."
    )
    client_mutation_id: str | None


def _payload(
    info: Info, values: list[WidgetSettingValue], client_mutation_id: str | None
) -> UpdateWidgetSettingsPayload:
    # The mutation primed the viewer's settings in this request's loader: `viewer` shows the write.
    agent_id = info.context.access.agent_id
    return UpdateWidgetSettingsPayload(
        widget_settings=[WidgetSetting.of(agent_id, value) for value in values],
        viewer=Agent.of(info.context.viewer, info),
        client_mutation_id=client_mutation_id,
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Change the viewer's widget settings; widgets not named keep their setting.")
    async def update_widget_settings(self, info: Info, input: UpdateWidgetSettingsInput) -> UpdateWidgetSettingsPayload:
        changes = [
            settings.WidgetSettingChange(
                key=WidgetKey(item.key), visible=item.visible, position=item.position, page_size=item.page_size
            )
            for item in input.settings
        ]
        values = await settings.update_widget_settings(info.context, changes)
        return _payload(info, values, input.client_mutation_id)

    @strawberry.mutation(description="Change the viewer's preferences (language, name order, time zone).")
    async def update_preferences(self, info: Info, input: UpdatePreferencesInput) -> UpdatePreferencesPayload:
        return await update_preferences(info, input)

    @strawberry.mutation(description="Return the viewer's widget settings to the defaults.")
    async def reset_widget_settings(
        self, info: Info, client_mutation_id: str | None = None
    ) -> UpdateWidgetSettingsPayload:
        return _payload(info, await settings.reset_widget_settings(info.context), client_mutation_id)


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[Ticket, CustomerUser, Customer, ConfigItem, Agent, Queue, WidgetSetting],
    config=StrawberryConfig(auto_camel_case=True),
)
guard_text_arguments(schema._schema)


def export_sdl() -> str:
    return schema.as_str() + "\n"
