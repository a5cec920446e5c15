"""A real cuic server (uvicorn in a thread, real database, data through the importer) and
headless Chromium from the system's `chromium` package, driven by Playwright.

Nothing is installed at run time: without /usr/bin/chromium (Debian's `chromium`) or the
playwright package, the browser tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from db.config import Settings, UrlTemplate
from db.tokens import create_token
from gql.app import create_app
from gql.ui import graphiql_page, ui_routes
from tests.api import dataset
from tests.browser import showcase
from tests.importing import import_jsonl

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


class ServerThread:
    """uvicorn serving `app` on a free port of 127.0.0.1, in a thread with its own loop."""

    def __init__(self, app: Starlette) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        # 127.0.0.1 is a secure context: crypto.subtle (persisted-query hashes) works.
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the cuic server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


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


# Links into an OTOBO: tickets imported with a source id (the showcase's) get one.
TICKET_URL = "https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID={id}"
CUSTOMER_USER_URL = (
    "https://helpdesk.example/otobo/index.pl?Action=AgentCustomerUserInformationCenter;CustomerUserID={login}"
)
CONFIG_ITEM_URL = "https://helpdesk.example/otobo/index.pl?Action=AgentITSMConfigItemZoom;ConfigItemID={id}"


@pytest.fixture
async def cuic(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[LiveCuic]:
    """The test helpdesk (and the screenshots' customer user) behind a live server; alice's
    token is the server's demo token."""
    await import_jsonl(connection, dataset.records() + showcase.records())
    tokens = {login: await create_token(connection, login) for login in ("alice", "bob")}
    linked = replace(
        settings,
        ticket_url_template=UrlTemplate(TICKET_URL),
        customer_user_url_template=UrlTemplate(CUSTOMER_USER_URL),
        config_item_url_template=UrlTemplate(CONFIG_ITEM_URL),
    )
    app = wire_ui(create_app(database_url, linked, tokens["alice"]), tokens["alice"])
    with ServerThread(app) as server:
        yield LiveCuic(server.url, tokens, tokens["alice"], connection)


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
def screenshot_dirs(tmp_path: Path) -> Iterator[list[Path]]:
    dirs = [tmp_path]
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        dirs.append(Path(SCREENSHOT_DIR))
    yield dirs
