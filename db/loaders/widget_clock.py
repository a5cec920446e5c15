"""When time alone will change a customer user's ticket widgets: the next instant a pending
ticket enters Reminder, or an open one reaches its escalation time (live subscriptions
schedule a push for it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.catalog import ESCALATABLE, StatusCategory
from db.loaders.base import Params, ViewerLoader, by_group, fetch


@dataclass(frozen=True)
class WidgetClockKey:
    customer_user_id: int
    # Pending tickets whose status changed after this instant are not in Reminder yet.
    reminder_since: datetime
    # Tickets whose escalation time is after this instant have not escalated yet.
    now: datetime


@dataclass(frozen=True)
class WidgetClock:
    """The earliest status change of a pending ticket not in Reminder yet, and the earliest
    escalation time still ahead, of the tickets the viewer may read (either relation)."""

    first_pending_since: datetime | None
    next_escalation: datetime | None


_ESCALATABLE = ", ".join(f"'{category.value}'" for category in ESCALATABLE)


def _relations(parent: str) -> tuple[str, str]:
    """The tickets of a customer user, relation ASSIGNED and ACCESSIBLE, as two conditions:
    each branch of a min() then walks an index of its own."""
    return (
        f"t.customer_user_id = {parent}",
        f"""t.customer_id IN (SELECT cu.customer_id FROM customer_user cu WHERE cu.id = {parent}
            UNION ALL SELECT x.customer_id FROM customer_user_customer_id x WHERE x.customer_user_id = {parent})""",
    )


class WidgetClockByCustomerUserLoader(ViewerLoader[WidgetClockKey, WidgetClock]):
    async def load_batch(self, keys: list[WidgetClockKey]) -> list[WidgetClock]:
        return await by_group(keys, lambda k: (k.reminder_since, k.now), self._load_group)

    async def _load_group(self, _group: object, keys: list[WidgetClockKey]) -> list[WidgetClock]:
        params = Params()
        parents = params.add([k.customer_user_id for k in keys], "int[]")
        since = params.add(keys[0].reminder_since, "timestamptz")
        now = params.add(keys[0].now, "timestamptz")
        queues = params.add(list(self.access.readable_queue_ids), "int[]")
        pending = " UNION ALL ".join(
            f"""SELECT min(t.status_changed_at) AS x FROM ticket t WHERE {relation}
                AND t.status_category = '{StatusCategory.PENDING.value}' AND t.status_changed_at > {since}
                AND t.queue_id = ANY({queues})"""
            for relation in _relations("k.parent_id")
        )
        escalating = " UNION ALL ".join(
            f"""SELECT min(t.escalation_at) AS x FROM ticket t WHERE {relation}
                AND t.status_category IN ({_ESCALATABLE}) AND t.escalation_at > {now}
                AND t.queue_id = ANY({queues})"""
            for relation in _relations("k.parent_id")
        )
        query = f"""SELECT k.ordinal, (SELECT min(x) FROM ({pending}) p) AS pending,
                (SELECT min(x) FROM ({escalating}) e) AS escalation
            FROM unnest({parents}) WITH ORDINALITY AS k(parent_id, ordinal)
            ORDER BY k.ordinal"""
        rows = await fetch(self.pool, query, *params.values)
        return [WidgetClock(row["pending"], row["escalation"]) for row in rows]
