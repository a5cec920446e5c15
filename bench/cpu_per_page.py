"""Server CPU per request, in-process through the real ASGI app (no HTTP server, no client):
the full CUIC page on graphql-core's executor and on the planned one, and
`{ viewer { login } }` as the floor (token lookup and HTTP handling, no widget).

    uv run python -m bench.cpu_per_page [--batches 150] [--requests 6] [--customer-users 200]
    uv run python -m bench.cpu_per_page --instructions      # CPU instructions, with valgrind
    uv run python -m bench.cpu_per_page --instructions --executor planned   # only one executor
    uv run --with pyinstrument python -m bench.cpu_per_page --profile planned

Starts its own embedded PostgreSQL in a temporary directory, loads the demo data
(db/demo.py), and asks as agent `support` for the customer user with the median ticket
count (a typical user) and for the one with the most tickets. CPU is
`time.process_time()` of this process: the app and the asyncpg client side (decoding
rows), not PostgreSQL's. Small batches of requests alternate between the executors; on
a machine shared with other work the *minimum* batch is the stable figure (the median
shows the contention). `--instructions` counts the instructions one request executes
(valgrind's callgrind, 30 requests minus 10, divided by 20): slow, but the same on a
busy machine as on a quiet one.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
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
MODES = ("graphql-core", "planned")
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


async def prepare(data_dir: Path, customer_users: int) -> dict[str, str]:
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
    typical, busiest = counts[len(counts) // 2], counts[-1]
    print(f"typical user {typical['login']} ({typical['tickets']} tickets),", end=" ")
    print(f"busiest {busiest['login']} ({busiest['tickets']} tickets)")
    return {"url": url, "token": token, "typical": typical["login"], "busiest": busiest["login"]}


def workloads(db: dict[str, str]) -> dict[str, bytes]:
    return {
        f"full page, typical user ({db['typical']})": orjson.dumps(
            {"query": FULL_PAGE, "variables": {"login": db["typical"]}}
        ),
        f"full page, busiest user ({db['busiest']})": orjson.dumps(
            {"query": FULL_PAGE, "variables": {"login": db["busiest"]}}
        ),
        "{ viewer { login } }": orjson.dumps({"query": FLOOR}),
    }


def make_app(db: dict[str, str], mode: str) -> Any:
    os.environ["CUIC_DATABASE_URL"] = db["url"]
    return create_app(db["url"], replace(load_settings(), planned_executor=mode == "planned"))


async def measure(app: Any, body: bytes, token: str, requests: int) -> float:
    """CPU milliseconds per request over `requests` sequential requests."""
    started = time.process_time()
    for _ in range(requests):
        status, _, _ = await call(app, body, token)
        assert status == 200
    return (time.process_time() - started) * 1000 / requests


async def cpu_table(db: dict[str, str], args: argparse.Namespace) -> None:
    apps = {mode: make_app(db, mode) for mode in MODES}
    results: dict[tuple[str, str], list[float]] = {}
    async with (
        apps[MODES[0]].router.lifespan_context(apps[MODES[0]]),
        apps[MODES[1]].router.lifespan_context(apps[MODES[1]]),
    ):
        await check_equal(apps, workloads(db), db["token"])
        if args.profile:
            await profile(apps[args.profile], next(iter(workloads(db).values())), db["token"], args)
            return
        for _ in range(args.batches):
            for workload, body in workloads(db).items():
                for mode, app in apps.items():
                    await call(app, body, db["token"])  # the other app's batch ran in between
                    cpu = await measure(app, body, db["token"], args.requests)
                    results.setdefault((workload, mode), []).append(cpu)
    print(f"\nCPU ms per request: min [median] of {args.batches} batches of {args.requests}")
    print(f"{'workload':<44} {'graphql-core':>16} {'planned':>16} {'ratio':>6}")
    for workload in workloads(db):
        core, planned = results[(workload, MODES[0])], results[(workload, MODES[1])]
        cells = [f"{min(values):.3f} [{statistics.median(values):.3f}]" for values in (core, planned)]
        print(f"{workload:<44} {cells[0]:>16} {cells[1]:>16} {min(core) / min(planned):>5.2f}x")


async def check_equal(apps: dict[str, Any], bodies: dict[str, bytes], token: str) -> None:
    for workload, body in bodies.items():
        answers = {mode: await call(app, body, token) for mode, app in apps.items()}
        statuses = {answer[0] for answer in answers.values()}
        contents = {answer[1] for answer in answers.values()}
        if len(statuses) != 1 or len(contents) != 1 or b'"errors"' in next(iter(contents)):
            raise SystemExit(f"{workload}: the executors disagree or fail: {answers}")
        print(f"{workload}: {len(next(iter(contents)))} bytes, {answers['planned'][2]} statements, same on both")


async def profile(app: Any, body: bytes, token: str, args: argparse.Namespace) -> None:
    await measure(app, body, token, 50)
    requests = args.batches * args.requests
    try:
        import pyinstrument  # type: ignore[import-not-found]  # uv run --with pyinstrument
    except ImportError:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        await measure(app, body, token, requests)
        profiler.disable()
        pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(40)
        return
    sampler = pyinstrument.Profiler(interval=0.0001, async_mode="disabled")
    sampler.start()
    await measure(app, body, token, requests)
    sampler.stop()
    print(sampler.output_text(show_all=False))


def instructions(db: dict[str, str], modes: tuple[str, ...]) -> None:
    """Instructions per request of each workload on each executor, from callgrind runs."""
    env = {**os.environ, "CUIC_CPU_DB": json.dumps(db)}
    print("\nCPU instructions per request (millions, callgrind)")
    print(f"{'workload':<44}" + "".join(f" {mode:>13}" for mode in modes))
    for workload in workloads(db):
        counts = []
        for mode in modes:
            collected = []
            for requests in (10, 30):
                child = [sys.executable, "-m", "bench.cpu_per_page", "--child", mode, workload, str(requests)]
                out = subprocess.run(
                    ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *child],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stderr
                found = re.search(r"Collected : (\d+)", out)
                assert found is not None, out
                collected.append(int(found.group(1)))
            counts.append((collected[1] - collected[0]) / 20 / 1e6)
        print(f"{workload:<44}" + "".join(f" {count:>13.2f}" for count in counts))


async def child(mode: str, workload: str, requests: int) -> None:
    db = json.loads(os.environ["CUIC_CPU_DB"])
    app = make_app(db, mode)
    async with app.router.lifespan_context(app):
        for _ in range(requests):
            await call(app, workloads(db)[workload], db["token"])


async def run(args: argparse.Namespace) -> None:
    if args.child:
        mode, workload, requests = args.child
        await child(mode, workload, int(requests))
        return
    with tempfile.TemporaryDirectory(prefix="cuic-cpu-") as data_dir:
        db = await prepare(Path(data_dir), args.customer_users)
        if args.instructions:
            instructions(db, (args.executor,) if args.executor else MODES)
        else:
            await cpu_table(db, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=150)
    parser.add_argument("--requests", type=int, default=6, help="requests per batch")
    parser.add_argument("--customer-users", type=int, default=200)
    parser.add_argument("--profile", choices=MODES)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--executor", choices=MODES, help="with --instructions: count only this executor")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
