"""Server CPU per request, in-process through the real ASGI app (no HTTP server, no client):
the full CUIC page on graphql-core's executor and on the planned one, and
`{ viewer { login } }` as the floor (token lookup, HTTP handling, no widget).

    uv run python -m bench.cpu_per_page [--requests 300] [--rounds 5] [--customer-users 200]
                                        [--profile planned|graphql-core]

Starts its own embedded PostgreSQL in a temporary directory, loads the demo data
(db/demo.py), and asks as agent `support` for the customer user with the median ticket
count (a typical user) and for the one with the most tickets. Rounds alternate the modes,
so that load from elsewhere on the machine hits each alike; the table shows the median
round. CPU is `time.process_time()` of this process: the app and the asyncpg client side
(decoding rows), not PostgreSQL's.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import MutableMapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import orjson

from bench.pg import BENCH
from db.config import load_settings
from db.demo import load_demo
from db.embedded import start_embedded
from db.migrate import apply_migrations
from db.tokens import create_token
from gql.app import create_app

FULL_PAGE = (BENCH / "queries" / "full_page.graphql").read_text()
FLOOR = "{ viewer { login } }"
Message = MutableMapping[str, Any]


async def call(app: Any, body: bytes, token: str) -> tuple[int, bytes, str]:
    """One POST /graphql straight into the ASGI app: status, body, statements."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"cuic"),
            (b"content-type", b"application/json"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("cuic", 80),
    }
    sent = False
    status, chunks, statements = 0, [], ""

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, statements
        if message["type"] == "http.response.start":
            status = message["status"]
            statements = dict(message["headers"]).get(b"x-cuic-statements", b"").decode()
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks), statements


async def prepare(data_dir: Path, customer_users: int) -> tuple[str, str, str, str]:
    server_url = start_embedded(data_dir)
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute("CREATE DATABASE cuic_cpu")
    finally:
        await admin.close()
    url = urlunsplit(urlsplit(server_url)._replace(path="/cuic_cpu"))
    connection = await asyncpg.connect(url)
    try:
        await apply_migrations(connection)
        await load_demo(connection, customer_users=customer_users, seed=1)
        token = await create_token(connection, "support")
        counts = await connection.fetch(
            """SELECT cu.login, count(t.id) AS tickets FROM customer_user cu
               LEFT JOIN ticket t ON t.customer_user_id = cu.id GROUP BY cu.id ORDER BY count(t.id), cu.id"""
        )
    finally:
        await connection.close()
    typical = counts[len(counts) // 2]
    busiest = counts[-1]
    print(f"typical user {typical['login']} ({typical['tickets']} tickets),", end=" ")
    print(f"busiest {busiest['login']} ({busiest['tickets']} tickets)")
    return url, token, typical["login"], busiest["login"]


async def measure(app: Any, body: bytes, token: str, requests: int) -> float:
    """CPU milliseconds per request over `requests` sequential requests."""
    started = time.process_time()
    for _ in range(requests):
        status, _, _ = await call(app, body, token)
        assert status == 200
    return (time.process_time() - started) * 1000 / requests


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="cuic-cpu-") as data_dir:
        url, token, typical, busiest = await prepare(Path(data_dir), args.customer_users)
        os.environ["CUIC_DATABASE_URL"] = url
        settings = load_settings()
        apps = {
            "graphql-core": create_app(url, replace(settings, planned_executor=False)),
            "planned": create_app(url, replace(settings, planned_executor=True)),
        }
        workloads = {
            f"full page, typical user ({typical})": {"query": FULL_PAGE, "variables": {"login": typical}},
            f"full page, busiest user ({busiest})": {"query": FULL_PAGE, "variables": {"login": busiest}},
            "{ viewer { login } }": {"query": FLOOR},
        }
        results: dict[tuple[str, str], list[float]] = {}
        async with (
            apps["graphql-core"].router.lifespan_context(apps["graphql-core"]),
            apps["planned"].router.lifespan_context(apps["planned"]),
        ):
            await check_equal(apps, workloads, token)
            if args.profile:
                await profile(apps[args.profile], orjson.dumps(next(iter(workloads.values()))), token, args)
                return
            for _ in range(args.rounds):
                for workload, body in workloads.items():
                    for mode, app in apps.items():
                        cpu = await measure(app, orjson.dumps(body), token, args.requests)
                        results.setdefault((workload, mode), []).append(cpu)
        print(f"\nCPU ms per request (median of {args.rounds} rounds of {args.requests}; min in brackets)")
        print(f"{'workload':<44} {'graphql-core':>16} {'planned':>16} {'ratio':>7}")
        for workload in workloads:
            core, planned = results[(workload, "graphql-core")], results[(workload, "planned")]
            ratio = statistics.median(core) / statistics.median(planned)
            print(
                f"{workload:<44} {_cell(core):>16} {_cell(planned):>16} {ratio:>6.2f}x",
            )


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.3f}]"


async def check_equal(apps: dict[str, Any], workloads: dict[str, dict[str, Any]], token: str) -> None:
    for workload, body in workloads.items():
        answers = {mode: await call(app, orjson.dumps(body), token) for mode, app in apps.items()}
        statuses = {answer[0] for answer in answers.values()}
        bodies = {answer[1] for answer in answers.values()}
        if len(statuses) != 1 or len(bodies) != 1 or b'"errors"' in next(iter(bodies)):
            raise SystemExit(f"{workload}: the executors disagree or fail: {answers}")
        print(f"{workload}: {len(next(iter(bodies)))} bytes, {answers['planned'][2]} statements, same on both")


async def profile(app: Any, body: bytes, token: str, args: argparse.Namespace) -> None:
    await measure(app, body, token, 50)
    try:
        import pyinstrument  # type: ignore[import-not-found]  # uv run --with pyinstrument
    except ImportError:
        pyinstrument = None
    if pyinstrument is not None:
        sampler = pyinstrument.Profiler(interval=0.0001, async_mode="disabled")
        sampler.start()
        await measure(app, body, token, args.requests)
        sampler.stop()
        print(sampler.output_text(flat=True, show_all=True)[:6000])
        print(sampler.output_text(show_all=False))
        return
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    await measure(app, body, token, args.requests)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--customer-users", type=int, default=200)
    parser.add_argument("--profile", choices=["planned", "graphql-core"])
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
