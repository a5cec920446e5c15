"""Column filters of the ticket widgets: the client's names and global IDs, checked.

Shapes and caps are checked at once; whether the statuses, queues and agents named exist
is asked in one statement for every widget of the request, sent together with the pages
(`start_check`), so that filters add a statement but no round trip.
"""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from db.catalog import PRIORITY_NAMES
from db.domain import MAX_FILTER_VALUES, NO_COLUMN_FILTERS, TicketColumnFilters
from db.loaders.filter_values import FilterValueKey, FilterValueKind
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput
from resolvers.nodes import NodeType, from_global_id

# Longer than any status name, ticket type or service a helpdesk uses; keeps requests small.
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class TicketFilterInput:
    """The `filterBy` argument as the client sent it; None fields do not filter."""

    statuses: Sequence[str] | None = None
    queues: Sequence[str] | None = None
    priorities: Sequence[int] | None = None
    owners: Sequence[str] | None = None
    responsibles: Sequence[str] | None = None
    types: Sequence[str] | None = None
    services: Sequence[str] | None = None
    locked: bool | None = None


def _capped(name: str, values: Sequence[object] | None) -> None:
    if values is not None and len(values) > MAX_FILTER_VALUES:
        raise BadUserInput(f"filterBy.{name} may hold at most {MAX_FILTER_VALUES} values, got {len(values)}")


def _texts(name: str, values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    # NUL is refused for every text argument before any resolver (gql/inputs.py).
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise BadUserInput(f"filterBy.{name} values are at most {MAX_VALUE_LENGTH} characters long")
    return tuple(values)


def _row_ids(name: str, node_type: NodeType, global_ids: Sequence[str] | None) -> tuple[int, ...] | None:
    """Row ids of global IDs of `node_type`; ids no row can have are reported as unknown."""
    if global_ids is None:
        return None
    ids = []
    for global_id in global_ids:
        type_name, row_id, part = from_global_id(global_id)
        if type_name != node_type.value or part is not None or row_id >= 2**31:
            raise BadUserInput(f"filterBy.{name}: {global_id!r} is not the ID of a known {node_type.value.lower()}")
        ids.append(row_id)
    return tuple(ids)


def column_filters(given: TicketFilterInput | None) -> TicketColumnFilters:
    """The filters, their shapes and caps checked (names and ids: see `start_check`)."""
    if given is None:
        return NO_COLUMN_FILTERS
    for name in ("statuses", "queues", "priorities", "owners", "responsibles", "types", "services"):
        _capped(name, getattr(given, name))
    for priority in given.priorities or ():
        if priority not in PRIORITY_NAMES:
            raise BadUserInput(f"filterBy.priorities: {priority} is not a priority level (1..5)")
    return TicketColumnFilters(
        statuses=_texts("statuses", given.statuses),
        queue_ids=_row_ids("queues", NodeType.Queue, given.queues),
        priorities=None if given.priorities is None else tuple(given.priorities),
        owner_ids=_row_ids("owners", NodeType.Agent, given.owners),
        responsible_ids=_row_ids("responsibles", NodeType.Agent, given.responsibles),
        types=_texts("types", given.types),
        services=_texts("services", given.services),
        locked=given.locked,
    )


# The filterBy fields whose values must name something, with what they name.
_NAMED: tuple[tuple[str, FilterValueKind, NodeType | None], ...] = (
    ("statuses", FilterValueKind.STATUS, None),
    ("queues", FilterValueKind.QUEUE, NodeType.Queue),
    ("owners", FilterValueKind.AGENT, NodeType.Agent),
    ("responsibles", FilterValueKind.AGENT, NodeType.Agent),
)


def start_check(context: RequestContext, given: TicketFilterInput | None) -> Coroutine[Any, Any, None]:
    """Ask now whether every status, queue and agent named exists; awaiting the result
    raises BAD_USER_INPUT naming each value that names nothing. Call after `column_filters`
    (which has checked the IDs' shapes) and before loading the page, so that the lookups of
    all widgets go out in one batch, beside the pages."""
    asked: list[tuple[str, FilterValueKind, str]] = []
    keys: list[FilterValueKey] = []
    for name, kind, node_type in _NAMED if given is not None else ():
        for value in getattr(given, name) or ():
            asked.append((name, kind, value))
            keys.append(FilterValueKey(kind, value if node_type is None else from_global_id(value)[1]))
    found = context.loaders.filter_values.load_many(keys) if keys else None

    async def check() -> None:
        if found is None:
            return
        unknown: dict[tuple[str, FilterValueKind], list[str]] = {}
        for (name, kind, value), row_id in zip(asked, await found, strict=True):
            if row_id is None:
                unknown.setdefault((name, kind), []).append(repr(value))
        for (name, kind), values in unknown.items():
            raise BadUserInput(f"filterBy.{name}: no {kind.value.lower()} {', '.join(values)}")

    return check()
