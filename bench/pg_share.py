"""PostgreSQL's share of a page, per statement: pg_stat_statements over N random users.

    uv run python bench/pg.py hold &     # the bench cluster, with the million tickets
    uv run python -m bench.pg_share [--users 300] [--query full_page.graphql] [--pgl URL]

Needs `shared_preload_libraries = 'pg_stat_statements'` on the bench cluster (the script
sets it with ALTER SYSTEM and says so when a restart is still due). Runs the page through
the real app in-process (agent `support`, bench/.data/token) for `--users` random customer
users one after another, after a warm-up over other users, and prints per statement (by
pg_stat_statements' queryid): calls, execution ms and shared buffers (hit + read) per
page, and the CPU time all of the cluster's processes spent per page (psutil), which
includes planning, parsing and the protocol. `--pgl` also runs PostGraphile's page
(`queries/pgl_full_page.graphql`) against a PostGraphile server at that URL for the same
users, so both are measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import asyncpg
import httpx
import psutil

from bench.pg import BENCH, DATA, database_url
from db.config import load_settings
from gql.app import create_app


def cluster_processes() -> list[psutil.Process]:
    pid = int((DATA / "pgdata" / "postmaster.pid").read_text().split()[0])
    postmaster = psutil.Process(pid)
    return [postmaster, *postmaster.children(recursive=True)]


def cluster_cpu() -> float:
    total = 0.0
    for process in cluster_processes():
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


async def users(url: str, count: int) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SELECT setseed(0.5)")
        rows = await connection.fetch(
            "SELECT login FROM customer_user WHERE login NOT LIKE 'heavy.%' ORDER BY random() LIMIT $1", count
        )
        return [row["login"] for row in rows]
    finally:
        await connection.close()


async def statement_stats(url: str, reset: bool) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        loaded = await connection.fetchval(
            "SELECT 'pg_stat_statements' = ANY(string_to_array(current_setting('shared_preload_libraries'), ','))"
        )
        if not loaded:
            await connection.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
            raise SystemExit("pg_stat_statements set to load: restart the bench cluster (bench/pg.py hold)")
        await connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        if reset:
            await connection.execute("SELECT pg_stat_statements_reset()")
            return []
        return await connection.fetch(
            """SELECT queryid, calls, total_exec_time, mean_exec_time, max_exec_time, total_plan_time,
                      plans, shared_blks_hit, shared_blks_read, rows, query
               FROM pg_stat_statements
               WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND query NOT LIKE '%pg_stat_statements%'
               ORDER BY total_exec_time DESC"""
        )
    finally:
        await connection.close()


async def run_pages(client: httpx.AsyncClient, path: str, query: str, logins: list[str], token: str) -> None:
    for login in logins:
        response = await client.post(
            path, json={"query": query, "variables": {"login": login}}, headers={"authorization": f"Bearer {token}"}
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{login}: {response.status_code} {response.text[:500]}")


def report(label: str, stats: list[asyncpg.Record], pages: int, cpu: float) -> None:
    print(f"\n{label}: {pages} pages; cluster CPU {cpu * 1000 / pages:.2f} ms per page")
    print(
        f"{'calls/page':>10} {'plan ms/page':>12} {'exec ms/page':>12} {'buffers/page':>12} {'rows/call':>9}  statement"
    )
    total_plan = total_ms = total_buffers = 0.0
    for row in stats:
        buffers = row["shared_blks_hit"] + row["shared_blks_read"]
        total_ms += row["total_exec_time"]
        total_plan += row["total_plan_time"]
        total_buffers += buffers
        text = " ".join(row["query"].split())[:110]
        print(
            f"{row['calls'] / pages:>10.2f} {row['total_plan_time'] / pages:>12.3f}"
            f" {row['total_exec_time'] / pages:>12.3f} {buffers / pages:>12.1f}"
            f" {row['rows'] / max(row['calls'], 1):>9.1f}  {text}"
        )
    print(f"{'total':>10} {total_plan / pages:>12.3f} {total_ms / pages:>12.3f} {total_buffers / pages:>12.1f}")


async def measure(label: str, url: str, pages: Any, logins: list[str]) -> None:
    await statement_stats(url, reset=True)
    cpu = cluster_cpu()
    await pages(logins)
    cpu = cluster_cpu() - cpu
    report(label, await statement_stats(url, reset=False), len(logins), cpu)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--query", default="full_page.graphql")
    parser.add_argument("--login", help="one customer user's page, --users times (e.g. heavy.user1)")
    parser.add_argument("--pgl", help="PostGraphile's URL (…/graphql), to measure its page too")
    args = parser.parse_args()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    logins = [args.login] * args.users * 2 if args.login else await users(url, args.users * 2)
    warm, measured = logins[: args.users], logins[args.users :]
    query = (BENCH / "queries" / args.query).read_text()
    app = create_app(url, load_settings())
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):

        async def cuic_pages(batch: list[str]) -> None:
            await run_pages(client, "/graphql", query, batch, token)

        await cuic_pages(warm)
        await measure(f"cuic {args.query}", url, cuic_pages, measured)
    if args.pgl:
        pgl_query = (BENCH / "queries" / "pgl_full_page.graphql").read_text()
        async with httpx.AsyncClient(timeout=60) as client:

            async def pgl_pages(batch: list[str]) -> None:
                await run_pages(client, args.pgl, pgl_query, batch, token)

            await pgl_pages(warm)
            await measure("PostGraphile pgl_full_page.graphql", url, pgl_pages, measured)


if __name__ == "__main__":
    asyncio.run(main())
