"""Facets of the ticket widgets: which values each filterable column holds among a widget's
tickets, and how often, for the column filter menus. One statement per batch.

A column's values are counted within the other columns' filters but not its own, so a
menu keeps offering the values that a click would add (values of one column combine with
OR). Every column is counted in one pass over the widget's tickets: GROUPING SETS make one
group per column, and each column's count has its own FILTER.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from db.domain import Relation, Scope, TicketColumn, TicketColumnFilters, TicketFilter
from db.loaders.base import Params, ViewerLoader, fetch
from db.loaders.tickets import COLUMN_EXPRESSIONS, TicketConditions


@dataclass(frozen=True)
class TicketFacetKey:
    customer_user_id: int
    filter: TicketFilter
    relation: Relation
    scope: Scope
    columns: TicketColumnFilters


# Per column: its values, each a row with `n` (the count) and the value's names.
TicketFacets = dict[TicketColumn, list[asyncpg.Record]]

# The value columns every branch returns, in this order; one of them is set per row.
_VALUES = {
    TicketColumn.STATUS: "t.status_id",
    TicketColumn.QUEUE: "t.queue_id",
    TicketColumn.PRIORITY: "t.priority::integer",
    TicketColumn.OWNER: "t.owner_id",
    TicketColumn.RESPONSIBLE: "t.responsible_id",
    TicketColumn.TYPE: "t.ticket_type",
    TicketColumn.SERVICE: "t.service",
    TicketColumn.LOCKED: "t.locked",
}
_NAMES = {column: COLUMN_EXPRESSIONS[column].removeprefix("t.") for column in TicketColumn}


def _branch(number: int, parents: str, key: TicketFacetKey, where: TicketConditions) -> str:
    where.add_filter(key.filter)
    where.add_relation(key.relation, "k.parent_id")
    where.clauses.append(where.scope_condition(key.scope))
    filters = where.column_conditions(key.columns)
    dimension = " ".join(
        f"WHEN GROUPING({COLUMN_EXPRESSIONS[column]}) = 0 THEN '{column.name}'" for column in TicketColumn
    )
    counts = []
    for column in TicketColumn:
        others = [condition for filtered, condition in filters.items() if filtered is not column]
        counted = f"count(*) FILTER (WHERE {' AND '.join(others)})" if others else "count(*)"
        counts.append(f"WHEN GROUPING({COLUMN_EXPRESSIONS[column]}) = 0 THEN {counted}")
    values = ", ".join(f"{_VALUES[column]} AS {_NAMES[column]}" for column in TicketColumn)
    sets = ", ".join(f"({COLUMN_EXPRESSIONS[column]})" for column in TicketColumn)
    return f"""SELECT {number} AS grp, k.ordinal, f.*
        FROM unnest({parents}) WITH ORDINALITY AS k(parent_id, ordinal)
        CROSS JOIN LATERAL (
            SELECT CASE {dimension} END AS dimension, {values}, CASE {" ".join(counts)} END AS n
            FROM ticket t
            WHERE {where.sql()}
            GROUP BY GROUPING SETS ({sets})
        ) f"""


class TicketFacetsByCustomerUserLoader(ViewerLoader[TicketFacetKey, TicketFacets]):
    """Every widget/argument group is a branch of one UNION ALL, as for the pages."""

    async def load_batch(self, keys: list[TicketFacetKey]) -> list[TicketFacets]:
        groups: dict[tuple[object, ...], list[int]] = {}
        for index, key in enumerate(keys):
            groups.setdefault((key.filter, key.relation, key.scope, key.columns), []).append(index)
        params = Params()
        branches = []
        for number, indexes in enumerate(groups.values()):
            parents = params.add([keys[i].customer_user_id for i in indexes], "int[]")
            branches.append(_branch(number, parents, keys[indexes[0]], TicketConditions(self.access, params)))
        union = "\n        UNION ALL\n".join(f"({branch})" for branch in branches)
        present = ", ".join(f"f.{_NAMES[column]}" for column in TicketColumn)
        rows = await fetch(
            self.pool,
            f"""SELECT f.*, s.name AS status_name, s.category AS status_category, q.name AS queue_name,
                       a.login AS agent_login, a.first_name AS agent_first_name,
                       a.last_name AS agent_last_name, a.email AS agent_email
                FROM ({union}) f
                LEFT JOIN ticket_status s ON s.id = f.status_id
                LEFT JOIN queue q ON q.id = f.queue_id
                LEFT JOIN agent a ON a.id = coalesce(f.owner_id, f.responsible_id)
                -- Tickets without a value (no owner, no type) cannot be chosen in a filter.
                WHERE f.n > 0 AND num_nonnulls({present}) = 1
                ORDER BY f.grp, f.ordinal, f.dimension, s.id, q.name, f.priority, a.login,
                         f.ticket_type, f.service, f.locked""",
            *params.values,
        )
        facets: list[TicketFacets] = [{column: [] for column in TicketColumn} for _ in keys]
        index_of = list(groups.values())
        for row in rows:
            facets[index_of[row["grp"]][row["ordinal"] - 1]][TicketColumn[row["dimension"]]].append(row)
        return facets
