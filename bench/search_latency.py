"""Latency of the customer user search (issue 12): p50/p90/p99 per kind of search term.

    uv run python bench/pg.py hold &     # the bench cluster, with the million tickets
    uv run python -m bench.search_latency [--requests 200] [--query list.graphql]

In-process through the real app (agent `support`, bench/.data/token), one request after
another, `queries/list.graphql` (20 rows with Customer IDs and `totalCount`) or
`list_capped.graphql` (the same with `totalCountCapped`). Kinds of search: narrow (a
random user's login, each request another user), every user (`customer.ex` is in every
email), and no search (`search: null`, what the screen asks on focus).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import asyncpg
import httpx

from bench.pg import BENCH, DATA, database_url
from bench.pg_share import statement_stats
from db.config import load_settings
from gql.app import create_app


async def narrow_terms(url: str, count: int) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SELECT setseed(0.75)")
        rows = await connection.fetch("SELECT login FROM customer_user ORDER BY random() LIMIT $1", count)
        return [row["login"] for row in rows]
    finally:
        await connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--query", default="list.graphql")
    parser.add_argument("--statements", action="store_true", help="per statement: mean and max ms (pg_stat_statements)")
    args = parser.parse_args()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    query = (BENCH / "queries" / args.query).read_text()
    kinds: dict[str, list[str | None]] = {
        "narrow (a user's login)": list(await narrow_terms(url, args.requests)),
        "every user (customer.ex)": ["customer.ex"] * args.requests,
        "no search": [None] * args.requests,
    }
    app = create_app(url, load_settings())
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        print(f"{args.query}, {args.requests} requests per kind, ms")
        for kind, terms in kinds.items():
            latencies = []
            if args.statements:
                await statement_stats(url, reset=True)
            for number, term in enumerate(terms[:10] + terms):  # the first 10: warm-up
                started = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": query, "variables": {"search": term}},
                    headers={"authorization": f"Bearer {token}"},
                )
                elapsed = (time.perf_counter() - started) * 1000
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    raise SystemExit(f"{term}: {response.status_code} {response.text[:500]}")
                if number >= 10:
                    latencies.append(elapsed)
            users = body["data"]["customerUsers"]
            count = users["totalCount"] if "totalCount" in users else users["totalCountCapped"]
            print(
                f"{kind:<28} p50 {statistics.median(latencies):7.1f}  p90 {percentile(latencies, 0.9):7.1f}"
                f"  p99 {percentile(latencies, 0.99):7.1f}  max {max(latencies):7.1f}  count {count}"
                f"  statements {response.headers['x-cuic-statements']}"
            )
            if args.statements:
                for row in await statement_stats(url, reset=False):
                    text = " ".join(row["query"].split())[:90]
                    print(
                        f"    {row['calls']:>5} calls  mean {row['mean_exec_time']:7.2f}"
                        f"  max {row['max_exec_time']:7.2f}  {text}"
                    )


if __name__ == "__main__":
    asyncio.run(main())
