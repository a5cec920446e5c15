"""Bad clients against a real uvicorn server: slow and aborted bodies, malformed JSON,
huge variables, many connections at once. The server stays up and answers the others."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
import uvicorn

from db.config import Settings
from db.tokens import create_token
from gql.app import create_app
from tests.api import dataset
from tests.importing import import_jsonl


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(database_url: str, settings: Settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(database_url, settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    config.timeout_keep_alive = 2
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=15)


@pytest.fixture
async def token(connection: asyncpg.Connection) -> str:
    await import_jsonl(connection, dataset.records())
    return await create_token(connection, "alice")


@pytest.fixture
async def http(server: str, token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield client


QUERY = {"query": '{ customerUser(login: "taro") { openTickets { totalCount } } }'}


async def test_slow_and_aborted_bodies_do_not_block_others(server: str, http: httpx.AsyncClient) -> None:
    host, port = server.removeprefix("http://").split(":")
    slow_writers = []
    for _ in range(5):
        _reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 5000\r\n\r\n{"query": '
        )
        await writer.drain()
        slow_writers.append(writer)
    started = time.monotonic()
    response = await http.post("/graphql", json=QUERY)
    assert response.status_code == 200 and response.json()["data"]["customerUser"]["openTickets"]["totalCount"] > 0
    assert time.monotonic() - started < 5
    for writer in slow_writers:  # abort mid-body
        writer.close()
    assert (await http.post("/graphql", json=QUERY)).status_code == 200


async def test_malformed_json_and_huge_variables(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", content=b'{"query": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    huge = {
        "query": "query($s: String) { customerUsers(search: $s) { totalCount } }",
        "variables": {"s": "x" * 2_000_000},
    }
    response = await http.post("/graphql", json=huge)
    assert response.status_code == 413
    assert (await http.post("/graphql", json=QUERY)).status_code == 200


async def test_many_connections_at_once(server: str, token: str) -> None:
    async def one() -> int:
        async with httpx.AsyncClient(base_url=server, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            return (await c.post("/graphql", json=QUERY)).status_code

    statuses = await asyncio.gather(*(one() for _ in range(60)))
    assert statuses == [200] * 60
