"""The SQL that writes the staged records of the smaller types: ticket statuses, customer
companies and users, permission groups, queues and agents (tickets and config items: see
`db.importer.bulk`).

Per type: one UPDATE of the stored records that differ, one INSERT of the new ones, and
the statements that replace the records' sets. Updates and inserts are separate
statements rather than INSERT ... ON CONFLICT (see the package's docstring).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


def prefixed(prefix: str, columns: str) -> str:
    return ", ".join(f"{prefix}.{column.strip()}" for column in columns.split(","))


@dataclass(frozen=True)
class Upsert:
    changed: str  # updates the stored records that differ; its count: the changed records
    created: str  # inserts the new records; its count: the created records
    after: tuple[str, ...] = ()  # then replaces the records' sets
    # Tickets only (they know which are stored): statements for stored tickets, skipped
    # with `changed` when the file has none.
    after_stored: tuple[str, ...] = ()


_TICKET_STATUS = Upsert(
    changed="""
    UPDATE ticket_status t SET category = s.category
    FROM cuic_import_ticket_status s
    WHERE t.name = s.name AND t.category <> s.category
    """,
    created="""
    INSERT INTO ticket_status (name, category)
    SELECT s.name, s.category FROM cuic_import_ticket_status s
    WHERE NOT EXISTS (SELECT 1 FROM ticket_status t WHERE t.name = s.name)
    ORDER BY s.line
    """,
)

GROUPS_SQL = """
    INSERT INTO permission_group (name)
    SELECT name FROM (
        SELECT group_name AS name, line FROM cuic_import_queue
        UNION ALL
        SELECT g.name, s.line FROM cuic_import_agent s CROSS JOIN unnest(s.group_names) AS g(name)
    ) AS named
    WHERE NOT EXISTS (SELECT 1 FROM permission_group p WHERE p.name = named.name)
    GROUP BY name ORDER BY min(line)
"""

_COMPANY_COLUMNS = "name, street, zip, city, country, url, comment, valid"
_CUSTOMER_COMPANY = Upsert(
    changed=f"""
    UPDATE customer_company t SET ({_COMPANY_COLUMNS}, changed_at) = ({prefixed("s", _COMPANY_COLUMNS)}, now())
    FROM cuic_import_customer_company s
    WHERE t.customer_id = s.customer_id
      AND ({prefixed("t", _COMPANY_COLUMNS)}) IS DISTINCT FROM ({prefixed("s", _COMPANY_COLUMNS)})
    """,
    created=f"""
    INSERT INTO customer_company (customer_id, {_COMPANY_COLUMNS})
    SELECT s.customer_id, {prefixed("s", _COMPANY_COLUMNS)}
    FROM cuic_import_customer_company s
    WHERE NOT EXISTS (SELECT 1 FROM customer_company t WHERE t.customer_id = s.customer_id)
    ORDER BY s.line
    """,
)

_USER_COLUMNS = (
    "first_name, last_name, email, customer_id, title, phone, mobile, street, zip, city, country, comment, valid"
)
_USER_WANTED_IDS = """
    SELECT DISTINCT t.id, x.customer_id
    FROM cuic_import_customer_user s
    JOIN customer_user t ON t.login = s.login
    CROSS JOIN unnest(s.customer_ids) AS x(customer_id)
    WHERE cardinality(s.customer_ids) > 0
"""
_CUSTOMER_USER = Upsert(
    changed=f"""
    WITH updated AS (
        UPDATE customer_user t SET ({_USER_COLUMNS}, changed_at) = ({prefixed("s", _USER_COLUMNS)}, now())
        FROM cuic_import_customer_user s
        WHERE t.login = s.login AND ({prefixed("t", _USER_COLUMNS)}) IS DISTINCT FROM ({prefixed("s", _USER_COLUMNS)})
        RETURNING t.id
    ),
    wanted AS ({_USER_WANTED_IDS}),
    stored AS (
        SELECT l.customer_user_id AS id, l.customer_id
        FROM customer_user_customer_id l
        JOIN customer_user t ON t.id = l.customer_user_id
        JOIN cuic_import_customer_user s ON s.login = t.login
    )
    SELECT count(*) FROM (
        SELECT id FROM updated
        UNION SELECT id FROM (SELECT * FROM wanted EXCEPT SELECT * FROM stored) AS added
        UNION SELECT id FROM (SELECT * FROM stored EXCEPT SELECT * FROM wanted) AS removed
    ) AS changed
    """,
    created=f"""
    INSERT INTO customer_user (login, {_USER_COLUMNS})
    SELECT s.login, {prefixed("s", _USER_COLUMNS)}
    FROM cuic_import_customer_user s
    WHERE NOT EXISTS (SELECT 1 FROM customer_user t WHERE t.login = s.login)
    ORDER BY s.line
    """,
    after=(
        """
        DELETE FROM customer_user_customer_id l
        USING cuic_import_customer_user s, customer_user t
        WHERE t.login = s.login AND l.customer_user_id = t.id AND l.customer_id <> ALL (s.customer_ids)
        """,
        f"""
        INSERT INTO customer_user_customer_id (customer_user_id, customer_id)
        {_USER_WANTED_IDS}
        ON CONFLICT DO NOTHING
        """,
    ),
)

_QUEUE = Upsert(
    changed="""
    UPDATE queue t SET group_id = g.id
    FROM cuic_import_queue s JOIN permission_group g ON g.name = s.group_name
    WHERE t.name = s.name AND t.group_id <> g.id
    """,
    created="""
    INSERT INTO queue (name, group_id)
    SELECT s.name, g.id
    FROM cuic_import_queue s JOIN permission_group g ON g.name = s.group_name
    WHERE NOT EXISTS (SELECT 1 FROM queue t WHERE t.name = s.name)
    ORDER BY s.line
    """,
)

_AGENT_WANTED_GROUPS = """
    SELECT DISTINCT t.id, g.id AS group_id, x.permission
    FROM cuic_import_agent s
    JOIN agent t ON t.login = s.login
    CROSS JOIN unnest(s.group_names, s.group_perms) AS x(name, permission)
    JOIN permission_group g ON g.name = x.name
"""
_AGENT_WANTED_QUEUES = """
    SELECT DISTINCT t.id, q.id AS queue_id
    FROM cuic_import_agent s
    JOIN agent t ON t.login = s.login
    CROSS JOIN unnest(s.my_queues) AS x(name)
    JOIN queue q ON q.name = x.name
"""
_AGENT = Upsert(
    changed=f"""
    WITH updated AS (
        UPDATE agent t SET (first_name, last_name, email, changed_at) = (s.first_name, s.last_name, s.email, now())
        FROM cuic_import_agent s
        WHERE t.login = s.login
          AND (t.first_name, t.last_name, t.email) IS DISTINCT FROM (s.first_name, s.last_name, s.email)
        RETURNING t.id
    ),
    wanted_groups AS ({_AGENT_WANTED_GROUPS}),
    stored_groups AS (
        SELECT l.agent_id AS id, l.group_id, l.permission
        FROM agent_group l JOIN agent t ON t.id = l.agent_id JOIN cuic_import_agent s ON s.login = t.login
    ),
    wanted_queues AS ({_AGENT_WANTED_QUEUES}),
    stored_queues AS (
        SELECT l.agent_id AS id, l.queue_id
        FROM agent_queue l JOIN agent t ON t.id = l.agent_id JOIN cuic_import_agent s ON s.login = t.login
    )
    SELECT count(*) FROM (
        SELECT id FROM updated
        UNION SELECT id FROM (SELECT * FROM wanted_groups EXCEPT SELECT * FROM stored_groups) AS a
        UNION SELECT id FROM (SELECT * FROM stored_groups EXCEPT SELECT * FROM wanted_groups) AS b
        UNION SELECT id FROM (SELECT * FROM wanted_queues EXCEPT SELECT * FROM stored_queues) AS c
        UNION SELECT id FROM (SELECT * FROM stored_queues EXCEPT SELECT * FROM wanted_queues) AS d
    ) AS changed
    """,
    created="""
    INSERT INTO agent (login, first_name, last_name, email)
    SELECT s.login, s.first_name, s.last_name, s.email
    FROM cuic_import_agent s
    WHERE NOT EXISTS (SELECT 1 FROM agent t WHERE t.login = s.login)
    ORDER BY s.line
    """,
    after=(
        f"""
        DELETE FROM agent_group l
        USING cuic_import_agent s, agent t
        WHERE t.login = s.login AND l.agent_id = t.id
          AND (l.agent_id, l.group_id, l.permission) NOT IN ({_AGENT_WANTED_GROUPS})
        """,
        f"""
        INSERT INTO agent_group (agent_id, group_id, permission)
        {_AGENT_WANTED_GROUPS}
        ON CONFLICT DO NOTHING
        """,
        f"""
        DELETE FROM agent_queue l
        USING cuic_import_agent s, agent t
        WHERE t.login = s.login AND l.agent_id = t.id AND (l.agent_id, l.queue_id) NOT IN ({_AGENT_WANTED_QUEUES})
        """,
        f"""
        INSERT INTO agent_queue (agent_id, queue_id)
        {_AGENT_WANTED_QUEUES}
        ON CONFLICT DO NOTHING
        """,
    ),
)


UPSERTS: Final = {
    "ticket_status": _TICKET_STATUS,
    "customer_company": _CUSTOMER_COMPANY,
    "customer_user": _CUSTOMER_USER,
    "queue": _QUEUE,
    "agent": _AGENT,
}
