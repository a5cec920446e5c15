"""Working with a ticket widget on the screen: sorting by column header, filter menus fed by
the facets with removable chips, links into the helpdesk, the Accessible view's customer
user column, the Closed Tickets' closing time, and all of it in the URL across reload and
back / forward. Every number on the screen is checked against the API's answer."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed (uv sync --dev)")

from playwright.async_api import Locator, Page, expect

from tests.browser import helpdesk
from tests.browser.conftest import CONFIG_ITEM_URL, TICKET_URL, LiveCuic, Session
from tests.browser.screen import (
    SCOPE_FIELDS,
    api_tickets,
    card,
    card_count,
    chip_counts,
    expect_tickets,
    sign_in_with_demo,
    wait_for_card,
    wait_for_screen,
)

FACETS = "facets { statuses { count status { name label } } owners { count agent { id fullName } } }"


def view_params(page: Page) -> dict[str, list[str]]:
    """The widgets' views in the page's URL (`#/users/LOGIN?…`)."""
    fragment = urlsplit(page.url).fragment
    return parse_qs(fragment.partition("?")[2])


async def numbers_in(widget: Locator) -> list[str]:
    found: list[str] = await widget.locator("tbody tr[data-ticket]").evaluate_all(
        "rows => rows.map(row => row.dataset.ticket)"
    )
    return found


async def test_sorting_by_column_headers_follows_the_api_and_the_url(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")
    # The default order (CHANGED_AT DESC) is shown on its column.
    await expect(widget.locator("th[aria-sort]")).to_have_attribute("data-column", "colLastChange")
    await expect(widget.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")

    title = widget.locator("button[data-sort=TITLE]")
    await title.click()
    by_title = await api_tickets(cuic, "openTickets", order={"field": "TITLE", "direction": "ASC"})
    await expect_tickets(widget, [n["number"] for n in by_title["nodes"]])
    await expect(widget.locator("th[data-column=colTitle]")).to_have_attribute("aria-sort", "ascending")
    assert view_params(page)["open.sort"] == ["TITLE.ASC"]
    await expect(title).to_be_focused()

    await title.click()
    descending = await api_tickets(cuic, "openTickets", order={"field": "TITLE", "direction": "DESC"})
    await expect_tickets(widget, [n["number"] for n in descending["nodes"]])
    await expect(widget.locator("th[data-column=colTitle]")).to_have_attribute("aria-sort", "descending")

    # Paging keeps the order; a reload shows the same page in the same order.
    await widget.locator("button[data-page=next]").click()
    second = await api_tickets(
        cuic, "openTickets", order={"field": "TITLE", "direction": "DESC"}, after=descending["pageInfo"]["endCursor"]
    )
    await expect_tickets(widget, [n["number"] for n in second["nodes"]])
    await page.reload()
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")
    await expect_tickets(widget, [n["number"] for n in second["nodes"]])
    await expect(widget.locator(".pager__range")).to_have_text(f"11–{second['totalCount']} of {second['totalCount']}")

    # Back: the first page by title descending, then ascending, then the default order.
    await page.go_back()
    await expect_tickets(widget, [n["number"] for n in descending["nodes"]])
    await page.go_back()
    await expect_tickets(widget, [n["number"] for n in by_title["nodes"]])
    await page.go_back()
    default = await api_tickets(cuic, "openTickets")
    await expect_tickets(widget, [n["number"] for n in default["nodes"]])
    assert "open.sort" not in view_params(page)
    await page.go_forward()
    await expect_tickets(widget, [n["number"] for n in by_title["nodes"]])

    # Priority and the time column sort too.
    await widget.locator("button[data-sort=PRIORITY]").click()
    by_priority = await api_tickets(cuic, "openTickets", order={"field": "PRIORITY", "direction": "DESC"})
    await expect_tickets(widget, [n["number"] for n in by_priority["nodes"]])
    assert session.errors == []


async def test_filter_menus_chips_and_counts(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")

    # The State column's menu: the facets' values and counts.
    await widget.locator("button[data-filter-column=statuses]").click()
    menu = widget.locator(".filter-menu")
    await expect(menu).to_be_visible()
    facets = (await api_tickets(cuic, "openTickets", extra=FACETS))["facets"]
    for entry in facets["statuses"]:
        option = menu.locator(f"li:has(input[data-filter-value='{entry['status']['name']}'])")
        await expect(option.locator(".filter-menu__text")).to_have_text(entry["status"]["label"])
        await expect(option.locator(".filter-menu__count")).to_have_text(str(entry["count"]))
    await expect(menu.locator("fieldset")).to_have_count(1)

    await menu.locator("input[data-filter-value=planning]").check()
    planning = await api_tickets(cuic, "openTickets", filter={"statuses": ["planning"]})
    await expect_tickets(widget, [n["number"] for n in planning["nodes"]])
    assert await card_count(widget) == planning["totalCount"] == 6
    assert await chip_counts(widget) == {s: planning["scopeCounts"][f] for s, f in SCOPE_FIELDS.items()}
    await expect(widget.locator("[data-remove-filter='statuses:planning']")).to_have_text("State: Planning×")
    # The menu stays open with the value checked and the focus on it.
    await expect(menu.locator("input[data-filter-value=planning]")).to_be_checked()
    await expect(menu.locator("input[data-filter-value=planning]")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(menu).to_have_count(0)
    await expect(widget.locator("button[data-filter-column=statuses]")).to_be_focused()

    # Every column's menu: the owners of the planning tickets... none; add "open" and pick one.
    await widget.locator("button[data-action=filters]").click()
    await expect(menu.locator("fieldset")).to_have_count(8)
    await menu.locator("fieldset[data-filter-field=statuses] input[data-filter-value=open]").check()
    both = await api_tickets(cuic, "openTickets", filter={"statuses": ["planning", "open"]}, extra=FACETS)
    await expect_tickets(widget, [n["number"] for n in both["nodes"]])
    owner = both["facets"]["owners"][0]
    await expect(menu.locator("fieldset[data-filter-field=owners] li")).to_have_count(len(both["facets"]["owners"]))
    await menu.locator(f"fieldset[data-filter-field=owners] input[data-filter-value='{owner['agent']['id']}']").check()
    narrowed = await api_tickets(
        cuic, "openTickets", filter={"statuses": ["planning", "open"], "owners": [owner["agent"]["id"]]}
    )
    assert narrowed["totalCount"] == owner["count"]
    await expect_tickets(widget, [n["number"] for n in narrowed["nodes"]])
    await expect(widget.locator(".filter-chip")).to_have_count(3)
    params = view_params(page)
    assert params["open.status"] == ["planning", "open"] and params["open.owner"] == [owner["agent"]["id"]]
    await menu.get_by_role("button", name="Close").click()

    # A reload restores filters, chips and rows.
    await page.reload()
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")
    await expect_tickets(widget, [n["number"] for n in narrowed["nodes"]])
    owner_chip = widget.locator(f"[data-remove-filter='owners:{owner['agent']['id']}']")
    await expect(owner_chip).to_contain_text(f"Owner: {owner['agent']['fullName']}")

    # Removing a chip, then back: the filter returns.
    await owner_chip.click()
    await expect_tickets(widget, [n["number"] for n in both["nodes"]])
    await page.go_back()
    await expect_tickets(widget, [n["number"] for n in narrowed["nodes"]])
    await expect(widget.locator(".filter-chip")).to_have_count(3)
    await widget.get_by_role("button", name="Clear filters").click()
    everything = await api_tickets(cuic, "openTickets")
    await expect_tickets(widget, [n["number"] for n in everything["nodes"]])
    await expect(widget.locator(".filter-chip")).to_have_count(0)
    assert "open.status" not in view_params(page)

    # Menus offer only values that match something; a shared link may still match nothing.
    await page.goto(cuic.url + "/#/users/taro?open.locked=true&open.prio=1")
    widget = await wait_for_card(page, "OPEN_TICKETS")
    await expect(widget.locator(".empty")).to_have_text("No tickets match the filters.")
    await expect(widget.locator(".filter-chip")).to_have_count(2)
    # No rows, no column headers: the widget's own Filter button opens every column's menu.
    await widget.locator("button[data-action=filters]").click()
    chosen = menu.locator("fieldset[data-filter-field=priorities] li:has(input[data-filter-value='1'])")
    await expect(chosen.locator("input")).to_be_checked()
    await expect(chosen.locator(".filter-menu__count")).to_have_text("0")
    # Unchecked, it goes from the menu: no ticket has it under the other filter.
    await chosen.locator("input").click()
    await expect(chosen).to_have_count(0)
    locked = await api_tickets(cuic, "openTickets", filter={"locked": True})
    await expect_tickets(widget, [n["number"] for n in locked["nodes"]])
    assert session.errors == []


async def test_links_into_the_helpdesk(linked_session: Session, linked_cuic: LiveCuic) -> None:
    session, cuic = linked_session, linked_cuic
    page = session.page
    await sign_in_with_demo(page, cuic, f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")
    row = widget.locator("tr[data-ticket='2026111210000087']")
    expected = TICKET_URL.replace("{id}", "87")
    for link in (row.locator("a[data-link=number]"), row.locator("a[data-link=title]")):
        await expect(link).to_have_attribute("href", expected)
        await expect(link).to_have_attribute("target", "_blank")
        await expect(link).to_have_attribute("rel", "noopener noreferrer")
    await expect(row.locator("a[data-link=title]")).to_have_attribute("title", "VPN disconnects every 30 minutes")
    # One click opens the ticket in the helpdesk, in a new tab (the helpdesk answered here).
    await page.context.route("https://helpdesk.example/**", lambda route: route.fulfill(body="AgentTicketZoom"))
    async with page.context.expect_page() as opened:
        await row.locator("a[data-link=number]").click()
    new_tab = await opened.value
    await new_tab.wait_for_load_state()
    assert new_tab.url == expected
    await new_tab.close()
    assert page.url.endswith(f"#/users/{helpdesk.LOGIN}")
    await expect(page.locator("a[data-action=open-user]")).to_have_attribute(
        "href",
        f"https://helpdesk.example/otobo/index.pl?Action=AgentCustomerUserInformationCenter;CustomerUserID={helpdesk.LOGIN}",
    )
    ci = card(page, "ASSIGNED_CIS").locator("tr[data-ci='CI-000231'] a[data-link=ci]")
    await expect(ci).to_have_attribute("href", CONFIG_ITEM_URL.replace("{id}", "231"))
    await expect(ci).to_have_attribute("target", "_blank")
    # Tickets imported without a source id have no link.
    await page.goto(cuic.url + "/#/users/taro")
    await wait_for_screen(page)
    taro = await wait_for_card(page, "OPEN_TICKETS")
    await expect(taro.locator("tbody tr[data-ticket]").first).to_be_visible()
    await expect(taro.locator("tbody a")).to_have_count(0)


async def test_accessible_view_shows_whose_ticket_it_is(linked_session: Session, linked_cuic: LiveCuic) -> None:
    session, cuic = linked_session, linked_cuic
    page = session.page
    await sign_in_with_demo(page, cuic, f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")
    await expect(widget.locator("th[data-column=colCustomerUser]")).to_have_count(0)
    await widget.locator("button[data-relation=ACCESSIBLE]").click()
    await expect(widget.locator("th[data-column=colCustomerUser]")).to_have_text("Customer user")
    accessible = await api_tickets(cuic, "openTickets", login=helpdesk.LOGIN, relation="ACCESSIBLE")
    await expect_tickets(widget, [n["number"] for n in accessible["nodes"]])
    # English screen, given name first, as the API forms it.
    await expect(widget.locator("tr[data-ticket='2026111110000055'] td.col-customer")).to_have_text("舞 鈴木")
    await expect(widget.locator("tr[data-ticket='2026111210000087'] td.col-customer")).to_have_text("Kenji Tanaka")
    assert view_params(page)["open.rel"] == ["ACCESSIBLE"]


async def test_closed_tickets_show_when_they_were_closed(linked_session: Session, linked_cuic: LiveCuic) -> None:
    session, cuic = linked_session, linked_cuic
    page = session.page
    await sign_in_with_demo(page, cuic, f"/#/users/{helpdesk.LOGIN}")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "CLOSED_TICKETS")
    await expect(widget.locator("th[data-column=colClosedAt]")).to_contain_text("Closed")
    closed = await api_tickets(cuic, "closedTickets", login=helpdesk.LOGIN, extra="nodes { statusChangedAt }")
    first = closed["nodes"][0]
    cell = widget.locator(f"tr[data-ticket='{first['number']}'] td.col-time time")
    assert await cell.get_attribute("datetime") == first["statusChangedAt"]
    expected = await page.evaluate(
        """iso => new Intl.DateTimeFormat('en-US', {dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Tokyo'})
                 .format(new Date(iso))""",
        first["statusChangedAt"],
    )
    await expect(cell).to_have_text(expected)
