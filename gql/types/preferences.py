"""An agent's preferences for the screen, and the mutation that changes the viewer's."""

from __future__ import annotations

import strawberry

from db.agent_preferences import Preferences
from db.domain import NameOrder
from db.widgets import Locale
from gql.types.common import Info
from resolvers import preferences


@strawberry.type(
    description="What the agent chose for the screen, the same on every device; null: not chosen (the screen decides)."
)
class AgentPreferences:
    locale: Locale | None = strawberry.field(description="The screen's language.")
    name_order: NameOrder | None = strawberry.field(
        description="How the screen orders names; when null, the language's usual order (Japanese: family name first)."
    )
    time_zone: str | None = strawberry.field(description="IANA time zone of dates and times, e.g. Asia/Tokyo.")

    @classmethod
    def of(cls, value: Preferences) -> AgentPreferences:
        return cls(locale=value.locale, name_order=value.name_order, time_zone=value.time_zone)


async def viewer_preferences(info: Info, agent_id: int) -> AgentPreferences | None:
    """Only the viewer's own preferences are readable."""
    if agent_id != info.context.access.agent_id:
        return None
    return AgentPreferences.of(await preferences.preferences(info.context, agent_id))


@strawberry.input(description="Fields left out keep their value; null clears one (not chosen).")
class UpdatePreferencesInput:
    locale: Locale | None = strawberry.UNSET
    name_order: NameOrder | None = strawberry.UNSET
    time_zone: str | None = strawberry.field(
        default=strawberry.UNSET, description="An IANA time zone such as Asia/Tokyo."
    )
    client_mutation_id: str | None = None


@strawberry.type
class UpdatePreferencesPayload:
    preferences: AgentPreferences
    client_mutation_id: str | None


async def update_preferences(info: Info, input: UpdatePreferencesInput) -> UpdatePreferencesPayload:
    given = {name for name in ("locale", "name_order", "time_zone") if getattr(input, name) is not strawberry.UNSET}
    new = Preferences(
        locale=None if input.locale is strawberry.UNSET else input.locale,
        name_order=None if input.name_order is strawberry.UNSET else input.name_order,
        time_zone=None if input.time_zone is strawberry.UNSET else input.time_zone,
    )
    stored = await preferences.update_preferences(info.context, new, given)
    return UpdatePreferencesPayload(
        preferences=AgentPreferences.of(stored), client_mutation_id=input.client_mutation_id
    )
