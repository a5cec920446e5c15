"""The screen stays live: a change ingested while it is open shows in its widget without a
reload, keeping the widget's page; over WebSocket, else SSE, else polling, as it says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.async_api import expect

from db.tokens import create_token
from tests.api import dataset
from tests.browser.conftest import LiveCuic, Session
from tests.browser.screen import card, sign_in_with_demo, ticket_numbers, wait_for_card, wait_for_screen
from tests.live.clients import ingest

NO_WEBSOCKET = "window.WebSocket = function () { throw new Error('blocked by the test'); };"
NO_EVENT_STREAM = """
const fetchFirst = window.fetch.bind(window);
window.fetch = (url, init = {}) =>
  init.headers && init.headers.Accept === 'text/event-stream'
    ? Promise.reject(new TypeError('blocked by the test'))
    : fetchFirst(url, init);
"""
FAST_POLLING = "globalThis.cuicLive = { pollMs: 500 };"


@pytest.mark.parametrize(
    ("mode", "scripts"),
    [("ws", []), ("sse", [NO_WEBSOCKET]), ("polling", [NO_WEBSOCKET, NO_EVENT_STREAM, FAST_POLLING])],
)
async def test_an_ingested_ticket_shows_without_a_reload(
    session: Session, cuic: LiveCuic, mode: str, scripts: list[str]
) -> None:
    page = session.page
    for script in scripts:
        await page.add_init_script(script)
    hook = await create_token(cuic.connection, "alice", "hook", scope="ingest")
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    indicator = page.locator(".live-indicator")
    await expect(indicator).to_have_attribute("data-mode", mode)
    await page.evaluate("window.notReloaded = true")
    open_tickets = await wait_for_card(page, "OPEN_TICKETS")
    assert "LIVE-SCREEN" not in await ticket_numbers(open_tickets)

    now = datetime.now(UTC)
    record = dataset.ticket("LIVE-SCREEN", "open", now, title="Pushed in", changed_at=now.isoformat())
    assert (await ingest(cuic.url, hook, [record])).status_code == 200
    await expect(open_tickets.locator('tbody tr[data-ticket="LIVE-SCREEN"]')).to_be_visible()
    assert await page.evaluate("window.notReloaded") is True
    await expect(indicator.locator(".live-indicator__changed")).to_be_visible()
    await expect(indicator).to_have_attribute("data-mode", mode)
    assert not session.errors, session.errors


async def test_a_push_keeps_the_page_of_a_widget(session: Session, cuic: LiveCuic) -> None:
    page = session.page
    hook = await create_token(cuic.connection, "alice", "hook", scope="ingest")
    await sign_in_with_demo(page, cuic, "/#/users/taro")
    await wait_for_screen(page)
    open_tickets = await wait_for_card(page, "OPEN_TICKETS")
    first_page = await ticket_numbers(open_tickets)
    await open_tickets.get_by_role("button", name="Next").click()
    await expect(open_tickets.locator(f'tbody tr[data-ticket="{first_page[0]}"]')).to_have_count(0)
    open_tickets = await wait_for_card(page, "OPEN_TICKETS")
    second_page = await ticket_numbers(open_tickets)
    await page.evaluate("window.scrollTo(0, 300)")
    scrolled = await page.evaluate("window.scrollY")

    # A title changes on the second page: it shows there, and the widget stays on that page.
    original = next(r for r in dataset.records() if r.get("number") == second_page[-1])
    renamed = {**original, "title": "Renamed by the helpdesk"}
    # The times of the dataset are relative to its import: keep the stored ones.
    stored = await cuic.connection.fetchrow(
        "SELECT created_at, changed_at, status_changed_at FROM ticket WHERE number = $1", second_page[-1]
    )
    assert stored is not None
    renamed.update({name: stored[name].isoformat() for name in ("created_at", "changed_at", "status_changed_at")})
    assert (await ingest(cuic.url, hook, [renamed])).status_code == 200
    row = open_tickets.locator(f'tbody tr[data-ticket="{second_page[-1]}"]')
    await expect(row).to_contain_text("Renamed by the helpdesk")
    assert await ticket_numbers(card(page, "OPEN_TICKETS")) == second_page
    # Not back at the top, as a redrawn screen would be; the browser's scroll anchoring may
    # move it by the few pixels a taller row adds above the anchor.
    assert abs(await page.evaluate("window.scrollY") - scrolled) < 40
    assert not session.errors, session.errors
