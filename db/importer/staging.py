"""The SQL of staging: the typed table per record type, the reference checks, the dedupe.

Built from constants (the record types' specs); input reaches it only as COPY data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from db.importer.fields import DAY_US, STAGING_TABLE, Spec
from db.importer.parsing import MAX_SHOWN


def _typed(slot: str, column: str) -> str:
    """A slot of the staging table as the typed column (absent sets are empty)."""
    if slot[0] == "a":
        return f"coalesce({slot}, '{{}}') AS {column}"
    if slot[0] == "d":  # exact: whole days, then microseconds (the import runs in UTC)
        return (
            f"timestamptz '2000-01-01 00:00:00+00' + make_interval(days => ({slot} / {DAY_US})::integer)"
            f" + ({slot} % {DAY_US}) * interval '1 microsecond' AS {column}"
        )
    return f"{slot} AS {column}"


def split_sql(spec: Spec) -> str:
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
        f" FROM {STAGING_TABLE} s{extra} WHERE s.kind = {spec.code}"
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
        f" THEN 'unknown {what} \"' || left(s.{column}, {MAX_SHOWN}) || '\"' END"
    )


def _references(column: str, known: str, what: str) -> str:
    return (
        f"CASE WHEN cardinality(s.{column}) > 0 THEN (SELECT 'unknown {what} in \"{column}\": '"
        f" || string_agg('\"' || left(x, {MAX_SHOWN}) || '\"', ', ' ORDER BY n)"
        f" FROM unnest(s.{column}) WITH ORDINALITY AS u(x, n) WHERE x NOT IN {_KNOWN[known]}) END"
    )


CHECKS: Final = {
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


def check_sql(record_type: str, checks: Sequence[str]) -> str:
    names = [f"c{n}" for n in range(len(checks))]
    selected = ", ".join(f"{check} AS {name}" for check, name in zip(checks, names, strict=True))
    return (
        "INSERT INTO cuic_import_error (line, message)"
        f" SELECT line, concat_ws('; ', {', '.join(names)})"
        f" FROM (SELECT s.line, {selected} FROM cuic_import_{record_type} s) AS checked"
        f" WHERE {' OR '.join(f'{name} IS NOT NULL' for name in names)}"
    )


def dedupe_sql(spec: Spec) -> str:
    return (
        f"DELETE FROM {spec.table} WHERE line IN (SELECT line FROM (SELECT line, row_number() OVER"
        f" (PARTITION BY {spec.key} ORDER BY line DESC) AS n FROM {spec.table}) AS ranked WHERE n > 1)"
    )
