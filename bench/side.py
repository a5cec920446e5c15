"""Issue 12 side by side: cuic on the planned executor, cuic on graphql-core's executor
(CUIC_PLANNED_EXECUTOR=false, the "before") and PostGraphile 5, on the same database in
the same run, under the same load.

    uv run python -m bench.side [--label issue12] [--duration 10] [--requests 3000]

Per server, one worker: the typical user's full page at c=1, the heaviest user's, the
Open Tickets page after the heaviest user's 1000th ticket, `customerUsers(search:,
first: 20)` with Customer IDs for narrow searches (a login each) and for one that
matches every user (`customer.ex`, in every e-mail address), each 10 s at c=1; then
random users' full pages at c=8 with one worker and with two, each over a fixed number
of requests, with the CPU time (utime + stime, children included) of the server's
process tree and of all PostgreSQL processes (the postmaster and its children) divided
by the requests. The database is read into shared_buffers first (pg_prewarm), so
the order of the servers does not decide whose cache is cold. PostGraphile has no equivalent of the search (n/a). Writes
bench/results/<label>/: every wrk output with its command, summary.json and table.md
(`uv run python -m bench.table --side <label>`). `bash bench/run.sh --side <label>`
runs it from nothing (data, PostGraphile). Needs the bench database and wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import psutil

from bench.pg import DATA, database_url
from bench.run import (
    RESULTS,
    Server,
    bodies_file,
    deep_cursor,
    machine,
    pick_users,
    start_cuic,
    start_pgl,
    statements,
    wrk,
)

BROAD_SEARCH = "customer.ex"
NARROW_SEARCHES = 8
DEEP_SKIP = 1000
# A bound only: the c=8 cells stop after --requests responses.
REQUESTS_BOUND_S = 300


@dataclass(frozen=True)
class System:
    title: str
    start: Callable[[str, int], Server]
    page: str
    deep: str
    deep_root: str
    # The search with its exact totalCount, then with the capped count the screen asks for.
    searches: tuple[str, ...]


SYSTEMS = {
    "planned": System(
        "cuic planned",
        functools.partial(start_cuic, planned=True),
        "full_page.graphql",
        "deep_page.graphql",
        "customerUser",
        ("list.graphql", "list_capped.graphql"),
    ),
    "core": System(
        "cuic graphql-core",
        functools.partial(start_cuic, planned=False),
        "full_page.graphql",
        "deep_page.graphql",
        "customerUser",
        ("list.graphql", "list_capped.graphql"),
    ),
    "pgl": System(
        "PostGraphile", start_pgl, "pgl_full_page.graphql", "pgl_deep_page.graphql", "customerUserByLogin", ()
    ),
}


async def postmaster_pid(url: str) -> int:
    """The postmaster of the bench database: the parent of a backend (same machine)."""
    connection = await asyncpg.connect(url)
    try:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
        return int(psutil.Process(backend).ppid())
    finally:
        await connection.close()


async def prewarm(url: str) -> int:
    """Read the database into shared_buffers (682 MB < 1 GB), so the server measured first
    does not pay for the others' warm cache; returns the pages read."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        pages = await connection.fetchval(
            """SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'm')"""
        )
        return int(pages)
    finally:
        await connection.close()


def uptime() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def check_page(system: str, server: Server, bodies: Path, token: str) -> int | None:
    count, ok = statements(server, bodies.read_text().splitlines()[0], token)
    if not ok:
        raise SystemExit(f"{system}: {bodies.name} answers with errors")
    return count


def run_system(
    key: str, workers: int, users: dict[str, Any], url: str, token: str, postmaster: int, args: argparse.Namespace
) -> dict[str, Any]:
    system = SYSTEMS[key]
    label = args.label
    results: dict[str, Any] = {}

    def cell(name: str, bodies: Path, connections: int = 1, duration: int = args.duration, **kwargs: Any) -> None:
        result = wrk(f"{key}-{name}", server, bodies, token, connections, duration, label, **kwargs)
        result["load1"] = round(os.getloadavg()[0], 2)
        results[name] = result

    page = functools.partial(bodies_file, query_file=system.page)
    random_users = page(f"{key}-random", variables=[{"login": login} for login in users["random"]])
    server = system.start(url, workers)
    try:
        if workers == 1:
            typical = page(f"{key}-typical", variables=[{"login": users["typical"]}])
            heavy = page(f"{key}-heavy", variables=[{"login": users["heavy"]}])
            results["statements_typical"] = check_page(key, server, typical, token)
            results["statements_heavy"] = check_page(key, server, heavy, token)
            cell("c1_typical", typical)
            cell("c1_heavy", heavy)
            cursor = deep_cursor(server, token, users["heavy"], DEEP_SKIP, system.deep, system.deep_root)
            deep = bodies_file(f"{key}-deep", system.deep, [{"login": users["heavy"], "after": cursor}])
            results["statements_deep"] = check_page(key, server, deep, token)
            cell("deep_c1", deep)
            narrow = [users["typical"], *users["random"][: NARROW_SEARCHES - 1]]
            for document, prefix in zip(system.searches, ("search", "capped"), strict=False):
                for name, terms in ((f"{prefix}_narrow_c1", narrow), (f"{prefix}_broad_c1", [BROAD_SEARCH])):
                    bodies = bodies_file(f"{key}-{name}", document, [{"search": term} for term in terms])
                    results[f"statements_{name}"] = check_page(key, server, bodies, token)
                    cell(name, bodies)
        roots = {"server": server.process.pid, "postgres": postmaster}
        cell(f"w{workers}_c8", random_users, 8, REQUESTS_BOUND_S, requests=args.requests, cpu_roots=roots)
        if (results[f"w{workers}_c8"]["requests"] or 0) < args.requests:
            raise SystemExit(f"{key} w{workers}_c8: fewer than {args.requests} requests in {REQUESTS_BOUND_S} s")
    finally:
        server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", default="issue12")
    parser.add_argument("--duration", type=int, default=10, help="seconds per c=1 cell")
    parser.add_argument("--requests", type=int, default=3000, help="requests per c=8 cell (CPU per page)")
    parser.add_argument("--only", choices=tuple(SYSTEMS), action="append", help="these servers only")
    args = parser.parse_args()
    # Interrupted (run.sh killed, say): stop the servers on the way out, not leave them running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database_url()
    token = (DATA / "token").read_text().strip()
    (RESULTS / args.label).mkdir(parents=True, exist_ok=True)
    users = asyncio.run(pick_users(url))
    postmaster = asyncio.run(postmaster_pid(url))
    print(f"prewarmed {asyncio.run(prewarm(url)) * 8 // 1024} MB into shared_buffers", flush=True)
    started = time.monotonic()
    summary: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "users": {"heavy": users["heavy"], "typical": users["typical"], "random": len(users["random"])},
        "requests_per_c8_cell": args.requests,
        "load": {"start": uptime()},
        "systems": {key: {"title": system.title} for key, system in SYSTEMS.items()},
    }
    print(json.dumps(summary["machine"]), f"load {summary['load']['start']}", flush=True)
    for workers in (1, 2):
        for key in SYSTEMS:
            if not args.only or key in args.only:
                summary["systems"][key].update(run_system(key, workers, users, url, token, postmaster, args))
    summary["load"]["end"] = uptime()
    summary["seconds"] = round(time.monotonic() - started)
    (RESULTS / args.label / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(f"done in {summary['seconds']} s; load {summary['load']}", flush=True)


if __name__ == "__main__":
    main()
