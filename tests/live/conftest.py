"""A real server (uvicorn in a thread) over the API tests' helpdesk, with read tokens for
alice and bob and an ingest token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

import asyncpg
import pytest
from starlette.applications import Starlette

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from gql.live.config import LiveSettings
from gql.live.hub import Hub
from tests.api import dataset
from tests.importing import import_jsonl
from tests.live_server import ServerThread

# Quick pings and timeouts: the tests see them happen without waiting long.
TEST_LIVE = LiveSettings(ping_interval=1.0, ping_timeout=2.0, idle_timeout=30.0, init_timeout=2.0)


@dataclass
class Running:
    url: str
    tokens: dict[str, str]
    database_url: str
    app: Starlette

    @property
    def hub(self) -> Hub:
        hub: Hub = self.app.state.live.hub
        return hub


async def prepare(database_url: str) -> dict[str, str]:
    connection = await asyncpg.connect(database_url)
    try:
        await import_jsonl(connection, dataset.records())
        return {
            "alice": await create_token(connection, "alice"),
            "bob": await create_token(connection, "bob"),
            "hook": await create_token(connection, "alice", "hook", scope="ingest"),
        }
    finally:
        await connection.close()


@pytest.fixture
def live_settings() -> LiveSettings:
    return TEST_LIVE


@pytest.fixture
async def server(database_url: str, settings: Settings, live_settings: LiveSettings) -> AsyncIterator[Running]:
    tokens = await prepare(database_url)
    app = create_app(database_url, replace(settings), live=live_settings)
    with ServerThread(app) as thread:
        yield Running(thread.url, tokens, database_url, app)
