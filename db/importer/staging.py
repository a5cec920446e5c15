"""The SQL of staging: the one staging table, the typed table per record type, the
reference checks with their error table, and the dedupe.

Built from constants (the record types' specs); input reaches it only as COPY data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from db.importer.fields import DAY_US, PG_EPOCH, SPECS, STAGING_COLUMNS, STAGING_TABLE, Spec
from db.importer.parsing import MAX_SHOWN

# The one staging table, with a partition per type: COPY routes the rows, and each type
# is read on its own.
CREATE_STAGING: Final = (
    f"CREATE TEMP TABLE {STAGING_TABLE} ("
    + ", ".join(f"{name} {sql_type}" for name, sql_type in STAGING_COLUMNS)
    + ") PARTITION BY LIST (kind)",
    *(
        f"CREATE TEMP TABLE {STAGING_TABLE}_{spec.code} PARTITION OF {STAGING_TABLE} FOR VALUES IN ({spec.code})"
        for spec in SPECS.values()
    ),
)


def _typed(slot: str, column: str) -> str:
    """A slot of the staging table as the typed column (absent sets are empty)."""
    if slot[0] == "a":
        return f"coalesce({slot}, '{{}}') AS {column}"
    if slot[0] == "d":  # exact: whole days, then microseconds (the import runs in UTC)
        return (
            f"timestamptz '{PG_EPOCH.isoformat()}' + make_interval(days => ({slot} / {DAY_US})::integer)"
            f" + ({slot} % {DAY_US}) * interval '1 microsecond' AS {column}"
        )
    return f"{slot} AS {column}"


def split_sql(spec: Spec) -> str:
    """The typed staging table of one record type, from the one staging table."""
    selected = ", ".join(_typed(slot, column) for slot, column in spec.slots())
    extra = ""
    if spec.knows_stored:
        # The stored record's id, or a new one (in file order).
        selected += (
            ", t.id IS NOT NULL AS stored,"
            f" coalesce(t.id, nextval((SELECT pg_get_serial_sequence('{spec.record_type}', 'id')::regclass))) AS id"
        )
        extra = f" LEFT JOIN {spec.record_type} t ON t.{spec.key} = s.{spec.slots()[0][0]}"
    return (
        f"CREATE TEMP TABLE {spec.table} ON COMMIT DROP AS SELECT s.line, {selected}"
        f" FROM {STAGING_TABLE} s{extra} WHERE s.kind = {spec.code}"
    )


# Reference checks: one scan per staging table; each check gives a message or NULL. A
# name is known when stored or staged (forward references); NOT IN over an
# uncorrelated subquery becomes one hash table per check. Each record type's table is
# named after it.
def _known(record_type: str) -> str:
    """The keys of a record type, stored or staged."""
    spec = SPECS[record_type]
    return f"(SELECT {spec.key} FROM {record_type} UNION ALL SELECT {spec.key} FROM {spec.table})"


def _reference(column: str, known: str, what: str) -> str:
    return (
        f"CASE WHEN s.{column} NOT IN {_known(known)}"
        f" THEN 'unknown {what} \"' || left(s.{column}, {MAX_SHOWN}) || '\"' END"
    )


def _references(column: str, known: str, what: str) -> str:
    return (
        f"CASE WHEN cardinality(s.{column}) > 0 THEN (SELECT 'unknown {what} in \"{column}\": '"
        f" || string_agg('\"' || left(x, {MAX_SHOWN}) || '\"', ', ' ORDER BY n)"
        f" FROM unnest(s.{column}) WITH ORDINALITY AS u(x, n) WHERE x NOT IN {_known(known)}) END"
    )


CHECKS: Final = {
    "ticket": (
        _reference("status", "ticket_status", "status"),
        _reference("queue", "queue", "queue"),
        _reference("customer_user", "customer_user", "customer user"),
        _reference("owner", "agent", "agent (owner)"),
        _reference("responsible", "agent", "agent (responsible)"),
        _references("watchers", "agent", "agent(s)"),
    ),
    "agent": (_references("my_queues", "queue", "queue(s)"),),
    "config_item": (_reference("owner", "customer_user", "customer user (owner)"),),
}


_ERRORS: Final = "cuic_import_error"
CREATE_ERRORS: Final = f"CREATE TEMP TABLE {_ERRORS} (line integer NOT NULL, message text NOT NULL) ON COMMIT DROP"
COUNT_ERRORS: Final = f"SELECT count(*) FROM {_ERRORS}"
FIRST_ERRORS: Final = f"SELECT line, message FROM {_ERRORS} ORDER BY line LIMIT $1"


def check_sql(record_type: str, checks: Sequence[str]) -> str:
    """Notes the bad references of one record type in the error table."""
    names = [f"c{n}" for n in range(len(checks))]
    selected = ", ".join(f"{check} AS {name}" for check, name in zip(checks, names, strict=True))
    return (
        f"INSERT INTO {_ERRORS} (line, message)"
        f" SELECT line, concat_ws('; ', {', '.join(names)})"
        f" FROM (SELECT s.line, {selected} FROM {SPECS[record_type].table} s) AS checked"
        f" WHERE {' OR '.join(f'{name} IS NOT NULL' for name in names)}"
    )


def keys_sql(spec: Spec) -> str:
    """The number of distinct keys staged, and of those stored (known to tickets only: for
    the others, all of them)."""
    return (
        f"SELECT count(*), count(*) FILTER (WHERE stored) FROM (SELECT"
        f" {'bool_or(stored)' if spec.knows_stored else 'true'} AS stored"
        f" FROM {spec.table} GROUP BY {spec.key}) AS keys"
    )


def dedupe_sql(spec: Spec) -> str:
    """Drops the superseded lines: for each key, all but the last."""
    return (
        f"DELETE FROM {spec.table} WHERE line IN (SELECT line FROM (SELECT line, row_number() OVER"
        f" (PARTITION BY {spec.key} ORDER BY line DESC) AS n FROM {spec.table}) AS ranked WHERE n > 1)"
    )
