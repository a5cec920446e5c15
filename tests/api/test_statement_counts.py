"""SQL statements per request: pinned per widget, and independent of how many customer
users a request shows (Saleor-style). The count comes from the app's own counter, which
sees every statement sent on the pool's connections."""

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from db.config import Settings
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl

TICKET_FIELDS = """totalCount scopeCounts { all myLocked }
    nodes { id number title status { name category } priority { level } queue { name }
            owner { login } responsible { login } customerUser { login } createdAt escalated }
    pageInfo { hasNextPage endCursor }"""

WIDGETS = {
    "customerIds": "customerIds { customerId name inProgressCount closedCount customer { name } }",
    "assignedConfigItems": "assignedConfigItems { totalCount nodes { number name owner { login } } }",
    "reminderTickets": f"reminderTickets {{ {TICKET_FIELDS} }}",
    "escalatedTickets": f"escalatedTickets {{ {TICKET_FIELDS} }}",
    "newTickets": f"newTickets {{ {TICKET_FIELDS} }}",
    "openTickets": f"openTickets {{ {TICKET_FIELDS} }}",
    "closedTickets": f"closedTickets {{ {TICKET_FIELDS} }}",
    "information": "information { login fullName email customerId }",
    "customer": "customer { customerId name }",
}

# Beyond the token lookup and the customer user: what each widget adds. The token lookup
# also reads the viewer's widget settings (page sizes), and the customer user statement the
# company of the primary customer ID, so neither costs a statement of its own.
WIDGET_STATEMENTS = {
    "customerIds": 1,  # ids, companies and counts in one statement
    "assignedConfigItems": 1,  # page and count in one statement; the owner is primed
    "reminderTickets": 1,  # page with names joined and all scope counts, in one statement
    "escalatedTickets": 1,
    "newTickets": 1,
    "openTickets": 1,
    "closedTickets": 1,
    "information": 0,  # from the customer user row
    "customer": 0,  # read with the customer user
}
# The five ticket widgets of one request share one statement (one UNION ALL branch each).
TICKET_WIDGETS = 5


async def statements(api: Api, query: str) -> int:
    response = await api.post(query)
    body = response.json()
    assert "errors" not in body, body
    return int(response.headers["x-cuic-statements"])


@pytest.fixture
async def crowded_api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    await import_jsonl(connection, dataset.records() + dataset.crowd(20))
    async for api in start_api(database_url, settings, connection):
        yield api


@pytest.mark.parametrize("widget", list(WIDGETS))
async def test_statements_per_widget_are_pinned(crowded_api: Api, widget: str) -> None:
    query = f'{{ customerUser(login: "crowd000") {{ login {WIDGETS[widget]} }} }}'
    assert await statements(crowded_api, query) == 2 + WIDGET_STATEMENTS[widget]


async def test_full_page_costs_the_same_for_1_and_20_customer_users(crowded_api: Api) -> None:
    def page(first: int) -> str:
        widgets = " ".join(WIDGETS.values())
        return f'{{ customerUsers(search: "crowd", first: {first}) {{ totalCount nodes {{ login {widgets} }} }} }}'

    one = await statements(crowded_api, page(1))
    twenty = await statements(crowded_api, page(20))
    data: Any = (await crowded_api.data(page(20)))["customerUsers"]
    assert len(data["nodes"]) == 20
    assert all(node["openTickets"]["totalCount"] == 1 for node in data["nodes"])
    assert one == twenty
    # token (with the viewer's settings) + list + count + the company (the list does not read
    # it with the users) + every widget, the five ticket widgets in one statement.
    expected = 4 + sum(WIDGET_STATEMENTS.values()) - (TICKET_WIDGETS - 1)
    assert twenty == expected == 7


async def test_search_with_capped_count_costs_three_statements(crowded_api: Api) -> None:
    """The screen's search: token + page + capped count, whichever path each one takes
    (the probe in login order for "crowd", which all 20 match; the trigram index for "crowd007")."""
    for search, up_to in (("crowd", 5), ("crowd", 1000), ("crowd007", 1000), ("", 1000)):
        query = f"""{{ customerUsers(search: "{search}", first: 3) {{
            totalCountCapped(upTo: {up_to}) {{ count capped }} nodes {{ login fullName }} }} }}"""
        assert await statements(crowded_api, query) == 3


async def test_single_user_full_page(crowded_api: Api) -> None:
    widgets = " ".join(WIDGETS.values())
    count = await statements(crowded_api, f'{{ customerUser(login: "taro") {{ login {widgets} }} }}')
    assert count == 2 + sum(WIDGET_STATEMENTS.values()) - (TICKET_WIDGETS - 1) == 5


FILTERS = {
    "reminderTickets": "{ locked: false }",
    "escalatedTickets": "{ priorities: [3, 4] }",
    "newTickets": '{ statuses: ["new"], types: ["Incident"] }',
    "openTickets": '{ statuses: ["open", "planning"], owners: [$alice] }',
    "closedTickets": '{ services: ["Email"], queues: [$queue] }',
}


async def test_column_filters_cost_one_lookup_whatever_the_widgets(crowded_api: Api) -> None:
    ids = await crowded_api.data(
        '{ viewer { id } customerUser(login: "taro") { openTickets { nodes { queue { id } } } } }'
    )
    variables = {"alice": ids["viewer"]["id"], "queue": ids["customerUser"]["openTickets"]["nodes"][0]["queue"]["id"]}

    def page(filters: dict[str, str], first: int) -> str:
        widgets = " ".join(
            f"{field}(filterBy: {filters.get(field, 'null')}) {{ {TICKET_FIELDS} }}" for field in TICKET_WIDGETS_FIELDS
        )
        names = [name for name in ("alice", "queue") if f"${name}" in widgets]
        declared = ", ".join(f"${name}: ID!" for name in names)
        head = f"query({declared})" if names else "query"
        return f"""{head} {{ customerUsers(search: "crowd", first: {first}) {{ nodes {{ login {widgets} }} }} }}"""

    async def count(query: str) -> int:
        response = await crowded_api.post(
            query, {name: value for name, value in variables.items() if f"${name}" in query}
        )
        assert "errors" not in response.json(), response.json()
        return int(response.headers["x-cuic-statements"])

    plain = await count(page({}, 20))
    # Five widgets with five different filters for 20 customer users: the same one page
    # statement, and one statement that checks every status, queue and agent named.
    assert await count(page(FILTERS, 1)) == await count(page(FILTERS, 20)) == plain + 1
    # Filters that name no status, queue or agent need no lookup.
    assert await count(page({"openTickets": "{ locked: true, priorities: [1] }"}, 20)) == plain


TICKET_WIDGETS_FIELDS = ("reminderTickets", "escalatedTickets", "newTickets", "openTickets", "closedTickets")


async def test_facets_of_every_widget_cost_one_statement(crowded_api: Api) -> None:
    facets = "facets { statuses { count } queues { queue { name } count } owners { agent { login } count } }"

    def page(first: int, with_facets: bool) -> str:
        widgets = " ".join(
            f"{field}(filterBy: {{ locked: false }}) {{ totalCount {facets if with_facets else ''} }}"
            for field in TICKET_WIDGETS_FIELDS
        )
        return f'{{ customerUsers(search: "crowd", first: {first}) {{ nodes {{ login {widgets} }} }} }}'

    without = await statements(crowded_api, page(20, False))
    assert await statements(crowded_api, page(1, True)) == await statements(crowded_api, page(20, True)) == without + 1
    data = await crowded_api.data(page(20, True))
    assert all(
        node["openTickets"]["facets"]["owners"] == [{"agent": {"login": "alice"}, "count": 1}]
        for node in data["customerUsers"]["nodes"]
    )
