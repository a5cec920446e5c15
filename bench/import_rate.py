"""Import throughput: write N demo customer users as JSON Lines, then time `cuic import`.

    uv run python bench/import_rate.py --customer-users 10000   # ~100 k lines
Uses CUIC_DATABASE_URL or a throwaway embedded PostgreSQL; prints lines, seconds, rate, peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
from pathlib import Path

import asyncpg
import orjson

from db.demo import demo_records, load_demo
from db.embedded import start_embedded
from db.importer import import_records
from db.migrate import apply_migrations


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customer-users", type=int, default=10_000)
    parser.add_argument("--demo", action="store_true", help="time `cuic demo` (generate + import) instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cuic-bench-") as scratch:
        url = os.environ.get("CUIC_DATABASE_URL") or start_embedded(Path(scratch) / "data")
        connection = await asyncpg.connect(url)
        await apply_migrations(connection)
        if args.demo:
            started = time.perf_counter()
            summary = await load_demo(connection, args.customer_users)
            elapsed = time.perf_counter() - started
            print(f"demo {args.customer_users} users: {summary.line_count} records in {elapsed:.1f} s")
        else:
            path = Path(scratch) / "import.jsonl"
            with path.open("wb") as out:
                for record in demo_records(args.customer_users):
                    out.write(orjson.dumps(record) + b"\n")
            for attempt in ("first import", "second import (no changes)"):
                started = time.perf_counter()
                with path.open(encoding="utf-8") as lines:
                    summary = await import_records(connection, lines)
                elapsed = time.perf_counter() - started
                rate = summary.line_count / elapsed
                print(f"{attempt}: {summary.line_count} lines in {elapsed:.1f} s = {rate:,.0f} records/s")
        await connection.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
