"""One DataLoader per access path, built fresh for every request."""

from __future__ import annotations

import asyncpg

from db.loaders.agents import AgentByIdLoader, ViewerByTokenHashLoader, WidgetSettingsByAgentLoader
from db.loaders.base import Access
from db.loaders.config_items import (
    ConfigItemByIdLoader,
    ConfigItemCountByOwnerLoader,
    ConfigItemPageByOwnerLoader,
)
from db.loaders.customer_users import (
    CustomerIdSummariesByCustomerUserLoader,
    CustomerUserByIdLoader,
    CustomerUserByLoginLoader,
    CustomerUserCountBySearchLoader,
    CustomerUserPageBySearchLoader,
)
from db.loaders.customers import CustomerByCustomerIdLoader, CustomerByIdLoader, QueueByIdLoader
from db.loaders.tickets import (
    TicketByIdLoader,
    TicketPageByCustomerUserLoader,
    TicketScopeCountsByCustomerUserLoader,
    TicketStatusesLoader,
)


class Loaders:
    """The loaders of one request, for one viewer."""

    def __init__(self, pool: asyncpg.Pool, access: Access) -> None:
        self.agent_by_id = AgentByIdLoader(pool)
        self.widget_settings_by_agent = WidgetSettingsByAgentLoader(pool)
        self.customer_user_by_id = CustomerUserByIdLoader(pool)
        self.customer_user_by_login = CustomerUserByLoginLoader(pool, self.customer_user_by_id)
        self.customer_user_page_by_search = CustomerUserPageBySearchLoader(pool, self.customer_user_by_id)
        self.customer_user_count_by_search = CustomerUserCountBySearchLoader(pool)
        self.customer_id_summaries_by_customer_user = CustomerIdSummariesByCustomerUserLoader(pool, access)
        self.customer_by_customer_id = CustomerByCustomerIdLoader(pool)
        self.customer_by_id = CustomerByIdLoader(pool)
        self.queue_by_id = QueueByIdLoader(pool)
        self.config_item_page_by_owner = ConfigItemPageByOwnerLoader(pool)
        self.config_item_count_by_owner = ConfigItemCountByOwnerLoader(pool)
        self.config_item_by_id = ConfigItemByIdLoader(pool)
        self.ticket_page_by_customer_user = TicketPageByCustomerUserLoader(pool, access)
        self.ticket_scope_counts_by_customer_user = TicketScopeCountsByCustomerUserLoader(pool, access)
        self.ticket_by_id = TicketByIdLoader(pool, access)
        self.ticket_statuses = TicketStatusesLoader(pool)


__all__ = ["Access", "Loaders", "ViewerByTokenHashLoader"]
