"""The API tests' helpdesk, imported through the importer (the public path).

Times are relative to the moment of import, with hours of margin around every boundary.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


def iso(moment: datetime) -> str:
    return moment.isoformat()


def ago(hours: float, now: datetime) -> str:
    return iso(now - timedelta(hours=hours))


def ticket(number: str, status: str, now: datetime, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "ticket",
        "number": number,
        "title": fields.pop("title", f"Ticket {number}"),
        "status": status,
        "queue": fields.pop("queue", "Service Desk"),
        "created_at": fields.pop("created_at", ago(100, now)),
        "customer_user": fields.pop("customer_user", "taro"),
    }
    record.update(fields)
    return record


def records(now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(UTC)
    data: list[dict[str, Any]] = [
        # A forward reference: the status is defined at the end of the file.
        ticket("OTHER-1", "merged", now, customer_id="ACME"),
        {"type": "customer_company", "customer_id": "ACME", "name": "Acme Corp", "city": "Springfield"},
        {"type": "customer_company", "customer_id": "GLOBEX", "name": "グローベックス株式会社"},
        {"type": "queue", "name": "Service Desk", "group": "support"},
        {"type": "queue", "name": "Network", "group": "support"},
        {"type": "queue", "name": "Secret", "group": "secret"},
        {
            "type": "agent",
            "login": "alice",
            "first_name": "Alice",
            "last_name": "Admin",
            "email": "alice@example.com",
            "groups": {"support": "rw", "secret": "ro"},
            "my_queues": ["Network"],
        },
        {
            "type": "agent",
            "login": "bob",
            "first_name": "Bob",
            "last_name": "Basic",
            "groups": {"support": "ro"},
            "my_queues": ["Service Desk"],
        },
        {
            "type": "customer_user",
            "login": "taro",
            "first_name": "Taro",
            "last_name": "Yamada",
            "email": "taro@acme.example",
            "customer_id": "ACME",
            "customer_ids": ["NOCOMPANY", "GLOBEX"],
            "phone": "+81 3 0000 0000",
        },
        {
            "type": "customer_user",
            "login": "hanako",
            "first_name": "Hanako",
            "last_name": "Sato",
            "customer_id": "ACME",
        },
        {"type": "customer_user", "login": "lonely", "first_name": "Lone", "last_name": "Ly", "customer_id": "GLOBEX"},
        {
            "type": "customer_user",
            "login": "orphan",
            "first_name": "Or",
            "last_name": "Phan",
            "customer_id": "NOCOMPANY",
        },
        {"type": "customer_user", "login": "50%_off", "first_name": "Per", "last_name": "Cent"},
        # Reminder boundary: pending 25 h is in the widget, 23 h is not.
        ticket("PEND-25", "pending", now, status_changed_at=ago(25, now)),
        ticket("PEND-23", "pending", now, status_changed_at=ago(23, now)),
        # Escalation: passed and open, not yet reached, passed but closed.
        ticket("ESC-PAST", "open", now, escalation_at=ago(1, now), changed_at=ago(50, now)),
        ticket("ESC-FUTURE", "new", now, escalation_at=ago(-1, now)),
        ticket("ESC-CLOSED", "closed", now, escalation_at=ago(2, now), status_changed_at=ago(3, now)),
        # Readable only by agents with a permission on group "secret".
        ticket("SECRET-1", "in_progress", now, queue="Secret", changed_at=ago(1, now)),
        # No customer_id: inherits taro's primary ID, ACME.
        ticket("INHERIT-1", "closed", now, status_changed_at=ago(10, now)),
        # Scopes, as seen by alice.
        ticket("SCOPE-LOCKED", "open", now, owner="alice", locked=True, changed_at=ago(2, now)),
        ticket("SCOPE-RESP", "open", now, responsible="alice", owner="bob", changed_at=ago(3, now)),
        ticket("SCOPE-WATCH", "open", now, watchers=["alice", "bob"], changed_at=ago(4, now)),
        ticket("SCOPE-QUEUE", "open", now, queue="Network", changed_at=ago(5, now), priority=5),
        # Other users' tickets of taro's customer IDs.
        ticket("HANAKO-OPEN", "open", now, customer_user="hanako", customer_id="ACME", changed_at=ago(6, now)),
        ticket("HANAKO-CLOSED", "closed", now, customer_user="hanako", customer_id="ACME"),
        ticket("HANAKO-GLOBEX", "open", now, customer_user="hanako", customer_id="GLOBEX", changed_at=ago(7, now)),
        ticket("HANAKO-NEW", "new", now, customer_user="hanako", customer_id="ACME"),
        {
            "type": "config_item",
            "number": "CI-2",
            "name": "Workstation",
            "class": "Computer",
            "deployment_state": "Production",
            "incident_state": "Operational",
            "owner": "taro",
            "changed_at": ago(2, now),
        },
        {
            "type": "config_item",
            "number": "CI-1",
            "name": "Printer",
            "class": "Hardware",
            "deployment_state": "Planned",
            "incident_state": "Incident",
            "owner": "taro",
            "changed_at": ago(1, now),
        },
        {"type": "ticket_status", "name": "merged", "category": "OTHER"},
    ]
    # Twelve more open tickets for pagination, with distinct priorities, titles and times,
    # and types and services for the column filters.
    for n in range(12):
        data.append(
            ticket(
                f"PAGE-{n:02d}",
                "open" if n % 2 else "planning",
                now,
                title=f"{'zyxwvutsrqpo'[n]} page ticket",
                priority=1 + n % 5,
                ticket_type=("Incident", "Service Request", None)[n % 3],
                service="Email" if n < 4 else ("VPN" if n < 7 else None),
                created_at=ago(200 - n, now),
                changed_at=ago(20 + n, now),
                status_changed_at=ago(30 + (n * 7) % 12, now),
                escalation_at=ago(-(n % 3) * 10, now) if n % 4 else None,
            )
        )
    return [{k: v for k, v in record.items() if v is not None} for record in data]


def crowd(count: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """`count` customer users, each with a ticket in every widget and a CI."""
    now = now or datetime.now(UTC)
    data: list[dict[str, Any]] = []
    for n in range(count):
        login = f"crowd{n:03d}"
        data.append(
            {"type": "customer_user", "login": login, "first_name": "C", "last_name": str(n), "customer_id": "ACME"}
        )
        data.append(
            {
                "type": "config_item",
                "number": f"CI-{login}",
                "name": f"Laptop {n}",
                "class": "Computer",
                "deployment_state": "Production",
                "incident_state": "Operational",
                "owner": login,
            }
        )
        for status, extra in (
            ("pending", {"status_changed_at": ago(30, now)}),
            ("new", {"escalation_at": ago(1, now)}),
            ("open", {"owner": "alice", "responsible": "bob", "watchers": ["alice"]}),
            ("closed", {}),
        ):
            data.append(ticket(f"{login}-{status}", status, now, customer_user=login, **extra))
    return data
