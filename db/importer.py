"""`cuic import`: JSON Lines into the database, whole file or nothing.

The file is streamed: every line is checked on its own, then copied (COPY, in chunks) into
temporary staging tables that keep its line number. References between records are
checked in SQL once the whole file is staged, so a line may refer to a record further
down. Only then do set-based upserts write, in the same transaction; any bad line rolls
everything back. Upserts skip rows whose values are unchanged, so a second import of the
same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg
import orjson

from db.catalog import DEFAULT_PRIORITY, PERMISSIONS, StatusCategory

MAX_REPORTED_ERRORS = 100
CHUNK_ROWS = 5000
PROGRESS_EVERY = 10_000

RECORD_TYPES = ("ticket_status", "customer_company", "customer_user", "queue", "agent", "ticket", "config_item")


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    line_count: int = 0

    def lines(self) -> list[str]:
        out = []
        for kind in RECORD_TYPES:
            total = self.created.get(kind, 0) + self.changed.get(kind, 0) + self.unchanged.get(kind, 0)
            if total:
                out.append(
                    f"{kind}: {self.created.get(kind, 0)} created, {self.changed.get(kind, 0)} changed,"
                    f" {self.unchanged.get(kind, 0)} unchanged"
                )
        return out or ["nothing to import"]


class ImportFailed(Exception):
    """The file was not imported; `errors` holds up to MAX_REPORTED_ERRORS `line N: …` messages."""

    def __init__(self, errors: list[str], total_errors: int) -> None:
        super().__init__(f"{total_errors} bad line(s)")
        self.errors = errors
        self.total_errors = total_errors
        if total_errors > len(errors):
            self.errors = [*errors, f"… and {total_errors - len(errors)} more bad line(s) not listed"]


class LineError(ValueError):
    pass


# --- checking one line ---------------------------------------------------------------


def _text(record: dict[str, Any], name: str, required: bool = False) -> str | None:
    value = record.get(name)
    if value is None:
        if required:
            raise LineError(f"missing field {name!r}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise LineError(f"field {name!r} must be a string")
    text = str(value)
    if required and not text.strip():
        raise LineError(f"field {name!r} must not be empty")
    return text


def _texts(record: dict[str, Any], names: tuple[str, ...]) -> list[str | None]:
    """Optional text fields; the common case (a string or nothing) without a call per field."""
    values = [record.get(name) for name in names]
    for index, value in enumerate(values):
        if value is not None and type(value) is not str:
            values[index] = _text(record, names[index])
    return values


def _required(record: dict[str, Any], name: str) -> str:
    value = _text(record, name, required=True)
    assert value is not None
    return value


def _bool(record: dict[str, Any], name: str) -> bool | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise LineError(f"field {name!r} must be true or false")
    return value


def _timestamp(record: dict[str, Any], name: str, required: bool = False) -> datetime | None:
    value = record.get(name)
    if value is None:
        if required:
            raise LineError(f"missing field {name!r}")
        return None
    if not isinstance(value, str):
        raise LineError(f"field {name!r} must be an ISO 8601 timestamp string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise LineError(f"field {name!r} is not an ISO 8601 timestamp: {value!r}") from None
    if moment.tzinfo is None:
        raise LineError(f"field {name!r} needs a UTC offset (e.g. +09:00 or Z): {value!r}")
    return moment


def _names(record: dict[str, Any], name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise LineError(f"field {name!r} must be a list of non-empty strings")
    return list(dict.fromkeys(value))


_COMPANY_TEXTS = ("street", "zip", "city", "country", "url", "comment")
_USER_TEXTS = ("email", "customer_id", "title", "phone", "mobile", "street", "zip", "city", "country", "comment")
_TICKET_TEXTS = ("ticket_type", "service", "customer_id", "customer_user", "owner", "responsible")


def _ticket_status(r: dict[str, Any]) -> tuple[Any, ...]:
    category = _required(r, "category")
    if category not in StatusCategory.__members__:
        raise LineError(f"category must be one of {', '.join(StatusCategory)}, got {category!r}")
    return (_required(r, "name"), category)


def _customer_company(r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        _required(r, "customer_id"),
        _required(r, "name"),
        *_texts(r, _COMPANY_TEXTS),
        _bool(r, "valid"),
    )


def _customer_user(r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        _required(r, "login"),
        _required(r, "first_name"),
        _required(r, "last_name"),
        *_texts(r, _USER_TEXTS),
        _bool(r, "valid"),
        _names(r, "customer_ids"),
    )


def _queue(r: dict[str, Any]) -> tuple[Any, ...]:
    return (_required(r, "name"), _required(r, "group"))


def _agent(r: dict[str, Any]) -> tuple[Any, ...]:
    groups = r.get("groups") or {}
    if not isinstance(groups, dict):
        raise LineError('field \'groups\' must be an object like {"group": "ro"}')
    for group, permission in groups.items():
        if not group or permission not in PERMISSIONS:
            raise LineError(f"permission of group {group!r} must be 'ro' or 'rw', got {permission!r}")
    return (
        _required(r, "login"),
        _required(r, "first_name"),
        _required(r, "last_name"),
        _text(r, "email"),
        list(groups),
        list(groups.values()),
        _names(r, "my_queues"),
    )


def _ticket(r: dict[str, Any]) -> tuple[Any, ...]:
    priority = r.get("priority")
    if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5):
        raise LineError(f"priority must be an integer from 1 to 5, got {priority!r}")
    return (
        _required(r, "number"),
        _required(r, "title"),
        _required(r, "status"),
        _required(r, "queue"),
        _timestamp(r, "created_at", required=True),
        priority,
        *_texts(r, _TICKET_TEXTS),
        _names(r, "watchers"),
        _bool(r, "locked"),
        _timestamp(r, "changed_at"),
        _timestamp(r, "status_changed_at"),
        _timestamp(r, "escalation_at"),
    )


def _config_item(r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        _required(r, "number"),
        *(_required(r, name) for name in ("name", "class", "deployment_state", "incident_state")),
        _text(r, "owner"),
        _timestamp(r, "created_at"),
        _timestamp(r, "changed_at"),
    )


_CHECKERS: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
    "ticket_status": _ticket_status,
    "customer_company": _customer_company,
    "customer_user": _customer_user,
    "queue": _queue,
    "agent": _agent,
    "ticket": _ticket,
    "config_item": _config_item,
}

# Staging tables: one per record type, columns in the order the checkers return them.
_STAGING: dict[str, str] = {
    "ticket_status": "name text, category text",
    "customer_company": """customer_id text, name text, street text, zip text, city text, country text,
        url text, comment text, valid boolean""",
    "customer_user": """login text, first_name text, last_name text, email text, customer_id text, title text,
        phone text, mobile text, street text, zip text, city text, country text, comment text, valid boolean,
        customer_ids text[]""",
    "queue": "name text, group_name text",
    "agent": """login text, first_name text, last_name text, email text, group_names text[],
        permissions text[], my_queues text[]""",
    "ticket": """number text, title text, status text, queue text, created_at timestamptz, priority smallint,
        ticket_type text, service text, customer_id text, customer_user text, owner text, responsible text,
        watchers text[], locked boolean, changed_at timestamptz, status_changed_at timestamptz,
        escalation_at timestamptz""",
    "config_item": """number text, name text, class text, deployment_state text, incident_state text,
        owner text, created_at timestamptz, changed_at timestamptz""",
}


def _staging_table(kind: str) -> str:
    return f"import_{kind}"


def _staging_columns(kind: str) -> list[str]:
    return ["line"] + [column.split()[0] for column in _STAGING[kind].split(",")]


def check_line(text: str) -> tuple[str, tuple[Any, ...]] | None:
    """The record type and staging row of one line; None for a blank line."""
    if not text.strip():
        return None
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise LineError("not a JSON object")
    kind = record.get("type")
    if kind is None:
        raise LineError("missing field 'type'")
    checker = _CHECKERS.get(kind) if isinstance(kind, str) else None
    if checker is None:
        raise LineError(f"unknown type {kind!r} (expected one of {', '.join(RECORD_TYPES)})")
    return kind, checker(record)


# --- references, checked in SQL over the whole staged file ------------------------------

# (record type, SQL yielding (line, message) for rows whose reference resolves nowhere)
_REFERENCE_CHECKS: list[str] = [
    """SELECT s.line, 'unknown status ' || quote_literal(s.status) FROM import_ticket s
       WHERE NOT EXISTS (SELECT 1 FROM ticket_status x WHERE x.name = s.status)
         AND NOT EXISTS (SELECT 1 FROM import_ticket_status x WHERE x.name = s.status)""",
    """SELECT s.line, 'unknown queue ' || quote_literal(s.queue) FROM import_ticket s
       WHERE NOT EXISTS (SELECT 1 FROM queue x WHERE x.name = s.queue)
         AND NOT EXISTS (SELECT 1 FROM import_queue x WHERE x.name = s.queue)""",
    """SELECT s.line, 'unknown customer user ' || quote_literal(s.customer_user) FROM import_ticket s
       WHERE s.customer_user IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM customer_user x WHERE x.login = s.customer_user)
         AND NOT EXISTS (SELECT 1 FROM import_customer_user x WHERE x.login = s.customer_user)""",
    """SELECT s.line, 'unknown agent ' || quote_literal(a.login) || ' (' || a.role || ')'
       FROM import_ticket s
       CROSS JOIN LATERAL (
           SELECT s.owner, 'owner' UNION ALL SELECT s.responsible, 'responsible'
           UNION ALL SELECT w, 'watchers' FROM unnest(s.watchers) w
       ) a(login, role)
       WHERE a.login IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM agent x WHERE x.login = a.login)
         AND NOT EXISTS (SELECT 1 FROM import_agent x WHERE x.login = a.login)""",
    """SELECT s.line, 'unknown queue ' || quote_literal(q) || ' in my_queues'
       FROM import_agent s CROSS JOIN LATERAL unnest(s.my_queues) q
       WHERE NOT EXISTS (SELECT 1 FROM queue x WHERE x.name = q)
         AND NOT EXISTS (SELECT 1 FROM import_queue x WHERE x.name = q)""",
    """SELECT s.line, 'unknown customer user ' || quote_literal(s.owner) || ' (owner)' FROM import_config_item s
       WHERE s.owner IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM customer_user x WHERE x.login = s.owner)
         AND NOT EXISTS (SELECT 1 FROM import_customer_user x WHERE x.login = s.owner)""",
]


# --- writing: set-based upserts, in dependency order -------------------------------------
#
# Each statement reads the latest line of every key (a key repeated in one file: the last
# line wins) and reports `inserted` per row it wrote; rows whose values are unchanged are
# not written at all.

_LATEST = "SELECT DISTINCT ON ({key}) * FROM import_{kind} ORDER BY {key}, line DESC"

_UPSERTS: dict[str, str] = {
    "ticket_status": f"""
        INSERT INTO ticket_status (name, category)
        SELECT name, category FROM ({_LATEST.format(key="name", kind="ticket_status")}) s
        ON CONFLICT (name) DO UPDATE SET category = EXCLUDED.category
        WHERE ticket_status.category IS DISTINCT FROM EXCLUDED.category
        RETURNING (xmax = 0) AS inserted""",
    "customer_company": f"""
        INSERT INTO customer_company (customer_id, name, street, zip, city, country, url, comment, valid)
        SELECT customer_id, name, street, zip, city, country, url, comment, coalesce(valid, true)
        FROM ({_LATEST.format(key="customer_id", kind="customer_company")}) s
        ON CONFLICT (customer_id) DO UPDATE SET
            name = EXCLUDED.name, street = EXCLUDED.street, zip = EXCLUDED.zip, city = EXCLUDED.city,
            country = EXCLUDED.country, url = EXCLUDED.url, comment = EXCLUDED.comment,
            valid = EXCLUDED.valid, changed_at = now()
        WHERE (customer_company.name, customer_company.street, customer_company.zip, customer_company.city,
               customer_company.country, customer_company.url, customer_company.comment, customer_company.valid)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.street, EXCLUDED.zip, EXCLUDED.city,
               EXCLUDED.country, EXCLUDED.url, EXCLUDED.comment, EXCLUDED.valid)
        RETURNING (xmax = 0) AS inserted""",
    "queue": f"""
        INSERT INTO queue (name, group_id)
        SELECT s.name, g.id FROM ({_LATEST.format(key="name", kind="queue")}) s
        JOIN permission_group g ON g.name = s.group_name
        ON CONFLICT (name) DO UPDATE SET group_id = EXCLUDED.group_id
        WHERE queue.group_id IS DISTINCT FROM EXCLUDED.group_id
        RETURNING (xmax = 0) AS inserted""",
    "agent": f"""
        INSERT INTO agent (login, first_name, last_name, email)
        SELECT login, first_name, last_name, email FROM ({_LATEST.format(key="login", kind="agent")}) s
        ON CONFLICT (login) DO UPDATE SET
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
            changed_at = now()
        WHERE (agent.first_name, agent.last_name, agent.email)
            IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email)
        RETURNING (xmax = 0) AS inserted""",
    "customer_user": f"""
        INSERT INTO customer_user (login, first_name, last_name, email, customer_id, title, phone, mobile,
                                   street, zip, city, country, comment, valid)
        SELECT login, first_name, last_name, email, customer_id, title, phone, mobile,
               street, zip, city, country, comment, coalesce(valid, true)
        FROM ({_LATEST.format(key="login", kind="customer_user")}) s
        ON CONFLICT (login) DO UPDATE SET
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
            customer_id = EXCLUDED.customer_id, title = EXCLUDED.title, phone = EXCLUDED.phone,
            mobile = EXCLUDED.mobile, street = EXCLUDED.street, zip = EXCLUDED.zip, city = EXCLUDED.city,
            country = EXCLUDED.country, comment = EXCLUDED.comment, valid = EXCLUDED.valid, changed_at = now()
        WHERE (customer_user.first_name, customer_user.last_name, customer_user.email, customer_user.customer_id,
               customer_user.title, customer_user.phone, customer_user.mobile, customer_user.street,
               customer_user.zip, customer_user.city, customer_user.country, customer_user.comment,
               customer_user.valid)
            IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email, EXCLUDED.customer_id,
               EXCLUDED.title, EXCLUDED.phone, EXCLUDED.mobile, EXCLUDED.street, EXCLUDED.zip, EXCLUDED.city,
               EXCLUDED.country, EXCLUDED.comment, EXCLUDED.valid)
        RETURNING (xmax = 0) AS inserted""",
    "ticket": f"""
        INSERT INTO ticket (number, title, status_id, status_category, priority, queue_id, ticket_type, service,
                            customer_id, customer_user_id, owner_id, responsible_id, locked, created_at,
                            changed_at, status_changed_at, escalation_at)
        SELECT s.number, s.title, st.id, st.category, coalesce(s.priority, {DEFAULT_PRIORITY}), q.id,
               s.ticket_type, s.service, coalesce(s.customer_id, cu.customer_id), cu.id, o.id, r.id,
               coalesce(s.locked, false), s.created_at, coalesce(s.changed_at, s.created_at),
               coalesce(s.status_changed_at, s.created_at), s.escalation_at
        FROM ({_LATEST.format(key="number", kind="ticket")}) s
        JOIN ticket_status st ON st.name = s.status
        JOIN queue q ON q.name = s.queue
        LEFT JOIN customer_user cu ON cu.login = s.customer_user
        LEFT JOIN agent o ON o.login = s.owner
        LEFT JOIN agent r ON r.login = s.responsible
        ON CONFLICT (number) DO UPDATE SET
            title = EXCLUDED.title, status_id = EXCLUDED.status_id, status_category = EXCLUDED.status_category,
            priority = EXCLUDED.priority, queue_id = EXCLUDED.queue_id, ticket_type = EXCLUDED.ticket_type,
            service = EXCLUDED.service, customer_id = EXCLUDED.customer_id,
            customer_user_id = EXCLUDED.customer_user_id, owner_id = EXCLUDED.owner_id,
            responsible_id = EXCLUDED.responsible_id, locked = EXCLUDED.locked, created_at = EXCLUDED.created_at,
            changed_at = EXCLUDED.changed_at, status_changed_at = EXCLUDED.status_changed_at,
            escalation_at = EXCLUDED.escalation_at
        WHERE (ticket.title, ticket.status_id, ticket.priority, ticket.queue_id, ticket.ticket_type,
               ticket.service, ticket.customer_id, ticket.customer_user_id, ticket.owner_id, ticket.responsible_id,
               ticket.locked, ticket.created_at, ticket.changed_at, ticket.status_changed_at, ticket.escalation_at)
            IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.status_id, EXCLUDED.priority, EXCLUDED.queue_id,
               EXCLUDED.ticket_type, EXCLUDED.service, EXCLUDED.customer_id, EXCLUDED.customer_user_id,
               EXCLUDED.owner_id, EXCLUDED.responsible_id, EXCLUDED.locked, EXCLUDED.created_at,
               EXCLUDED.changed_at, EXCLUDED.status_changed_at, EXCLUDED.escalation_at)
        RETURNING (xmax = 0) AS inserted""",
    "config_item": f"""
        INSERT INTO config_item (number, name, class, deployment_state, incident_state, owner_id,
                                 created_at, changed_at)
        SELECT s.number, s.name, s.class, s.deployment_state, s.incident_state, cu.id,
               coalesce(s.created_at, s.changed_at, now()), coalesce(s.changed_at, s.created_at, now())
        FROM ({_LATEST.format(key="number", kind="config_item")}) s
        LEFT JOIN customer_user cu ON cu.login = s.owner
        ON CONFLICT (number) DO UPDATE SET
            name = EXCLUDED.name, class = EXCLUDED.class, deployment_state = EXCLUDED.deployment_state,
            incident_state = EXCLUDED.incident_state, owner_id = EXCLUDED.owner_id,
            created_at = EXCLUDED.created_at,
            changed_at = EXCLUDED.changed_at
        WHERE (config_item.name, config_item.class, config_item.deployment_state, config_item.incident_state,
               config_item.owner_id)
            IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.class, EXCLUDED.deployment_state,
               EXCLUDED.incident_state, EXCLUDED.owner_id)
        RETURNING (xmax = 0) AS inserted""",
}

# Groups have no record of their own: queues and agents name them into existence.
_BEFORE_UPSERT: dict[str, list[str]] = {
    "queue": [
        """INSERT INTO permission_group (name) SELECT DISTINCT group_name FROM import_queue
           ON CONFLICT (name) DO NOTHING"""
    ],
}

# Sets a record states in full (replacing what was there), written after their owners.
_SET_REPLACEMENTS: dict[str, list[str]] = {
    "customer_user": [
        """DELETE FROM customer_user_customer_id x USING customer_user cu,
               (SELECT DISTINCT ON (login) login, customer_ids FROM import_customer_user ORDER BY login, line DESC) s
           WHERE cu.login = s.login AND x.customer_user_id = cu.id AND x.customer_id <> ALL(s.customer_ids)""",
        """INSERT INTO customer_user_customer_id (customer_user_id, customer_id)
           SELECT cu.id, c FROM
               (SELECT DISTINCT ON (login) login, customer_ids FROM import_customer_user ORDER BY login, line DESC) s
           JOIN customer_user cu ON cu.login = s.login CROSS JOIN LATERAL unnest(s.customer_ids) c
           ON CONFLICT DO NOTHING""",
    ],
    "agent": [
        """INSERT INTO permission_group (name) SELECT DISTINCT g FROM import_agent, unnest(group_names) g
           ON CONFLICT (name) DO NOTHING""",
        """DELETE FROM agent_group x USING agent a,
               (SELECT DISTINCT ON (login) login, group_names FROM import_agent ORDER BY login, line DESC) s
           WHERE a.login = s.login AND x.agent_id = a.id
             AND x.group_id NOT IN (SELECT g.id FROM permission_group g WHERE g.name = ANY(s.group_names))""",
        """INSERT INTO agent_group (agent_id, group_id, permission)
           SELECT a.id, g.id, p.permission FROM
               (SELECT DISTINCT ON (login) * FROM import_agent ORDER BY login, line DESC) s
           JOIN agent a ON a.login = s.login
           CROSS JOIN LATERAL unnest(s.group_names, s.permissions) p(group_name, permission)
           JOIN permission_group g ON g.name = p.group_name
           ON CONFLICT (agent_id, group_id) DO UPDATE SET permission = EXCLUDED.permission
           WHERE agent_group.permission <> EXCLUDED.permission""",
        """DELETE FROM agent_queue x USING agent a,
               (SELECT DISTINCT ON (login) login, my_queues FROM import_agent ORDER BY login, line DESC) s
           WHERE a.login = s.login AND x.agent_id = a.id
             AND x.queue_id NOT IN (SELECT q.id FROM queue q WHERE q.name = ANY(s.my_queues))""",
        """INSERT INTO agent_queue (agent_id, queue_id)
           SELECT a.id, q.id FROM
               (SELECT DISTINCT ON (login) login, my_queues FROM import_agent ORDER BY login, line DESC) s
           JOIN agent a ON a.login = s.login
           CROSS JOIN LATERAL unnest(s.my_queues) m JOIN queue q ON q.name = m
           ON CONFLICT DO NOTHING""",
    ],
    "ticket": [
        """DELETE FROM ticket_watcher x USING ticket t,
               (SELECT DISTINCT ON (number) number, watchers FROM import_ticket ORDER BY number, line DESC) s
           WHERE t.number = s.number AND x.ticket_id = t.id
             AND x.agent_id NOT IN (SELECT a.id FROM agent a WHERE a.login = ANY(s.watchers))""",
        """INSERT INTO ticket_watcher (ticket_id, agent_id)
           SELECT t.id, a.id FROM
               (SELECT DISTINCT ON (number) number, watchers FROM import_ticket ORDER BY number, line DESC) s
           JOIN ticket t ON t.number = s.number
           CROSS JOIN LATERAL unnest(s.watchers) w JOIN agent a ON a.login = w
           ON CONFLICT DO NOTHING""",
    ],
}

# Agents' my_queues need queues; tickets need statuses, queues, users and agents.
_WRITE_ORDER = ("ticket_status", "customer_company", "queue", "agent", "customer_user", "ticket", "config_item")
_KEYS = {
    "ticket_status": "name",
    "customer_company": "customer_id",
    "queue": "name",
    "agent": "login",
    "customer_user": "login",
    "ticket": "number",
    "config_item": "number",
}


class _Stager:
    """Buffers checked rows per type and copies them into staging tables in chunks."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.buffers: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in RECORD_TYPES}

    async def create_tables(self) -> None:
        for kind, columns in _STAGING.items():
            await self.connection.execute(
                f"CREATE TEMP TABLE {_staging_table(kind)} (line integer, {columns}) ON COMMIT DROP"
            )

    async def add(self, kind: str, row: tuple[Any, ...]) -> None:
        buffer = self.buffers[kind]
        buffer.append(row)
        if len(buffer) >= CHUNK_ROWS:
            await self.flush(kind)

    async def flush(self, kind: str) -> None:
        buffer = self.buffers[kind]
        if buffer:
            await self.connection.copy_records_to_table(
                _staging_table(kind), records=buffer, columns=_staging_columns(kind)
            )
            buffer.clear()

    async def flush_all(self) -> None:
        for kind in RECORD_TYPES:
            await self.flush(kind)


async def import_records(
    connection: asyncpg.Connection,
    lines: Iterable[str],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import JSON Lines; raise ImportFailed (nothing written) when any line is bad."""
    errors: list[tuple[int, str]] = []
    total_errors = 0
    summary = ImportSummary()
    transaction = connection.transaction()
    await transaction.start()
    try:
        stager = _Stager(connection)
        await stager.create_tables()
        number = 0
        for number, text in enumerate(lines, start=1):
            try:
                checked = check_line(text)
            except LineError as error:
                total_errors += 1
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.append((number, str(error)))
                continue
            if checked is not None and not total_errors:
                await stager.add(checked[0], (number, *checked[1]))
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number)
        summary.line_count = number
        if progress is not None:
            progress(number)
        await stager.flush_all()
        if not total_errors:
            for kind in ("ticket_status", "customer_company", "queue", "agent", "customer_user", "ticket"):
                await connection.execute(f"ANALYZE {_staging_table(kind)}")
            for check in _REFERENCE_CHECKS:
                rows = await connection.fetch(f"{check} ORDER BY 1 LIMIT {MAX_REPORTED_ERRORS + 1}")
                total_errors += len(rows)
                errors += [(row[0], row[1]) for row in rows]
        if total_errors:
            errors.sort()
            raise ImportFailed(
                [f"line {line}: {message}" for line, message in errors[:MAX_REPORTED_ERRORS]], total_errors
            )
        for kind in _WRITE_ORDER:
            for statement in _BEFORE_UPSERT.get(kind, ()):
                await connection.execute(statement)
            rows = await connection.fetch(_UPSERTS[kind])
            created = sum(1 for row in rows if row["inserted"])
            staged = await connection.fetchval(f"SELECT count(DISTINCT {_KEYS[kind]}) FROM {_staging_table(kind)}")
            summary.created[kind] = created
            summary.changed[kind] = len(rows) - created
            summary.unchanged[kind] = staged - len(rows)
            for statement in _SET_REPLACEMENTS.get(kind, ()):
                await connection.execute(statement)
    except BaseException:
        await transaction.rollback()
        raise
    if dry_run:
        await transaction.rollback()
    else:
        await transaction.commit()
    return summary
