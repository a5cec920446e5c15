"""The real ASGI app over a database filled through the importer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.importing import import_jsonl

# Every request the API tests send through `Api.post`: the differential test replays them
# all on both executors (tests/api/test_executor_differential.py runs last for that).
RECORDED: list[tuple[str, dict[str, Any] | None, str | None]] = []


@dataclass
class Api:
    client: httpx.AsyncClient
    tokens: dict[str, str]
    app: Starlette | None = None

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        agent: str | None = "alice",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = dict(headers or {})
        if agent is not None:
            headers.setdefault("Authorization", f"Bearer {self.tokens[agent]}")
        RECORDED.append((query, variables, agent))
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.client.post("/graphql", json=body, headers=headers)

    async def data(self, query: str, variables: dict[str, Any] | None = None, agent: str = "alice") -> Any:
        response = await self.post(query, variables, agent)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error_code(self, query: str, variables: dict[str, Any] | None = None, agent: str = "alice") -> str:
        body = (await self.post(query, variables, agent)).json()
        assert body.get("errors"), body
        code: str = body["errors"][0]["extensions"]["code"]
        return code


async def start_api(
    database_url: str, settings: Settings, connection: asyncpg.Connection, agents: tuple[str, ...] = ("alice", "bob")
) -> AsyncIterator[Api]:
    tokens = {login: await create_token(connection, login) for login in agents}
    app = create_app(database_url, settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        yield Api(client, tokens, app)


@pytest.fixture
async def api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    await import_jsonl(connection, dataset.records())
    async for api in start_api(database_url, settings, connection):
        yield api


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The differential test replays what the other API tests sent, so it runs after them."""
    items.sort(key=lambda item: item.path.name == "test_executor_differential.py")
