"""The CUIC screen on a server that runs nothing but registered documents
(CUIC_PERSISTED_QUERIES=only, the screen's manifest imported as `cuic serve` does)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import httpx
import pytest

pytest.importorskip("playwright", reason="the playwright package is not installed (uv sync --dev)")
from playwright.async_api import Browser, expect

from db.config import Settings
from db.persisted_queries import store_manifest
from db.tokens import create_token
from gql.app import create_app
from gql.manifest import SCREEN_MANIFEST, load_manifest
from tests.api import dataset
from tests.browser.conftest import LiveCuic, open_session, wire_ui
from tests.browser.screen import card, card_keys, search_and_pick, sign_in_with_demo, wait_for_screen
from tests.importing import import_jsonl
from tests.live_server import ServerThread


@pytest.fixture
async def locked_cuic(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[LiveCuic]:
    await import_jsonl(connection, dataset.records())
    await store_manifest(connection, load_manifest(SCREEN_MANIFEST))
    tokens = {login: await create_token(connection, login) for login in ("alice", "bob")}
    app = create_app(database_url, replace(settings, persisted_queries="only"), tokens["alice"])
    with ServerThread(wire_ui(app, tokens["alice"])) as server:
        yield LiveCuic(server.url, tokens, tokens["alice"], connection)


async def test_the_screen_works_on_an_allow_listed_server(browser: Browser, locked_cuic: LiveCuic) -> None:
    session = await open_session(browser, locked_cuic)
    page = session.page
    await sign_in_with_demo(page, locked_cuic)
    await search_and_pick(page, "Yamad", "taro")
    await wait_for_screen(page)
    shown = await card_keys(page)
    assert len(shown) == 9
    # The live subscription is on the list too: the screen follows over WebSocket.
    await expect(page.locator(".live-indicator")).to_have_attribute("data-mode", "ws")
    # Another set of widgets is another document: also on the list.
    await page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    await dialog.get_by_role("checkbox", name="Customer Information").uncheck()
    await expect(dialog.locator("[role=status]")).to_have_text("Settings saved.")
    await expect(card(page, "CUSTOMER_INFORMATION")).to_have_count(0)
    await page.keyboard.press("Escape")
    await page.reload()
    await wait_for_screen(page)
    assert await card_keys(page) == [key for key in shown if key != "CUSTOMER_INFORMATION"]
    assert session.errors == [], session.errors
    await session.context.close()

    # Anything the screen does not send is refused.
    async with httpx.AsyncClient(base_url=locked_cuic.url) as http:
        response = await http.post(
            "/graphql",
            json={"query": "{ viewer { login } }"},
            headers={"Authorization": f"Bearer {locked_cuic.tokens['alice']}"},
        )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
