"""Realistic demo data for an empty database, in the import format.

`demo_records` yields import records (dicts ready for JSON); `load_demo` feeds them through
the importer, the same path as `cuic import`. The data:

- ticket statuses: the seeded ones plus "merged" (category OTHER);
- six queues in four permission groups ("users", "infrastructure", "applications",
  "security");
- exactly three agents: "admin" (rw on every group), "support" (rw on users,
  infrastructure and applications, ro on security) and "auditor" (ro on users only),
  each with chosen queues ("My Queues");
- about one company per five customer users, Japanese ("株式会社青葉システム") and
  English ("Acme Corp") alike; the users (山田 太郎, Emily Clark, ...) belong to them,
  some with further customer IDs, and two users' primary customer IDs have no company;
- about ten tickets per customer user, in every status, with owners, responsibles,
  watchers and locks, pending tickets past the reminder period, escalations past and
  to come;
- about two configuration items per customer user, owned by the user.

The first customer user is always `yamada.taro` (山田 太郎, company C00001 "株式会社青葉システム"),
with tickets in every status and in every widget (pending past 24 h, escalated, ...).

Determinism: everything follows from `random.Random(seed)` and the number of customer
users, except timestamps, which are `now` minus a drawn offset (so that "pending for
more than 24 hours" and "escalation passed" mean something whenever the demo is loaded).
Pass the same `now` to get identical records; with another `now` only the timestamp
fields (`*_at`) differ.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import asyncpg
import orjson

from db.demo.records import customer_id, demo_records
from db.demo.vocabulary import (
    AGENT_LOGINS,
    AGENTS,
    CI_CLASSES,
    CI_NAMES,
    CITIES,
    CLOSED,
    COMPANY_STEMS,
    COUNTRIES,
    DEPLOYMENT_STATES,
    EN_COMPANY_KINDS,
    EN_COMPANY_STEMS,
    EN_GIVEN_NAMES,
    EN_PLACES,
    EN_SURNAMES,
    EN_TITLES,
    FAMILY_NAMES,
    FIRST_LOGIN,
    GIVEN_NAMES,
    GROUPS,
    INCIDENT_STATES,
    JP_COMPANY_KINDS,
    JP_COMPANY_STEMS,
    JP_GIVEN_NAMES,
    JP_PLACES,
    JP_SURNAMES,
    JP_TITLES,
    JST,
    ORPHAN_CUSTOMER_IDS,
    PRIORITIES,
    PRIORITY_CUMULATIVE,
    QUEUES,
    SHOWCASE,
    SLA_HOURS,
    STATUS_CUMULATIVE,
    STATUS_NAMES,
    STATUS_WEIGHTS,
    STATUSES,
    SUBJECTS,
    TOPICS,
    USERS_PER_COMPANY,
    Record,
)
from db.demo_marker import set_demo_marker
from db.importer import ImportSummary, import_records

__all__ = [
    "AGENTS",
    "AGENT_LOGINS",
    "CITIES",
    "CI_CLASSES",
    "CI_NAMES",
    "CLOSED",
    "COMPANY_STEMS",
    "COUNTRIES",
    "DEPLOYMENT_STATES",
    "EN_COMPANY_KINDS",
    "EN_COMPANY_STEMS",
    "EN_GIVEN_NAMES",
    "EN_PLACES",
    "EN_SURNAMES",
    "EN_TITLES",
    "FAMILY_NAMES",
    "FIRST_LOGIN",
    "GIVEN_NAMES",
    "GROUPS",
    "INCIDENT_STATES",
    "JP_COMPANY_KINDS",
    "JP_COMPANY_STEMS",
    "JP_GIVEN_NAMES",
    "JP_PLACES",
    "JP_SURNAMES",
    "JP_TITLES",
    "JST",
    "ORPHAN_CUSTOMER_IDS",
    "PRIORITIES",
    "PRIORITY_CUMULATIVE",
    "QUEUES",
    "SHOWCASE",
    "SLA_HOURS",
    "STATUSES",
    "STATUS_CUMULATIVE",
    "STATUS_NAMES",
    "STATUS_WEIGHTS",
    "SUBJECTS",
    "TOPICS",
    "USERS_PER_COMPANY",
    "Record",
    "customer_id",
    "demo_records",
    "load_demo",
]


async def load_demo(
    connection: asyncpg.Connection,
    customer_users: int = 200,
    *,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import the demo data through the importer and mark the database as holding only demo
    data, in one transaction (the import itself clears the marker, as every import does)."""
    lines = (orjson.dumps(record).decode() for record in demo_records(customer_users, seed, now))
    async with connection.transaction():
        summary = await import_records(connection, lines, progress=progress)
        await set_demo_marker(connection)
    return summary
