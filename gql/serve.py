"""`cuic serve`: the checks made before anything is printed, the demo token, uvicorn, and a
stop on SIGTERM as clean as on Ctrl-C."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import signal
import socket
import time
from pathlib import Path
from types import FrameType
from typing import Any

import asyncpg

from db import tokens
from db.config import Settings, load_settings
from db.database import database_url, is_empty, run_job
from db.demo_marker import holds_only_demo_data
from db.migrate import apply_migrations
from gql.cli import CommandError, load_demo_data

DEMO_TOKEN_FILE = "demo-token"
DEMO_AGENT = "admin"
NO_DEMO_TOKEN = "no demo token: it is offered only on a loopback address while the database holds only the demo"
CREATE_A_TOKEN = "sign in with an API token: create one with `cuic token create AGENT_LOGIN`"


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`: 127.0.0.0/8, ::1 or the name localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_port(host: str, port: int) -> None:
    """Refuse, before anything is printed, an address uvicorn could not listen on."""
    where = _host_port(host, port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise CommandError(f"cannot listen on {where}: {error.strerror}") from None
    bound, unavailable = 0, "no address to listen on"
    for family, address in {(info[0], info[4]) for info in infos}:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # Bound as asyncio's create_server binds for uvicorn: SO_REUSEADDR lets a port in
            # TIME_WAIT pass (a listener not), and an address of a disabled family is skipped.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRNOTAVAIL:
                    unavailable = os.strerror(error.errno)
                    continue
                raise CommandError(f"cannot listen on {where}: {error.strerror}") from None
            bound += 1
    if not bound:
        raise CommandError(f"cannot listen on {where}: {unavailable}")


def _write_secret(path: Path, text: str) -> None:
    # Created readable by its owner alone, never for a moment by others.
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text + "\n")


async def demo_token(connection: asyncpg.Connection, kept: str | None, host: str) -> str | None:
    """The demo agent's token to offer, or None.

    The pages that offer it need no token, and the demo agent reads every group: so only on a
    loopback address, and only while the database holds nothing but the demo data. `kept`, the
    token offered before, is offered again while it is live; a revoked or deleted one is replaced.
    """
    if not is_loopback(host) or not await holds_only_demo_data(connection):
        return None
    if kept and await tokens.token_is_live(connection, kept):
        return kept
    try:
        return await tokens.create_token(connection, DEMO_AGENT, "demo")
    except tokens.TokenError:
        return None  # the demo agent was deleted: no demo token, as with real data


def _prepare(settings: Settings, host: str) -> tuple[str, str | None]:
    """Migrate; on the embedded database, load the demo on first start and pick the demo token."""
    url = database_url(settings)
    run_job(url, apply_migrations)
    if settings.database_url:
        return url, None
    if run_job(url, is_empty):
        started = time.monotonic()
        print("first start: loading demo data …", flush=True)
        load_demo_data(url, 200)
        print(f"demo data loaded in {time.monotonic() - started:.1f} s", flush=True)
    token_file = settings.data_dir / DEMO_TOKEN_FILE
    kept = token_file.read_text(encoding="utf-8").strip() if token_file.exists() else None
    token = run_job(url, lambda connection: demo_token(connection, kept, host))
    if token is not None and token != kept:
        _write_secret(token_file, token)
    return url, token


def app_from_environment() -> Any:
    """uvicorn's factory in every worker: the parent passes what it prepared by environment."""
    from gql.app import create_app
    from gql.logs import configure_logging

    configure_logging()
    settings = load_settings()
    return create_app(os.environ["CUIC_SERVE_DATABASE_URL"], settings, os.environ.get("CUIC_SERVE_DEMO_TOKEN"))


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised the way Ctrl-C raises KeyboardInterrupt.

    After its graceful shutdown uvicorn raises the signal it caught again, under the handler
    it found. SIGTERM's default action kills the process there, before the atexit handlers
    run, and one of them stops the embedded PostgreSQL. As a KeyboardInterrupt it goes the
    way SIGINT goes: uvicorn.run returns and the process exits normally.
    """


def _terminate(_signal: int, _frame: FrameType | None) -> None:
    raise Terminated


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from gql.live import going_away
    from gql.metrics import worker_metrics

    check_port(args.host, args.port)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        url, token = _prepare(settings, args.host)
        if settings.persisted_queries == "only":
            from db.persisted_queries import store_manifest
            from gql.manifest import SCREEN_MANIFEST, load_manifest

            # The screen's own documents are on the allow-list of every server that serves it
            # (a test validates the manifest; validating 500 documents here took seconds).
            screen = load_manifest(SCREEN_MANIFEST, validate_documents=False)
            run_job(url, lambda connection: store_manifest(connection, screen))
        # The workers' pool goes through the pooler when there is one; migrations did not.
        os.environ["CUIC_SERVE_DATABASE_URL"] = settings.database_url or url
        if token:
            os.environ["CUIC_SERVE_DEMO_TOKEN"] = token
        else:
            os.environ.pop("CUIC_SERVE_DEMO_TOKEN", None)
        host = "localhost" if args.host in ("0.0.0.0", "127.0.0.1", "::") else args.host
        base = f"http://{_host_port(host, args.port)}"
        lines = [f"CUIC screen: {base}/", f"GraphiQL: {base}/graphql"]
        if token:
            lines.append(f"demo token (agent {DEMO_AGENT}): {token}")
        else:
            if not settings.database_url:
                lines.append(NO_DEMO_TOKEN)
            lines.append(CREATE_A_TOKEN)
        print("\n".join(lines), flush=True)
        with worker_metrics(args.workers):
            uvicorn.run(
                "gql.serve:app_from_environment",
                factory=True,
                host=args.host,
                port=args.port,
                workers=args.workers,
                loop="uvloop",
                # httptools and websockets-sansio, closing WebSockets with 1001 on SIGTERM.
                http=going_away.HTTP,
                ws=going_away.WEBSOCKETS,
                log_level="warning",
                access_log=False,
                # On SIGTERM: stop accepting, let in-flight requests finish for up to this long.
                timeout_graceful_shutdown=10,
            )
    except Terminated:
        pass  # before uvicorn took over the signal: nothing was served yet
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
