"""Apollo Client's real normalized cache against a live cuic (uvicorn on a free port, the
test database): after updateWidgetSettings, the settings query is answered from the cache
with the new values, and the README's type policies leave Apollo nothing to warn about.

Runs tests/node/apollo_cache.mjs with the pinned packages of tests/node/package.json
(`npm ci` once per session); skipped when node or npm is missing, or the install fails.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.importing import import_jsonl
from tests.live_server import ServerThread

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
SCRIPT = NODE_DIR / "apollo_cache.mjs"


@pytest.fixture
def node(node_clients: Path) -> str:
    """The node binary, with tests/node's packages installed by the shared session fixture."""
    found = shutil.which("node")
    assert found is not None
    return found


async def run_apollo(
    node: str, database_url: str, settings: Settings, connection: asyncpg.Connection, *flags: str
) -> Any:
    await import_jsonl(connection, dataset.records())
    token = await create_token(connection, "alice")
    with ServerThread(create_app(database_url, settings)) as server:
        process = await asyncio.create_subprocess_exec(
            # The development build is the one that reports lost cache data.
            node, "--conditions=development", str(SCRIPT), server.url, token, "taro", *flags,
            cwd=NODE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, stderr.decode()
    return json.loads(stdout)


def type_policies(text: str) -> str:
    start = text.index("const typePolicies = {")
    return text[start : text.index("\n};\n", start)]


def test_the_script_uses_the_readme_policies() -> None:
    readme = (NODE_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    assert type_policies(SCRIPT.read_text(encoding="utf-8")) == type_policies(readme)


def settings_of(data: dict[str, Any]) -> list[tuple[str, int, bool, int]]:
    return [(s["key"], s["position"], s["visible"], s["pageSize"]) for s in data["viewer"]["widgetSettings"]]


async def test_the_cache_serves_the_new_settings_after_the_mutation(
    node: str, database_url: str, settings: Settings, connection: asyncpg.Connection
) -> None:
    result = await run_apollo(node, database_url, settings, connection)
    before, after = settings_of(result["before"]), settings_of(result["after"])
    assert before[0] == ("CUSTOMER_IDS", 1, True, 10)
    # Served from the cache alone (fetchPolicy cache-only), in the new order with the new values.
    assert after[0] == ("CLOSED_TICKETS", 1, True, 7)
    assert ("ASSIGNED_CIS", 3, False, 10) in after
    assert [s[1] for s in after] == list(range(1, 10))
    assert after == settings_of(result["payload"]["updateWidgetSettings"])
    # The catalogue entries, normalized by key, kept their labels through the mutation.
    assert all(s["widget"]["label"] for s in result["after"]["viewer"]["widgetSettings"])
    # The value types, asked twice with different fields, were merged, not lost.
    assert result["values"] is not None, result["missing"]
    user = result["values"]["customerUser"]
    assert user["information"]["login"] == "taro" and user["openTickets"]["totalCount"] > 0
    assert result["warnings"] == []


async def test_without_the_type_policies_apollo_warns_of_lost_data(
    node: str, database_url: str, settings: Settings, connection: asyncpg.Connection
) -> None:
    """What the README's policies are for: the same queries on a cache without them."""
    result = await run_apollo(node, database_url, settings, connection, "--no-policies")
    assert result["values"] is None
    missing = result["missing"]
    assert set(missing) == {"customerUser", "customerUsers", "ticketStatuses", "widgets"}
    assert set(missing["customerUser"]) == {"information", "customerIds", "openTickets", "assignedConfigItems"}
    assert any("Cache data may be lost" in w for w in result["warnings"])
