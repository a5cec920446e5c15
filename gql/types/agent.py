"""Agent, Queue, and the widget catalogue and settings."""

from __future__ import annotations

import asyncpg
import strawberry

from db.config import NameOrder
from db.widget_settings import WidgetSettingValue
from db.widgets import MAX_PAGE_SIZE, PAGED_WIDGETS, WIDGETS, WIDGETS_BY_KEY, Locale, WidgetInfo, WidgetKey
from gql.types.common import Info, Node
from gql.types.preferences import AgentPreferences, viewer_preferences
from resolvers import settings
from resolvers.information import full_name
from resolvers.nodes import NodeType, to_global_id


@strawberry.type
class Widget:
    key: WidgetKey
    default_visible: bool
    default_position: int
    default_page_size: int
    info: strawberry.Private[WidgetInfo]

    @strawberry.field
    def label(self, locale: Locale = Locale.EN) -> str:
        return self.info.labels[locale]

    @strawberry.field
    def description(self, info: Info, locale: Locale = Locale.EN) -> str:
        return self.info.description(locale, info.context.settings.reminder_hours)

    @classmethod
    def of(cls, info: WidgetInfo) -> Widget:
        return cls(
            key=info.key,
            default_visible=info.default_visible,
            default_position=info.default_position,
            default_page_size=info.default_page_size,
            info=info,
        )


CATALOGUE: list[Widget] = [Widget.of(info) for info in WIDGETS]
_WIDGET_BY_KEY: dict[WidgetKey, Widget] = {widget.info.key: widget for widget in CATALOGUE}


@strawberry.type(
    description="An agent's setting for one widget. Its `id` stays the same for that agent and widget, "
    "so client caches can normalize it; `node(id:)` returns it to every agent, as `Agent.widgetSettings` does."
)
class WidgetSetting(Node):
    key: WidgetKey
    widget: Widget
    visible: bool
    position: int = strawberry.field(description="1-based place on the screen; the settings list is ordered by it.")
    page_size: int = strawberry.field(
        description=f"Rows a paged widget ({', '.join(PAGED_WIDGETS)}) shows when `first`/`last` are not given "
        f"(1..{MAX_PAGE_SIZE}); the other widgets have no pages and nothing uses their value."
    )

    @classmethod
    def of(cls, agent_id: int, value: WidgetSettingValue) -> WidgetSetting:
        return cls(
            id=strawberry.ID(to_global_id(NodeType.WidgetSetting, agent_id, value.key.value)),
            key=value.key,
            widget=_WIDGET_BY_KEY[value.key],
            visible=value.visible,
            position=value.position,
            page_size=value.page_size,
        )


assert set(WIDGETS_BY_KEY) == set(_WIDGET_BY_KEY)


@strawberry.type
class Agent(Node):
    login: str
    first_name: str
    last_name: str
    email: str | None
    agent_id: strawberry.Private[int]
    name_order: strawberry.Private[NameOrder]

    @strawberry.field(description="The name in the given order; the server's configured order when omitted.")
    def full_name(self, order: NameOrder | None = None) -> str:
        return full_name(self.first_name, self.last_name, order or self.name_order)

    @strawberry.field(description="The agent's preferences for the screen; null for any agent but the viewer.")
    async def preferences(self, info: Info) -> AgentPreferences | None:
        return await viewer_preferences(info, self.agent_id)

    @strawberry.field(description="All nine widgets, ordered by position; defaults where the agent chose nothing.")
    async def widget_settings(self, info: Info) -> list[WidgetSetting]:
        values = await settings.widget_settings(info.context, self.agent_id)
        return [WidgetSetting.of(self.agent_id, value) for value in values]

    @classmethod
    def of(cls, row: asyncpg.Record, info: Info) -> Agent:
        return cls.from_columns(
            row["id"], row["login"], row["first_name"], row["last_name"], row["email"], info.context.settings.name_order
        )

    @classmethod
    def from_columns(
        cls, agent_id: int, login: str, first_name: str, last_name: str, email: str | None, name_order: NameOrder
    ) -> Agent:
        return cls(
            id=strawberry.ID(to_global_id(NodeType.Agent, agent_id)),
            login=login,
            first_name=first_name,
            last_name=last_name,
            name_order=name_order,
            email=email,
            agent_id=agent_id,
        )


@strawberry.type
class Queue(Node):
    name: str

    @classmethod
    def of(cls, queue_id: int, name: str) -> Queue:
        return cls(id=strawberry.ID(to_global_id(NodeType.Queue, queue_id)), name=name)
