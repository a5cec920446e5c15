"""OTOBO rows → cuic import records (the JSON Lines format of the spec, as dicts).

Pure functions: the reader (db/sync/reader.py) fetches the rows, these say what each one
means in cuic. The rules, all from OTOBO's schema and initial data:

- status: OTOBO's state name is kept (so `new` and `open` are cuic's own statuses); its
  category comes from the state type (STATE_TYPE_CATEGORY), other types are OTHER.
- priority: the level is the leading digit of OTOBO's priority name ("1 very low" …
  "5 very high"); a name without one is the default 3.
- locked: the lock type is `lock` or `tmp_lock`.
- escalation: `escalation_time` is epoch seconds, 0 for none.
- valid: OTOBO's `valid_id` 1 is valid; 2 (invalid) and 3 (invalid-temporarily) are not.
- empty strings, which OTOBO allows in optional columns, are absent values in cuic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from db.catalog import DEFAULT_PRIORITY, StatusCategory

Record = dict[str, Any]

STATE_TYPE_CATEGORY: Final = {
    "new": StatusCategory.NEW,
    "open": StatusCategory.IN_PROGRESS,
    "pending reminder": StatusCategory.PENDING,
    "pending auto": StatusCategory.PENDING,
    "closed": StatusCategory.CLOSED,
    "merged": StatusCategory.OTHER,
    "removed": StatusCategory.OTHER,
}
LOCKING_LOCK_TYPES: Final = frozenset({"lock", "tmp_lock"})
VALID: Final = 1


def category(state_type: str) -> str:
    return STATE_TYPE_CATEGORY.get(state_type, StatusCategory.OTHER).value


def priority_level(name: str) -> int:
    head = name.strip()[:1]
    return int(head) if head in ("1", "2", "3", "4", "5") else DEFAULT_PRIORITY


def text(value: object) -> str | None:
    """An optional text column: None for NULL and for the empty string."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value).decode("utf-8", "replace")  # MySQL's LONGBLOB columns
    string = str(value)
    return string or None


class Clock:
    """Turns OTOBO's zone-less local times into ISO 8601 with an offset."""

    def __init__(self, zone: tzinfo = UTC) -> None:
        self.zone = zone

    def iso(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        return moment.isoformat()

    @staticmethod
    def epoch(seconds: int | None) -> str | None:
        return datetime.fromtimestamp(seconds, UTC).isoformat() if seconds else None


def status_record(row: Mapping[str, Any]) -> Record:
    return {"type": "ticket_status", "name": row["name"], "category": category(row["type_name"])}


def queue_record(row: Mapping[str, Any]) -> Record:
    return {"type": "queue", "name": row["name"], "group": row["group_name"]}


def agent_record(row: Mapping[str, Any], email: object, groups: Mapping[str, str], my_queues: Iterable[str]) -> Record:
    """An agent; an invalid one keeps its record (tickets name it) but reads nothing."""
    valid = row["valid_id"] == VALID
    return {
        "type": "agent",
        "login": row["login"],
        "first_name": row["first_name"] or "",
        "last_name": row["last_name"] or "",
        "email": text(email),
        "groups": dict(groups) if valid else {},
        "my_queues": sorted(set(my_queues)),
    }


def merge_permission(groups: dict[str, str], group: str, permission: str) -> None:
    """rw wins over ro, whether it came directly or through a role."""
    if groups.get(group) != "rw":
        groups[group] = permission


def company_record(row: Mapping[str, Any]) -> Record | None:
    customer_id = text(row["customer_id"])
    if customer_id is None:
        return None
    return {
        "type": "customer_company",
        "customer_id": customer_id,
        "name": row["name"] or "",
        "street": text(row["street"]),
        "zip": text(row["zip"]),
        "city": text(row["city"]),
        "country": text(row["country"]),
        "url": text(row["url"]),
        "comment": text(row["comments"]),
        "valid": row["valid_id"] == VALID,
    }


def customer_user_record(row: Mapping[str, Any], further_ids: Iterable[str]) -> Record:
    primary = text(row["customer_id"])
    return {
        "type": "customer_user",
        "login": row["login"],
        "first_name": row["first_name"] or "",
        "last_name": row["last_name"] or "",
        "email": text(row["email"]),
        "customer_id": primary,
        "customer_ids": sorted({i for i in further_ids if i and i != primary}),
        "title": text(row["title"]),
        "phone": text(row["phone"]),
        "mobile": text(row["mobile"]),
        "street": text(row["street"]),
        "zip": text(row["zip"]),
        "city": text(row["city"]),
        "country": text(row["country"]),
        "comment": text(row["comments"]),
        "valid": row["valid_id"] == VALID,
    }


def ticket_record(
    row: Mapping[str, Any],
    names: Mapping[str, Mapping[int, Any]],
    clock: Clock,
    status_since: datetime | None,
    watchers: Iterable[str],
) -> Record:
    """A ticket; `names` resolves OTOBO's ids (see reader.References.names)."""
    return {
        "type": "ticket",
        "number": row["tn"],
        # OTOBO's TicketID: what CUIC_TICKET_URL_TEMPLATE's {id} links to.
        "source_id": str(row["id"]),
        "title": row["title"] or "",
        "status": names["state"][row["ticket_state_id"]],
        "queue": names["queue"][row["queue_id"]],
        "created_at": clock.iso(row["create_time"]),
        "priority": names["priority"].get(row["ticket_priority_id"], DEFAULT_PRIORITY),
        "ticket_type": names["type"].get(row["type_id"]),
        "service": names["service"].get(row["service_id"]),
        "customer_id": text(row["customer_id"]),
        # The reader keeps only logins that name a customer user in the source.
        "customer_user": text(row["customer_user"]),
        "owner": names["agent"].get(row["user_id"]),
        "responsible": names["agent"].get(row["responsible_user_id"]),
        "watchers": sorted(set(watchers)),
        "locked": bool(names["locked"].get(row["ticket_lock_id"], False)),
        "changed_at": clock.iso(row["change_time"]),
        "status_changed_at": clock.iso(status_since or row["create_time"]),
        "escalation_at": clock.epoch(row["escalation_time"]),
    }


def config_item_record(row: Mapping[str, Any], owner: str | None, clock: Clock) -> Record:
    return {
        "type": "config_item",
        "number": row["configitem_number"],
        # OTOBO's ConfigItemID: what CUIC_CONFIG_ITEM_URL_TEMPLATE's {id} links to.
        "source_id": str(row["id"]),
        "name": row["name"] or "",
        "class": row["class_name"] or "",
        "deployment_state": row["depl_state"] or "",
        "incident_state": row["inci_state"] or "",
        "owner": owner,
        "created_at": clock.iso(row["create_time"]),
        "changed_at": clock.iso(row["change_time"]),
    }
