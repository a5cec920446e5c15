"""The screen's routes and pages, without a browser: what is served, from where, with what."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from starlette.applications import Starlette

from gql.ui import STATIC_DIR, graphiql_page, index_page, ui_routes


def _client(demo_token: str | None) -> httpx.AsyncClient:
    app = Starlette(routes=ui_routes(demo_token))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic")


def _config(page: str, element_id: str) -> dict[str, str]:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.DOTALL)
    assert match, page
    config: dict[str, str] = json.loads(match.group(1))
    return config


async def test_index_is_the_screen_with_strict_headers() -> None:
    async with _client(None) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert '<script type="module" src="/static/js/app.js">' in response.text
    assert _config(response.text, "cuic-config") == {}


async def test_the_demo_token_is_offered_only_when_configured() -> None:
    async with _client("cuic_demo-token") as client:
        page = (await client.get("/")).text
    assert _config(page, "cuic-config") == {"demoToken": "cuic_demo-token"}


def test_the_configuration_cannot_break_out_of_its_script_element() -> None:
    page = index_page("</script><script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert _config(page, "cuic-config")["demoToken"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/static/js/app.js", "javascript"),
        ("/static/js/queries.js", "javascript"),
        ("/static/style.css", "text/css"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/static/graphiql-init.js", "javascript"),
        ("/static/vendor/graphiql/graphiql.min.js", "javascript"),
        ("/static/vendor/graphiql/graphiql.min.css", "text/css"),
        ("/static/vendor/react/react.production.min.js", "javascript"),
        ("/static/vendor/react-dom/react-dom.production.min.js", "javascript"),
    ],
)
async def test_static_files_come_from_the_package(path: str, media_type: str) -> None:
    async with _client(None) as client:
        response = await client.get(path)
    assert response.status_code == 200, path
    assert media_type in response.headers["content-type"]
    assert response.headers["cache-control"] == "no-cache"


async def test_no_path_leaves_the_static_folder() -> None:
    async with _client(None) as client:
        for path in ("/static/../ui.py", "/static/%2e%2e/ui.py", "/static/vendor/../../ui.py"):
            assert (await client.get(path)).status_code == 404, path


def test_graphiql_page_uses_only_vendored_files() -> None:
    page = graphiql_page("cuic_demo")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        assert (STATIC_DIR / source.removeprefix("/static/")).is_file(), source
    config = _config(page, "graphiql-config")
    assert json.loads(config["headers"]) == {"Authorization": "Bearer cuic_demo"}
    assert "customerUsers" in config["query"]
    assert _config(graphiql_page(None), "graphiql-config")["headers"] == ""


def test_vendored_files_keep_their_licences() -> None:
    vendor = STATIC_DIR / "vendor"
    for package in ("graphiql", "react", "react-dom"):
        assert "MIT License" in (vendor / package / "LICENSE").read_text(encoding="utf-8"), package


def test_the_screen_fetches_nothing_from_elsewhere() -> None:
    """No CDN: every URL in the screen's own files is relative to this server."""
    for path in [*STATIC_DIR.glob("*.html"), *STATIC_DIR.glob("*.css"), *STATIC_DIR.glob("**/*.js")]:
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']https?://|url\(["']?https?://|fetch\(["']https?://""", text), path
        assert "//cdn" not in text and "unpkg" not in text and "jsdelivr" not in text, path
