"""What a resolver knows about the request: its viewer, loaders, settings and clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from db.config import Settings
from db.loaders import Access, Loaders


@dataclass
class RequestContext:
    viewer: asyncpg.Record
    access: Access
    loaders: Loaders
    # For writes only; every read goes through `loaders`.
    pool: asyncpg.Pool
    settings: Settings
    # One instant per request, so that every widget and `escalated` flag agree.
    now: datetime
    # resolvers/settings.py: agent id -> (the loaded rows, their merge with the defaults).
    merged_settings: dict[int, tuple[Any, Any]] = field(default_factory=dict)
