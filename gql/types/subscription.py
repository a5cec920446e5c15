"""The root Subscription: live widgets and settings (over WebSocket or SSE, see gql/live)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from gql.live.hub import Watch
from gql.live.run import LiveContext, live_values
from gql.types.agent import WidgetSetting
from gql.types.common import Info
from gql.types.customer_user import CustomerUser
from resolvers import customer_users, settings
from resolvers.errors import ClientError
from resolvers.widget_clock import next_widget_change


@strawberry.type
class Subscription:
    @strawberry.subscription(
        graphql_type=CustomerUser | None,
        description="The customer user with the selected widgets: once when subscribed, then again whenever "
        "their data changes or time moves a ticket into Reminder or Escalated. Null when there is no such "
        "customer user. Pushes are at least 250 ms apart and only when the selection's result changed; "
        "while live updates are paused (database unavailable) a push carries a SERVICE_UNAVAILABLE error, "
        "and a revoked token ends the subscription with UNAUTHENTICATED.",
    )
    async def customer_user_updated(
        self, info: Info, login: str
    ) -> AsyncGenerator[CustomerUser | ClientError | None, None]:
        async def compute(context: LiveContext, watch: Watch) -> CustomerUser | None:
            row = await customer_users.customer_user_by_login(context, login)
            watch.follow(None if row is None else row["id"])
            if row is None:
                watch.wake_at(None)
                return None
            watch.wake_at(await next_widget_change(context, row["id"]))
            return CustomerUser.of(row, info)

        async for value in live_values(info.context, compute):
            yield value
            del value  # not kept while the subscription waits for its next push

    @strawberry.subscription(
        graphql_type=list[WidgetSetting],
        description="The viewer's widget settings: once when subscribed, then after every change.",
    )
    async def viewer_settings_updated(self, info: Info) -> AsyncGenerator[list[WidgetSetting] | ClientError, None]:
        async def compute(context: LiveContext, _watch: Watch) -> list[WidgetSetting]:
            agent_id = context.access.agent_id
            return [WidgetSetting.of(agent_id, value) for value in await settings.widget_settings(context, agent_id)]

        async for value in live_values(info.context, compute):
            yield value
            del value  # not kept while the subscription waits for its next push
