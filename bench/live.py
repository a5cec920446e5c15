"""Live updates and ingest, on one worker.

    uv run python bench/live.py                 # a throwaway embedded PostgreSQL
    CUIC_DATABASE_URL=postgresql://… uv run python bench/live.py

1. Ingest: POST /ingest of 1 record and of 100 records (p50 over many requests), and of one
   100 000-record body (records/s), with no subscription open.
2. Live: 1 000 subscriptions (`customerUserUpdated` with the whole CUIC screen) over 200
   customer users, on 100 WebSocket connections to ONE worker (`cuic serve`, a process of
   its own); then ingests that each touch 50 of the users (a new ticket each): the time from
   sending the ingest until every affected subscription has its push (p50, p99, max), and
   the worker's CPU and memory per idle subscription.

Prints a table and writes bench/results/live.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import psutil

from db.demo import load_demo
from db.embedded import start_embedded
from db.migrate import apply_migrations
from db.tokens import create_token

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.live.clients import graphql_ws  # the tests' own client

RESULTS = Path(__file__).parent / "results"
SCREEN = """subscription Screen($login: String!) { customerUserUpdated(login: $login) {
  login fullName
  customerIds { customerId name isPrimary inProgressCount closedCount }
  assignedConfigItems(first: 10) { totalCount nodes { number name class changedAt } }
  reminderTickets(first: 10) { totalCount nodes { number title pendingSince } }
  escalatedTickets(first: 10) { totalCount nodes { number title escalationAt } }
  newTickets(first: 10) { totalCount nodes { number title createdAt } }
  openTickets(first: 10) { totalCount scopeCounts { all myLocked myResponsibilities myQueues myWatched }
    nodes { number title status { name } queue { name } owner { login } } }
  closedTickets(first: 10) { totalCount nodes { number title statusChangedAt } }
  information { email phone customerId }
  customer { name city }
} }"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ticket(number: str, login: str, now: datetime) -> dict[str, Any]:
    return {
        "type": "ticket",
        "number": number,
        "title": f"Bench {number}",
        "status": "open",
        "queue": "Service Desk",
        "customer_user": login,
        "created_at": now.isoformat(),
        "changed_at": now.isoformat(),
    }


def body(records: list[dict[str, Any]]) -> bytes:
    return b"\n".join(orjson.dumps(record) for record in records) + b"\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def prepare(url: str, subscriptions: int) -> tuple[list[str], list[str], str]:
    """200 customer users, one read token per subscription (all of the demo agent who reads
    every queue), and an ingest token."""
    connection = await asyncpg.connect(url)
    try:
        await apply_migrations(connection)
        if not await connection.fetchval("SELECT EXISTS (SELECT 1 FROM customer_user)"):
            await load_demo(connection, customer_users=200)
        logins = [r["login"] for r in await connection.fetch("SELECT login FROM customer_user ORDER BY id LIMIT 200")]
        agent = "admin"
        reads = [await create_token(connection, agent, f"bench-{n}") for n in range(subscriptions)]
        hook = await create_token(connection, agent, "bench-hook", scope="ingest")
        return logins, reads, hook
    finally:
        await connection.close()


class Worker:
    """`cuic serve` with one worker, on the given database."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CUIC_DATABASE_URL": url, "CUIC_LOG_LEVEL": "WARNING"}
        # CUIC_BENCH_PROFILE=FILE: the worker runs under cProfile, its stats written to FILE.
        profile = os.environ.get("CUIC_BENCH_PROFILE")
        profiler = ["-m", "cProfile", "-o", profile] if profile else []
        self.process = subprocess.Popen(
            [sys.executable, *profiler, "-m", "gql.cli", "serve", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("cuic serve did not start")
            time.sleep(0.2)
        self.ps = psutil.Process(self.process.pid)

    def rss(self) -> int:
        return int(self.ps.memory_info().rss)

    def cpu(self) -> float:
        times = self.ps.cpu_times()
        return float(times.user + times.system)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


async def bench_ingest(worker: Worker, hook: str, logins: list[str], lines: list[str]) -> None:
    headers = {"Authorization": f"Bearer {hook}", "Content-Type": "application/x-ndjson"}
    now = datetime.now(UTC)
    async with httpx.AsyncClient(base_url=worker.url, timeout=600) as client:
        for size, rounds in ((1, 60), (100, 30)):
            seconds = []
            for n in range(rounds):
                records = [ticket(f"IN{size}-{n}-{k}", logins[k % len(logins)], now) for k in range(size)]
                started = time.perf_counter()
                answer = await client.post("/ingest", content=body(records), headers=headers)
                seconds.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
            lines.append(
                f"ingest {size:>3}-record request: p50 {statistics.median(seconds) * 1000:.1f} ms,"
                f" p90 {percentile(seconds, 0.9) * 1000:.1f} ms ({rounds} requests)"
            )
        big = body([ticket(f"BULK-{k}", logins[k % len(logins)], now - timedelta(seconds=k)) for k in range(100_000)])
        started = time.perf_counter()
        answer = await client.post("/ingest", content=big, headers=headers)
        elapsed = time.perf_counter() - started
        assert answer.status_code == 200, answer.text
        size = f"{len(big) / 1e6:.1f} MB"
        lines.append(f"ingest 100 000-record request ({size}): {elapsed:.1f} s = {100_000 / elapsed:,.0f} records/s")


async def bench_live(
    worker: Worker, reads: list[str], hook: str, logins: list[str], lines: list[str], rounds: int, shared: bool
) -> None:
    """`shared`: every subscription with the same token (their pushes share loaders); else
    a token of its own per connection, as agents' browsers have."""
    subscriptions, per_connection = 1000, 10
    lines.append(
        "one token for all 1 000 subscriptions:"
        if shared
        else "a token of its own per connection (100 connections of 10 subscriptions):"
    )
    await asyncio.sleep(2)
    rss_before = worker.rss()
    async with asyncio.TaskGroup() as group:
        connections = [
            group.create_task(_open(worker.url, reads[0 if shared else c]))
            for c in range(subscriptions // per_connection)
        ]
    clients = [task.result() for task in connections]
    try:
        started = time.perf_counter()
        ids: dict[str, str] = {}
        for n in range(subscriptions):
            client = clients[n // per_connection][1]
            login = logins[n % len(logins)]
            ids[f"{n}"] = login
            await client.subscribe(f"{n}", SCREEN, {"login": login})
        for n in range(subscriptions):
            await clients[n // per_connection][1].data(f"{n}", 120)
        took = time.perf_counter() - started
        lines.append(f"1 000 subscriptions over 200 users, 100 connections: first pushes in {took:.1f} s")
        await asyncio.sleep(5)
        idle_cpu_start, idle_started = worker.cpu(), time.perf_counter()
        await asyncio.sleep(30)
        idle_cpu = (worker.cpu() - idle_cpu_start) / (time.perf_counter() - idle_started)
        rss_after = worker.rss()
        lines.append(
            f"idle: worker RSS {rss_before / 1e6:.0f} MB -> {rss_after / 1e6:.0f} MB"
            f" = {(rss_after - rss_before) / subscriptions / 1024:.1f} KiB per subscription;"
            f" CPU {idle_cpu * 100:.2f} % of a core with 1 000 idle subscriptions"
        )
        latencies: list[float] = []
        push_cpu: list[float] = []
        headers = {"Authorization": f"Bearer {hook}", "Content-Type": "application/x-ndjson"}
        async with httpx.AsyncClient(base_url=worker.url, timeout=60) as http:
            for round_number in range(rounds):
                touched = logins[(round_number * 50) % 200 :][:50]
                if len(touched) < 50:
                    touched += logins[: 50 - len(touched)]
                affected = [n for n in range(subscriptions) if ids[f"{n}"] in touched]
                now = datetime.now(UTC)
                records = [ticket(f"LIVE-{round_number}-{k}", login, now) for k, login in enumerate(touched)]
                cpu_start = worker.cpu()
                sent = time.perf_counter()
                answer = await http.post("/ingest", content=body(records), headers=headers)
                assert answer.status_code == 200, answer.text

                arrivals = [_arrival(clients[n // per_connection][1], n, sent) for n in affected]
                latencies += await asyncio.gather(*arrivals)
                push_cpu.append(worker.cpu() - cpu_start)
                await asyncio.sleep(1)
        lines.append(
            f"ingest touching 50 users ({len(affected)} subscriptions), {rounds} rounds: every push within"
            f" p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms,"
            f" max {max(latencies) * 1000:.0f} ms of sending the ingest;"
            f" worker CPU {statistics.median(push_cpu) * 1000:.0f} ms per round"
        )
    finally:
        for socket_context, _client in clients:
            await socket_context.__aexit__(None, None, None)


async def _arrival(client: Any, n: int, sent: float) -> float:
    """Seconds from `sent` until subscription `n` has its next push."""
    await client.data(f"{n}", 60)
    return time.perf_counter() - sent


async def _open(url: str, token: str) -> tuple[Any, Any]:
    context = graphql_ws(url, token, max_size=None)
    client = await context.__aenter__()
    return context, client


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10, help="ingests touching 50 users")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--only", choices=["shared", "own"], help="one of the two token setups")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="cuic-bench-live-"))
    try:
        url = os.environ.get("CUIC_DATABASE_URL") or start_embedded(scratch / "data")
        logins, reads, hook = await prepare(url, 100)
        lines = [f"cuic live bench, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, one worker"]
        worker = Worker(url)
        try:
            if not args.skip_ingest:
                await bench_ingest(worker, hook, logins, lines)
        finally:
            worker.stop()
        for shared in [only == "shared" for only in ([args.only] if args.only else ["own", "shared"])]:
            # A worker of its own for each: the memory per subscription starts from the same point.
            worker = Worker(url)
            try:
                await bench_live(worker, reads, hook, logins, lines, args.rounds, shared)
            finally:
                worker.stop()
        text = "\n".join(lines) + "\n"
        print(text)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "live.txt").write_text(text, encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
