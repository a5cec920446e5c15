"""What the tests do on the CUIC screen and read from it, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playwright.async_api import Locator, Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import LiveCuic

TICKET_WIDGETS = {
    "REMINDER_TICKETS": "reminderTickets",
    "ESCALATED_TICKETS": "escalatedTickets",
    "NEW_TICKETS": "newTickets",
    "OPEN_TICKETS": "openTickets",
    "CLOSED_TICKETS": "closedTickets",
}
SCOPE_FIELDS = {
    "ALL": "all",
    "MY_LOCKED": "myLocked",
    "MY_RESPONSIBILITIES": "myResponsibilities",
    "MY_QUEUES": "myQueues",
    "MY_WATCHED": "myWatched",
}
TICKETS = "totalCount scopeCounts { all myLocked myResponsibilities myQueues myWatched } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { number }"


def ticket_query(field: str, extra: str = "") -> str:
    return f"""query($login: String!, $first: Int, $after: String, $last: Int, $before: String,
                     $scope: TicketScope!, $relation: CustomerRelation!, $order: TicketOrder, $filter: TicketFilters) {{
        customerUser(login: $login) {{
            {field}(first: $first, after: $after, last: $last, before: $before, scope: $scope, relation: $relation,
                    orderBy: $order, filterBy: $filter) {{ {TICKETS} {extra} }}
        }}
    }}"""


async def api_tickets(
    cuic: LiveCuic,
    field: str,
    agent: str = "alice",
    login: str = "taro",
    scope: str = "ALL",
    relation: str = "ASSIGNED",
    order: dict[str, str] | None = None,
    filter: dict[str, Any] | None = None,
    extra: str = "",
    **page: Any,
) -> Any:
    variables = {"login": login, "scope": scope, "relation": relation, "order": order, "filter": filter, **page}
    return (await cuic.api(ticket_query(field, extra), variables, agent))["customerUser"][field]


async def sign_in_with_demo(page: Page, cuic: LiveCuic, path: str = "/") -> None:
    await page.goto(cuic.url + path)
    await page.get_by_role("button", name="Sign in with the demo token").click()
    await expect(page.locator("#user-search")).to_be_visible()


async def sign_in_with_token(page: Page, cuic: LiveCuic, token: str) -> None:
    await page.goto(cuic.url + "/")
    await page.get_by_label("API token").fill(token)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.locator("#user-search")).to_be_visible()


async def search_and_pick(page: Page, text: str, login: str) -> None:
    await page.locator("#user-search").fill(text)
    option = page.locator(f'[role=option][data-login="{login}"]')
    await expect(option).to_be_visible()
    await option.click()
    await wait_for_screen(page)


async def wait_for_screen(page: Page) -> None:
    await expect(page.locator("#screen-title")).to_be_visible()
    await expect(page.locator("section.card[aria-busy=true]")).to_have_count(0)
    await expect(page.locator("section.card").first).to_be_visible()


def card(page: Page, key: str) -> Locator:
    return page.locator(f'section.card[data-widget="{key}"]')


async def wait_for_card(page: Page, key: str) -> Locator:
    widget = card(page, key)
    await expect(widget).to_have_attribute("aria-busy", "false")
    return widget


async def ticket_numbers(widget: Locator) -> list[str]:
    numbers: list[str] = await widget.locator("tbody tr[data-ticket]").evaluate_all(
        "rows => rows.map(row => row.dataset.ticket)"
    )
    return numbers


async def card_count(widget: Locator) -> int:
    return int(await widget.locator(".card__count").get_attribute("data-count") or "-1")


async def chip_counts(widget: Locator) -> dict[str, int]:
    counts: dict[str, str] = await widget.locator("button[data-scope]").evaluate_all(
        "chips => Object.fromEntries(chips.map(chip => [chip.dataset.scope, chip.querySelector('.chip__count').textContent]))"
    )
    return {scope: int(value) for scope, value in counts.items()}


async def card_keys(page: Page) -> list[str]:
    keys: list[str] = await page.locator("section.card").evaluate_all("cards => cards.map(card => card.dataset.widget)")
    return keys


async def expect_tickets(widget: Locator, numbers: list[str]) -> None:
    """The widget shows exactly these ticket rows, in this order (waits for a reload)."""
    await expect(widget.locator("tbody tr[data-ticket]")).to_have_count(len(numbers))
    for index, number in enumerate(numbers):
        await expect(widget.locator("tbody tr[data-ticket]").nth(index)).to_have_attribute("data-ticket", number)
