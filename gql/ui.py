"""The CUIC screen at `/` and its files at `/static/`, and a GraphiQL page that needs no CDN.

Everything the browser loads comes from `gql/static/` in the package: the screen's ES
modules and CSS, and GraphiQL with React from `gql/static/vendor/` (see its README).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
CONFIG_PLACEHOLDER = '<script type="application/json" id="cuic-config">{}</script>'

# The screen loads only its own files and talks only to this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no `</script>`, no `<!--`)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=4)
def index_page(demo_token: str | None) -> str:
    """index.html with the page's configuration: the demo token when the server has one."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    config: dict[str, Any] = {"demoToken": demo_token} if demo_token else {}
    configured = f'<script type="application/json" id="cuic-config">{_script_json(config)}</script>'
    if CONFIG_PLACEHOLDER not in page:
        raise RuntimeError("gql/static/index.html lost its cuic-config placeholder")
    return page.replace(CONFIG_PLACEHOLDER, configured)


class _StaticFiles(StaticFiles):
    """Package files; browsers revalidate them (ETag) so that an upgrade shows at once."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "no-cache")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def ui_routes(demo_token: str | None) -> list[BaseRoute]:
    """`/`: the CUIC screen; `/static/…`: its files and the vendored GraphiQL."""
    page = index_page(demo_token)

    async def index(_request: Request) -> Response:
        return HTMLResponse(page, headers=PAGE_HEADERS)

    return [
        Route("/", index, methods=["GET"]),
        Mount("/static", app=_StaticFiles(directory=STATIC_DIR), name="static"),
    ]


# The query GraphiQL opens with.
FIRST_QUERY = """# Welcome to cuic, the Customer User Information Center API.
# Press the play button (Ctrl-Enter) to run this query.
{
  viewer { login fullName }
  customerUsers(first: 3) {
    totalCount
    nodes {
      login
      fullName
      information { email }
      customerIds { customerId name inProgressCount closedCount }
      openTickets(first: 5) { totalCount nodes { number title status { name } } }
    }
  }
}
"""


GRAPHIQL_TEMPLATE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>cuic · GraphiQL</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/static/vendor/graphiql/graphiql.min.css" />
    <link rel="stylesheet" href="/static/graphiql.css" />
    <script type="application/json" id="graphiql-config">$config</script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/static/vendor/react/react.production.min.js"></script>
    <script src="/static/vendor/react-dom/react-dom.production.min.js"></script>
    <script src="/static/vendor/graphiql/graphiql.min.js"></script>
    <script src="/static/graphiql-init.js"></script>
  </body>
</html>
"""


def graphiql_page(demo_token: str | None) -> str:
    """GraphiQL from the package's own files, opening with a first query and, in the demo,
    the demo token in its headers."""
    headers = {"Authorization": f"Bearer {demo_token}"} if demo_token else {}
    config = {"query": FIRST_QUERY, "headers": json.dumps(headers, indent=2) if headers else ""}
    return GRAPHIQL_TEMPLATE.replace("$config", _script_json(config))
