"""Demo data: deterministic, loads through the importer, fills every widget."""

from datetime import UTC, datetime

import asyncpg

from db.demo import demo_records, load_demo


def test_same_seed_and_size_give_the_same_records() -> None:
    now = datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert list(demo_records(30, now=now)) == list(demo_records(30, now=now))
    assert list(demo_records(30, seed=2, now=now)) != list(demo_records(30, now=now))


async def test_demo_loads_with_every_status_and_widget_material(connection: asyncpg.Connection) -> None:
    summary = await load_demo(connection, customer_users=60)
    assert summary.created["customer_user"] == 60
    assert [r["login"] for r in await connection.fetch("SELECT login FROM agent ORDER BY login")] == [
        "admin",
        "auditor",
        "support",
    ]
    used = {r["name"] for r in await connection.fetch(
        "SELECT DISTINCT s.name FROM ticket t JOIN ticket_status s ON s.id = t.status_id")}  # fmt: skip
    every = {r["name"] for r in await connection.fetch("SELECT name FROM ticket_status")}
    assert used == every
    tickets = await connection.fetchval("SELECT count(*) FROM ticket")
    assert 5 * 60 <= tickets <= 15 * 60
    assert await connection.fetchval("SELECT count(*) FROM config_item") == 120
    reminders = await connection.fetchval(
        "SELECT count(*) FROM ticket WHERE status_category = 'PENDING' AND status_changed_at <= now() - interval '24h'"
    )
    escalated = await connection.fetchval(
        "SELECT count(*) FROM ticket WHERE status_category IN ('NEW', 'IN_PROGRESS', 'PENDING')"
        " AND escalation_at <= now()"
    )
    assert reminders > 0 and escalated > 0
    no_company = await connection.fetchval(
        "SELECT count(*) FROM customer_user cu WHERE NOT EXISTS"
        " (SELECT 1 FROM customer_company c WHERE c.customer_id = cu.customer_id)"
    )
    assert no_company >= 1
    assert await connection.fetchval("SELECT count(*) FROM customer_user WHERE login = 'yamada.taro'") == 1
