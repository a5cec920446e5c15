"""Column filters and facets on the bench data: latency through the real app, and plans.

    uv run python bench/filters.py [--runs 30] [--logins heavy.user1,<a typical user>]

For each customer user, each case is one request for the five ticket widgets (page,
totalCount and scopeCounts), timed in-process (median and p95 of --runs), then every SQL
statement of it is EXPLAINed (ANALYZE) and any sequential scan of `ticket` is flagged.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import time
from typing import Any

import asyncpg
import httpx

import db.pool
from bench.pg import DATA, database_url
from db.config import load_settings
from gql.app import create_app

WIDGETS = ("reminderTickets", "escalatedTickets", "newTickets", "openTickets", "closedTickets")
FACETS = "facets { statuses { count } queues { count } priorities { count } owners { count } types { count } }"
CASES: dict[str, tuple[str, str]] = {
    "no filter": ("null", ""),
    "status": ('{ statuses: ["open", "in_progress", "new", "closed", "pending"] }', ""),
    "owner": ("{ owners: [$agent] }", ""),
    "priority+type": ('{ priorities: [4, 5], types: ["Incident"] }', ""),
    "locked, my locked": ("{ locked: true }", ""),
    "facets": ("null", FACETS),
    "facets + owner": ("{ owners: [$agent] }", FACETS),
}

captured: list[tuple[str, tuple[Any, ...]]] = []
_original = db.pool._count_statement


def _capture(record: Any) -> None:
    _original(record)
    captured.append((record.query, tuple(record.args)))


def _query(filter_by: str, extra: str) -> str:
    widgets = " ".join(
        f"{w}(filterBy: {filter_by}) {{ totalCount scopeCounts {{ all myLocked }} nodes {{ number }} {extra} }}"
        for w in WIDGETS
    )
    head = "query($login: String!, $agent: ID!)" if "$agent" in filter_by else "query($login: String!)"
    return f"{head} {{ customerUser(login: $login) {{ {widgets} }} }}"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--logins", default="")
    args = parser.parse_args()
    url = database_url()
    connection = await asyncpg.connect(url)
    token = (DATA / "token").read_text().strip() if (DATA / "token").exists() else None
    if token is None:
        from db.tokens import create_token

        login = await connection.fetchval("SELECT login FROM agent ORDER BY id LIMIT 1")
        token = await create_token(connection, login)
        (DATA / "token").write_text(token + "\n")
    typical = await connection.fetchval(
        """SELECT cu.login FROM customer_user cu JOIN ticket t ON t.customer_user_id = cu.id
           GROUP BY cu.login HAVING count(*) = 9 ORDER BY cu.login LIMIT 1"""
    )
    logins = args.logins.split(",") if args.logins else ["heavy.user1", typical]
    db.pool._count_statement = _capture  # type: ignore[assignment]
    app = create_app(url, load_settings())
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        auth = {"authorization": f"Bearer {token}"}
        agent = (await client.post("/graphql", json={"query": "{ viewer { id } }"}, headers=auth)).json()
        agent = agent["data"]["viewer"]["id"]
        for login in logins:
            print(f"\n{login}")
            for name, (filter_by, extra) in CASES.items():
                query = _query(filter_by, extra)
                variables = {"login": login, **({"agent": agent} if "$agent" in filter_by else {})}
                times = []
                for _ in range(args.runs):
                    captured.clear()
                    started = time.perf_counter()
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": variables}, headers=auth
                    )
                    times.append((time.perf_counter() - started) * 1000)
                    assert "errors" not in response.json(), response.text
                seqs = []
                for sql, values in captured:
                    if not sql.lstrip().upper().startswith("SELECT") or "typeinfo" in sql:
                        continue
                    plan = "\n".join(r[0] for r in await connection.fetch("EXPLAIN (ANALYZE) " + sql, *values))
                    if re.search(r"Seq Scan on ticket\b", plan):
                        seqs.append(" ".join(sql.split())[:60])
                times.sort()
                p95 = times[int(len(times) * 0.95) - 1]
                print(
                    f"  {name:18} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
                    f"statements {response.headers['x-cuic-statements']}"
                    f"{'  SEQ SCAN: ' + '; '.join(seqs) if seqs else ''}"
                )
    await connection.close()


if __name__ == "__main__":
    asyncio.run(main())
