"""One DataLoader per access path, built fresh for every request."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

import asyncpg

from db.loaders.agents import AgentByIdLoader, PreferencesByAgentLoader, WidgetSettingsByAgentLoader
from db.loaders.base import Access
from db.loaders.config_items import (
    ConfigItemByIdLoader,
    ConfigItemCountByOwnerLoader,
    ConfigItemPageByOwnerLoader,
)
from db.loaders.customer_user_search import (
    CustomerUserCappedCountBySearchLoader,
    CustomerUserCountBySearchLoader,
    CustomerUserPageBySearchLoader,
)
from db.loaders.customer_users import (
    CustomerIdSummariesByCustomerUserLoader,
    CustomerUserByIdLoader,
    CustomerUserByLoginLoader,
)
from db.loaders.customers import CustomerByCustomerIdLoader, CustomerByIdLoader
from db.loaders.filter_values import FilterValueLoader
from db.loaders.queues import QueueByIdLoader
from db.loaders.ticket_facets import TicketFacetsByCustomerUserLoader
from db.loaders.tickets import (
    TicketByIdLoader,
    TicketPageByCustomerUserLoader,
    TicketScopeCountsByCustomerUserLoader,
    TicketStatusesLoader,
)
from db.loaders.widget_clock import WidgetClockByCustomerUserLoader
from db.pools import Reader


class Loaders:
    """The loaders of one request, for one viewer.

    Each loader is built on first use: a request touches a few of them, and building all
    of them for every request was a measurable share of a request's CPU (bench/README.md).
    """

    def __init__(
        self, pool: Reader, access: Access, now: datetime, viewer_settings: list[asyncpg.Record] | None = None
    ) -> None:
        self.pool = pool
        self.access = access
        # The request's instant: which tickets are escalated.
        self.now = now
        # The viewer's widget settings as read with the viewer (from the primary).
        self.viewer_settings = viewer_settings

    @cached_property
    def agent_by_id(self) -> AgentByIdLoader:
        return AgentByIdLoader(self.pool)

    @cached_property
    def widget_settings_by_agent(self) -> WidgetSettingsByAgentLoader:
        loader = WidgetSettingsByAgentLoader(self.pool)
        if self.viewer_settings is not None:
            loader.prime(self.access.agent_id, self.viewer_settings)
        return loader

    @cached_property
    def preferences_by_agent(self) -> PreferencesByAgentLoader:
        return PreferencesByAgentLoader(self.pool)

    @cached_property
    def customer_user_by_id(self) -> CustomerUserByIdLoader:
        return CustomerUserByIdLoader(self.pool)

    @cached_property
    def customer_by_customer_id(self) -> CustomerByCustomerIdLoader:
        return CustomerByCustomerIdLoader(self.pool)

    @cached_property
    def customer_user_by_login(self) -> CustomerUserByLoginLoader:
        return CustomerUserByLoginLoader(self.pool, self.customer_user_by_id, self.customer_by_customer_id)

    @cached_property
    def customer_user_page_by_search(self) -> CustomerUserPageBySearchLoader:
        return CustomerUserPageBySearchLoader(self.pool, self.customer_user_by_id)

    @cached_property
    def customer_user_count_by_search(self) -> CustomerUserCountBySearchLoader:
        return CustomerUserCountBySearchLoader(self.pool)

    @cached_property
    def customer_user_capped_count_by_search(self) -> CustomerUserCappedCountBySearchLoader:
        return CustomerUserCappedCountBySearchLoader(self.pool)

    @cached_property
    def customer_id_summaries_by_customer_user(self) -> CustomerIdSummariesByCustomerUserLoader:
        return CustomerIdSummariesByCustomerUserLoader(self.pool, self.access)

    @cached_property
    def customer_by_id(self) -> CustomerByIdLoader:
        return CustomerByIdLoader(self.pool)

    @cached_property
    def queue_by_id(self) -> QueueByIdLoader:
        return QueueByIdLoader(self.pool)

    @cached_property
    def config_item_count_by_owner(self) -> ConfigItemCountByOwnerLoader:
        return ConfigItemCountByOwnerLoader(self.pool)

    @cached_property
    def config_item_page_by_owner(self) -> ConfigItemPageByOwnerLoader:
        return ConfigItemPageByOwnerLoader(self.pool, self.config_item_count_by_owner)

    @cached_property
    def config_item_by_id(self) -> ConfigItemByIdLoader:
        return ConfigItemByIdLoader(self.pool)

    @cached_property
    def ticket_scope_counts_by_customer_user(self) -> TicketScopeCountsByCustomerUserLoader:
        return TicketScopeCountsByCustomerUserLoader(self.pool, self.access)

    @cached_property
    def ticket_page_by_customer_user(self) -> TicketPageByCustomerUserLoader:
        return TicketPageByCustomerUserLoader(
            self.pool, self.access, self.now, self.ticket_scope_counts_by_customer_user
        )

    @cached_property
    def ticket_facets_by_customer_user(self) -> TicketFacetsByCustomerUserLoader:
        return TicketFacetsByCustomerUserLoader(self.pool, self.access)

    @cached_property
    def ticket_by_id(self) -> TicketByIdLoader:
        return TicketByIdLoader(self.pool, self.access, self.now)

    @cached_property
    def filter_values(self) -> FilterValueLoader:
        return FilterValueLoader(self.pool)

    @cached_property
    def ticket_statuses(self) -> TicketStatusesLoader:
        return TicketStatusesLoader(self.pool)

    @cached_property
    def widget_clock_by_customer_user(self) -> WidgetClockByCustomerUserLoader:
        return WidgetClockByCustomerUserLoader(self.pool, self.access)


__all__ = ["Access", "Loaders"]
