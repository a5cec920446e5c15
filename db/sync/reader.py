"""What the sync reads from OTOBO, in dialect-neutral SQL over a `Source`.

Tables and columns are those of OTOBO's scripts/database/otobo-schema.xml (Znuny's are
the same for these). Small tables (states, queues, groups, agents and their permissions)
are read whole every cycle; large ones by their change time (the watermarks, WATERMARKED).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from db.sync import mapping
from db.sync.itsm import CONFIG_ITEM_SQL
from db.sync.mapping import Clock, Record
from db.sync.source import Row, Source, chunks

# Source tables whose change (or create) time drives incremental reads.
WATERMARKED: Final = (
    "ticket",
    "ticket_history",
    "customer_company",
    "customer_user",
    "customer_user_customer",
    "configitem",
)

_STATES = """
    SELECT s.id, s.name, st.name AS type_name
    FROM ticket_state s JOIN ticket_state_type st ON st.id = s.type_id
"""
_QUEUES = "SELECT q.id, q.name, g.name AS group_name FROM queue q JOIN groups_table g ON g.id = q.group_id"
_AGENTS = """
    SELECT u.id, u.login, u.first_name, u.last_name, u.valid_id, p.preferences_value AS email
    FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id AND p.preferences_key = :email_key
"""
# Read permission on a group: ro or rw, given directly or through a valid role; only
# valid groups count, as in OTOBO's permission checks.
_PERMISSIONS = """
    SELECT gu.user_id, g.name AS group_name, gu.permission_key
    FROM group_user gu JOIN groups_table g ON g.id = gu.group_id
    WHERE g.valid_id = 1 AND gu.permission_key IN :keys
    UNION
    SELECT ru.user_id, g.name AS group_name, gr.permission_key
    FROM role_user ru
    JOIN roles r ON r.id = ru.role_id
    JOIN group_role gr ON gr.role_id = ru.role_id
    JOIN groups_table g ON g.id = gr.group_id
    WHERE r.valid_id = 1 AND g.valid_id = 1 AND gr.permission_value = 1 AND gr.permission_key IN :keys
"""
_COMPANY = (
    "SELECT customer_id, name, street, zip, city, country, url, comments, valid_id, change_time FROM customer_company"
)
_CUSTOMER_USER = """
    SELECT login, email, customer_id, title, first_name, last_name, phone, mobile, street, zip, city, country,
           comments, valid_id, change_time
    FROM customer_user
"""
_TICKET = """
    SELECT t.id, t.tn, t.title, t.queue_id, t.ticket_state_id, t.ticket_priority_id, t.type_id, t.service_id,
           t.customer_id, cu.login AS customer_user, t.user_id, t.responsible_user_id, t.ticket_lock_id,
           t.escalation_time, t.archive_flag, t.create_time, t.change_time
    FROM ticket t LEFT JOIN customer_user cu ON cu.login = t.customer_user_id
    WHERE t.id IN :ids
"""
# When the ticket entered its state: its latest StateUpdate, else its NewTicket row.
_STATUS_SINCE = """
    SELECT h.ticket_id, max(h.create_time) AS since
    FROM ticket_history h JOIN ticket_history_type ht ON ht.id = h.history_type_id
    WHERE ht.name IN :types AND h.ticket_id IN :ids
    GROUP BY h.ticket_id
"""
_STATUS_HISTORY_TYPES: Final = ("NewTicket", "StateUpdate")


def _latest(rows: Iterable[Row], column: str, previous: datetime | None) -> datetime | None:
    latest = previous
    for row in rows:
        value = row[column]
        if value is not None and (latest is None or value > latest):
            latest = value
    return latest


@dataclass
class Changes:
    """Source ids changed since the watermarks, and the watermarks to store afterwards."""

    ticket_ids: set[int] = field(default_factory=set)
    logins: set[str] = field(default_factory=set)
    company_ids: set[str] = field(default_factory=set)
    config_items: list[Row] = field(default_factory=list)
    watermarks: dict[str, datetime] = field(default_factory=dict)


@dataclass
class References:
    """The small tables, read whole: their records and the id → name maps tickets need."""

    records: list[Record]
    names: dict[str, dict[int, Any]]


async def read_references(source: Source) -> References:
    states = await source.rows(_STATES)
    queues = await source.rows(_QUEUES)
    agents = await source.rows(_AGENTS, {"email_key": "UserEmail"})
    permissions = await source.rows(_PERMISSIONS, {"keys": ["ro", "rw"]})
    personal = await source.rows("SELECT user_id, queue_id FROM personal_queues")
    names: dict[str, dict[int, Any]] = {
        "state": {row["id"]: row["name"] for row in states},
        "queue": {row["id"]: row["name"] for row in queues},
        "agent": {row["id"]: row["login"] for row in agents},
        "priority": {
            row["id"]: mapping.priority_level(row["name"])
            for row in await source.rows(_NAMES.format("ticket_priority"))
        },
        "type": {row["id"]: row["name"] for row in await source.rows(_NAMES.format("ticket_type"))},
        "service": {row["id"]: row["name"] for row in await source.rows(_NAMES.format("service"))},
        "locked": {
            row["id"]: row["name"] in mapping.LOCKING_LOCK_TYPES
            for row in await source.rows(_NAMES.format("ticket_lock_type"))
        },
    }
    groups: dict[int, dict[str, str]] = defaultdict(dict)
    for row in permissions:
        mapping.merge_permission(groups[row["user_id"]], row["group_name"], row["permission_key"])
    my_queues: dict[int, list[str]] = defaultdict(list)
    for row in personal:
        if row["queue_id"] in names["queue"]:
            my_queues[row["user_id"]].append(names["queue"][row["queue_id"]])
    records = [mapping.status_record(row) for row in states]
    records += [mapping.queue_record(row) for row in queues]
    records += [mapping.agent_record(row, row["email"], groups[row["id"]], my_queues[row["id"]]) for row in agents]
    return References(records, names)


_NAMES = "SELECT id, name FROM {}"


async def latest_times(source: Source, itsm: bool) -> dict[str, datetime]:
    """The current watermark of every table (for the first copy, which reads everything)."""
    out: dict[str, datetime] = {}
    for table in WATERMARKED:
        if table == "configitem" and not itsm:
            continue
        column = "create_time" if table == "ticket_history" else "change_time"
        found = await source.rows(f"SELECT max({column}) AS latest FROM {table}")
        if found and found[0]["latest"] is not None:
            out[table] = found[0]["latest"]
    return out


async def changes_since(
    source: Source, since: dict[str, datetime], watermarks: dict[str, datetime], itsm: bool
) -> Changes:
    """What changed at or after `since` (the watermarks less the overlap), per table.

    Tickets change their change_time on every edit but not when watched or unwatched; the
    history rows (insert-only) catch those and every other ticket event.
    """
    changes = Changes(watermarks=dict(watermarks))
    marks = changes.watermarks

    async def read(table: str, sql: str, column: str) -> list[Row]:
        if table not in since:
            rows = await source.rows(sql)
        else:
            rows = await source.rows(sql + f" WHERE {column} >= :since", {"since": since[table]})
        latest = _latest(rows, column.split(".")[-1], marks.get(table))
        if latest is not None:
            marks[table] = latest
        return rows

    rows = await read("ticket", "SELECT id, change_time FROM ticket", "change_time")
    changes.ticket_ids.update(row["id"] for row in rows)
    rows = await read("ticket_history", "SELECT ticket_id, create_time FROM ticket_history", "create_time")
    changes.ticket_ids.update(row["ticket_id"] for row in rows)
    rows = await read("customer_user", "SELECT login, change_time FROM customer_user", "change_time")
    changes.logins.update(row["login"] for row in rows)
    rows = await read(
        "customer_user_customer", "SELECT user_id, change_time FROM customer_user_customer", "change_time"
    )
    changes.logins.update(row["user_id"] for row in rows)
    rows = await read("customer_company", "SELECT customer_id, change_time FROM customer_company", "change_time")
    changes.company_ids.update(row["customer_id"] for row in rows)
    if itsm:
        changes.config_items = await read("configitem", CONFIG_ITEM_SQL, "ci.change_time")
    return changes


async def first_copy_ticket_ids(source: Source, after: int, limit: int) -> list[int]:
    """The next ticket ids of the first copy: not archived, in id order."""
    rows = await source.rows(
        f"SELECT id FROM ticket WHERE archive_flag = 0 AND id > :after ORDER BY id LIMIT {int(limit)}",
        {"after": after},
    )
    return [row["id"] for row in rows]


async def ticket_records(
    source: Source, ids: Sequence[int], refs: References, clock: Clock
) -> tuple[list[Record], list[str]]:
    """The tickets with these ids as records, and the numbers of the archived ones."""
    records: list[Record] = []
    archived: list[str] = []
    for chunk in chunks(sorted(ids)):
        tickets = await source.rows(_TICKET, {"ids": chunk})
        live = [row["id"] for row in tickets if not row["archive_flag"]]
        archived += [row["tn"] for row in tickets if row["archive_flag"]]
        if not live:
            continue
        since = {
            row["ticket_id"]: row["since"]
            for row in await source.rows(_STATUS_SINCE, {"types": _STATUS_HISTORY_TYPES, "ids": live})
        }
        watchers: dict[int, list[str]] = defaultdict(list)
        agents = refs.names["agent"]
        for row in await source.rows(
            "SELECT ticket_id, user_id FROM ticket_watcher WHERE ticket_id IN :ids", {"ids": live}
        ):
            if row["user_id"] in agents:
                watchers[row["ticket_id"]].append(agents[row["user_id"]])
        records += [
            mapping.ticket_record(row, refs.names, clock, since.get(row["id"]), watchers[row["id"]])
            for row in tickets
            if not row["archive_flag"]
        ]
    return records, archived


async def company_records(source: Source, customer_ids: Iterable[str] | None) -> list[Record]:
    """These companies (all when None) as records."""
    if customer_ids is None:
        rows = await source.rows(_COMPANY)
    else:
        rows = []
        for chunk in chunks(sorted(customer_ids)):
            rows += await source.rows(_COMPANY + " WHERE customer_id IN :ids", {"ids": chunk})
    return [record for record in map(mapping.company_record, rows) if record is not None]


async def customer_user_records(source: Source, logins: Iterable[str] | None) -> list[Record]:
    """These customer users (all when None) as records, with their further customer IDs."""
    further: dict[str, list[str]] = defaultdict(list)
    users: list[Row] = []
    if logins is None:
        users = await source.rows(_CUSTOMER_USER)
        for row in await source.rows("SELECT user_id, customer_id FROM customer_user_customer"):
            further[row["user_id"]].append(row["customer_id"])
    else:
        for chunk in chunks(sorted(logins)):
            users += await source.rows(_CUSTOMER_USER + " WHERE login IN :logins", {"logins": chunk})
            for row in await source.rows(
                "SELECT user_id, customer_id FROM customer_user_customer WHERE user_id IN :logins", {"logins": chunk}
            ):
                further[row["user_id"]].append(row["customer_id"])
    return [mapping.customer_user_record(row, further[row["login"]]) for row in users]


async def live_numbers(source: Source, itsm: bool) -> AsyncIterator[tuple[str, str]]:
    """("ticket", tn) for every ticket cuic should hold (not archived), then ("config_item", number)."""
    async for row in source.stream("SELECT tn FROM ticket WHERE archive_flag = 0"):
        yield "ticket", row["tn"]
    if itsm:
        async for row in source.stream("SELECT configitem_number FROM configitem"):
            yield "config_item", row["configitem_number"]
