"""What a resolver knows about the request: its viewer, loaders, settings and clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
