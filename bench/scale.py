"""Scale-out bench: requests/s of the full CUIC page with 1, 2 and 4 workers, direct or
through PgBouncer (transaction mode), with or without a streaming read replica.

    uv run python -m bench.scale [--customer-users 10000] [--duration 10] [--connections 16]

Builds its own topology in a temporary directory (tests/clusters.py): a primary, a hot
standby made by pg_basebackup -R, and one PgBouncer 1.18 in front of each. Loads a smaller
data set than bench/run.py (bench/make_data.py with 10 000 customer users, ~90 000 tickets,
no heavy users), then runs `cuic serve --workers N` for every combination under `wrk`
(random users' full pages, bench/queries/full_page.graphql). Writes bench/results/scale/.
Needs wrk and pgbouncer (Debian packages).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from prometheus_client.parser import text_string_to_metric_families

from bench.make_data import bench_records
from bench.run import RESULTS, ROOT, Server, bodies_file, cpu_seconds, machine, serve_argv, wrk
from db.importer import import_records
from db.migrate import apply_migrations
from db.tokens import create_token
from tests.clusters import PgBouncer, Topology
from tests.serve_process import free_port

LABEL = "scale"
DATABASE = "cuic"


def write_data(customer_users: int) -> Path:
    path = RESULTS / "tmp" / "scale.jsonl"
    with path.open("wb") as out:
        for record in bench_records(customer_users, customer_users // 5, 0, 0):
            out.write(orjson.dumps(record) + b"\n")
    return path


async def load(topology: Topology, data: Path) -> tuple[str, list[str]]:
    admin = await asyncpg.connect(topology.primary("postgres"))
    await admin.execute(f"CREATE DATABASE {DATABASE}")
    await admin.close()
    connection = await asyncpg.connect(topology.primary(DATABASE))
    try:
        await apply_migrations(connection)
        started = time.perf_counter()
        with data.open(encoding="utf-8") as source:
            summary = await import_records(connection, source)
        print(f"imported {summary.line_count:,} records in {time.perf_counter() - started:.1f} s", flush=True)
        await connection.execute("VACUUM ANALYZE")
        token = await create_token(connection, "support")
        await connection.execute("SELECT setseed(0.25)")
        logins = [
            r["login"] for r in await connection.fetch("SELECT login FROM customer_user ORDER BY random() LIMIT 2000")
        ]
        tickets = await connection.fetchval("SELECT count(*) FROM ticket")
    finally:
        await connection.close()
    print(f"{tickets:,} tickets; waiting for the standby", flush=True)
    while True:
        try:
            standby = await asyncpg.connect(topology.standby.url(DATABASE))
            try:
                if await standby.fetchval("SELECT count(*) FROM api_token") == 1:
                    break
            finally:
                await standby.close()
        except (asyncpg.InvalidCatalogNameError, asyncpg.UndefinedTableError):
            pass
        await asyncio.sleep(0.2)
    return token, logins


def postmaster(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split()[0])


class CpuMeter:
    """CPU per request of every part: the cuic processes, each PostgreSQL, each PgBouncer."""

    def __init__(self, roots: dict[str, int], url: str) -> None:
        self.roots = roots
        self.url = url

    def snapshot(self) -> tuple[dict[str, float], float]:
        text = httpx.get(f"{self.url}/metrics", timeout=10).text
        return {name: cpu_seconds(pid) for name, pid in self.roots.items()}, metric(text, "cuic_requests_total")

    def per_request(self, before: tuple[dict[str, float], float]) -> dict[str, float]:
        after = self.snapshot()
        requests = max(after[1] - before[1], 1)
        return {name: round((after[0][name] - before[0][name]) / requests * 1000, 2) for name in self.roots}


def metric(text: str, name: str, **labels: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customer-users", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--bouncer-pool", type=int, default=10, help="PgBouncer server connections per database")
    parser.add_argument("--rounds", type=int, default=2, help="the whole matrix this often; each cell's best counts")
    args = parser.parse_args()
    (RESULTS / LABEL).mkdir(parents=True, exist_ok=True)
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)
    topology = Topology()
    bouncers: list[PgBouncer] = []
    summary: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "runs": {}}
    try:
        token, logins = asyncio.run(load(topology, write_data(args.customer_users)))
        primary_bouncer = PgBouncer(topology.primary_url, pool_size=args.bouncer_pool)
        standby_bouncer = PgBouncer(topology.standby.url("postgres"), pool_size=args.bouncer_pool)
        bouncers = [primary_bouncer, standby_bouncer]
        direct = topology.primary(DATABASE)
        setups: dict[str, dict[str, str]] = {
            "direct": {"CUIC_DATABASE_URL": direct},
            "replica": {"CUIC_DATABASE_URL": direct, "CUIC_DATABASE_READ_URL": topology.standby.url(DATABASE)},
            "pgbouncer": {
                "CUIC_DATABASE_URL": primary_bouncer.url(DATABASE),
                "CUIC_DATABASE_DIRECT_URL": direct,
                "CUIC_DATABASE_POOLER": "transaction",
            },
            "pgbouncer+replica": {
                "CUIC_DATABASE_URL": primary_bouncer.url(DATABASE),
                "CUIC_DATABASE_READ_URL": standby_bouncer.url(DATABASE),
                "CUIC_DATABASE_DIRECT_URL": direct,
                "CUIC_DATABASE_POOLER": "transaction",
            },
        }
        bodies = bodies_file("scale-random", "full_page.graphql", [{"login": login} for login in logins])
        print(json.dumps(summary["machine"]), flush=True)
        cells = [(setup, workers) for setup in setups for workers in (1, 2, 4)]
        for round_number in range(args.rounds):
            # Every other round backwards: drifting load from outside touches every cell alike.
            for setup, workers in cells if round_number % 2 == 0 else reversed(cells):
                roots = {
                    "primary": postmaster(topology.primary_pgdata),
                    "standby": postmaster(topology.standby.pgdata),
                    "pgbouncer": primary_bouncer.process.pid,
                    "pgbouncer_standby": standby_bouncer.process.pid,
                }
                result = run(setup, setups[setup], workers, bodies, token, args, round_number, roots)
                summary.setdefault("rounds", {}).setdefault(f"{setup}-w{workers}", []).append(result)
        for cell, results in summary["rounds"].items():
            summary["runs"][cell] = max(results, key=lambda result: result["rps"] or 0)
        (RESULTS / LABEL / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        print_table(summary, args)
    finally:
        for index, bouncer in enumerate(bouncers):
            # Kept for a look when a cell goes wrong: PgBouncer's view of the clients and servers.
            (RESULTS / "tmp" / f"scale-pgbouncer-{index}.log").write_text(bouncer.log())
            bouncer.close()
        topology.close()


def run(
    setup: str,
    env: dict[str, str],
    workers: int,
    bodies: Path,
    token: str,
    args: argparse.Namespace,
    round_number: int,
    roots: dict[str, int],
) -> Any:
    port = free_port()
    argv = serve_argv(port, workers)
    url = f"http://127.0.0.1:{port}"
    server = Server(f"scale-{setup}-w{workers}", argv, {**env, "CUIC_LOG_FORMAT": "json"}, ROOT, f"{url}/graphql")
    try:
        load_before = os.getloadavg()[0]
        meter = CpuMeter({"cuic": server.process.pid, **roots}, url)
        name = f"{setup}-w{workers}-c{args.connections}-r{round_number + 1}"
        before = meter.snapshot()
        result: dict[str, Any] = wrk(name, server, bodies, token, args.connections, args.duration, LABEL)
        result["cpu_ms_per_request"] = meter.per_request(before)
        if workers == 1:
            before = meter.snapshot()
            result["c1"] = wrk(f"{setup}-w1-c1-r{round_number + 1}", server, bodies, token, 1, args.duration, LABEL)
            result["c1"]["cpu_ms_per_request"] = meter.per_request(before)
        text = httpx.get(f"{url}/metrics", timeout=10).text
        result["load_before"] = round(load_before, 2)
        result["reads_on_replica"] = metric(text, "cuic_read_statements_total", database="replica")
        result["reads_on_primary_fallback"] = metric(text, "cuic_read_statements_total", database="primary")
        result["pool_connections"] = {
            database: metric(text, "cuic_pool_connections", database=database) for database in ("primary", "replica")
        }
        result["requests_counted"] = metric(text, "cuic_requests_total", outcome="ok")
        return result
    finally:
        server.stop()


def print_table(summary: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"\nreq/s, full page, random users, c={args.connections} (p50 / p99 ms), best of {args.rounds} rounds")
    print("| setup | 1 worker | 2 workers | 4 workers | 1 worker, c=1 |")
    print("|---|---|---|---|---|")
    for setup in ("direct", "replica", "pgbouncer", "pgbouncer+replica"):
        cells = []
        for workers in (1, 2, 4):
            r = summary["runs"][f"{setup}-w{workers}"]
            cells.append(f"{r['rps']:.0f} ({r['p50_ms']} / {r['p99_ms']})")
        c1 = max((r["c1"] for r in summary["rounds"][f"{setup}-w1"]), key=lambda r: r["rps"] or 0)
        cells.append(f"{c1['rps']:.0f} ({c1['p50_ms']} / {c1['p99_ms']})")
        print(f"| {setup} | " + " | ".join(cells) + " |")
    print(f"\nCPU ms per page at c={args.connections}, median over workers and rounds")
    print("| setup | cuic | primary | standby | PgBouncers | all |")
    print("|---|---|---|---|---|---|")
    for setup in ("direct", "replica", "pgbouncer", "pgbouncer+replica"):
        runs = [r["cpu_ms_per_request"] for w in (1, 2, 4) for r in summary["rounds"][f"{setup}-w{w}"]]

        def median(values: list[float]) -> float:
            return round(statistics.median(values), 2)

        parts = {
            "cuic": median([r["cuic"] for r in runs]),
            "primary": median([r["primary"] for r in runs]),
            "standby": median([r["standby"] for r in runs]),
            "pgbouncers": median([r["pgbouncer"] + r["pgbouncer_standby"] for r in runs]),
            "all": median([sum(r.values()) for r in runs]),
        }
        print(f"| {setup} | " + " | ".join(str(value) for value in parts.values()) + " |")


if __name__ == "__main__":
    main()
