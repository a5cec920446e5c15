"""The SQL that writes the staged records of the smaller types: ticket statuses, customer
companies and users, permission groups, queues and agents (tickets and config items: see
`db.importer.bulk`).

Per type: one UPDATE of the stored records that differ, one INSERT of the new ones, and
the statements that replace the records' sets. Updates and inserts are separate
statements rather than INSERT ... ON CONFLICT (see the package's docstring).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from db.importer.fields import SPECS


def prefixed(prefix: str, columns: str) -> str:
    return ", ".join(f"{prefix}.{column.strip()}" for column in columns.split(","))


@dataclass(frozen=True)
class Upsert:
    changed: str  # updates the stored records that differ; its count: the changed records
    created: str  # inserts the new records; its count: the created records
    after: tuple[str, ...] = ()  # then replaces the records' sets
    # Types that know which records are stored (tickets, see Spec.knows_stored): statements
    # for the stored records, skipped with `changed` when the file has none.
    after_stored: tuple[str, ...] = ()

    def noted(self, record_type: str) -> Upsert:
        """The same writes, noting which records they changed or created (see `noting`)."""
        return replace(self, changed=noting(self.changed, record_type), created=noting(self.created, record_type))


# The helpers below name each record type's table after the type.
def update_sql(record_type: str, columns: str) -> str:
    """A statement that updates the stored records (as `t`) whose `columns` differ from the
    staged ones, stamping changed_at."""
    spec = SPECS[record_type]
    return f"""
    UPDATE {record_type} t SET ({columns}, changed_at) = ({prefixed("s", columns)}, now())
    FROM {spec.table} s
    WHERE t.{spec.key} = s.{spec.key} AND ({prefixed("t", columns)}) IS DISTINCT FROM ({prefixed("s", columns)})
    """


def insert_sql(record_type: str, columns: str) -> str:
    """A statement that inserts the staged records whose key is not stored, in file order:
    the key and `columns`, named alike in both tables."""
    spec = SPECS[record_type]
    return f"""
    INSERT INTO {record_type} ({spec.key}, {columns})
    SELECT s.{spec.key}, {prefixed("s", columns)}
    FROM {spec.table} s
    WHERE NOT EXISTS (SELECT 1 FROM {record_type} t WHERE t.{spec.key} = s.{spec.key})
    ORDER BY s.line
    """


COUNT_CHANGED: Final = "\nSELECT count(*) FROM changed"
# The ids of the records an import wrote, by type code: what its announcement is made of.
CHANGES_TABLE: Final = "cuic_import_changes"


def count_changed_sql(update: str, *sets: tuple[str, str]) -> str:
    """A statement that runs `update` (of the records' table as `t`) and selects the number
    of records it updated or whose sets differ. Each set is (wanted, stored): two queries
    of rows that start with the record's id, as `id`."""
    ctes = [f"updated AS ({update} RETURNING t.id)"]
    differing = ["SELECT id FROM updated"]
    for n, (wanted, stored) in enumerate(sets):
        ctes += [f"wanted{n} AS ({wanted})", f"stored{n} AS ({stored})"]
        differing += [
            f"SELECT id FROM (SELECT * FROM wanted{n} EXCEPT SELECT * FROM stored{n}) AS added{n}",
            f"SELECT id FROM (SELECT * FROM stored{n} EXCEPT SELECT * FROM wanted{n}) AS removed{n}",
        ]
    return f"WITH {', '.join(ctes)}, changed AS ({' UNION '.join(differing)}){COUNT_CHANGED}"


def noting(statement: str, record_type: str) -> str:
    """`statement` (from `count_changed_sql`, or an UPDATE of the records' table as `t`, or an
    INSERT into it), also noting the ids of the records it wrote in CHANGES_TABLE; it selects
    their number, as the statement's own count would."""
    note = f"noted AS (INSERT INTO {CHANGES_TABLE} (kind, id) SELECT {SPECS[record_type].code}, id FROM changed)"
    if statement.endswith(COUNT_CHANGED):
        return f"{statement.removesuffix(COUNT_CHANGED)}, {note}{COUNT_CHANGED}"
    returning = "t.id" if statement.lstrip().startswith("UPDATE") else "id"
    return f"WITH changed AS ({statement.rstrip()} RETURNING {returning}), {note}{COUNT_CHANGED}"


_TICKET_STATUS = Upsert(
    changed="""
    UPDATE ticket_status t SET category = s.category
    FROM cuic_import_ticket_status s
    WHERE t.name = s.name AND t.category <> s.category
    """,
    created=insert_sql("ticket_status", "category"),
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
    changed=update_sql("customer_company", _COMPANY_COLUMNS),
    created=insert_sql("customer_company", _COMPANY_COLUMNS),
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
    changed=count_changed_sql(
        update_sql("customer_user", _USER_COLUMNS),
        (
            _USER_WANTED_IDS,
            """
            SELECT l.customer_user_id AS id, l.customer_id
            FROM customer_user_customer_id l
            JOIN customer_user t ON t.id = l.customer_user_id
            JOIN cuic_import_customer_user s ON s.login = t.login
            """,
        ),
    ),
    created=insert_sql("customer_user", _USER_COLUMNS),
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
_AGENT_COLUMNS = "first_name, last_name, email"
_AGENT = Upsert(
    changed=count_changed_sql(
        update_sql("agent", _AGENT_COLUMNS),
        (
            _AGENT_WANTED_GROUPS,
            """
            SELECT l.agent_id AS id, l.group_id, l.permission
            FROM agent_group l JOIN agent t ON t.id = l.agent_id JOIN cuic_import_agent s ON s.login = t.login
            """,
        ),
        (
            _AGENT_WANTED_QUEUES,
            """
            SELECT l.agent_id AS id, l.queue_id
            FROM agent_queue l JOIN agent t ON t.id = l.agent_id JOIN cuic_import_agent s ON s.login = t.login
            """,
        ),
    ),
    created=insert_sql("agent", _AGENT_COLUMNS),
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
