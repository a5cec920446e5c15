"""The bench data set: ~1 M tickets with realistic skew, through cuic's bulk import path.

    uv run python bench/make_data.py [--customer-users 100000] [--heavy 5] [--heavy-tickets 20000]

100 k customer users (2 CIs each: 200 k CIs), 20 k companies, most users 1..17 tickets
(mean 9), five "heavy" users (heavy.user1 .. heavy.user5) with 20 000 tickets each, whose
primary customer IDs are ordinary companies shared with other users. The records are
written as JSON Lines to bench/.data/bench.jsonl, then imported with
`db.importer.import_records` (what `cuic import` runs); the import rate is printed.
Deterministic for a seed, except that times are relative to now (as in the demo).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from bench.pg import DATA, database_url
from db.demo import (
    AGENTS,
    CI_CLASSES,
    CI_NAMES,
    CITIES,
    CLOSED,
    COMPANY_STEMS,
    COUNTRIES,
    DEPLOYMENT_STATES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INCIDENT_STATES,
    QUEUES,
    STATUS_WEIGHTS,
    SUBJECTS,
)
from db.importer import import_records
from db.migrate import apply_migrations

HEAVY_PREFIX = "heavy.user"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def bench_records(
    customer_users: int, companies: int, heavy: int, heavy_tickets: int, seed: int = 7
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    statuses = [name for name, _ in STATUS_WEIGHTS]
    cumulative = []
    total = 0
    for _, weight in STATUS_WEIGHTS:
        total += weight
        cumulative.append(total)
    agent_logins = [agent["login"] for agent in AGENTS]
    owners = (*agent_logins, None)
    queues = tuple(QUEUES)

    yield {"type": "ticket_status", "name": "merged", "category": "OTHER"}
    for queue, group in QUEUES.items():
        yield {"type": "queue", "name": queue, "group": group}
    yield from AGENTS
    for number in range(companies):
        city = CITIES[number % len(CITIES)]
        yield {
            "type": "customer_company",
            "customer_id": f"C{number:05d}",
            "name": f"{COMPANY_STEMS[number % len(COMPANY_STEMS)]} {number}",
            "city": city,
            "country": COUNTRIES[city],
            "url": f"https://c{number:05d}.example.com",
        }
    ticket_number = 0
    for index in range(customer_users):
        is_heavy = index < heavy
        given, family = GIVEN_NAMES[index % 20], FAMILY_NAMES[(index // 20) % 20]
        login = f"{HEAVY_PREFIX}{index + 1}" if is_heavy else f"{family.lower()}.{given.lower()}.{index}"
        primary = f"X{index:06d}" if index % 50 == 49 else f"C{rng.randrange(companies):05d}"
        further = [f"C{rng.randrange(companies):05d}" for _ in range(rng.choice((0, 0, 0, 1, 2)))]
        city = CITIES[index % len(CITIES)]
        yield {
            "type": "customer_user",
            "login": login,
            "first_name": given,
            "last_name": family,
            "email": f"{login}@customer.example",
            "customer_id": primary,
            "customer_ids": sorted(set(further) - {primary}),
            "phone": f"+81-3-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}",
            "city": city,
            "country": COUNTRIES[city],
        }
        for ci in range(2):
            ci_class = CI_CLASSES[(index + ci) % len(CI_CLASSES)]
            yield {
                "type": "config_item",
                "number": f"CI-{index:06d}-{ci}",
                "name": rng.choice(CI_NAMES[ci_class]),
                "class": ci_class,
                "deployment_state": rng.choice(DEPLOYMENT_STATES),
                "incident_state": rng.choice(INCIDENT_STATES),
                "owner": login,
                "created_at": _iso(now - timedelta(days=rng.randrange(30, 900))),
                "changed_at": _iso(now - timedelta(days=rng.randrange(0, 30))),
            }
        tickets = heavy_tickets if is_heavy else rng.randrange(1, 18)
        for _ in range(tickets):
            ticket_number += 1
            status = statuses[_pick(cumulative, rng.random() * total)]
            created = now - timedelta(minutes=rng.randrange(120, 60 * 24 * 720))
            age = now - created
            status_changed = created + age * rng.uniform(0.1, 0.9)
            if status == "pending" and rng.random() < 0.6:
                status_changed = now - timedelta(hours=rng.randrange(25, 24 * 10))
            escalation = None
            if status not in CLOSED and rng.random() < 0.4:
                escalation = now + timedelta(minutes=rng.randrange(-72 * 60, 72 * 60))
            elif status in CLOSED and rng.random() < 0.2:
                escalation = created + timedelta(hours=8)
            owner = rng.choice(owners)
            record: dict[str, Any] = {
                "type": "ticket",
                "number": f"{2026000000 + ticket_number}",
                "title": rng.choice(SUBJECTS),
                "status": status,
                "queue": rng.choice(queues),
                "priority": rng.choice((1, 2, 3, 3, 3, 4, 5)),
                "ticket_type": rng.choice(("Incident", "Service Request", "Problem")),
                "customer_user": login,
                "owner": owner,
                "responsible": rng.choice(owners),
                "locked": owner is not None and status not in CLOSED and rng.random() < 0.5,
                "created_at": _iso(created),
                "changed_at": _iso(max(status_changed, created + age * rng.uniform(0.5, 1.0))),
                "status_changed_at": _iso(status_changed),
            }
            watchers = rng.choice((0, 0, 0, 1))
            if watchers:
                record["watchers"] = [rng.choice(agent_logins)]
            if further and rng.random() < 0.2:
                record["customer_id"] = further[0]
            if escalation is not None:
                record["escalation_at"] = _iso(escalation)
            yield {key: value for key, value in record.items() if value is not None}


def _pick(cumulative: list[int], point: float) -> int:
    for index, bound in enumerate(cumulative):
        if point < bound:
            return index
    return len(cumulative) - 1


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customer-users", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--heavy", type=int, default=5)
    parser.add_argument("--heavy-tickets", type=int, default=20_000)
    parser.add_argument("--file", type=Path, default=DATA / "bench.jsonl")
    args = parser.parse_args()
    started = time.perf_counter()
    lines = 0
    with args.file.open("wb") as out:
        for record in bench_records(args.customer_users, args.companies, args.heavy, args.heavy_tickets):
            out.write(orjson.dumps(record) + b"\n")
            lines += 1
    print(f"generated {lines:,} records in {time.perf_counter() - started:.1f} s -> {args.file}", flush=True)
    connection = await asyncpg.connect(database_url())
    try:
        await apply_migrations(connection)
        if await connection.fetchval("SELECT count(*) FROM ticket"):
            raise SystemExit("the bench database already holds tickets: drop it (rm -r bench/.data) first")
        started = time.perf_counter()
        with args.file.open(encoding="utf-8") as source:
            summary = await import_records(connection, source)
        elapsed = time.perf_counter() - started
        print(f"imported {summary.line_count:,} records in {elapsed:.1f} s = {summary.line_count / elapsed:,.0f}/s")
        for line in summary.lines():
            print("  " + line)
        started = time.perf_counter()
        await connection.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main())
