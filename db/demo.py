"""Demo data: a realistic, deterministic helpdesk, loaded through the importer.

The same seed and size give the same records, except that every time is relative to
`now` (rounded down to the hour), so that the Reminder and Escalated widgets always have
something to show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson

from db.importer import ImportSummary, import_records

FAMILY_NAMES = (
    "Yamada", "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Nakamura", "Kobayashi", "Kato",
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Walker", "Young",
)  # fmt: skip
GIVEN_NAMES = (
    "Taro", "Hanako", "Yuki", "Haruto", "Sakura", "Ren", "Aoi", "Sota", "Mei", "Kenji",
    "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas", "Grace", "Henry",
)  # fmt: skip
COMPANY_STEMS = (
    "株式会社日立ソリューションズ", "富士通テクノ", "東京システム開発", "大阪物流", "北海道電力サービス",
    "Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli",
)  # fmt: skip
CITIES = ("Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "London", "New York", "Berlin")
COUNTRIES = dict.fromkeys(("Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo", "Fukuoka"), "Japan") | {
    "London": "United Kingdom",
    "New York": "United States",
    "Berlin": "Germany",
}
QUEUES = {
    "Service Desk": "service",
    "Hardware": "service",
    "Network": "infrastructure",
    "Applications": "applications",
    "Security": "security",
}
SUBJECTS = (
    "Cannot log in to VPN", "Printer on 3F offline", "メールが送信できない", "Request new laptop",
    "Password reset", "会議室のプロジェクターが映らない", "Access to shared drive", "Slow network in branch office",
    "ERP batch job failed", "ウイルス検知の警告", "Install design software", "Monitor flickers",
)  # fmt: skip
CI_CLASSES = ("Computer", "Software", "Network", "Location", "Hardware")
CI_NAMES = {
    "Computer": ("ThinkPad X1", "MacBook Pro", "Dell Latitude", "Surface Laptop"),
    "Software": ("Microsoft 365", "Adobe Acrobat", "SAP GUI", "Slack"),
    "Network": ("VPN client", "Wi-Fi access point", "Router"),
    "Location": ("Tokyo HQ 3F", "Osaka office", "Data center A"),
    "Hardware": ("Printer", "Monitor 27in", "Docking station"),
}
DEPLOYMENT_STATES = ("Production", "Planned", "Maintenance")
INCIDENT_STATES = ("Operational", "Operational", "Operational", "Incident", "Warning")

# Ticket statuses in the proportions a helpdesk sees; "merged" is an OTHER status.
STATUS_WEIGHTS = (
    ("new", 8), ("open", 14), ("in_progress", 10), ("planning", 3), ("awaiting_approval", 3),
    ("awaiting_implementation", 2), ("implementing", 2), ("declined", 1), ("awaiting_backout", 1),
    ("pending", 8), ("closed", 30), ("completed", 10), ("cancelled", 4), ("closed_with_backout", 1),
    ("merged", 1),
)  # fmt: skip
CLOSED = {"closed", "completed", "cancelled", "closed_with_backout", "merged"}

AGENTS = (
    {
        "type": "agent",
        "login": "admin",
        "first_name": "Akira",
        "last_name": "Admin",
        "email": "admin@helpdesk.example",
        "groups": {"service": "rw", "infrastructure": "rw", "applications": "rw", "security": "rw"},
        "my_queues": ["Service Desk", "Security"],
    },
    {
        "type": "agent",
        "login": "support",
        "first_name": "Sam",
        "last_name": "Support",
        "email": "support@helpdesk.example",
        "groups": {"service": "rw", "applications": "rw", "infrastructure": "ro"},
        "my_queues": ["Service Desk", "Hardware"],
    },
    {
        "type": "agent",
        "login": "auditor",
        "first_name": "Aya",
        "last_name": "Auditor",
        "email": "auditor@helpdesk.example",
        "groups": {"service": "ro"},
        "my_queues": ["Service Desk"],
    },
)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _customer_user_login(index: int) -> str:
    given, family = GIVEN_NAMES[index % len(GIVEN_NAMES)], FAMILY_NAMES[(index // len(GIVEN_NAMES)) % 20]
    suffix = "" if index < len(GIVEN_NAMES) * len(FAMILY_NAMES) else f".{index}"
    return f"{family.lower()}.{given.lower()}{suffix}"


def demo_records(customer_users: int = 200, seed: int = 1, now: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Import records for a helpdesk of `customer_users` users (about 10 tickets and 2 CIs each)."""
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    statuses = [name for name, _ in STATUS_WEIGHTS]
    weights = [weight for _, weight in STATUS_WEIGHTS]
    agent_logins = [agent["login"] for agent in AGENTS]

    yield {"type": "ticket_status", "name": "merged", "category": "OTHER"}
    for queue, group in QUEUES.items():
        yield {"type": "queue", "name": queue, "group": group}
    yield from AGENTS

    companies = max(1, customer_users // 5)
    for number in range(companies):
        stem = COMPANY_STEMS[number % len(COMPANY_STEMS)]
        city = CITIES[number % len(CITIES)]
        yield {
            "type": "customer_company",
            "customer_id": f"C{number:05d}",
            "name": stem if number < len(COMPANY_STEMS) else f"{stem} {number}",
            "street": f"{1 + number % 40}-{1 + number % 9} Chuo",
            "zip": f"{100 + number % 900}-{number % 10000:04d}",
            "city": city,
            "country": COUNTRIES[city],
            "url": f"https://c{number:05d}.example.com",
        }

    ticket_number = 0
    for index in range(customer_users):
        login = _customer_user_login(index)
        given, family = GIVEN_NAMES[index % len(GIVEN_NAMES)], FAMILY_NAMES[(index // len(GIVEN_NAMES)) % 20]
        # Every 50th user's primary customer ID has no company record.
        primary = f"X{index:05d}" if index % 50 == 49 else f"C{rng.randrange(companies):05d}"
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
            "title": rng.choice(("Mr.", "Ms.", None)),
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
        for _ in range(rng.randrange(5, 16)):
            ticket_number += 1
            status = rng.choices(statuses, weights)[0]
            created = now - timedelta(hours=rng.randrange(2, 24 * 120))
            age = now - created
            status_changed = created + age * rng.uniform(0.1, 0.9)
            if status == "pending" and rng.random() < 0.6:
                status_changed = now - timedelta(hours=rng.randrange(25, 24 * 10))  # due for a reminder
            escalation = None
            if status not in CLOSED and rng.random() < 0.4:
                escalation = now + timedelta(hours=rng.randrange(-72, 72))  # about half escalated
            elif status in CLOSED and rng.random() < 0.2:
                escalation = created + timedelta(hours=8)  # escalated once, closed since
            owner = rng.choice((*agent_logins, None))
            record: dict[str, Any] = {
                "type": "ticket",
                "number": f"{2026000000 + ticket_number}",
                "title": rng.choice(SUBJECTS),
                "status": status,
                "queue": rng.choice(tuple(QUEUES)),
                "priority": rng.choice((1, 2, 3, 3, 3, 4, 5)),
                "ticket_type": rng.choice(("Incident", "Service Request", "Problem")),
                "service": rng.choice(("Email", "Network", "Workplace", "ERP", None)),
                "customer_user": login,
                "owner": owner,
                "responsible": rng.choice((*agent_logins, None)),
                "watchers": rng.sample(agent_logins, rng.choice((0, 0, 1, 2))),
                "locked": owner is not None and status not in CLOSED and rng.random() < 0.5,
                "created_at": _iso(created),
                "changed_at": _iso(max(status_changed, created + age * rng.uniform(0.5, 1.0))),
                "status_changed_at": _iso(status_changed),
            }
            if further and rng.random() < 0.2:
                record["customer_id"] = further[0]  # a ticket for another of the user's companies
            if escalation is not None:
                record["escalation_at"] = _iso(escalation)
            yield {key: value for key, value in record.items() if value is not None}


async def load_demo(connection: asyncpg.Connection, customer_users: int = 200, seed: int = 1) -> ImportSummary:
    lines = (orjson.dumps(record).decode() for record in demo_records(customer_users, seed))
    return await import_records(connection, lines)
