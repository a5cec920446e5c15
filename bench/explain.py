"""EXPLAIN (ANALYZE, BUFFERS) every statement of the full page for the heaviest user.

    uv run python bench/explain.py [--login heavy.user1] [--out bench/results/plans]

Runs the page through the real app in-process, records each SQL statement with its
arguments, then explains each one twice: as PostgreSQL plans it for these values (custom
plan) and with plan_cache_mode = force_generic_plan, which is what a prepared statement
may switch to after five executions. Flags any sequential scan of `ticket`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from pathlib import Path
from typing import Any

import asyncpg
import httpx

import db.pool
from bench.pg import BENCH, DATA, database_url
from db.config import load_settings
from gql.app import create_app

captured: list[tuple[str, tuple[Any, ...]]] = []
_original = db.pool._count_statement


def _capture(record: Any) -> None:
    _original(record)
    captured.append((record.query, tuple(record.args)))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--login", default="heavy.user1")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "plans")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.txt"):
        old.unlink()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    db.pool._count_statement = _capture  # type: ignore[assignment]
    app = create_app(url, load_settings())
    query = (BENCH / "queries" / "full_page.graphql").read_text()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cuic") as client,
    ):
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {"login": args.login}},
            headers={"authorization": f"Bearer {token}"},
        )
        assert "errors" not in response.json(), response.text
        print(f"statements: {response.headers['x-cuic-statements']}")
    statements = [(q, a) for q, a in captured if "typeinfo_tree" not in q and "current_setting('jit')" not in q]
    connection = await asyncpg.connect(url)
    index = []
    try:
        for number, (sql, values) in enumerate(statements, start=1):
            if sql.lstrip().upper().startswith(("WITH LIVE", "UPDATE", "INSERT", "DELETE")):
                note = "token lookup (writes last_used_at): explained without ANALYZE"
                analyze = "EXPLAIN (BUFFERS) "
            else:
                note = ""
                analyze = "EXPLAIN (ANALYZE, BUFFERS) "
            text = [
                f"-- statement {number} for customer user {args.login}",
                sql.strip(),
                "",
                f"-- arguments: {json.dumps(values, default=str, ensure_ascii=False)[:2000]}",
                note,
            ]
            seq = False
            for mode in ("auto", "force_generic_plan"):
                async with connection.transaction():
                    await connection.execute(f"SET LOCAL plan_cache_mode = {mode}")
                    await connection.execute("SET LOCAL jit = off")
                    rows = await connection.fetch(analyze + sql, *values)
                    if not analyze.startswith("EXPLAIN (ANALYZE"):
                        pass
                plan = "\n".join(row[0] for row in rows)
                seq = seq or bool(re.search(r"Seq Scan on ticket\b", plan))
                text += ["", f"-- plan_cache_mode = {mode}", plan]
            timing = re.findall(r"Execution Time: ([\d.]+) ms", "\n".join(text))
            first_line = " ".join(sql.split())[:90]
            index.append(
                f"{number:2}. exec {' / '.join(timing) or '-'} ms (custom / generic)"
                f"{'  SEQ SCAN ON ticket' if seq else ''}  {first_line}"
            )
            (args.out / f"{number:02d}.txt").write_text("\n".join(text) + "\n")
    finally:
        await connection.close()
    (args.out / "index.txt").write_text("\n".join(index) + "\n")
    print("\n".join(index))


if __name__ == "__main__":
    asyncio.run(main())
