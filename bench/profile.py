"""Flame graph of one cuic worker under the full-page load (random users, c=8).

    uv run python -m bench.profile [--seconds 12] [--out bench/results/flame.svg]

Uses py-spy from PyPI through `uv run --with py-spy`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import time
from pathlib import Path

from bench.pg import BENCH, DATA, database_url
from bench.run import RESULTS, bodies_file, pick_users, start_cuic


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--out", type=Path, default=RESULTS / "flame.svg")
    args = parser.parse_args()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    users = asyncio.run(pick_users(url))
    bodies = bodies_file("cuic-random", "full_page.graphql", [{"login": u} for u in users["random"]])
    server = start_cuic(url, 1)
    try:
        env = {**os.environ, "BODIES": str(bodies), "TOKEN": token}
        load = subprocess.Popen(
            ["wrk", "-t2", "-c8", f"-d{args.seconds + 6}s", "-s", str(BENCH / "wrk/post.lua"), server.url],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        subprocess.run(
            ["uv", "run", "--with", "py-spy", "py-spy", "record", "-o", str(args.out), "--pid",
             str(server.process.pid), "--duration", str(args.seconds), "--rate", "200", "--nonblocking"],
            check=True,
        )  # fmt: skip
        out, _ = load.communicate()
        print(out)
        print(f"flame graph: {args.out}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
