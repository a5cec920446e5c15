"""Soak: a running cuic under steady mixed load, with its memory and p99 over time.

    uv run --with matplotlib python bench/soak.py --url http://127.0.0.1:8000 --token TOKEN \\
        --rate 400 --duration 600

Sends, at a fixed rate (open loop), 85 % full CUIC pages for random customer users, 10 %
searches and 5 % settings updates (and resets). Every 10 s it records requests, errors, p50
and p99 and the RSS of the server's processes (found by the listening port). Writes
bench/results/soak.csv and bench/results/soak.png and exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import random
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

RESULTS = Path(__file__).parent / "results"
FULL_PAGE = (
    (Path(__file__).parent / "queries" / "full_page.graphql").read_text(encoding="utf-8")
    if (Path(__file__).parent / "queries" / "full_page.graphql").exists()
    else """query FullPage($login: String!) { customerUser(login: $login) {
  login fullName
  customerIds { customerId name inProgressCount closedCount }
  assignedConfigItems(first: 10) { totalCount nodes { number name class } }
  reminderTickets(first: 10) { totalCount nodes { number title pendingSince } }
  escalatedTickets(first: 10) { totalCount nodes { number title escalationAt } }
  newTickets(first: 10) { totalCount nodes { number title createdAt } }
  openTickets(first: 10) { totalCount scopeCounts { all myLocked myResponsibilities myQueues myWatched }
    nodes { number title status { name } queue { name } owner { login } } }
  closedTickets(first: 10) { totalCount nodes { number title statusChangedAt } }
  information { email phone customerId }
  customer { name city }
} }"""
)
SEARCH = "query Search($s: String) { customerUsers(search: $s, first: 20) { totalCount nodes { login fullName } } }"
UPDATE = """mutation Settings($input: UpdateWidgetSettingsInput!) {
  updateWidgetSettings(input: $input) { widgetSettings { key position pageSize } } }"""
RESET = "mutation Reset { resetWidgetSettings { widgetSettings { key } } }"
WIDGETS = ["CUSTOMER_IDS", "ASSIGNED_CIS", "REMINDER_TICKETS", "ESCALATED_TICKETS", "NEW_TICKETS", "OPEN_TICKETS"]


def server_processes(url: str) -> list[psutil.Process]:
    port = urlsplit(url).port or 80
    pids = {c.pid for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port and c.pid}
    processes = [psutil.Process(pid) for pid in pids]
    for process in list(processes):
        processes += process.children(recursive=True)
    return list({p.pid: p for p in processes}.values())


def rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 2**20


async def logins(client: httpx.AsyncClient, count: int = 500) -> list[str]:
    found: list[str] = []
    after = None
    while len(found) < count:
        body = (
            await client.post(
                "/graphql",
                json={
                    "query": "query($a: String) { customerUsers(first: 100, after: $a) "
                    "{ nodes { login } pageInfo { hasNextPage endCursor } } }",
                    "variables": {"a": after},
                },
            )
        ).json()["data"]["customerUsers"]
        found += [n["login"] for n in body["nodes"]]
        if not body["pageInfo"]["hasNextPage"]:
            break
        after = body["pageInfo"]["endCursor"]
    return found


def request_body(users: list[str], rng: random.Random) -> dict[str, object]:
    roll = rng.random()
    if roll < 0.85:
        return {"query": FULL_PAGE, "variables": {"login": rng.choice(users)}}
    if roll < 0.95:
        # A search as an agent types it: most of a login (broad 3-letter terms that match tens of
        # thousands of users are a workload of their own: bench/README.md, workload 3).
        login = rng.choice(users)
        return {"query": SEARCH, "variables": {"s": login[: max(4, len(login) - 2)]}}
    if roll < 0.99:
        change = {"key": rng.choice(WIDGETS), "position": rng.randint(1, 9), "pageSize": rng.randint(5, 20)}
        return {"query": UPDATE, "variables": {"input": {"settings": [change]}}}
    return {"query": RESET}


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--rate", type=float, default=200, help="requests per second")
    parser.add_argument("--duration", type=float, default=600, help="seconds")
    parser.add_argument("--window", type=float, default=10, help="seconds per sample")
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    headers = {"Authorization": f"Bearer {args.token}"}
    async with httpx.AsyncClient(base_url=args.url, headers=headers, limits=limits, timeout=30) as client:
        users = await logins(client)
        processes = server_processes(args.url)
        latencies: list[float] = []
        failures = 0
        total_failures = 0
        rows: list[dict[str, float]] = []
        in_flight: set[asyncio.Task[None]] = set()

        async def one(body: dict[str, object]) -> None:
            nonlocal failures
            started = time.perf_counter()
            try:
                response = await client.post("/graphql", json=body)
                if response.status_code != 200 or "errors" in response.json():
                    failures += 1
            except httpx.HTTPError:
                failures += 1
            latencies.append((time.perf_counter() - started) * 1000)

        start = time.perf_counter()
        next_sample = start + args.window
        sent = 0
        while (now := time.perf_counter()) - start < args.duration:
            due = int((now - start) * args.rate)
            while sent < due:
                task = asyncio.create_task(one(request_body(users, rng)))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                sent += 1
            if now >= next_sample:
                window, latencies = latencies, []
                quantiles = statistics.quantiles(window, n=100) if len(window) > 1 else [0.0] * 99
                rows.append(
                    {
                        "seconds": round(now - start, 1),
                        "requests": len(window),
                        "failures": failures,
                        "p50_ms": round(quantiles[49], 2),
                        "p99_ms": round(quantiles[98], 2),
                        "rss_mb": round(rss_mb(processes), 1),
                    }
                )
                total_failures += failures
                failures = 0
                print(rows[-1], flush=True)
                next_sample += args.window
            await asyncio.sleep(0.002)
        await asyncio.gather(*in_flight)
        total_failures += failures

    with (RESULTS / "soak.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
        seconds = [r["seconds"] for r in rows]
        top.plot(seconds, [r["rss_mb"] for r in rows], label="RSS of the server (MB)")
        top.set_ylabel("MB")
        top.set_ylim(bottom=0)
        top.legend()
        bottom.plot(seconds, [r["p99_ms"] for r in rows], label="p99 (ms)", color="tab:red")
        bottom.plot(seconds, [r["p50_ms"] for r in rows], label="p50 (ms)", color="tab:green")
        bottom.set_ylabel("ms")
        bottom.set_xlabel("seconds")
        bottom.set_ylim(bottom=0)
        bottom.legend()
        figure.suptitle(f"cuic soak: {args.rate:.0f} req/s for {args.duration:.0f} s, {total_failures} failures")
        figure.tight_layout()
        figure.savefig(RESULTS / "soak.png", dpi=100)
    except ImportError:
        print("matplotlib is not installed: run with `uv run --with matplotlib` for the PNG")
    print(f"sent {sent} requests, {total_failures} failed")
    return 1 if total_failures else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
