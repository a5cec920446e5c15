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
from db.sync.mapping import Clock, Record
from db.sync.source import Row, Source

# Source tables whose change (or create) time drives incremental reads.
WATERMARKED: Final = (
    "ticket",
    "ticket_history",
    "customer_company",
    "customer_user",
    "customer_user_customer",
    "configitem",
)
ITSM_TABLES: Final = frozenset({"configitem", "configitem_version", "general_catalog"})
CHUNK: Final = 10_000  # ids per IN list

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
_CONFIG_ITEM = """
    SELECT ci.configitem_number, v.name, cls.name AS class_name, ds.name AS depl_state, ist.name AS inci_state,
           ci.last_version_id, ci.create_time, ci.change_time
    FROM configitem ci
    JOIN configitem_version v ON v.id = ci.last_version_id
    LEFT JOIN general_catalog cls ON cls.id = ci.class_id
    LEFT JOIN general_catalog ds ON ds.id = ci.cur_depl_state_id
    LEFT JOIN general_catalog ist ON ist.id = ci.cur_inci_state_id
"""
# A CI's owner, a customer user login: OTOBO 11 keeps it in a CustomerUser dynamic field
# of the CI's version (named like "Computer-Owner", or "Contact-User" in the new classes);
# OTOBO 10 and Znuny in the version's XML data, under the Owner key.
_OWNER_FIELD_SUFFIX: Final = "%-Owner"
_OWNER_FIELD: Final = "Contact-User"
_CI_OWNER_DYNAMIC_FIELD = """
    SELECT v.object_id AS version_id, v.value_text AS owner
    FROM dynamic_field_value v JOIN dynamic_field f ON f.id = v.field_id
    WHERE f.object_type = 'ITSMConfigItem' AND f.field_type = 'CustomerUser'
      AND (f.name LIKE :suffix OR f.name = :field) AND v.object_id IN :ids
"""
_CI_OWNER_XML = """
    SELECT xml_key AS version_id, xml_content_value AS owner
    FROM xml_storage
    WHERE xml_type LIKE :type AND xml_content_key = :key AND xml_key IN :ids
"""
_XML_OWNER_KEY: Final = "[1]{'Version'}[1]{'Owner'}[1]{'Content'}"


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


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


async def has_itsm(source: Source) -> bool:
    return await source.tables() >= ITSM_TABLES


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
        changes.config_items = await read("configitem", _CONFIG_ITEM, "ci.change_time")
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


async def config_item_records(source: Source, rows: Sequence[Row] | None, clock: Clock) -> list[Record]:
    """Config items (all when `rows` is None) with their owners, as records.

    An owner that names no customer user in the source is left out, as for tickets.
    """
    if rows is None:
        rows = await source.rows(_CONFIG_ITEM)
    owners: dict[str, str] = {}
    versions = [row["last_version_id"] for row in rows]
    for chunk in chunks(versions):
        for row in await source.rows(
            _CI_OWNER_XML, {"type": "ITSM::ConfigItem::%", "key": _XML_OWNER_KEY, "ids": [str(v) for v in chunk]}
        ):
            owners[str(row["version_id"])] = row["owner"]
        for row in await source.rows(
            _CI_OWNER_DYNAMIC_FIELD, {"suffix": _OWNER_FIELD_SUFFIX, "field": _OWNER_FIELD, "ids": list(chunk)}
        ):
            owners[str(row["version_id"])] = row["owner"]
    known: set[str] = set()
    named = sorted({owner for owner in owners.values() if owner})
    for chunk in chunks(named):
        known.update(
            row["login"]
            for row in await source.rows("SELECT login FROM customer_user WHERE login IN :logins", {"logins": chunk})
        )
    records = []
    for row in rows:
        owner = owners.get(str(row["last_version_id"]))
        records.append(mapping.config_item_record(row, owner if owner in known else None, clock))
    return records


async def live_numbers(source: Source, itsm: bool) -> AsyncIterator[tuple[str, str]]:
    """("ticket", tn) for every ticket cuic should hold (not archived), then ("config_item", number)."""
    async for row in source.stream("SELECT tn FROM ticket WHERE archive_flag = 0"):
        yield "ticket", row["tn"]
    if itsm:
        async for row in source.stream("SELECT configitem_number FROM configitem"):
            yield "config_item", row["configitem_number"]
