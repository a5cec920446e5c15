"""Settings read from the environment (and a `.env` file), in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dotenv import load_dotenv

NameOrder = Literal["first_last", "last_first"]


class ConfigError(ValueError):
    """A configuration value is malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    data_dir: Path
    reminder_hours: float
    name_order: NameOrder
    statement_timeout_ms: int
    pool_min_size: int
    pool_max_size: int


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def load_settings() -> Settings:
    load_dotenv(override=False)
    raw_hours = os.environ.get("CUIC_REMINDER_HOURS") or "24"
    try:
        reminder_hours = float(raw_hours)
    except ValueError:
        raise ConfigError(f"CUIC_REMINDER_HOURS must be a number, got {raw_hours!r}") from None
    if reminder_hours < 0:
        raise ConfigError("CUIC_REMINDER_HOURS must not be negative")
    name_order = os.environ.get("CUIC_NAME_ORDER") or "first_last"
    if name_order not in ("first_last", "last_first"):
        raise ConfigError(f"CUIC_NAME_ORDER must be first_last or last_first, got {name_order!r}")
    return Settings(
        database_url=os.environ.get("CUIC_DATABASE_URL") or None,
        data_dir=Path(os.environ.get("CUIC_DATA_DIR") or ".cuic"),
        reminder_hours=reminder_hours,
        name_order=name_order,  # type: ignore[arg-type]
        statement_timeout_ms=_int("CUIC_STATEMENT_TIMEOUT_MS", 5000, 1),
        pool_min_size=_int("CUIC_POOL_MIN_SIZE", 2, 0),
        pool_max_size=_int("CUIC_POOL_MAX_SIZE", 10, 1),
    )
