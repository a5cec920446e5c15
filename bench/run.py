"""Run the CUIC bench: cuic and PostGraphile 5 side by side, same database, same load.

    uv run python bench/run.py [--label after] [--duration 10] [--only cuic|pgl]

Needs the bench database (bench/pg.py hold, bench/make_data.py), `wrk`, and
bench/postgraphile/node_modules (npm ci there). Writes bench/results/<label>/: every wrk
output with its exact command, summary.json and summary.md. `bash bench/run.sh` does
all of it from nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil

from bench.pg import BENCH, DATA, database_url

ROOT = BENCH.parent
QUERIES = BENCH / "queries"
RESULTS = BENCH / "results"
PGL_DIR = BENCH / "postgraphile"
CUIC_PORT = 8000
PGL_PORT = 5678
SEED_USERS = 2000


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


async def pick_users(url: str) -> dict[str, Any]:
    connection = await asyncpg.connect(url)
    try:
        heavy = await connection.fetchval(
            """SELECT cu.login FROM customer_user cu JOIN ticket t ON t.customer_user_id = cu.id
               GROUP BY cu.login ORDER BY count(*) DESC, cu.login LIMIT 1"""
        )
        typical = await connection.fetchval(
            """SELECT cu.login FROM customer_user cu JOIN ticket t ON t.customer_user_id = cu.id
               WHERE cu.login NOT LIKE 'heavy.%' GROUP BY cu.id, cu.login HAVING count(*) = 9
               ORDER BY cu.id LIMIT 1"""
        )
        await connection.execute("SELECT setseed(0.25)")
        rows = await connection.fetch("SELECT login FROM customer_user ORDER BY random() LIMIT $1", SEED_USERS)
        return {"heavy": heavy, "typical": typical, "random": [row["login"] for row in rows]}
    finally:
        await connection.close()


def bodies_file(name: str, query_file: str, variables: list[dict[str, Any]]) -> Path:
    query = (QUERIES / query_file).read_text()
    operation = re.search(r"query (\w+)", query)
    path = RESULTS / "tmp" / f"{name}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        for values in variables:
            body = {"query": query, "variables": values, "operationName": operation.group(1) if operation else None}
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
    return path


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.post(url, json={"query": "{__typename}"}, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


class Server:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, url: str) -> None:
        self.name = name
        self.url = url
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(url, json={"query": "{__typename}"}, timeout=2)
            # Else the bench would measure whatever holds the port (a server left over by
            # an interrupted run, say) and not this one.
            raise SystemExit(f"{name}: something already answers on {url}")
        log_path = RESULTS / "tmp" / f"{name}.log"
        log = log_path.open("w")
        self.process = subprocess.Popen(
            argv, env={**os.environ, **env}, cwd=cwd, stdout=log, stderr=log, start_new_session=True
        )
        wait_http(url)
        if self.process.poll() is not None:
            raise SystemExit(f"{name} exited ({log_path})")

    def processes(self) -> list[psutil.Process]:
        parent = psutil.Process(self.process.pid)
        return [parent, *parent.children(recursive=True)]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_cuic(url: str, workers: int, planned: bool | None = None) -> Server:
    """`cuic serve`; `planned` sets CUIC_PLANNED_EXECUTOR (None: the default)."""
    env = {"CUIC_DATABASE_URL": url, "CUIC_LOG_FORMAT": "json"}
    name = f"cuic-w{workers}"
    if planned is not None:
        env["CUIC_PLANNED_EXECUTOR"] = "true" if planned else "false"
        name = f"cuic-{'planned' if planned else 'core'}-w{workers}"
    return Server(name, serve_argv(CUIC_PORT, workers), env, ROOT, f"http://127.0.0.1:{CUIC_PORT}/graphql")


def serve_argv(port: int, workers: int) -> list[str]:
    """`cuic serve` on loopback, as every bench starts it."""
    return [
        str(ROOT / ".venv/bin/cuic"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def start_pgl(url: str, workers: int) -> Server:
    env = {"DATABASE_URL": url, "PORT": str(PGL_PORT), "WORKERS": str(workers), "NODE_ENV": "production"}
    argv = [str(PGL_DIR / "node_modules/node/bin/node"), "server.mjs"]
    return Server(f"pgl-w{workers}", argv, env, PGL_DIR, f"http://127.0.0.1:{PGL_PORT}/graphql")


def parse_wrk(text: str) -> dict[str, Any]:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    result: dict[str, Any] = {}
    for pct in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        if match:
            result[f"p{pct}_ms"] = round(ms(match.group(1)), 2)
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["rps"] = float(match.group(1)) if match else None
    match = re.search(r"(\d+) requests in", text)
    result["requests"] = int(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: (.*)", text)
    result["socket_errors"] = match.group(1) if match else None
    return result


def cpu_seconds(root: int) -> float:
    """CPU time of a process and its children, live or reaped (PostgreSQL backends come and go)."""
    try:
        process = psutil.Process(root)
        times = process.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
        return total
    except psutil.NoSuchProcess:
        return 0.0


def wrk(
    name: str,
    server: Server,
    bodies: Path,
    token: str,
    connections: int,
    duration: int,
    label: str,
    sample_rss: bool = False,
    requests: int | None = None,
    cpu_roots: dict[str, int] | None = None,
) -> dict[str, Any]:
    """One wrk run after a 2 s warm-up. `requests`: stop after that many responses (then
    `duration` is only a bound); `cpu_roots`: CPU ms per request of each process tree."""
    threads = 1 if connections == 1 else 2
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        # wrk's default of 2 s would drop the slowest responses from the latencies.
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "wrk/post.lua"),
        server.url,
    ]
    env = {**os.environ, "BODIES": str(bodies), "TOKEN": token}
    command = f"BODIES={bodies.relative_to(ROOT)} TOKEN=… {shlex.join(argv)}"
    # Warm-up: connections, prepared statements, caches.
    subprocess.run([*argv[:3], "-d2s", *argv[4:]], env=env, capture_output=True, check=True)
    done = Path(tempfile.mkdtemp(prefix="wrk-done-"))
    if requests:
        env |= {"REQUESTS": str(requests), "THREADS": str(threads), "DONE_DIR": str(done)}
        command = f"REQUESTS={requests} THREADS={threads} DONE_DIR=… {command}"
    cpu_before = {part: cpu_seconds(pid) for part, pid in (cpu_roots or {}).items()}
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    rss: dict[int, float] = {}
    if requests:
        # wrk sleeps for its whole -d even when every thread has stopped; SIGINT ends the
        # sleep and it prints its statistics over the time it actually ran.
        while process.poll() is None and len(list(done.iterdir())) < threads:
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
    elif sample_rss:
        time.sleep(duration / 2)
        for proc in server.processes():
            try:
                if proc.name() not in ("uv",):
                    rss[proc.pid] = round(proc.memory_info().rss / 2**20, 1)
            except psutil.NoSuchProcess:
                pass
    out, _ = process.communicate()
    shutil.rmtree(done, ignore_errors=True)
    result = parse_wrk(out)
    result["command"] = command
    if cpu_roots and result["requests"]:
        result["cpu_ms_per_request"] = {
            part: round((cpu_seconds(pid) - cpu_before[part]) / result["requests"] * 1000, 2)
            for part, pid in cpu_roots.items()
        }
    if rss:
        result["rss_mb"] = rss
    path = RESULTS / label / f"{name}.txt"
    extra = f"\nRSS (MB) by pid, mid-run: {rss}\n" if rss else ""
    if "cpu_ms_per_request" in result:
        extra += f"\nCPU ms per request (utime+stime, children included): {result['cpu_ms_per_request']}\n"
    path.write_text(f"$ {command}\n\n{out}{extra}")
    print(
        f"{name:32} {result.get('rps')} req/s  p50 {result.get('p50_ms')} ms  p90 {result.get('p90_ms')}"
        f"  p99 {result.get('p99_ms')} ms  non2xx {result['non_2xx']}"
        + (f"  CPU ms/req {result['cpu_ms_per_request']}" if "cpu_ms_per_request" in result else ""),
        flush=True,
    )
    return result


def statements(server: Server, body_line: str, token: str) -> tuple[int | None, bool]:
    response = httpx.post(
        server.url,
        content=body_line,
        timeout=30,
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    ok = response.status_code == 200 and "errors" not in response.json()
    header = response.headers.get("x-cuic-statements")
    return (int(header) if header else None), ok


def deep_cursor(
    server: Server, token: str, login: str, skip: int, query_file: str = "deep_page.graphql", root: str = "customerUser"
) -> str:
    """Walk the Open Tickets cursors of `login` to the `skip`-th ticket (100 per page)."""
    query = (QUERIES / query_file).read_text().replace("first: 10", "first: 100")
    after = None
    for _ in range(skip // 100):
        response = httpx.post(
            server.url,
            timeout=30,
            headers={"authorization": f"Bearer {token}"},
            json={"query": query, "variables": {"login": login, "after": after}},
        )
        after = response.json()["data"][root]["openTickets"]["pageInfo"]["endCursor"]
    assert after is not None
    return after


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="after")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", choices=("cuic", "pgl"))
    args = parser.parse_args()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    (RESULTS / args.label).mkdir(parents=True, exist_ok=True)
    users = asyncio.run(pick_users(url))
    summary: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "users": {"heavy": users["heavy"], "typical": users["typical"], "random": len(users["random"])},
        "cuic": {},
        "pgl": {},
    }
    print(json.dumps(summary["machine"]), flush=True)
    d = args.duration
    systems = [("cuic", start_cuic, "full_page.graphql"), ("pgl", start_pgl, "pgl_full_page.graphql")]
    for system, start, query_file in systems:
        if args.only and args.only != system:
            continue
        result = summary[system]
        typical = bodies_file(f"{system}-typical", query_file, [{"login": users["typical"]}])
        heavy = bodies_file(f"{system}-heavy", query_file, [{"login": users["heavy"]}])
        random_users = bodies_file(f"{system}-random", query_file, [{"login": u} for u in users["random"]])
        for workers in (1, 2):
            server = start(url, workers)
            try:
                if workers == 1:
                    for kind, path in (("typical", typical), ("heavy", heavy)):
                        count, ok = statements(server, path.read_text().splitlines()[0], token)
                        assert ok, f"{system} {kind}: the page has errors"
                        result[f"statements_{kind}"] = count
                    result["c1_typical"] = wrk(f"{system}-c1-typical", server, typical, token, 1, d, args.label)
                    result["c1_heavy"] = wrk(f"{system}-c1-heavy", server, heavy, token, 1, d, args.label)
                    result["c1_random"] = wrk(f"{system}-c1-random", server, random_users, token, 1, d, args.label)
                for connections in (8, 32):
                    result[f"w{workers}_c{connections}"] = wrk(
                        f"{system}-w{workers}-c{connections}",
                        server,
                        random_users,
                        token,
                        connections,
                        d,
                        args.label,
                        sample_rss=True,
                    )
                if system == "cuic" and workers == 1:
                    searches = ["yamada", "sato.ha", "C0123", "emma", "heavy", "walker.grace", "customer.ex", "tan"]
                    lists = bodies_file("cuic-list", "list.graphql", [{"search": s} for s in searches])
                    count, ok = statements(server, lists.read_text().splitlines()[0], token)
                    assert ok
                    result["statements_list"] = count
                    result["list_c1"] = wrk("cuic-list-c1", server, lists, token, 1, d, args.label)
                    cursor = deep_cursor(server, token, users["heavy"], 1000)
                    deep = bodies_file("cuic-deep", "deep_page.graphql", [{"login": users["heavy"], "after": cursor}])
                    count, ok = statements(server, deep.read_text().splitlines()[0], token)
                    assert ok
                    result["statements_deep"] = count
                    result["deep_c1"] = wrk("cuic-deep-c1", server, deep, token, 1, d, args.label)
            finally:
                server.stop()
    if summary["cuic"] and summary["pgl"]:
        ratios = {}
        for key in ("c1_typical", "c1_heavy", "c1_random", "w1_c8", "w1_c32", "w2_c8", "w2_c32"):
            c, p = summary["cuic"][key], summary["pgl"][key]
            ratios[key] = {"rps": round(c["rps"] / p["rps"], 2), "p50": round(c["p50_ms"] / p["p50_ms"], 2)}
        summary["ratios_cuic_over_pgl"] = ratios
    (RESULTS / args.label / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(summary.get("ratios_cuic_over_pgl"), indent=1))


if __name__ == "__main__":
    sys.exit(main())
