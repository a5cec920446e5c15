"""The JSON Lines importer: a whole file or nothing, upserted by natural keys.

How it works, all in one transaction:

1. Stream: every line is parsed and checked in Python (JSON, type, fields, field types,
   timestamps with an offset, categories, priorities, permissions). Good records flow
   through ONE binary COPY into a TEMP staging table (partitioned by record type) that
   keeps each record's line number. asyncpg pulls the rows as it sends them, so the
   server stores rows while Python checks the next lines, and memory stays bounded (a
   COPY buffer) whatever the file's size.
2. Split the staging table into one typed TEMP table per record type; drop superseded
   duplicates (the last line with a key wins).
3. Check every reference with set-based SQL: a name is known when the database has it
   or the file defines it, so lines may refer to records further down.
4. Any bad line: roll back and raise `ImportFailed` (bad lines in line order, at most
   `MAX_REPORTED_ERRORS`). Nothing is written.
5. Otherwise, per type in dependency order: one UPDATE of the stored records that
   differ, one INSERT of the new ones, and the statements that replace sets, counting
   created / changed / unchanged records.

Choices:
- Unknown fields are errors (a misspelt optional field would otherwise vanish quietly).
- JSON null for an optional field means "absent"; for a required field, "missing".
- A record states its whole self: an absent optional field stores NULL (or its default),
  and list fields (agent groups and my_queues, ticket watchers, customer user
  customer_ids) replace the stored set. Repeats inside a list are ignored.
- Duplicate keys in one file: the last line wins; every line is still checked.
- A line referring to a record that only a *bad* line defines is reported too (bad
  lines are not staged).
- Timestamps: whatever ISO 8601 Python's datetime.fromisoformat reads, with an offset
  (Z, +09:00, ...); a timestamp without one is an error. They travel as exact integer
  microseconds.
- Updates and inserts are separate statements rather than INSERT ... ON CONFLICT, which
  draws a fresh identity value for every stored row on every import: ticket_status's
  smallint id would run out after a couple of thousand re-imports. Imports take an
  advisory lock, so two never interleave.
- For a superuser, tickets and config items skip the per-row foreign key triggers (see
  _skip_foreign_key_triggers); other roles keep them, and import at about half the speed.
- Input reaches SQL only as COPY data; the SQL text here is built from constants.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

import asyncpg
import orjson

from db.catalog import DEFAULT_PRIORITY, PERMISSIONS, StatusCategory
from db.demo_marker import clear_demo_marker

RECORD_TYPES: Final = (
    "ticket_status",
    "customer_company",
    "customer_user",
    "queue",
    "agent",
    "ticket",
    "config_item",
)
MAX_REPORTED_ERRORS: Final = 100
PROGRESS_EVERY: Final = 10_000
# Any fixed number: imports into one database run one at a time.
_ADVISORY_LOCK_KEY: Final = 0x637569635F696D70  # "cuic_imp"
_MAX_SHOWN: Final = 60  # characters of a value quoted in a message
_MAX_LINE: Final = 10_000_000  # characters


def _counts() -> dict[str, int]:
    return dict.fromkeys(RECORD_TYPES, 0)


@dataclass
class ImportSummary:
    """What an import did (for a dry run: would do), per record type.

    Counts are of distinct keys: a key given on several lines counts once (see
    `superseded`). A record is "changed" when any stored field or set differs.
    """

    created: dict[str, int] = field(default_factory=_counts)
    changed: dict[str, int] = field(default_factory=_counts)
    unchanged: dict[str, int] = field(default_factory=_counts)
    # Permission groups created because a queue or an agent named them.
    groups_created: int = 0
    # Lines whose key a later line of the file repeats (the later one wins).
    superseded: int = 0
    # Lines read, blank ones included.
    line_count: int = 0

    def total(self, record_type: str) -> int:
        return self.created.get(record_type, 0) + self.changed.get(record_type, 0) + self.unchanged.get(record_type, 0)

    def lines(self) -> list[str]:
        """One line per record type present, e.g. "ticket: 10 created, 2 changed, 0 unchanged"."""
        out = [
            f"{record_type}: {self.created.get(record_type, 0)} created, {self.changed.get(record_type, 0)} changed,"
            f" {self.unchanged.get(record_type, 0)} unchanged"
            for record_type in RECORD_TYPES
            if self.total(record_type)
        ]
        if self.groups_created:
            out.append(f"permission group: {self.groups_created} created")
        if self.superseded:
            out.append(f"{self.superseded} line(s) superseded by a later line with the same key")
        return out or ["no records"]


class ImportFailed(Exception):
    """The file has bad lines; nothing was written.

    `errors`: "line N: what is wrong" for the first MAX_REPORTED_ERRORS bad lines in line
    order (all problems of one line in one message), then, when there are more, a final
    "... and K more errors" note. `total_errors`: the number of bad lines.
    """

    def __init__(self, errors: list[str], total_errors: int) -> None:
        super().__init__(f"{total_errors} bad line(s)" + (f", first: {errors[0]}" if errors else ""))
        self.errors = errors
        self.total_errors = total_errors


# --------------------------------------------------------------------------- fields

# Field kinds, and the staging columns ("slots") that hold them.
_STR: Final = 0  # any string
_NAME: Final = 1  # a non-empty string: a key or a reference
_CATEGORY: Final = 2
_TIME: Final = 3  # ISO 8601 with an offset
_BOOL: Final = 4
_PRIORITY: Final = 5  # an integer 1..5
_NAMES: Final = 6  # a list of non-empty strings (a set)
_GROUPS: Final = 7  # {"group": "ro" | "rw"}: two slots, names and permissions

_SLOT_PREFIX: Final = {
    _STR: "t",
    _NAME: "t",
    _CATEGORY: "t",
    _TIME: "d",
    _BOOL: "b",
    _PRIORITY: "p",
    _NAMES: "a",
    _GROUPS: "a",
}
# Timestamps travel as microseconds since PostgreSQL's epoch (2000-01-01 UTC): cheaper to
# send than timestamptz, exact, and turned into timestamptz by _split_sql.
_SLOT_TYPES: Final = {"t": "text", "d": "bigint", "b": "boolean", "p": "smallint", "a": "text[]"}
_PG_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_DAY_US: Final = 86_400_000_000


@dataclass(frozen=True)
class _Field:
    name: str
    kind: int = _STR
    required: bool = False
    default: object = None  # for an absent optional field
    column: str = ""  # the typed staging column, when not the field's name

    @property
    def columns(self) -> tuple[str, ...]:
        if self.kind == _GROUPS:
            return ("group_names", "group_perms")
        return (self.column or self.name,)


@dataclass(frozen=True)
class _Spec:
    record_type: str
    key: str
    fields: tuple[_Field, ...]

    @property
    def code(self) -> int:
        return RECORD_TYPES.index(self.record_type)

    @property
    def table(self) -> str:
        return f"cuic_import_{self.record_type}"

    def slots(self) -> list[tuple[str, str]]:
        """(slot, typed column) per staged value, in field order."""
        used: dict[str, int] = {}
        out = []
        for f in self.fields:
            prefix = _SLOT_PREFIX[f.kind]
            for column in f.columns:
                used[prefix] = used.get(prefix, 0) + 1
                out.append((f"{prefix}{used[prefix]}", column))
        return out


_ADDRESS = tuple(_Field(name) for name in ("street", "zip", "city", "country"))

SPECS: Final[dict[str, _Spec]] = {
    spec.record_type: spec
    for spec in (
        _Spec("ticket_status", "name", (_Field("name", _NAME, True), _Field("category", _CATEGORY, True))),
        _Spec(
            "customer_company",
            "customer_id",
            (
                _Field("customer_id", _NAME, True),
                _Field("name", _STR, True),
                *_ADDRESS,
                _Field("url"),
                _Field("comment"),
                _Field("valid", _BOOL, default=True),
            ),
        ),
        _Spec(
            "customer_user",
            "login",
            (
                _Field("login", _NAME, True),
                _Field("first_name", _STR, True),
                _Field("last_name", _STR, True),
                _Field("email"),
                _Field("customer_id", _NAME),
                _Field("customer_ids", _NAMES, default=None),
                _Field("title"),
                _Field("phone"),
                _Field("mobile"),
                *_ADDRESS,
                _Field("comment"),
                _Field("valid", _BOOL, default=True),
            ),
        ),
        _Spec("queue", "name", (_Field("name", _NAME, True), _Field("group", _NAME, True, column="group_name"))),
        _Spec(
            "agent",
            "login",
            (
                _Field("login", _NAME, True),
                _Field("first_name", _STR, True),
                _Field("last_name", _STR, True),
                _Field("email"),
                _Field("groups", _GROUPS),
                _Field("my_queues", _NAMES, default=None),
            ),
        ),
        _Spec(
            "ticket",
            "number",
            (
                _Field("number", _NAME, True),
                _Field("title", _STR, True),
                _Field("status", _NAME, True),
                _Field("queue", _NAME, True),
                _Field("created_at", _TIME, True),
                _Field("priority", _PRIORITY, default=DEFAULT_PRIORITY),
                _Field("ticket_type"),
                _Field("service"),
                _Field("customer_id", _NAME),
                _Field("customer_user", _NAME),
                _Field("owner", _NAME),
                _Field("responsible", _NAME),
                _Field("watchers", _NAMES, default=None),
                _Field("locked", _BOOL, default=False),
                _Field("changed_at", _TIME),
                _Field("status_changed_at", _TIME),
                _Field("escalation_at", _TIME),
            ),
        ),
        _Spec(
            "config_item",
            "number",
            (
                _Field("number", _NAME, True),
                _Field("name", _STR, True),
                _Field("class", _STR, True),
                _Field("deployment_state", _STR, True),
                _Field("incident_state", _STR, True),
                _Field("owner", _NAME),
                _Field("created_at", _TIME),
                _Field("changed_at", _TIME),
            ),
        ),
    )
}


def _staging_columns() -> list[tuple[str, str]]:
    """The one staging table's columns: the line, the type, then the union of slots."""
    slots: dict[str, str] = {}
    for spec in SPECS.values():
        for slot, _ in spec.slots():
            slots.setdefault(slot, _SLOT_TYPES[slot[0]])
    order = "tdbpa"
    ranked = sorted(slots, key=lambda slot: (order.index(slot[0]), int(slot[1:])))
    return [("line", "integer"), ("kind", "smallint"), *((slot, slots[slot]) for slot in ranked)]


_STAGING_COLUMNS: Final = _staging_columns()
_STAGING_POSITION: Final = {name: n for n, (name, _) in enumerate(_STAGING_COLUMNS)}
_STAGING_WIDTH: Final = len(_STAGING_COLUMNS)
_STAGING_TABLE: Final = "cuic_import_record"


def _parse_fields(spec: _Spec) -> tuple[tuple[str, int, bool, object, int], ...]:
    """(name, kind, required, default, staging position of its first slot) per field."""
    slots = iter(spec.slots())
    out = []
    for f in spec.fields:
        first = next(slots)[0]
        for _ in f.columns[1:]:
            next(slots)  # the second slot of _GROUPS: the position after the first
        out.append((f.name, f.kind, f.required, f.default, _STAGING_POSITION[first]))
    return tuple(out)


# Per type, for the hot loop: allowed keys, fields, type code.
_PARSE: Final = {
    spec.record_type: (frozenset(["type", *(f.name for f in spec.fields)]), _parse_fields(spec), spec.code)
    for spec in SPECS.values()
}
_TYPE_LIST: Final = ", ".join(RECORD_TYPES)
_CATEGORIES: Final = frozenset(category.value for category in StatusCategory)


class _LineError(ValueError):
    """What is wrong with one line."""


def _show(value: object) -> str:
    """A value as JSON, shortened for a message."""
    text = orjson.dumps(value).decode()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _timestamp_problem(name: str, value: object) -> str:
    """What is wrong with a value that is no good timestamp."""
    if type(value) is not str:
        return f'field "{name}" must be an ISO 8601 timestamp string, got {_show(value)}'
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f'field "{name}" is not an ISO 8601 timestamp such as "2025-04-01T09:30:00+09:00": {_show(value)}'
    if moment.tzinfo is None:
        return f'field "{name}" has no UTC offset (such as "+09:00" or "Z"): {_show(value)}'
    return f'field "{name}" is not a valid timestamp: {_show(value)}'


def _timestamp(value: object) -> datetime | None:
    """The moment of an ISO 8601 timestamp with an offset, or None."""
    if type(value) is not str:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return None if moment.tzinfo is None else moment


def _has_nul(value: object) -> bool:
    if type(value) is str:
        return "\x00" in value
    if type(value) is list:
        return any(_has_nul(item) for item in value)
    if type(value) is dict:
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def parse_line(text: str) -> tuple[int, list[object]]:
    """Check one non-blank line; return its type's code and its staging row (line number
    still unset), or raise _LineError saying everything that is wrong with it."""
    if len(text) > _MAX_LINE:
        raise _LineError(f"longer than {_MAX_LINE:,} characters")
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise _LineError(f"not valid JSON ({error})") from None
    if type(record) is not dict:
        raise _LineError(f"not a JSON object: {_show(record)}")
    record_type = record.get("type")
    if record_type is None:
        raise _LineError('missing field "type"')
    if type(record_type) is not str or record_type not in _PARSE:
        raise _LineError(f"unknown type {_show(record_type)} (known: {_TYPE_LIST})")
    allowed, fields, code = _PARSE[record_type]
    problems: list[str] = []
    if not record.keys() <= allowed:
        problems += [f'unknown field "{name}"' for name in sorted(record.keys() - allowed)]
    row: list[object] = [None] * _STAGING_WIDTH
    row[1] = code
    for name, kind, required, default, position in fields:
        value = record.get(name)
        if value is None:
            if required:
                problems.append(f'missing field "{name}"')
            elif default is not None:
                row[position] = default
        elif kind <= _CATEGORY:  # _STR, _NAME, _CATEGORY
            if type(value) is str and (value or kind == _STR) and (kind != _CATEGORY or value in _CATEGORIES):
                row[position] = value
            elif kind == _CATEGORY:
                problems.append(
                    f'field "{name}" must be one of NEW, IN_PROGRESS, PENDING, CLOSED, OTHER, got {_show(value)}'
                )
            elif kind == _NAME:
                problems.append(f'field "{name}" must be a non-empty string, got {_show(value)}')
            else:
                problems.append(f'field "{name}" must be a string, got {_show(value)}')
        elif kind == _TIME:
            moment = _timestamp(value)
            if moment is not None:
                row[position] = (moment - _PG_EPOCH) // _MICROSECOND
            else:
                problems.append(_timestamp_problem(name, value))
        elif kind == _BOOL:
            if value is True or value is False:
                row[position] = value
            else:
                problems.append(f'field "{name}" must be true or false, got {_show(value)}')
        elif kind == _PRIORITY:
            if type(value) is int and 1 <= value <= 5:
                row[position] = value
            else:
                problems.append(f'field "{name}" must be an integer from 1 to 5, got {_show(value)}')
        elif kind == _NAMES:
            if type(value) is list and all(type(item) is str and item for item in value):
                row[position] = value
            else:
                problems.append(f'field "{name}" must be a list of non-empty strings, got {_show(value)}')
        elif type(value) is dict and all(key and v in PERMISSIONS for key, v in value.items()):  # _GROUPS
            row[position] = list(value.keys())
            row[position + 1] = list(value.values())
        else:
            problems.append(f'field "{name}" must map group names to "ro" or "rw", got {_show(value)}')
    if not problems and "\\u0000" in text:
        # PostgreSQL text cannot hold NUL; JSON can only spell it as an escape.
        problems += [f'field "{name}" contains a NUL character (\\u0000)' for name, v in record.items() if _has_nul(v)]
    if problems:
        raise _LineError("; ".join(problems))
    return code, row


# --------------------------------------------------------------------------- SQL


def _typed(slot: str, column: str) -> str:
    """A slot of the staging table as the typed column (absent sets are empty)."""
    if slot[0] == "a":
        return f"coalesce({slot}, '{{}}') AS {column}"
    if slot[0] == "d":  # exact: whole days, then microseconds (the import runs in UTC)
        return (
            f"timestamptz '2000-01-01 00:00:00+00' + make_interval(days => ({slot} / {_DAY_US})::integer)"
            f" + ({slot} % {_DAY_US}) * interval '1 microsecond' AS {column}"
        )
    return f"{slot} AS {column}"


def _split_sql(spec: _Spec) -> str:
    """The typed staging table of one record type, from the one staging table."""
    selected = ", ".join(_typed(slot, column) for slot, column in spec.slots())
    extra = ""
    if spec.record_type == "ticket":
        # Tickets get their ids here: the stored ticket's, or a new one (in file order),
        # so that no later statement joins the staged tickets with the ticket table.
        selected += (
            ", t.id IS NOT NULL AS stored,"
            " coalesce(t.id, nextval((SELECT pg_get_serial_sequence('ticket', 'id')::regclass))) AS id"
        )
        extra = f" LEFT JOIN ticket t ON t.number = s.{spec.slots()[0][0]}"
    return (
        f"CREATE TEMP TABLE {spec.table} ON COMMIT DROP AS SELECT s.line, {selected}"
        f" FROM {_STAGING_TABLE} s{extra} WHERE s.kind = {spec.code}"
    )


# Reference checks: one scan per staging table; each check gives a message or NULL. A
# name is known when stored or staged (forward references); NOT IN over an
# uncorrelated subquery becomes one hash table per check.
_KNOWN: Final = {
    "status": "(SELECT name FROM ticket_status UNION ALL SELECT name FROM cuic_import_ticket_status)",
    "queue": "(SELECT name FROM queue UNION ALL SELECT name FROM cuic_import_queue)",
    "agent": "(SELECT login FROM agent UNION ALL SELECT login FROM cuic_import_agent)",
    "customer_user": "(SELECT login FROM customer_user UNION ALL SELECT login FROM cuic_import_customer_user)",
}


def _reference(column: str, known: str, what: str) -> str:
    return (
        f"CASE WHEN s.{column} NOT IN {_KNOWN[known]}"
        f" THEN 'unknown {what} \"' || left(s.{column}, {_MAX_SHOWN}) || '\"' END"
    )


def _references(column: str, known: str, what: str) -> str:
    return (
        f"CASE WHEN cardinality(s.{column}) > 0 THEN (SELECT 'unknown {what} in \"{column}\": '"
        f" || string_agg('\"' || left(x, {_MAX_SHOWN}) || '\"', ', ' ORDER BY n)"
        f" FROM unnest(s.{column}) WITH ORDINALITY AS u(x, n) WHERE x NOT IN {_KNOWN[known]}) END"
    )


_CHECKS: Final = {
    "ticket": (
        _reference("status", "status", "status"),
        _reference("queue", "queue", "queue"),
        _reference("customer_user", "customer_user", "customer user"),
        _reference("owner", "agent", "agent (owner)"),
        _reference("responsible", "agent", "agent (responsible)"),
        _references("watchers", "agent", "agent(s)"),
    ),
    "agent": (_references("my_queues", "queue", "queue(s)"),),
    "config_item": (_reference("owner", "customer_user", "customer user (owner)"),),
}


def _check_sql(record_type: str, checks: Sequence[str]) -> str:
    names = [f"c{n}" for n in range(len(checks))]
    selected = ", ".join(f"{check} AS {name}" for check, name in zip(checks, names, strict=True))
    return (
        "INSERT INTO cuic_import_error (line, message)"
        f" SELECT line, concat_ws('; ', {', '.join(names)})"
        f" FROM (SELECT s.line, {selected} FROM cuic_import_{record_type} s) AS checked"
        f" WHERE {' OR '.join(f'{name} IS NOT NULL' for name in names)}"
    )


def _dedupe_sql(spec: _Spec) -> str:
    return (
        f"DELETE FROM {spec.table} WHERE line IN (SELECT line FROM (SELECT line, row_number() OVER"
        f" (PARTITION BY {spec.key} ORDER BY line DESC) AS n FROM {spec.table}) AS ranked WHERE n > 1)"
    )


def _prefixed(prefix: str, columns: str) -> str:
    return ", ".join(f"{prefix}.{column.strip()}" for column in columns.split(","))


@dataclass(frozen=True)
class _Upsert:
    changed: str  # updates the stored records that differ; its count: the changed records
    created: str  # inserts the new records; its count: the created records
    after: tuple[str, ...] = ()  # then replaces the records' sets
    # Tickets only (they know which are stored): statements for stored tickets, skipped
    # with `changed` when the file has none.
    after_stored: tuple[str, ...] = ()


_TICKET_STATUS = _Upsert(
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

_GROUPS_SQL = """
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
_CUSTOMER_COMPANY = _Upsert(
    changed=f"""
    UPDATE customer_company t SET ({_COMPANY_COLUMNS}, changed_at) = ({_prefixed("s", _COMPANY_COLUMNS)}, now())
    FROM cuic_import_customer_company s
    WHERE t.customer_id = s.customer_id
      AND ({_prefixed("t", _COMPANY_COLUMNS)}) IS DISTINCT FROM ({_prefixed("s", _COMPANY_COLUMNS)})
    """,
    created=f"""
    INSERT INTO customer_company (customer_id, {_COMPANY_COLUMNS})
    SELECT s.customer_id, {_prefixed("s", _COMPANY_COLUMNS)}
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
_CUSTOMER_USER = _Upsert(
    changed=f"""
    WITH updated AS (
        UPDATE customer_user t SET ({_USER_COLUMNS}, changed_at) = ({_prefixed("s", _USER_COLUMNS)}, now())
        FROM cuic_import_customer_user s
        WHERE t.login = s.login AND ({_prefixed("t", _USER_COLUMNS)}) IS DISTINCT FROM ({_prefixed("s", _USER_COLUMNS)})
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
    SELECT s.login, {_prefixed("s", _USER_COLUMNS)}
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

_QUEUE = _Upsert(
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
_AGENT = _Upsert(
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

_TICKET_COLUMNS = (
    "title, status_id, status_category, priority, queue_id, ticket_type, service, customer_id, customer_user_id,"
    " owner_id, responsible_id, locked, created_at, changed_at, status_changed_at, escalation_at"
)
# The staged tickets with every name resolved to its id. A ticket without a customer ID
# takes its customer user's primary one; changed_at and status_changed_at default to
# created_at.
_TICKET_SOURCE = """
    SELECT s.id, s.stored, s.line, s.number, s.title, st.id AS status_id, st.category AS status_category,
           s.priority, q.id AS queue_id, s.ticket_type, s.service,
           coalesce(s.customer_id, cu.customer_id) AS customer_id, cu.id AS customer_user_id, ow.id AS owner_id,
           re.id AS responsible_id, s.locked, s.created_at, coalesce(s.changed_at, s.created_at) AS changed_at,
           coalesce(s.status_changed_at, s.created_at) AS status_changed_at, s.escalation_at
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
_TICKET = _Upsert(
    changed=f"""
    WITH updated AS (
        UPDATE ticket t SET ({_TICKET_COLUMNS}) = ({_prefixed("x", _TICKET_COLUMNS)})
        FROM ({_TICKET_SOURCE}) AS x
        WHERE x.stored AND t.id = x.id
          AND ({_prefixed("t", _TICKET_COLUMNS)}) IS DISTINCT FROM ({_prefixed("x", _TICKET_COLUMNS)})
        RETURNING t.id
    ),
    wanted AS ({_WANTED_WATCHERS} AND s.stored),
    stored AS (
        SELECT w.ticket_id AS id, w.agent_id
        FROM ticket_watcher w JOIN cuic_import_ticket s ON s.id = w.ticket_id
        WHERE s.stored
    )
    SELECT count(*) FROM (
        SELECT id FROM updated
        UNION SELECT id FROM (SELECT * FROM wanted EXCEPT SELECT * FROM stored) AS added
        UNION SELECT id FROM (SELECT * FROM stored EXCEPT SELECT * FROM wanted) AS removed
    ) AS changed
    """,
    created=f"""
    INSERT INTO ticket (id, number, {_TICKET_COLUMNS})
    SELECT x.id, x.number, {_prefixed("x", _TICKET_COLUMNS)}
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
_CONFIG_ITEM = _Upsert(
    changed=f"""
    UPDATE config_item t
    SET (name, class, deployment_state, incident_state, owner_id, created_at, changed_at) =
        (x.name, x.class, x.deployment_state, x.incident_state, x.owner_id,
         coalesce(x.created_at, t.created_at), coalesce(x.changed_at, now()))
    FROM ({_CONFIG_ITEM_SOURCE}) AS x
    WHERE t.number = x.number
      AND ((t.name, t.class, t.deployment_state, t.incident_state, t.owner_id)
               IS DISTINCT FROM (x.name, x.class, x.deployment_state, x.incident_state, x.owner_id)
           OR x.created_at <> t.created_at
           OR x.changed_at <> t.changed_at)
    """,
    created=f"""
    INSERT INTO config_item (number, name, class, deployment_state, incident_state, owner_id, created_at, changed_at)
    SELECT x.number, x.name, x.class, x.deployment_state, x.incident_state, x.owner_id,
           coalesce(x.created_at, now()), coalesce(x.changed_at, x.created_at, now())
    FROM ({_CONFIG_ITEM_SOURCE}) AS x
    WHERE NOT EXISTS (SELECT 1 FROM config_item t WHERE t.number = x.number)
    """,
)

_UPSERTS: Final = {
    "ticket_status": _TICKET_STATUS,
    "customer_company": _CUSTOMER_COMPANY,
    "customer_user": _CUSTOMER_USER,
    "queue": _QUEUE,
    "agent": _AGENT,
    "ticket": _TICKET,
    "config_item": _CONFIG_ITEM,
}

# Tickets and config items, the bulk of a large file, are written last. Their statements
# take every referenced id from a join with the referenced table, in this transaction,
# so their foreign keys hold by construction. When the role may, the per-row foreign key
# triggers (over half the cost of a large import) are skipped for them, while SHARE
# locks keep every other session from changing the referenced tables until commit.
# Ticket statuses are written earlier, with triggers on: a new category cascades.
_BULK: Final = ("ticket", "config_item")


async def _skip_foreign_key_triggers(connection: asyncpg.Connection) -> bool:
    if not await connection.fetchval("SELECT current_setting('is_superuser') = 'on'"):
        return False
    await connection.execute("LOCK TABLE ticket_status, queue, agent, customer_user IN SHARE MODE")
    await connection.execute("SET LOCAL session_replication_role = replica")
    return True


def _row_count(status: str) -> int:
    """The row count of a command status such as "UPDATE 12" or "INSERT 0 12"."""
    return int(status.rsplit(" ", 1)[-1])


async def _count(connection: asyncpg.Connection, sql: str) -> int:
    if sql.lstrip().startswith("WITH"):
        return int(await connection.fetchval(sql))
    return _row_count(await connection.execute(sql))


# --------------------------------------------------------------------------- the import


class _Importer:
    def __init__(self, connection: asyncpg.Connection, progress: Callable[[int], None] | None) -> None:
        self.connection = connection
        self.progress = progress
        self.staged = _counts()
        self.errors: list[tuple[int, str]] = []  # the first MAX_REPORTED_ERRORS
        self.bad_lines = 0
        self.line_number = 0

    def rows(self, lines: Iterable[str]) -> Iterator[list[object]]:
        """The staging rows of the good lines; bad lines are counted and noted."""
        number = self.line_number
        progress = self.progress
        staged = [0] * len(RECORD_TYPES)
        for text in lines:
            number += 1
            if number % PROGRESS_EVERY == 0 and progress is not None:
                progress(number)
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]  # a byte order mark is not part of the record
            if not text or text.isspace():
                continue
            try:
                code, row = parse_line(text)
            except _LineError as error:
                self.bad_lines += 1
                if len(self.errors) < MAX_REPORTED_ERRORS:
                    self.errors.append((number, str(error)))
                continue
            row[0] = number
            staged[code] += 1
            yield row
        self.line_number = number
        for n, record_type in enumerate(RECORD_TYPES):
            self.staged[record_type] += staged[n]

    async def read(self, lines: Iterable[str] | AsyncIterable[str]) -> None:
        await self.connection.execute(
            f"CREATE TEMP TABLE {_STAGING_TABLE} ("
            + ", ".join(f"{name} {sql_type}" for name, sql_type in _STAGING_COLUMNS)
            + ") PARTITION BY LIST (kind)"
        )
        # A partition per type: COPY routes the rows, and each type is read on its own.
        for spec in SPECS.values():
            await self.connection.execute(
                f"CREATE TEMP TABLE {_STAGING_TABLE}_{spec.code} PARTITION OF {_STAGING_TABLE}"
                f" FOR VALUES IN ({spec.code})"
            )
        if isinstance(lines, AsyncIterable):
            # Chunks of an asynchronous source, each copied while the next is read.
            chunk: list[str] = []
            async for text in lines:
                chunk.append(text)
                if len(chunk) >= PROGRESS_EVERY:
                    await self.copy(chunk)
                    chunk = []
            await self.copy(chunk)
        else:
            await self.copy(lines)
        if self.progress is not None:
            self.progress(self.line_number)

    async def copy(self, lines: Iterable[str]) -> None:
        # One COPY for a whole synchronous source: asyncpg pulls the rows as it sends,
        # so the lines are checked while the server stores the rows before them.
        await self.connection.copy_records_to_table(
            _STAGING_TABLE, records=self.rows(lines), columns=[name for name, _ in _STAGING_COLUMNS]
        )

    async def split(self) -> None:
        """One typed staging table per record type, without superseded duplicates."""
        connection = self.connection
        for record_type in RECORD_TYPES:
            await connection.execute(_split_sql(SPECS[record_type]))
        await connection.execute(f"DROP TABLE {_STAGING_TABLE}")
        for record_type in RECORD_TYPES:
            if self.staged[record_type]:
                # Temporary tables get no autovacuum; the planner needs their sizes.
                await connection.execute(f"ANALYZE {SPECS[record_type].table}")

    async def check_references(self) -> None:
        connection = self.connection
        await connection.execute(
            "CREATE TEMP TABLE cuic_import_error (line integer NOT NULL, message text NOT NULL) ON COMMIT DROP"
        )
        for record_type, checks in _CHECKS.items():
            if self.staged[record_type]:
                await connection.execute(_check_sql(record_type, checks))
        bad_references = int(await connection.fetchval("SELECT count(*) FROM cuic_import_error"))
        total = self.bad_lines + bad_references
        if not total:
            return
        rows = await connection.fetch(
            "SELECT line, message FROM cuic_import_error ORDER BY line LIMIT $1", MAX_REPORTED_ERRORS
        )
        found = sorted(self.errors + [(row["line"], row["message"]) for row in rows])[:MAX_REPORTED_ERRORS]
        messages = [f"line {line}: {message}" for line, message in found]
        if total > len(messages):
            messages.append(f"... and {total - len(messages)} more errors")
        raise ImportFailed(messages, total)

    async def upsert(self) -> ImportSummary:
        connection = self.connection
        summary = ImportSummary()
        records: dict[str, int] = {}  # distinct keys per type
        stored: dict[str, int] = {}  # of which are stored already (tickets only)
        for record_type in RECORD_TYPES:
            staged = self.staged[record_type]
            if staged:
                spec = SPECS[record_type]
                knows_stored = record_type == "ticket"
                keys = await connection.fetchrow(
                    f"SELECT count(*), count(*) FILTER (WHERE stored) FROM (SELECT"
                    f" {'bool_or(stored)' if knows_stored else 'true'} AS stored"
                    f" FROM {spec.table} GROUP BY {spec.key}) AS keys"
                )
                assert keys is not None
                records[record_type] = int(keys[0])
                stored[record_type] = int(keys[1]) if knows_stored else int(keys[0])
                if records[record_type] < staged:
                    summary.superseded += staged - records[record_type]
                    await connection.execute(_dedupe_sql(spec))
        if self.staged["queue"] or self.staged["agent"]:
            summary.groups_created = _row_count(await connection.execute(_GROUPS_SQL))
        triggers_off = False
        for record_type, count in records.items():
            if record_type in _BULK and not triggers_off:
                triggers_off = await _skip_foreign_key_triggers(connection)
            upsert = _UPSERTS[record_type]
            changed = await _count(connection, upsert.changed) if stored[record_type] else 0
            created = await _count(connection, upsert.created)
            for sql in (upsert.after_stored if stored[record_type] else ()) + upsert.after:
                await connection.execute(sql)
            summary.created[record_type] = created
            summary.changed[record_type] = changed
            summary.unchanged[record_type] = count - created - changed
        summary.line_count = self.line_number
        if triggers_off:
            await connection.execute("SET LOCAL session_replication_role = origin")
        return summary


async def import_records(
    connection: asyncpg.Connection,
    lines: Iterable[str] | AsyncIterable[str],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import JSON Lines (one record per line; blank lines are skipped), whole or not at all.

    Raises `ImportFailed`, after rolling back, when any line is bad. With `dry_run`, does
    everything, then rolls back and returns what the import would have done.
    `progress(n)` gets the number of lines read every PROGRESS_EVERY lines and at the end.
    Runs in a transaction of its own (a savepoint if one is open already).
    """
    transaction = connection.transaction()
    await transaction.start()
    try:
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _ADVISORY_LOCK_KEY)
        # One long transaction: no statement timeout, and room for hash joins.
        await connection.execute("SET LOCAL statement_timeout = 0")
        await connection.execute("SET LOCAL work_mem = '256MB'")
        await connection.execute("SET LOCAL TimeZone = 'UTC'")
        importer = _Importer(connection, progress)
        await importer.read(lines)
        await importer.split()
        await importer.check_references()
        try:
            summary = await importer.upsert()
        except (asyncpg.IntegrityConstraintViolationError, asyncpg.DataError) as error:
            # Every rule the database enforces is checked per line first; this is a bug.
            raise ImportFailed([f"the database refused the import: {error}"], 1) from error
        await clear_demo_marker(connection)
    except BaseException:
        await transaction.rollback()
        raise
    if dry_run:
        await transaction.rollback()
    else:
        await transaction.commit()
    return summary
