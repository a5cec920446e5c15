"""Demo data: deterministic, realistic, loads through the importer, feeds every widget."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from db.demo import (
    CITIES,
    CLOSED,
    COUNTRIES,
    FAMILY_NAMES,
    FIRST_LOGIN,
    GIVEN_NAMES,
    ORPHAN_CUSTOMER_IDS,
    STATUS_WEIGHTS,
    STATUSES,
    demo_records,
    load_demo,
)

NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def without_times(records: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{key: value for key, value in record.items() if not key.endswith("_at")} for record in records]


def test_same_seed_count_and_now_give_the_same_records() -> None:
    first = list(demo_records(40, seed=1, now=NOW))
    assert first == list(demo_records(40, seed=1, now=NOW))
    # Another moment moves the timestamps only.
    later = list(demo_records(40, seed=1, now=NOW + timedelta(days=3, minutes=7)))
    assert later != first
    assert without_times(later) == without_times(first)
    # Another seed is other data.
    assert without_times(list(demo_records(40, seed=2, now=NOW))) != without_times(first)


def test_the_shape_of_the_data() -> None:
    records = list(demo_records(200, now=NOW))
    kinds = Counter(str(record["type"]) for record in records)
    assert kinds["customer_user"] == 200
    assert kinds["customer_company"] == 40  # one per five users
    assert kinds["agent"] == 3
    assert 8 * 200 <= kinds["ticket"] <= 12 * 200
    assert 300 <= kinds["config_item"] <= 500
    users = [record for record in records if record["type"] == "customer_user"]
    assert users[0]["login"] == FIRST_LOGIN == "yamada.taro"
    assert (users[0]["last_name"], users[0]["first_name"]) == ("山田", "太郎")
    assert len({user["login"] for user in users}) == 200
    assert any(str(user["first_name"]).isascii() for user in users)  # English names too
    assert sum(1 for user in users if user["customer_id"] in ORPHAN_CUSTOMER_IDS) == 2
    assert sum(1 for user in users if user.get("customer_ids")) >= 10
    companies = [record for record in records if record["type"] == "customer_company"]
    assert companies[0]["name"] == "株式会社青葉システム" and companies[1]["name"] == "Acme Corp"
    # The helpdesk's own ids, distinct, so that URL templates with {id} link every one.
    for kind in ("ticket", "config_item"):
        ids = [record["source_id"] for record in records if record["type"] == kind]
        assert len(ids) == kinds[kind] == len(set(ids)), kind
    assert any(str(c["name"]).startswith("株式会社") for c in companies[2:])
    assert any(str(c["name"]).isascii() for c in companies[2:])
    items = [record for record in records if record["type"] == "config_item"]
    assert {"Computer", "Software", "Network", "Location"} <= {item["class"] for item in items}
    assert {item["deployment_state"] for item in items} == {"Production", "Planned", "Maintenance"}
    assert {item["incident_state"] for item in items} == {"Operational", "Incident", "Warning"}
    # Every record refers back only (no forward references needed).
    assert records[0] == {"type": "ticket_status", "name": "merged", "category": "OTHER"}


def test_the_shared_name_pools() -> None:
    # bench/make_data.py draws from these: 20 names each, every city with its country.
    assert len(set(FAMILY_NAMES)) == len(set(GIVEN_NAMES)) == 20
    assert set(COUNTRIES) == set(CITIES)
    assert {name for name, _ in STATUS_WEIGHTS} == set(STATUSES)
    assert sorted(CLOSED) == ["cancelled", "closed", "closed_with_backout", "completed", "merged"]


def test_a_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(demo_records(0))


async def fetch_column(connection: asyncpg.Connection, sql: str, *args: Any) -> list[Any]:
    return [row[0] for row in await connection.fetch(sql, *args)]


async def test_the_demo_loads_and_feeds_every_widget(connection: asyncpg.Connection) -> None:
    summary = await load_demo(connection, customer_users=12)

    assert summary.created["customer_user"] == 12
    assert summary.created["agent"] == 3
    assert summary.created["customer_company"] == 3
    assert summary.created["ticket"] == await connection.fetchval("SELECT count(*) FROM ticket")
    assert sum(summary.changed.values()) == 0

    permissions = await connection.fetch(
        """
        SELECT a.login, string_agg(g.name || ':' || ag.permission, ' ' ORDER BY g.name) AS permissions,
               (SELECT string_agg(q.name, ', ' ORDER BY q.name) FROM agent_queue aq JOIN queue q ON q.id = aq.queue_id
                WHERE aq.agent_id = a.id) AS my_queues
        FROM agent a JOIN agent_group ag ON ag.agent_id = a.id JOIN permission_group g ON g.id = ag.group_id
        GROUP BY a.id ORDER BY a.login
        """
    )
    assert [tuple(row) for row in permissions] == [
        ("admin", "applications:rw infrastructure:rw security:rw users:rw", "Security, Service Desk"),
        ("auditor", "users:ro", "Service Desk"),
        ("support", "applications:rw infrastructure:rw security:ro users:rw", "Hardware, Network, Service Desk"),
    ]
    assert len(await fetch_column(connection, "SELECT name FROM queue")) >= 5
    assert len(await fetch_column(connection, "SELECT name FROM permission_group")) >= 3

    used = await fetch_column(
        connection, "SELECT DISTINCT s.name FROM ticket t JOIN ticket_status s ON s.id = t.status_id ORDER BY 1"
    )
    assert used == sorted(STATUSES)
    assert sorted(await fetch_column(connection, "SELECT name FROM ticket_status")) == sorted(STATUSES)

    # Every widget of the first user has something in it.
    widgets = await connection.fetchrow(
        """
        SELECT count(*) FILTER (WHERE status_category = 'PENDING' AND status_changed_at <= now() - interval '24 hours')
                   AS reminder,
               count(*) FILTER (WHERE status_category IN ('NEW', 'IN_PROGRESS', 'PENDING') AND escalation_at <= now())
                   AS escalated,
               count(*) FILTER (WHERE status_category = 'NEW') AS new,
               count(*) FILTER (WHERE status_category = 'IN_PROGRESS') AS open,
               count(*) FILTER (WHERE status_category = 'CLOSED') AS closed,
               count(*) FILTER (WHERE status_category = 'PENDING' AND status_changed_at > now() - interval '24 hours')
                   AS pending_not_yet_due,
               count(*) FILTER (WHERE escalation_at > now()) AS escalation_to_come,
               count(*) FILTER (WHERE locked) AS locked,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ticket_watcher w WHERE w.ticket_id = t.id)) AS watched
        FROM ticket t JOIN customer_user cu ON cu.id = t.customer_user_id
        WHERE cu.login = $1
        """,
        FIRST_LOGIN,
    )
    assert widgets is not None
    assert all(value > 0 for value in widgets.values()), dict(widgets)

    user = await connection.fetchrow(
        """
        SELECT cu.customer_id, c.name AS company,
               ARRAY(SELECT customer_id FROM customer_user_customer_id l WHERE l.customer_user_id = cu.id ORDER BY 1)
                   AS further,
               (SELECT count(*) FROM config_item ci WHERE ci.owner_id = cu.id) AS items
        FROM customer_user cu LEFT JOIN customer_company c ON c.customer_id = cu.customer_id
        WHERE cu.login = $1
        """,
        FIRST_LOGIN,
    )
    assert user is not None
    assert (user["customer_id"], user["company"]) == ("C00001", "株式会社青葉システム")
    assert user["further"] == ["C00002", "PARTNER-EXT"] and user["items"] == 2

    no_company = await fetch_column(
        connection,
        "SELECT login FROM customer_user cu WHERE NOT EXISTS"
        " (SELECT 1 FROM customer_company c WHERE c.customer_id = cu.customer_id)",
    )
    assert len(no_company) == 2
    # Owners, responsibles, watchers and locks vary across all tickets.
    variety = await connection.fetchrow(
        "SELECT count(DISTINCT owner_id) AS owners, count(DISTINCT responsible_id) AS responsibles,"
        " count(*) FILTER (WHERE owner_id IS NULL) AS unowned, count(*) FILTER (WHERE locked) AS locked,"
        " count(DISTINCT queue_id) AS queues, count(DISTINCT priority) AS priorities FROM ticket"
    )
    assert variety is not None
    assert variety["owners"] >= 2 and variety["responsibles"] >= 2 and variety["unowned"] > 0
    assert variety["locked"] > 0 and variety["queues"] >= 5 and variety["priorities"] >= 4


async def test_loading_the_same_demo_again_changes_nothing(connection: asyncpg.Connection) -> None:
    await load_demo(connection, customer_users=5, now=NOW)
    again = await load_demo(connection, customer_users=5, now=NOW)
    assert sum(again.created.values()) == 0 and sum(again.changed.values()) == 0
    assert again.unchanged["customer_user"] == 5
