"""Logging: one JSON line per request in production, readable lines in development.

Tokens and variables are never logged: a request line names the agent, not its token.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

request_logger = logging.getLogger("cuic.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        extra = " ".join(f"{k}={v}" for k, v in fields.items()) if isinstance(fields, dict) else ""
        line = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.getMessage()} {extra}".rstrip()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging() -> None:
    """CUIC_LOG_FORMAT=json|text; by default text on a terminal, JSON otherwise."""
    chosen = (os.environ.get("CUIC_LOG_FORMAT") or ("text" if sys.stderr.isatty() else "json")).lower()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TextFormatter() if chosen == "text" else JsonFormatter())
    root = logging.getLogger("cuic")
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("CUIC_LOG_LEVEL", "INFO").upper())
    root.propagate = False


def log_request(
    *,
    request_id: str,
    agent: str | None,
    operation: str | None,
    status: int,
    duration_ms: float,
    statements: int,
    error_codes: list[str],
) -> None:
    request_logger.info(
        "request",
        extra={
            "fields": {
                "request_id": request_id,
                "agent": agent,
                "operation": operation,
                "status": status,
                "duration_ms": round(duration_ms, 2),
                "statements": statements,
                "error_codes": error_codes,
            }
        },
    )
