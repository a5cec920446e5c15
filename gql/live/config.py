"""The settings of live updates and of POST /ingest, read from the environment (and `.env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from dotenv import load_dotenv

from db.config import ConfigError


@dataclass(frozen=True)
class LiveSettings:
    # LISTEN needs a session of its own: behind PgBouncer in transaction mode, point this at
    # PostgreSQL itself. Unset: the database URL.
    listen_url: str | None = None
    max_ingest_bytes: int = 50_000_000
    max_connections: int = 2000  # WebSocket and SSE connections of one worker
    max_subscriptions: int = 50  # per WebSocket connection
    init_timeout: float = 10.0  # seconds for connection_init after the upgrade
    idle_timeout: float = 300.0  # seconds a WebSocket may hold no subscription
    ping_interval: float = 15.0  # seconds between the server's pings (and SSE keep-alive comments)
    ping_timeout: float = 30.0  # seconds without a pong (or any message) before the close
    send_timeout: float = 10.0  # seconds a push may wait for a slow consumer before it is dropped
    min_push_interval: float = 0.25  # seconds between two pushes of one subscription
    # Pushes computed at once: a burst of pushes is served first come, first done, rather
    # than all of them finishing together at the end.
    push_concurrency: int = 8
    listener_check_interval: float = 5.0  # seconds between checks that the LISTEN connection lives


def _number(name: str, default: float, minimum: float, *, integer: bool = False) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be {'an integer' if integer else 'a number'}, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def load_live_settings() -> LiveSettings:
    load_dotenv(override=False)
    return LiveSettings(
        listen_url=os.environ.get("CUIC_LISTEN_URL") or None,
        max_ingest_bytes=int(_number("CUIC_MAX_INGEST_BYTES", 50_000_000, 1, integer=True)),
        max_connections=int(_number("CUIC_LIVE_MAX_CONNECTIONS", 2000, 1, integer=True)),
        max_subscriptions=int(_number("CUIC_LIVE_MAX_SUBSCRIPTIONS", 50, 1, integer=True)),
        init_timeout=_number("CUIC_LIVE_INIT_TIMEOUT", 10.0, 0.1),
        idle_timeout=_number("CUIC_LIVE_IDLE_TIMEOUT", 300.0, 0.1),
        ping_interval=_number("CUIC_LIVE_PING_INTERVAL", 15.0, 0.1),
        ping_timeout=_number("CUIC_LIVE_PING_TIMEOUT", 30.0, 0.1),
        send_timeout=_number("CUIC_LIVE_SEND_TIMEOUT", 10.0, 0.1),
    )
