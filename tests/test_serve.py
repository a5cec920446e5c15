"""`cuic serve` as a newcomer runs it: the embedded PostgreSQL in a data directory of its own,
a real process and real signals; and, in process, when the demo token is offered."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from db.demo import load_demo
from db.demo_marker import set_demo_marker
from db.importer import import_records
from db.tokens import revoke_token, token_is_live
from gql.cli import CommandError
from gql.serve import CREATE_A_TOKEN, NO_DEMO_TOKEN, check_port, demo_token, is_loopback
from tests.api import dataset

# Generous bounds on waiting for a process; no test asserts how long anything takes.
PATIENCE = 120.0


def _env(data_dir: Path) -> dict[str, str]:
    """The embedded database in `data_dir`, whatever the environment running the tests sets."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("CUIC_")}
    env["CUIC_DATA_DIR"] = str(data_dir)
    return env


def _cuic(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gql.cli", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _postmaster_pid(data_dir: Path) -> int | None:
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not reaped it yet


def _assert_cluster_stopped(data_dir: Path, postmaster: int) -> None:
    assert _postmaster_pid(data_dir) is None, "postmaster.pid is still there"
    assert not _running(postmaster), f"the postmaster {postmaster} still runs"
    handles = json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text())
    assert handles == [], f"dead processes left in the cluster's handle list: {handles}"


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Not under tmp_path: when the tests run as root, PostgreSQL runs as another user, and
    # pytest keeps its own temporary root private (and may make it so again at any moment).
    parent = Path(tempfile.mkdtemp(prefix="cuic-serve-test-"))
    directory = parent / "data"
    yield directory
    # A failed test may leave its cluster running: stop it (fast shutdown), it is this test's own.
    pid = _postmaster_pid(directory)
    if pid is not None and _running(pid):
        os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + PATIENCE
        while _running(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    shutil.rmtree(parent, ignore_errors=True)


class Serving:
    """`cuic serve` on a free port, waited for until /healthz answers."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = data_dir.parent / f"serve-{self.port}.out"
        with self.output.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gql.cli", "serve", "--port", str(self.port), *args],
                env=_env(data_dir),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + PATIENCE
        while not self._healthy():
            if self.process.poll() is not None:
                raise AssertionError(f"cuic serve exited with {self.process.returncode}:\n{self.printed()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"cuic serve did not start:\n{self.printed()}")
            time.sleep(0.2)
        postmaster = _postmaster_pid(data_dir)
        assert postmaster is not None
        self.postmaster: int = postmaster

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def printed(self) -> str:
        return self.output.read_text()

    def demo_token(self) -> str | None:
        match = re.search(r"^demo token \(agent admin\): (\S+)$", self.printed(), re.MULTILINE)
        return match.group(1) if match else None

    def viewer(self, token: str) -> httpx.Response:
        return httpx.post(
            f"{self.url}/graphql",
            json={"query": "{ viewer { login } }"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )

    def page_configs(self) -> tuple[dict[str, Any], str]:
        """The configuration `/` embeds, and the headers GraphiQL opens with."""
        screen = httpx.get(f"{self.url}/", timeout=10).text
        graphiql = httpx.get(f"{self.url}/graphql", headers={"Accept": "text/html"}, timeout=10).text
        configs = [
            json.loads(re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.DOTALL)[1])  # type: ignore[index]
            for name, page in (("cuic-config", screen), ("graphiql-config", graphiql))
        ]
        return configs[0], configs[1]["headers"]

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=PATIENCE)

    def __enter__(self) -> Serving:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _request_in_flight(port: int, token: str) -> tuple[socket.socket, bytes]:
    """A POST whose body is held back once the app has asked for it (`100 Continue`): a
    request the server is in the middle of."""
    body = json.dumps({"query": "{ viewer { login } }"}).encode()
    connection = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
    connection.sendall(
        (
            f"POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
        ).encode()
    )
    assert connection.recv(64).startswith(b"HTTP/1.1 100 Continue")
    return connection, body


def _wait_until_refused(port: int) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except ConnectionRefusedError:
            return
        time.sleep(0.05)
    raise AssertionError("the server kept accepting connections after SIGTERM")


def _read_response(connection: socket.socket) -> tuple[str, Any]:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), json.loads(body)


def test_own_data_serves_without_a_demo_token_and_sigterm_stops_everything(data_dir: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.jsonl"
    own.write_text("\n".join(json.dumps(record) for record in dataset.records()) + "\n", encoding="utf-8")
    assert _cuic(data_dir, "migrate").returncode == 0
    imported = _cuic(data_dir, "import", str(own))
    assert imported.returncode == 0, imported.stderr
    created = _cuic(data_dir, "token", "create", "alice")
    assert created.returncode == 0, created.stderr
    alice = created.stdout.strip().splitlines()[-1]

    with Serving(data_dir) as served:
        # No agent `admin` here: no demo token, and the start message says how to get a token.
        printed = served.printed()
        assert "Traceback" not in printed
        assert served.demo_token() is None
        assert NO_DEMO_TOKEN in printed and CREATE_A_TOKEN in printed
        assert served.page_configs() == ({}, "")
        assert served.viewer(alice).json() == {"data": {"viewer": {"login": "alice"}}}

        connection, body = _request_in_flight(served.port, alice)
        served.process.send_signal(signal.SIGTERM)
        _wait_until_refused(served.port)  # shutting down, and the request still open
        connection.sendall(body)
        status, answer = _read_response(connection)
        connection.close()
        assert status == "HTTP/1.1 200 OK"
        assert answer == {"data": {"viewer": {"login": "alice"}}}
        assert served.process.wait(timeout=PATIENCE) == 0, served.printed()
    _assert_cluster_stopped(data_dir, served.postmaster)
    # The pool was closed before the cluster stopped: no session of it was cut off.
    assert "terminating connection due to administrator command" not in (data_dir / "pgdata" / "log").read_text()


def test_the_demo_token_is_offered_live_and_on_loopback_only(data_dir: Path) -> None:
    with Serving(data_dir, "--workers", "2") as first_start:
        token = first_start.demo_token()
        assert token is not None, first_start.printed()
        assert first_start.page_configs() == (
            {"demoToken": token},
            json.dumps({"Authorization": f"Bearer {token}"}, indent=2),
        )
        assert first_start.viewer(token).json() == {"data": {"viewer": {"login": "admin"}}}
        assert first_start.terminate() == 0, first_start.printed()
    _assert_cluster_stopped(data_dir, first_start.postmaster)

    revoked = _cuic(data_dir, "token", "revoke", token[:10])
    assert revoked.returncode == 0, revoked.stderr
    with Serving(data_dir) as restarted:
        renewed = restarted.demo_token()
        assert renewed is not None and renewed != token
        assert restarted.page_configs()[0] == {"demoToken": renewed}
        assert restarted.viewer(renewed).status_code == 200
        assert restarted.viewer(token).status_code == 401
        assert restarted.terminate() == 0
    token_file = data_dir / "demo-token"
    assert token_file.read_text().strip() == renewed
    assert token_file.stat().st_mode & 0o777 == 0o600

    with Serving(data_dir, "--host", "0.0.0.0") as everywhere:
        assert everywhere.demo_token() is None
        assert renewed not in everywhere.printed() and NO_DEMO_TOKEN in everywhere.printed()
        assert everywhere.page_configs() == ({}, "")
        assert everywhere.terminate() == 0
    _assert_cluster_stopped(data_dir, everywhere.postmaster)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("cuic.example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["192.0.2.1", "no-such-host.invalid"])  # not this machine's; no such name
def test_an_address_the_server_cannot_listen_on_is_named(host: str) -> None:
    with pytest.raises(CommandError) as refused:
        check_port(host, 8000)
    message = str(refused.value)
    assert message.startswith(f"cannot listen on {host}:8000: ") and "\n" not in message


async def test_the_demo_token_needs_loopback_and_demo_data_only(connection: asyncpg.Connection) -> None:
    assert await demo_token(connection, None, "127.0.0.1") is None  # an empty database
    await load_demo(connection, customer_users=5)
    token = await demo_token(connection, None, "127.0.0.1")
    assert token is not None and await token_is_live(connection, token)
    assert await demo_token(connection, token, "localhost") == token
    for host in ("0.0.0.0", "::", "192.168.1.10"):
        assert await demo_token(connection, token, host) is None

    queue = json.dumps({"type": "queue", "name": "Mine", "group": "users"})
    await import_records(connection, [queue], dry_run=True)
    assert await demo_token(connection, token, "127.0.0.1") == token, "a dry run writes nothing"
    await import_records(connection, [queue])
    assert await demo_token(connection, token, "127.0.0.1") is None, "real data was imported"


async def test_a_revoked_or_deleted_demo_token_is_replaced(connection: asyncpg.Connection) -> None:
    await load_demo(connection, customer_users=5)
    first = await demo_token(connection, None, "127.0.0.1")
    assert first is not None
    await revoke_token(connection, first[:10])
    second = await demo_token(connection, first, "127.0.0.1")
    assert second is not None and second != first and await token_is_live(connection, second)
    await connection.execute("DELETE FROM api_token")
    third = await demo_token(connection, second, "127.0.0.1")
    assert third not in (None, second) and await token_is_live(connection, third or "")


async def test_without_the_demo_agent_there_is_no_demo_token(connection: asyncpg.Connection) -> None:
    await set_demo_marker(connection)  # demo data, but no agent `admin` (deleted since)
    assert await demo_token(connection, None, "127.0.0.1") is None
