"""The SQL that writes tickets and config items, the bulk of a large file, written last.

Their statements take every referenced id from a join with the referenced table, in this
transaction, so their foreign keys hold by construction. When the role may, the per-row
foreign key triggers (over half the cost of a large import) are skipped for them, while
SHARE locks keep every other session from changing the referenced tables until commit.
Ticket statuses are written earlier, with triggers on: a new category cascades.
"""

from __future__ import annotations

from typing import Final

import asyncpg

from db.importer.upserts import Upsert, count_changed_sql, prefixed

_TICKET_COLUMNS = (
    "title, status_id, status_category, priority, queue_id, ticket_type, service, customer_id, customer_user_id,"
    " owner_id, responsible_id, locked, created_at, changed_at, status_changed_at, escalation_at, source_id"
)
# The staged tickets with every name resolved to its id. A ticket without a customer ID
# takes its customer user's primary one; changed_at and status_changed_at default to
# created_at.
_TICKET_SOURCE = """
    SELECT s.id, s.stored, s.line, s.number, s.title, st.id AS status_id, st.category AS status_category,
           s.priority, q.id AS queue_id, s.ticket_type, s.service,
           coalesce(s.customer_id, cu.customer_id) AS customer_id, cu.id AS customer_user_id, ow.id AS owner_id,
           re.id AS responsible_id, s.locked, s.created_at, coalesce(s.changed_at, s.created_at) AS changed_at,
           coalesce(s.status_changed_at, s.created_at) AS status_changed_at, s.escalation_at, s.source_id
    FROM cuic_import_ticket s
    JOIN ticket_status st ON st.name = s.status
    JOIN queue q ON q.name = s.queue
    LEFT JOIN customer_user cu ON cu.login = s.customer_user
    LEFT JOIN agent ow ON ow.login = s.owner
    LEFT JOIN agent re ON re.login = s.responsible
"""
_WANTED_WATCHERS = """
    SELECT DISTINCT s.id, a.id AS agent_id
    FROM cuic_import_ticket s
    CROSS JOIN unnest(s.watchers) AS w(login)
    JOIN agent a ON a.login = w.login
    WHERE cardinality(s.watchers) > 0
"""
_TICKET = Upsert(
    changed=count_changed_sql(
        f"""
        UPDATE ticket t SET ({_TICKET_COLUMNS}) = ({prefixed("x", _TICKET_COLUMNS)})
        FROM ({_TICKET_SOURCE}) AS x
        WHERE x.stored AND t.id = x.id
          AND ({prefixed("t", _TICKET_COLUMNS)}) IS DISTINCT FROM ({prefixed("x", _TICKET_COLUMNS)})
        """,
        (
            f"{_WANTED_WATCHERS} AND s.stored",
            """
            SELECT w.ticket_id AS id, w.agent_id
            FROM ticket_watcher w JOIN cuic_import_ticket s ON s.id = w.ticket_id
            WHERE s.stored
            """,
        ),
    ),
    created=f"""
    INSERT INTO ticket (id, number, {_TICKET_COLUMNS})
    SELECT x.id, x.number, {prefixed("x", _TICKET_COLUMNS)}
    FROM ({_TICKET_SOURCE}) AS x
    WHERE NOT x.stored
    """,
    after_stored=(
        """
        DELETE FROM ticket_watcher w
        USING cuic_import_ticket s
        WHERE s.stored AND w.ticket_id = s.id
          AND NOT EXISTS (SELECT 1 FROM agent a WHERE a.id = w.agent_id AND a.login = ANY (s.watchers))
        """,
        f"""
        INSERT INTO ticket_watcher (ticket_id, agent_id)
        {_WANTED_WATCHERS} AND s.stored
        ON CONFLICT DO NOTHING
        """,
    ),
    after=(
        f"""
        INSERT INTO ticket_watcher (ticket_id, agent_id)
        {_WANTED_WATCHERS} AND NOT s.stored
        """,
    ),
)

_CONFIG_ITEM_SOURCE = """
    SELECT s.*, cu.id AS owner_id
    FROM cuic_import_config_item s LEFT JOIN customer_user cu ON cu.login = s.owner
"""
# A config item's times, when absent: created_at keeps the stored value (or now() for a
# new item); changed_at becomes now() when anything changed (created_at for a new item).
_CONFIG_ITEM = Upsert(
    changed=f"""
    UPDATE config_item t
    SET (name, class, deployment_state, incident_state, owner_id, source_id, created_at, changed_at) =
        (x.name, x.class, x.deployment_state, x.incident_state, x.owner_id, x.source_id,
         coalesce(x.created_at, t.created_at), coalesce(x.changed_at, now()))
    FROM ({_CONFIG_ITEM_SOURCE}) AS x
    WHERE t.number = x.number
      AND ((t.name, t.class, t.deployment_state, t.incident_state, t.owner_id, t.source_id)
               IS DISTINCT FROM (x.name, x.class, x.deployment_state, x.incident_state, x.owner_id, x.source_id)
           OR x.created_at <> t.created_at
           OR x.changed_at <> t.changed_at)
    """,
    created=f"""
    INSERT INTO config_item (number, name, class, deployment_state, incident_state, owner_id, source_id,
                             created_at, changed_at)
    SELECT x.number, x.name, x.class, x.deployment_state, x.incident_state, x.owner_id, x.source_id,
           coalesce(x.created_at, now()), coalesce(x.changed_at, x.created_at, now())
    FROM ({_CONFIG_ITEM_SOURCE}) AS x
    WHERE NOT EXISTS (SELECT 1 FROM config_item t WHERE t.number = x.number)
    """,
)

BULK_UPSERTS: Final = {"ticket": _TICKET, "config_item": _CONFIG_ITEM}


async def skip_foreign_key_triggers(connection: asyncpg.Connection) -> bool:
    """For a superuser: lock the referenced tables and turn the per-row triggers off until
    the transaction ends or the run turns them on again; True when done."""
    if not await connection.fetchval("SELECT current_setting('is_superuser') = 'on'"):
        return False
    await connection.execute("LOCK TABLE ticket_status, queue, agent, customer_user IN SHARE MODE")
    await connection.execute("SET LOCAL session_replication_role = replica")
    return True
