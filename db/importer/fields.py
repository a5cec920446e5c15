"""The record types and their fields: what a line may hold, and where it is staged.

Each field has a kind; each kind is staged in one or two columns ("slots") of the one
staging table, named by their type's prefix and a number (t1, t2, ..., d1, ...). A record
type's slots are its fields' in field order, so the typed staging table of a type (see
`db.importer.staging.split_sql`) takes its columns from the slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from db.catalog import DEFAULT_PRIORITY

RECORD_TYPES: Final = (
    "ticket_status",
    "customer_company",
    "customer_user",
    "queue",
    "agent",
    "ticket",
    "config_item",
)

# Field kinds, and the staging columns ("slots") that hold them.
STR: Final = 0  # any string
NAME: Final = 1  # a non-empty string: a key or a reference
CATEGORY: Final = 2
TIME: Final = 3  # ISO 8601 with an offset
BOOL: Final = 4
PRIORITY: Final = 5  # an integer, a level of db.catalog.PRIORITY_NAMES
NAMES: Final = 6  # a list of non-empty strings (a set)
GROUPS: Final = 7  # {"group": a permission}: two slots, names and permissions

_SLOT_PREFIX: Final = {
    STR: "t",
    NAME: "t",
    CATEGORY: "t",
    TIME: "d",
    BOOL: "b",
    PRIORITY: "p",
    NAMES: "a",
    GROUPS: "a",
}
# Timestamps travel as microseconds since PostgreSQL's epoch (2000-01-01 UTC): cheaper to
# send than timestamptz, exact, and turned into timestamptz by split_sql.
_SLOT_TYPES: Final = {"t": "text", "d": "bigint", "b": "boolean", "p": "smallint", "a": "text[]"}
PG_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
MICROSECOND: Final = timedelta(microseconds=1)
DAY_US: Final = 86_400_000_000


@dataclass(frozen=True)
class Field:
    name: str
    kind: int = STR
    required: bool = False
    default: object = None  # for an absent optional field
    column: str = ""  # the typed staging column, when not the field's name

    @property
    def columns(self) -> tuple[str, ...]:
        if self.kind == GROUPS:
            return ("group_names", "group_perms")
        return (self.column or self.name,)


@dataclass(frozen=True)
class Spec:
    record_type: str
    key: str
    fields: tuple[Field, ...]

    @property
    def code(self) -> int:
        return RECORD_TYPES.index(self.record_type)

    @property
    def table(self) -> str:
        return f"cuic_import_{self.record_type}"

    @property
    def knows_stored(self) -> bool:
        """Whether the typed staging table has the records' `id` (the stored record's or a
        new one) and `stored` (see `db.importer.staging.split_sql`): tickets only, so that
        no later statement joins the staged tickets with the ticket table."""
        return self.record_type == "ticket"

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


_ADDRESS = tuple(Field(name) for name in ("street", "zip", "city", "country"))
_PERSON = (Field("first_name", STR, True), Field("last_name", STR, True), Field("email"))

SPECS: Final[dict[str, Spec]] = {
    spec.record_type: spec
    for spec in (
        Spec("ticket_status", "name", (Field("name", NAME, True), Field("category", CATEGORY, True))),
        Spec(
            "customer_company",
            "customer_id",
            (
                Field("customer_id", NAME, True),
                Field("name", STR, True),
                *_ADDRESS,
                Field("url"),
                Field("comment"),
                Field("valid", BOOL, default=True),
            ),
        ),
        Spec(
            "customer_user",
            "login",
            (
                Field("login", NAME, True),
                *_PERSON,
                Field("customer_id", NAME),
                Field("customer_ids", NAMES, default=None),
                Field("title"),
                Field("phone"),
                Field("mobile"),
                *_ADDRESS,
                Field("comment"),
                Field("valid", BOOL, default=True),
            ),
        ),
        Spec("queue", "name", (Field("name", NAME, True), Field("group", NAME, True, column="group_name"))),
        Spec(
            "agent",
            "login",
            (
                Field("login", NAME, True),
                *_PERSON,
                Field("groups", GROUPS),
                Field("my_queues", NAMES, default=None),
            ),
        ),
        Spec(
            "ticket",
            "number",
            (
                Field("number", NAME, True),
                Field("title", STR, True),
                Field("status", NAME, True),
                Field("queue", NAME, True),
                Field("created_at", TIME, True),
                Field("priority", PRIORITY, default=DEFAULT_PRIORITY),
                Field("ticket_type"),
                Field("service"),
                Field("customer_id", NAME),
                Field("customer_user", NAME),
                Field("owner", NAME),
                Field("responsible", NAME),
                Field("watchers", NAMES, default=None),
                Field("locked", BOOL, default=False),
                Field("changed_at", TIME),
                Field("status_changed_at", TIME),
                Field("escalation_at", TIME),
                Field("source_id", NAME),
            ),
        ),
        Spec(
            "config_item",
            "number",
            (
                Field("number", NAME, True),
                Field("name", STR, True),
                Field("class", STR, True),
                Field("deployment_state", STR, True),
                Field("incident_state", STR, True),
                Field("owner", NAME),
                Field("created_at", TIME),
                Field("changed_at", TIME),
                Field("source_id", NAME),
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


STAGING_COLUMNS: Final = _staging_columns()
STAGING_POSITION: Final = {name: n for n, (name, _) in enumerate(STAGING_COLUMNS)}
STAGING_WIDTH: Final = len(STAGING_COLUMNS)
STAGING_TABLE: Final = "cuic_import_record"
