"""What an import changed, for the change feed (db.changes): whose widgets may show something
else now.

While an import is small enough (MAX_NOTED_RECORDS), its writes note the ids of the records
they changed or created (`Upsert.noted`), and before them the references that the writes
may replace are kept: a ticket moved to another customer user or customer ID changes the
widgets of the old ones too, a CI given to another owner the old owner's. A larger import
announces "everything": its subscribers re-read their data once, which costs less than
finding out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import asyncpg

from db.changes import EVERYTHING, MAX_IDS, Change
from db.importer.bulk import BULK_UPSERTS
from db.importer.fields import SPECS
from db.importer.summary import ImportSummary
from db.importer.upserts import CHANGES_TABLE, UPSERTS, Upsert

MAX_NOTED_RECORDS: Final = 10_000
# Their writes note their records' ids; ticket statuses and queues change rarely and may
# touch every ticket, so a change of one is "everything".
NOTED_TYPES: Final = ("customer_company", "customer_user", "agent", "ticket", "config_item")
_BROAD_TYPES: Final = ("ticket_status", "queue")
_BEFORE: Final = "cuic_import_before"

_TICKET: Final = SPECS["ticket"].code
_CONFIG_ITEM: Final = SPECS["config_item"].code
_COMPANY: Final = SPECS["customer_company"].code
_CUSTOMER_USER: Final = SPECS["customer_user"].code
_AGENT: Final = SPECS["agent"].code

_CREATE: Final = (
    f"CREATE TEMP TABLE {CHANGES_TABLE} (kind smallint NOT NULL, id bigint NOT NULL) ON COMMIT DROP",
    f"""CREATE TEMP TABLE {_BEFORE} (kind smallint NOT NULL, id bigint NOT NULL, customer_user_id integer,
        customer_id text) ON COMMIT DROP""",
)
# The references the writes may replace, as stored before them.
_KEEP_BEFORE: Final = {
    "ticket": f"""INSERT INTO {_BEFORE} SELECT {_TICKET}, t.id, t.customer_user_id, t.customer_id
        FROM ticket t JOIN {SPECS["ticket"].table} s ON s.id = t.id WHERE s.stored""",
    "config_item": f"""INSERT INTO {_BEFORE} SELECT {_CONFIG_ITEM}, t.id, t.owner_id, NULL
        FROM config_item t JOIN {SPECS["config_item"].table} s ON s.number = t.number""",
}

# Everyone whose widgets show tickets of the customer IDs in a `customer_ids` relation: the
# users with one as primary or as a further customer ID (Customer IDs counts, ACCESSIBLE).
USERS_OF_CUSTOMER_IDS: Final = """SELECT cu.id FROM customer_user cu JOIN customer_ids USING (customer_id)
    UNION
    SELECT x.customer_user_id FROM customer_user_customer_id x JOIN customer_ids USING (customer_id)"""

# The customer users whose widgets show what changed: of a ticket, its customer user and
# everyone sharing its customer ID (Customer IDs counts, relation ACCESSIBLE), before and
# after; of a CI, its owner before and after; of a company, everyone with its customer ID;
# a customer user themself; of an agent, the customer users of the tickets naming them.
_AFFECTED_USERS: Final = f"""
WITH refs AS (
    SELECT t.customer_user_id, t.customer_id
    FROM ticket t JOIN {CHANGES_TABLE} c ON c.kind = {_TICKET} AND c.id = t.id
    UNION
    SELECT b.customer_user_id, b.customer_id FROM {_BEFORE} b JOIN {CHANGES_TABLE} c ON c.kind = b.kind AND c.id = b.id
    UNION
    SELECT ci.owner_id, NULL FROM config_item ci JOIN {CHANGES_TABLE} c ON c.kind = {_CONFIG_ITEM} AND c.id = ci.id
    UNION
    SELECT NULL, cc.customer_id FROM customer_company cc JOIN {CHANGES_TABLE} c ON c.kind = {_COMPANY} AND c.id = cc.id
    UNION
    SELECT c.id::integer, NULL FROM {CHANGES_TABLE} c WHERE c.kind = {_CUSTOMER_USER}
    UNION
    SELECT t.customer_user_id, NULL FROM ticket t
    JOIN {CHANGES_TABLE} c ON c.kind = {_AGENT} AND (t.owner_id = c.id OR t.responsible_id = c.id)
), customer_ids AS (
    SELECT DISTINCT customer_id FROM refs WHERE customer_id IS NOT NULL
)
SELECT id FROM (
    SELECT customer_user_id AS id FROM refs WHERE customer_user_id IS NOT NULL
    UNION
    {USERS_OF_CUSTOMER_IDS}
) AS users
LIMIT {MAX_IDS + 1}
"""
_CHANGED_AGENTS: Final = f"SELECT DISTINCT id::integer FROM {CHANGES_TABLE} WHERE kind = {_AGENT} LIMIT {MAX_IDS + 1}"

NOTED_UPSERTS: Final[Mapping[str, Upsert]] = {
    record_type: upsert.noted(record_type)
    for record_type, upsert in {**UPSERTS, **BULK_UPSERTS}.items()
    if record_type in NOTED_TYPES
}


def should_note(staged: Mapping[str, int]) -> bool:
    return sum(staged.values()) <= MAX_NOTED_RECORDS


async def keep_before(connection: asyncpg.Connection, staged: Mapping[str, int]) -> None:
    """Make the tables the noted writes fill, and keep the references they may replace."""
    for sql in _CREATE:
        await connection.execute(sql)
    for record_type, sql in _KEEP_BEFORE.items():
        if staged[record_type]:
            await connection.execute(sql)


async def import_change(connection: asyncpg.Connection, summary: ImportSummary, noted: bool) -> Change:
    """What the import's writes changed, once they are done (nothing when all was unchanged)."""
    if not any(summary.created.values()) and not any(summary.changed.values()):
        return Change()
    if not noted or any(summary.changed[record_type] for record_type in _BROAD_TYPES):
        return EVERYTHING
    users = [row["id"] for row in await connection.fetch(_AFFECTED_USERS)]
    agents = [row["id"] for row in await connection.fetch(_CHANGED_AGENTS)]
    return Change.of(users, agents, new_customer_users=summary.created["customer_user"] > 0)
