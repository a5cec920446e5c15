"""The importer tests' data: a small helpdesk with every record type, and snapshots of
every table the importer writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from db.importer import ImportSummary

NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


# Every table the importer writes, with an order that makes snapshots comparable.
TABLES = {
    "ticket_status": "name",
    "customer_company": "customer_id",
    "customer_user": "login",
    "customer_user_customer_id": "customer_user_id, customer_id",
    "permission_group": "name",
    "queue": "name",
    "agent": "login",
    "agent_group": "agent_id, group_id",
    "agent_queue": "agent_id, queue_id",
    "ticket": "number",
    "ticket_watcher": "ticket_id, agent_id",
    "config_item": "number",
}


async def snapshot(connection: asyncpg.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the importer writes."""
    return {
        table: [dict(row) for row in await connection.fetch(f"SELECT * FROM {table} ORDER BY {order}")]
        for table, order in TABLES.items()
    }


def at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat()


def helpdesk() -> list[dict[str, Any]]:
    """A small helpdesk with every record type and most fields."""
    return [
        {"type": "ticket_status", "name": "merged", "category": "OTHER"},
        {
            "type": "customer_company",
            "customer_id": "ACME",
            "name": "Acme Corp",
            "street": "1 Road Runner Way",
            "zip": "12345",
            "city": "Springfield",
            "country": "USA",
            "url": "https://acme.example.com/",
            "comment": "key account",
        },
        {"type": "customer_company", "customer_id": "AOBA", "name": "株式会社青葉システム", "valid": False},
        {
            "type": "customer_user",
            "login": "yamada.taro",
            "first_name": "太郎",
            "last_name": "山田",
            "email": "taro@aoba.example.jp",
            "customer_id": "AOBA",
            "customer_ids": ["ACME", "NOCOMPANY"],
            "title": "課長",
            "phone": "+81 3 0000 0000",
        },
        {"type": "customer_user", "login": "jane", "first_name": "Jane", "last_name": "Doe", "customer_id": "ACME"},
        {"type": "queue", "name": "Service Desk", "group": "users"},
        {"type": "queue", "name": "Security", "group": "security"},
        {
            "type": "agent",
            "login": "admin",
            "first_name": "Ada",
            "last_name": "Admin",
            "email": "admin@example.com",
            "groups": {"users": "rw", "security": "rw"},
            "my_queues": ["Security"],
        },
        {"type": "agent", "login": "viewer", "first_name": "Vic", "last_name": "Viewer", "groups": {"users": "ro"}},
        {
            "type": "ticket",
            "number": "1001",
            "title": "VPN に接続できない",
            "status": "open",
            "queue": "Service Desk",
            "created_at": at(50),
            "priority": 4,
            "ticket_type": "Incident",
            "service": "Network::VPN",
            "customer_user": "yamada.taro",
            "owner": "admin",
            "responsible": "viewer",
            "watchers": ["admin", "viewer"],
            "locked": True,
            "changed_at": at(2),
            "status_changed_at": at(10),
            "escalation_at": at(1),
        },
        {
            "type": "ticket",
            "number": "1002",
            "title": "Password reset",
            "status": "merged",
            "queue": "Security",
            "created_at": "2025-03-01T10:00:00+09:00",
            "customer_user": "jane",
            "customer_id": "OTHER-ID",
        },
        {
            "type": "ticket",
            "number": "1003",
            "title": "No user",
            "status": "new",
            "queue": "Security",
            "created_at": at(3),
        },
        {
            "type": "config_item",
            "number": "CI-1",
            "name": "ThinkPad X1",
            "class": "Computer",
            "deployment_state": "Production",
            "incident_state": "Operational",
            "owner": "yamada.taro",
            "created_at": at(1000),
            "changed_at": at(100),
        },
        {
            "type": "config_item",
            "number": "CI-2",
            "name": "Office",
            "class": "Software",
            "deployment_state": "Planned",
            "incident_state": "Warning",
        },
    ]


def created(summary: ImportSummary) -> dict[str, int]:
    return {record_type: n for record_type, n in summary.created.items() if n}


def ticket_line(**fields: Any) -> dict[str, Any]:
    record = {
        "type": "ticket",
        "number": "BAD",
        "title": "t",
        "status": "new",
        "queue": "Service Desk",
        "created_at": at(1),
    }
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}
