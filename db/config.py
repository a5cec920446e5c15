"""Settings read from the environment (and a `.env` file), in one place."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit

from dotenv import load_dotenv

from db.domain import NameOrder
from db.widgets import Locale

__all__ = ["ConfigError", "NameOrder", "Settings", "UrlTemplate", "load_settings"]

PersistedQueriesMode = Literal["auto", "only"]
Pooler = Literal["none", "transaction"]


class ConfigError(ValueError):
    """A configuration value is malformed; the message names the variable."""


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass(frozen=True)
class UrlTemplate:
    """A link into the helpdesk, e.g. `https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID={id}`."""

    text: str

    def render(self, values: Mapping[str, str | None]) -> str | None:
        """The URL with each placeholder's value percent-encoded; None when one has no value
        (a ticket imported without `source_id`, for a template that needs `{id}`)."""
        missing = False

        def value(match: re.Match[str]) -> str:
            nonlocal missing
            found = values.get(match[1])
            if found is None:
                missing = True
                return ""
            return quote(found, safe="")

        url = _PLACEHOLDER.sub(value, self.text)
        return None if missing else url


def _url_template(name: str, placeholders: tuple[str, ...]) -> UrlTemplate | None:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return None
    if urlsplit(raw).scheme not in ("http", "https") or not urlsplit(raw).netloc:
        raise ConfigError(f"{name} must be an http or https URL, got {raw!r}")
    unknown = sorted({found for found in _PLACEHOLDER.findall(raw) if found not in placeholders})
    if unknown or "{" in _PLACEHOLDER.sub("", raw) or "}" in _PLACEHOLDER.sub("", raw):
        known = ", ".join(f"{{{placeholder}}}" for placeholder in placeholders)
        raise ConfigError(f"{name} may hold only the placeholders {known}, got {raw!r}")
    return UrlTemplate(raw)


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    data_dir: Path
    reminder_hours: float
    name_order: NameOrder
    statement_timeout_ms: int
    pool_min_size: int
    pool_max_size: int
    max_body_bytes: int = 1_000_000
    max_depth: int = 15
    max_aliases: int = 50
    max_root_fields: int = 20
    max_nodes: int = 50_000
    introspection: bool = True
    cors_origins: tuple[str, ...] = ()
    # A read replica: every loader but the token lookup (which writes last_used_at) reads there.
    database_read_url: str | None = None
    # The primary without a pooler in between: migrations, the command line, LISTEN.
    database_direct_url: str | None = None
    # "transaction": the database URLs lead to a pooler in transaction mode (PgBouncer).
    database_pooler: Pooler = "none"
    # "only": nothing but registered documents run (an allow-list).
    persisted_queries: PersistedQueriesMode = "auto"
    # Documents registered by clients (not imported ones): how many are kept, and for how long unused.
    persisted_queries_max: int = 10_000
    persisted_queries_ttl_days: int = 30
    # Links into the helpdesk (Ticket.url, ConfigItem.url, CustomerUser.url); None: no links.
    ticket_url_template: UrlTemplate | None = None
    config_item_url_template: UrlTemplate | None = None
    customer_user_url_template: UrlTemplate | None = None
    # The language of status labels on Japanese screens: Ops I shows its English ones there.
    ja_status_labels: Locale = Locale.JA
    # Off: every request runs on graphql-core's executor instead of the planned one.
    planned_executor: bool = True


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


def _bool(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = (os.environ.get(name) or default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
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
    pooler = _choice("CUIC_DATABASE_POOLER", "none", ("none", "transaction"))
    if (
        pooler == "transaction"
        and os.environ.get("CUIC_DATABASE_URL")
        and not os.environ.get("CUIC_DATABASE_DIRECT_URL")
    ):
        # Migrations hold a session-level advisory lock, which a transaction pooler cannot keep.
        raise ConfigError(
            "CUIC_DATABASE_POOLER=transaction needs CUIC_DATABASE_DIRECT_URL (the primary, not the pooler)"
        )
    raw_order = os.environ.get("CUIC_NAME_ORDER") or "first_last"
    if raw_order not in ("first_last", "last_first"):
        raise ConfigError(f"CUIC_NAME_ORDER must be first_last or last_first, got {raw_order!r}")
    raw_labels = (os.environ.get("CUIC_JA_STATUS_LABELS") or "ja").strip().lower()
    if raw_labels not in ("ja", "en"):
        raise ConfigError(f"CUIC_JA_STATUS_LABELS must be ja or en, got {raw_labels!r}")
    return Settings(
        database_url=os.environ.get("CUIC_DATABASE_URL") or None,
        data_dir=Path(os.environ.get("CUIC_DATA_DIR") or ".cuic"),
        reminder_hours=reminder_hours,
        name_order=NameOrder(raw_order),
        statement_timeout_ms=_int("CUIC_STATEMENT_TIMEOUT_MS", 5000, 1),
        pool_min_size=_int("CUIC_POOL_MIN_SIZE", 2, 0),
        pool_max_size=_int("CUIC_POOL_MAX_SIZE", 10, 1),
        max_body_bytes=_int("CUIC_MAX_BODY_BYTES", 1_000_000, 1),
        max_depth=_int("CUIC_MAX_DEPTH", 15, 1),
        max_aliases=_int("CUIC_MAX_ALIASES", 50, 0),
        max_root_fields=_int("CUIC_MAX_ROOT_FIELDS", 20, 1),
        max_nodes=_int("CUIC_MAX_NODES", 50_000, 1),
        introspection=_bool("CUIC_INTROSPECTION", True),
        planned_executor=_bool("CUIC_PLANNED_EXECUTOR", True),
        database_read_url=os.environ.get("CUIC_DATABASE_READ_URL") or None,
        database_direct_url=os.environ.get("CUIC_DATABASE_DIRECT_URL") or None,
        database_pooler=pooler,  # type: ignore[arg-type]
        persisted_queries=_choice("CUIC_PERSISTED_QUERIES", "auto", ("auto", "only")),  # type: ignore[arg-type]
        persisted_queries_max=_int("CUIC_PERSISTED_QUERIES_MAX", 10_000, 1),
        persisted_queries_ttl_days=_int("CUIC_PERSISTED_QUERIES_TTL_DAYS", 30, 1),
        ticket_url_template=_url_template("CUIC_TICKET_URL_TEMPLATE", ("id", "number")),
        config_item_url_template=_url_template("CUIC_CONFIG_ITEM_URL_TEMPLATE", ("id", "number")),
        customer_user_url_template=_url_template("CUIC_CUSTOMER_USER_URL_TEMPLATE", ("login",)),
        ja_status_labels=Locale(raw_labels.upper()),
        cors_origins=tuple(
            origin.strip() for origin in (os.environ.get("CUIC_CORS_ORIGINS") or "").split(",") if origin.strip()
        ),
    )
