"""The CUIC screen in headless Chromium against a live server and database."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed (uv sync --dev)")

from playwright.async_api import Browser, Page, Route, expect

from db.demo import Record
from db.tokens import hash_token
from tests.browser import showcase
from tests.browser.conftest import LiveCuic, Session, open_session
from tests.browser.screen import (
    SCOPE_FIELDS,
    TICKET_WIDGETS,
    api_tickets,
    card,
    card_count,
    card_keys,
    chip_counts,
    expect_tickets,
    search_and_pick,
    sign_in_with_demo,
    sign_in_with_token,
    ticket_numbers,
    wait_for_card,
    wait_for_screen,
)

DEFAULT_ORDER = [
    "CUSTOMER_IDS",
    "ASSIGNED_CIS",
    "REMINDER_TICKETS",
    "ESCALATED_TICKETS",
    "NEW_TICKETS",
    "OPEN_TICKETS",
    "CLOSED_TICKETS",
    "CUSTOMER_USER_INFORMATION",
    "CUSTOMER_INFORMATION",
]

OTHER_WIDGETS = """query($login: String!) {
  customerUser(login: $login) {
    fullName
    customerIds { customerId name isPrimary inProgressCount closedCount }
    assignedConfigItems { totalCount nodes { number } }
    information { login email phone customerId }
    customer { customerId name city }
  }
}"""


def _same_origin(session: Session, cuic: LiveCuic) -> None:
    strangers = [url for _, url in session.requests if not url.startswith(cuic.url + "/")]
    assert strangers == [], f"the page went beyond the cuic server: {strangers}"
    assert session.errors == [], session.errors


async def test_every_widget_shows_what_the_api_returns(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic)
    await expect(page.locator("[data-agent=alice]")).to_be_visible()
    # Typed key by key: the search waits for a pause (one request for "Yamad", after the
    # list that focusing the empty field shows).
    await page.locator("#user-search").press_sequentially("Yamad", delay=40)
    await expect(page.locator("[role=option]")).to_have_count(1)
    searches = [url for _, url in session.requests if "CuicSearch" in url]
    assert len(searches) == 2 and "Yamad" in searches[-1], searches
    await page.locator('[role=option][data-login="taro"]').click()
    await wait_for_screen(page)

    assert await card_keys(page) == DEFAULT_ORDER
    await expect(page.locator("#screen-title")).to_have_text("Taro Yamada")
    assert page.url.endswith("#/users/taro")

    for key, field in TICKET_WIDGETS.items():
        expected = await api_tickets(cuic, field)
        widget = await wait_for_card(page, key)
        assert await card_count(widget) == expected["totalCount"], key
        assert await chip_counts(widget) == {s: expected["scopeCounts"][f] for s, f in SCOPE_FIELDS.items()}, key
        assert await ticket_numbers(widget) == [node["number"] for node in expected["nodes"]], key
        if not expected["nodes"]:
            await expect(widget.locator(".empty")).to_be_visible()

    other = (await cuic.api(OTHER_WIDGETS, {"login": "taro"}))["customerUser"]
    ids = card(page, "CUSTOMER_IDS")
    rows = await ids.locator("tbody tr").evaluate_all(
        """rows => rows.map(row => [row.dataset.customerId, row.cells[1].textContent,
             Number(row.querySelector('[data-count=inProgress]').textContent),
             Number(row.querySelector('[data-count=closed]').textContent),
             Boolean(row.querySelector('.tag--primary'))])"""
    )
    assert rows == [
        [c["customerId"], c["name"] or "no company record", c["inProgressCount"], c["closedCount"], c["isPrimary"]]
        for c in other["customerIds"]
    ]
    cis = card(page, "ASSIGNED_CIS")
    assert await card_count(cis) == other["assignedConfigItems"]["totalCount"]
    numbers = await cis.locator("tbody tr").evaluate_all("rows => rows.map(row => row.dataset.ci)")
    assert numbers == [node["number"] for node in other["assignedConfigItems"]["nodes"]]

    information = card(page, "CUSTOMER_USER_INFORMATION")
    await expect(information.locator("[data-field=fieldEmail] dd")).to_have_text(other["information"]["email"])
    await expect(information.locator("[data-field=fieldPhone] dd")).to_have_text(other["information"]["phone"])
    await expect(information.locator("[data-field=fieldLogin] dd")).to_have_text("taro")
    company = card(page, "CUSTOMER_INFORMATION")
    await expect(company.locator("[data-field=fieldCompany] dd")).to_have_text(other["customer"]["name"])
    await expect(company.locator("[data-field=fieldAddress] dd")).to_have_text(other["customer"]["city"])

    # ONE request for the screen, by persisted-query GET: the first one ever is not known to
    # the server (PERSISTED_QUERY_NOT_FOUND), so it is repeated once as a POST with the text.
    screen_gets = [url for method, url in session.requests if method == "GET" and "operationName=CuicScreen" in url]
    assert len(screen_gets) == 1
    params = parse_qs(urlsplit(screen_gets[0]).query)
    assert "query" not in params
    assert json.loads(params["extensions"][0])["persistedQuery"]["version"] == 1
    [screen_post] = [body for body in session.posts if body.get("operationName") == "CuicScreen"]
    fragments = re.findall(r"^fragment (\w+) on CustomerUser", screen_post["query"], re.MULTILINE)
    assert len(fragments) == len(DEFAULT_ORDER), fragments
    assert screen_post["query"].count("customerUser(login: $login)") == 1
    await page.get_by_role("button", name="Refresh").click()
    await wait_for_screen(page)
    screen_requests = [(m, u) for m, u in session.requests if "CuicScreen" in u or m == "POST"]
    assert [method for method, _ in screen_requests][-1] == "GET", "a known hash is served by GET alone"
    _same_origin(session, cuic)


async def test_paging_scopes_and_relation(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    widget = await wait_for_card(page, "OPEN_TICKETS")

    first = await api_tickets(cuic, "openTickets", first=10)
    second = await api_tickets(cuic, "openTickets", first=10, after=first["pageInfo"]["endCursor"])
    assert first["totalCount"] > 10, "the dataset has two pages of open tickets"
    await expect_tickets(widget, [n["number"] for n in first["nodes"]])
    previous = widget.locator("button[data-page=previous]")
    following = widget.locator("button[data-page=next]")
    await expect(previous).to_be_disabled()

    await following.click()
    await expect_tickets(widget, [n["number"] for n in second["nodes"]])
    await expect(widget.locator(".pager__range")).to_have_text(f"11–{first['totalCount']} of {first['totalCount']}")
    await expect(following).to_be_disabled()
    await expect(previous).to_be_focused()

    await previous.click()
    await expect_tickets(widget, [n["number"] for n in first["nodes"]])
    await expect(widget.locator(".pager__range")).to_have_text(f"1–10 of {first['totalCount']}")
    await expect(previous).to_be_disabled()

    for scope in ("MY_LOCKED", "MY_QUEUES", "MY_WATCHED", "MY_RESPONSIBILITIES"):
        expected = await api_tickets(cuic, "openTickets", scope=scope)
        await widget.locator(f"button[data-scope={scope}]").click()
        await expect(widget.locator(f"button[data-scope={scope}]")).to_have_attribute("aria-pressed", "true")
        await expect_tickets(widget, [n["number"] for n in expected["nodes"]])
        assert await card_count(widget) == expected["totalCount"]

    await widget.locator("button[data-scope=ALL]").click()
    accessible = await api_tickets(cuic, "openTickets", relation="ACCESSIBLE")
    await widget.locator("button[data-relation=ACCESSIBLE]").click()
    await expect(widget.locator("button[data-relation=ACCESSIBLE]")).to_have_attribute("aria-pressed", "true")
    await expect_tickets(widget, [n["number"] for n in accessible["nodes"]])
    assert await card_count(widget) == accessible["totalCount"]
    assert await chip_counts(widget) == {s: accessible["scopeCounts"][f] for s, f in SCOPE_FIELDS.items()}
    assert "HANAKO-OPEN" in {
        n["number"] for n in (await api_tickets(cuic, "openTickets", relation="ACCESSIBLE", first=100))["nodes"]
    }
    # The other widgets kept their own filters.
    assert (
        await card(page, "CLOSED_TICKETS").locator("button[data-relation=ASSIGNED]").get_attribute("aria-pressed")
        == "true"
    )
    _same_origin(session, cuic)


SETTINGS = "{ viewer { widgetSettings { key visible position pageSize } } }"


async def test_settings_apply_at_once_and_persist(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    await page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    await expect(dialog).to_be_visible()

    await dialog.get_by_role("checkbox", name="Customer Information").uncheck()
    await expect(card(page, "CUSTOMER_INFORMATION")).to_have_count(0)
    await dialog.get_by_role("button", name="Move Open Tickets up").click()
    await expect(dialog.locator("[role=status]")).to_have_text("Settings saved.")
    await dialog.get_by_role("button", name="Move Open Tickets up").click()
    await expect(dialog.locator("[role=status]")).to_have_text("Settings saved.")
    await dialog.get_by_label("Rows of Open Tickets").fill("4")
    await dialog.get_by_label("Rows of Open Tickets").press("Enter")
    await expect(dialog.locator("[role=status]")).to_have_text("Settings saved.")
    await expect(card(page, "OPEN_TICKETS").locator("tbody tr")).to_have_count(4)

    expected_order = [k for k in DEFAULT_ORDER if k not in ("OPEN_TICKETS", "CUSTOMER_INFORMATION")]
    expected_order.insert(3, "OPEN_TICKETS")
    assert await card_keys(page) == expected_order
    stored = {s["key"]: s for s in (await cuic.api(SETTINGS))["viewer"]["widgetSettings"]}
    assert stored["CUSTOMER_INFORMATION"]["visible"] is False
    assert stored["OPEN_TICKETS"]["position"] == 4 and stored["OPEN_TICKETS"]["pageSize"] == 4
    first = await api_tickets(cuic, "openTickets")
    assert [n["number"] for n in first["nodes"]] == await ticket_numbers(card(page, "OPEN_TICKETS"))

    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await page.reload()
    await wait_for_screen(page)
    assert await card_keys(page) == expected_order
    await expect(card(page, "OPEN_TICKETS").locator("tbody tr")).to_have_count(4)
    await card(page, "OPEN_TICKETS").locator("button[data-page=next]").click()
    second = await api_tickets(cuic, "openTickets", after=first["pageInfo"]["endCursor"])
    await expect_tickets(card(page, "OPEN_TICKETS"), [n["number"] for n in second["nodes"]])

    await page.get_by_role("button", name="Settings").click()
    await dialog.get_by_role("button", name="Reset to defaults").click()
    await expect(dialog.locator("[role=status]")).to_have_text("Settings are back to the defaults.")
    await expect(card(page, "CUSTOMER_INFORMATION")).to_be_visible()
    await expect(card(page, "OPEN_TICKETS").locator("tbody tr")).to_have_count(10)
    assert await card_keys(page) == DEFAULT_ORDER
    _same_origin(session, cuic)


WIDGET_LABELS = "{ widgets { key en: label(locale: EN) ja: label(locale: JA) } }"


async def _screenshot(session: Session, name: str, dirs: list[Path]) -> None:
    await session.page.evaluate("document.activeElement && document.activeElement.blur()")
    await session.page.mouse.move(0, 0)
    await session.page.screenshot(path=dirs[0] / name, full_page=True)
    for directory in dirs[1:]:
        shutil.copyfile(dirs[0] / name, directory / name)


# Where the screen shows names and titles that come from the data.
DATA_TEXTS = {
    "the user": "#screen-title",
    "the agent": ".agent__name",
    "ticket titles": "section.card .title-text",
    "companies": 'section.card[data-widget="CUSTOMER_IDS"] tbody td:nth-child(2):not(:has(.muted))',
    "CI names": 'section.card[data-widget="ASSIGNED_CIS"] tbody td:nth-child(2)',
    "user information": 'section.card[data-widget="CUSTOMER_USER_INFORMATION"] dd',
    "customer information": 'section.card[data-widget="CUSTOMER_INFORMATION"] dd',
}


async def _shown_texts_not_in_demo(page: Page, demo: list[Record]) -> dict[str, list[str]]:
    known = showcase.texts(demo)
    strange: dict[str, list[str]] = {}
    for what, selector in DATA_TEXTS.items():
        shown = [text.strip() for text in await page.locator(selector).all_inner_texts()]
        assert shown, f"the screen shows no {what}: {selector} is out of date"
        if what in ("user information", "customer information"):
            # Details rows hold dates, Yes/No and composed addresses too: only whole texts
            # that look like names, logins or mail addresses must come from the demo.
            shown = [text for text in shown if not any(c.isdigit() for c in text) and text not in ("Yes", "No")]
        unknown = [text for text in shown if text not in known]
        if unknown:
            strange[what] = unknown
    return strange


async def test_english_and_japanese(
    browser: Browser, demo_cuic: tuple[LiveCuic, list[Record]], screenshot_dirs: list[Path]
) -> None:
    cuic, demo = demo_cuic
    labels = {w["key"]: w for w in (await cuic.api(WIDGET_LABELS, agent=showcase.AGENT))["widgets"]}
    english = await open_session(browser, cuic, locale="en-US")
    page = english.page
    await sign_in_with_demo(page, cuic, f"/#/users/{showcase.LOGIN}")
    await wait_for_screen(page)
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    for key in DEFAULT_ORDER:
        await expect(card(page, key).locator(".card__title")).to_have_text(labels[key]["en"])
    # The README's picture shows what `cuic serve` shows a newcomer: the demo's own names.
    assert await _shown_texts_not_in_demo(page, demo) == {}
    await _screenshot(english, "cuic-en.png", screenshot_dirs)

    # Switched to Japanese: labels from the API's catalogue, the screen's words, at once.
    await page.locator("button[data-locale=ja]").click()
    await expect(page.locator("html")).to_have_attribute("lang", "ja")
    await expect(page.locator("button[data-locale=ja]")).to_have_attribute("aria-pressed", "true")
    for key in DEFAULT_ORDER:
        await expect(card(page, key).locator(".card__title")).to_have_text(labels[key]["ja"])
    await expect(page.get_by_role("button", name="設定")).to_be_visible()
    await expect(card(page, "OPEN_TICKETS").locator("button[data-scope=ALL]")).to_contain_text("すべて")
    # The choice is remembered.
    await page.reload()
    await wait_for_screen(page)
    await expect(card(page, "CUSTOMER_IDS").locator(".card__title")).to_have_text(labels["CUSTOMER_IDS"]["ja"])
    await page.locator("button[data-locale=en]").click()
    await expect(card(page, "CUSTOMER_IDS").locator(".card__title")).to_have_text(labels["CUSTOMER_IDS"]["en"])
    assert english.errors == []
    await english.context.close()
    # The language picked is the agent's on every device: forget it, to see a Japanese browser's.
    stored = await cuic.api("{ viewer { preferences { locale } } }", agent=showcase.AGENT)
    assert stored["viewer"]["preferences"]["locale"] == "EN"
    forget = "mutation { updatePreferences(input: { locale: null }) { preferences { locale } } }"
    await cuic.api(forget, agent=showcase.AGENT)

    # A Japanese browser starts in Japanese, with dates in its locale.
    japanese = await open_session(browser, cuic, locale="ja-JP")
    page = japanese.page
    await page.goto(cuic.url + f"/#/users/{showcase.LOGIN}")
    await expect(page.locator("html")).to_have_attribute("lang", "ja")
    await page.get_by_role("button", name="デモ用トークンでサインイン").click()
    await wait_for_screen(page)
    for key in DEFAULT_ORDER:
        await expect(card(page, key).locator(".card__title")).to_have_text(labels[key]["ja"])
    created = card(page, "CUSTOMER_USER_INFORMATION").locator("[data-field=fieldCreated] time")
    expected_date = await page.evaluate(
        "iso => new Intl.DateTimeFormat('ja-JP', {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(iso))",
        await created.get_attribute("datetime"),
    )
    await expect(created).to_have_text(expected_date)
    await _screenshot(japanese, "cuic-ja.png", screenshot_dirs)
    await page.get_by_role("button", name="設定").click()
    await expect(page.get_by_role("dialog", name="設定")).to_be_visible()
    await expect(page.get_by_role("checkbox", name=labels["OPEN_TICKETS"]["ja"])).to_be_checked()
    await page.get_by_role("button", name="閉じる").click()
    assert japanese.errors == []
    await japanese.context.close()
    for directory in screenshot_dirs:
        assert (directory / "cuic-en.png").stat().st_size > 10_000
        assert (directory / "cuic-ja.png").stat().st_size > 10_000


async def test_an_agent_with_fewer_permissions_sees_fewer_tickets(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_token(page, cuic, cuic.tokens["bob"])
    await expect(page.locator("[data-agent=bob]")).to_be_visible()
    await search_and_pick(page, "taro", "taro")
    alice = await api_tickets(cuic, "openTickets", agent="alice")
    bob = await api_tickets(cuic, "openTickets", agent="bob")
    assert bob["totalCount"] < alice["totalCount"]
    widget = await wait_for_card(page, "OPEN_TICKETS")
    assert await card_count(widget) == bob["totalCount"]
    assert await chip_counts(widget) == {s: bob["scopeCounts"][f] for s, f in SCOPE_FIELDS.items()}
    await expect_tickets(widget, [n["number"] for n in bob["nodes"]])
    assert "SECRET-1" not in await ticket_numbers(widget)
    ids = (await cuic.api(OTHER_WIDGETS, {"login": "taro"}, agent="bob"))["customerUser"]["customerIds"]
    acme = card(page, "CUSTOMER_IDS").locator('tr[data-customer-id="ACME"] [data-count=inProgress]')
    await expect(acme).to_have_text(str(ids[0]["inProgressCount"]))
    _same_origin(session, cuic)


async def test_a_wrong_or_revoked_token_leads_back_to_sign_in(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_token_expecting_error(page, cuic)
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    # Subscribed first: a live connection opened after the revoke would sign out by itself,
    # racing the click. Revoked behind the change feed's back (`cuic token revoke` notifies,
    # and the push would do the same): the Refresh's own request finds it.
    await expect(page.locator(".live-indicator[data-mode=ws]")).to_be_visible()
    await cuic.connection.execute(
        "UPDATE api_token SET revoked_at = now() WHERE token_hash = $1", hash_token(cuic.tokens["alice"])
    )
    await page.get_by_role("button", name="Refresh").click()
    await expect(page.get_by_role("heading", name="Sign in to CUIC")).to_be_visible()
    await expect(page.locator("#token-error")).to_contain_text("no longer valid")
    assert await page.evaluate("sessionStorage.getItem('cuic.token')") is None


async def sign_in_with_token_expecting_error(page: Page, cuic: LiveCuic) -> None:
    await page.goto(cuic.url + "/")
    await page.get_by_label("API token").fill("cuic_not-a-real-token")
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.locator("#token-error")).to_have_text("This token is not valid. Check it and try again.")


UNAVAILABLE = {"errors": [{"message": "the database is unavailable", "extensions": {"code": "SERVICE_UNAVAILABLE"}}]}


async def test_database_unavailable_keeps_the_screen(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    widget = card(page, "OPEN_TICKETS")
    before = await ticket_numbers(widget)

    # The server answers 503 SERVICE_UNAVAILABLE while its database is down.
    async def down(route: Route) -> None:
        await route.fulfill(status=503, content_type="application/json", body=json.dumps(UNAVAILABLE))

    await page.route("**/graphql?*", down)
    await page.route("**/graphql", down)
    await widget.locator("button[data-page=next]").click()
    banner = page.locator("#banner")
    await expect(banner).to_be_visible()
    await expect(banner).to_contain_text("database is unavailable")
    await expect(widget).to_have_attribute("aria-busy", "false")
    assert await ticket_numbers(widget) == before
    await expect(page.locator("#screen-title")).to_have_text("Taro Yamada")
    # Still on the first page, as shown: the failed request changed nothing.
    await expect(widget.locator(".pager__range")).to_contain_text("1–10 of")
    await expect(widget.locator("button[data-page=previous]")).to_be_disabled()

    await page.unroute("**/graphql?*")
    await page.unroute("**/graphql")
    await banner.get_by_role("button", name="Try again").click()
    await expect(banner).to_be_hidden()
    first = await api_tickets(cuic, "openTickets", first=10)
    second = await api_tickets(cuic, "openTickets", first=10, after=first["pageInfo"]["endCursor"])
    await expect_tickets(widget, [n["number"] for n in second["nodes"]])


async def test_graphiql_needs_no_cdn(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    blocked: list[str] = []

    async def only_cuic(route: Route) -> None:
        if route.request.url.startswith(cuic.url + "/"):
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_cuic)
    await page.goto(cuic.url + "/graphql")
    await expect(page.locator(".graphiql-container")).to_be_visible()
    await expect(page.locator(".graphiql-query-editor")).to_contain_text("customerUsers")
    await page.locator(".graphiql-execute-button").click()
    await expect(page.locator(".graphiql-response")).to_contain_text('"login": "alice"')
    assert blocked == []
    assert not [e for e in session.errors if "Failed to load resource" not in e], session.errors
