"""A real cuic server (uvicorn in a thread, real database, data through the importer) and
headless Chromium from the system's `chromium` package, driven by Playwright.

Nothing is installed at run time: without /usr/bin/chromium (Debian's `chromium`) or the
playwright package, the browser tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette

from db.config import Settings, UrlTemplate
from db.demo import Record
from db.tokens import create_token
from gql.app import create_app
from gql.ui import graphiql_page, ui_routes
from tests.api import dataset
from tests.browser import helpdesk, showcase
from tests.importing import import_jsonl
from tests.live_server import ServerThread

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page, Request

CHROMIUM = Path(os.environ.get("CUIC_CHROMIUM", "/usr/bin/chromium"))
HAVE_CHROMIUM = CHROMIUM.is_file()
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Where the screenshots go besides the test's own folder (the README shows docs/screenshots/).
SCREENSHOT_DIR = os.environ.get("CUIC_SCREENSHOT_DIR")


def wire_ui(app: Starlette, demo_token: str | None) -> Starlette:
    """The UI routes and the CDN-free GraphiQL, where gql/app.py does not add them itself."""
    paths = {getattr(route, "path", None) for route in app.router.routes}
    if "/" not in paths:
        app.router.routes.extend(ui_routes(demo_token))
    for route in app.router.routes:
        endpoint: Any = getattr(getattr(route, "endpoint", None), "__self__", None)
        page = getattr(endpoint, "graphiql", None)
        if getattr(route, "path", None) == "/graphql" and isinstance(page, str) and "/static/vendor/" not in page:
            endpoint.graphiql = graphiql_page(demo_token)
    return app


@dataclass
class LiveCuic:
    url: str
    tokens: dict[str, str]
    demo_token: str
    connection: asyncpg.Connection
    screenshots: list[Path] = field(default_factory=list)

    async def api(self, query: str, variables: dict[str, Any] | None = None, agent: str = "alice") -> Any:
        """Ask the running server directly, as the browser's numbers must agree with it."""
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as client:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"Authorization": f"Bearer {self.tokens[agent]}"},
            )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]


# Links into an OTOBO: tickets and CIs imported with a source id (the demo's, some of the
# dataset's) get one.
TICKET_URL = "https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID={id}"
CUSTOMER_USER_URL = (
    "https://helpdesk.example/otobo/index.pl?Action=AgentCustomerUserInformationCenter;CustomerUserID={login}"
)
CONFIG_ITEM_URL = "https://helpdesk.example/otobo/index.pl?Action=AgentITSMConfigItemZoom;ConfigItemID={id}"


def linked(settings: Settings) -> Settings:
    """The settings with the helpdesk's URL templates, so the screen shows its links."""
    return replace(
        settings,
        ticket_url_template=UrlTemplate(TICKET_URL),
        customer_user_url_template=UrlTemplate(CUSTOMER_USER_URL),
        config_item_url_template=UrlTemplate(CONFIG_ITEM_URL),
    )


@pytest.fixture
async def cuic(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[LiveCuic]:
    """The test helpdesk behind a live server; alice's token is the server's demo token."""
    await import_jsonl(connection, dataset.records())
    tokens = {login: await create_token(connection, login) for login in ("alice", "bob")}
    app = wire_ui(create_app(database_url, linked(settings), tokens["alice"]), tokens["alice"])
    with ServerThread(app) as server:
        yield LiveCuic(server.url, tokens, tokens["alice"], connection)


@pytest.fixture
async def linked_cuic(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[LiveCuic]:
    """The test helpdesk and a customer user whose tickets and CIs have the helpdesk's ids
    (tests/browser/helpdesk.py); alice's token is the server's demo token."""
    await import_jsonl(connection, dataset.records() + helpdesk.records())
    tokens = {login: await create_token(connection, login) for login in ("alice", "bob")}
    app = wire_ui(create_app(database_url, linked(settings), tokens["alice"]), tokens["alice"])
    with ServerThread(app) as server:
        yield LiveCuic(server.url, tokens, tokens["alice"], connection)


@pytest.fixture
async def demo_cuic(
    database_url: str, settings: Settings, connection: asyncpg.Connection
) -> AsyncIterator[tuple[LiveCuic, list[Record]]]:
    """A live server over the demo data as `cuic serve` loads it (the README's screenshots),
    with the demo agent's token; and the demo's records, to check the screen against."""
    demo = showcase.records(datetime.now(UTC))
    await import_jsonl(connection, demo)
    token = await create_token(connection, showcase.AGENT, "demo")
    app = wire_ui(create_app(database_url, linked(settings), token), token)
    with ServerThread(app) as server:
        yield LiveCuic(server.url, {showcase.AGENT: token}, token, connection), demo


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not HAVE_CHROMIUM:
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package to run the browser tests")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (uv sync --dev)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Session:
    """One browser context on the live server: its page, and every request the page made."""

    context: BrowserContext
    page: Page
    requests: list[tuple[str, str]]
    posts: list[dict[str, Any]]  # the JSON bodies POSTed to /graphql
    errors: list[str]


async def open_session(
    browser: Browser, cuic: LiveCuic, *, locale: str = "en-US", width: int = 1440, height: int = 900
) -> Session:
    context = await browser.new_context(
        viewport={"width": width, "height": height}, locale=locale, timezone_id="Asia/Tokyo"
    )
    context.set_default_timeout(15_000)
    page = await context.new_page()
    requests: list[tuple[str, str]] = []
    posts: list[dict[str, Any]] = []
    errors: list[str] = []

    def record(request: Request) -> None:
        requests.append((request.method, request.url))
        if request.method == "POST" and request.url.endswith("/graphql"):
            posts.append(json.loads(request.post_data or "{}"))

    page.on("request", record)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return Session(context, page, requests, posts, errors)


@pytest.fixture
async def session(browser: Browser, cuic: LiveCuic) -> AsyncIterator[Session]:
    opened = await open_session(browser, cuic)
    yield opened
    await opened.context.close()


@pytest.fixture
async def linked_session(browser: Browser, linked_cuic: LiveCuic) -> AsyncIterator[Session]:
    opened = await open_session(browser, linked_cuic)
    yield opened
    await opened.context.close()


@pytest.fixture
def screenshot_dirs(tmp_path: Path) -> Iterator[list[Path]]:
    dirs = [tmp_path]
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        dirs.append(Path(SCREENSHOT_DIR))
    yield dirs
