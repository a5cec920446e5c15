"""A fixture OTOBO database, written to as OTOBO's Perl code writes to it.

Each method does what the named OTOBO function does to these tables (Kernel/System/Ticket.pm,
Group.pm, CustomerUser/DB.pm, …): a ticket change updates the ticket row with a new
change_time and adds a ticket_history row; watching adds a ticket_watcher row and a
Subscribe history row but leaves change_time alone; deleting removes the rows outright.
Times are OTOBO's local time (OTOBOTimeZone UTC) without a zone, to the second.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

HERE = Path(__file__).parent
ROOT = 1  # root@localhost, the create_by / change_by of system changes
# The tables with rows in OTOBO's initial data and an id sequence to move past them.
_SEQUENCED = (
    "valid",
    "ticket_state_type",
    "ticket_state",
    "ticket_lock_type",
    "ticket_priority",
    "ticket_type",
    "ticket_history_type",
    "groups_table",
    "users",
    "queue",
)


def sql_file(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


async def create_pg_otobo(connection: asyncpg.Connection) -> None:
    """An empty OTOBO as its installer leaves it: the schema, then the initial rows."""
    await connection.execute(sql_file("otobo_schema.pg.sql"))
    await connection.execute(sql_file("otobo_initial.sql"))
    for table in _SEQUENCED:
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )


def otobo_now(delta: timedelta = timedelta()) -> datetime:
    return (datetime.now(UTC) + delta).replace(tzinfo=None, microsecond=0)


class Otobo:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.db = connection

    async def id_of(self, table: str, name: str, column: str = "name") -> int:
        found = await self.db.fetchval(f"SELECT id FROM {table} WHERE {column} = $1", name)
        assert found is not None, (table, name)
        return int(found)

    async def _insert(self, table: str, values: dict[str, Any], returning: str | None = "id") -> Any:
        at = values.pop("at", None) or otobo_now()
        values = {"create_time": at, "create_by": ROOT, "change_time": at, "change_by": ROOT, **values}
        columns = ", ".join(values)
        marks = ", ".join(f"${n}" for n in range(1, len(values) + 1))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        if returning:
            return await self.db.fetchval(sql + f" RETURNING {returning}", *values.values())
        await self.db.execute(sql, *values.values())
        return None

    # ------------------------------------------------------------- groups, roles, agents

    async def add_group(self, name: str, valid_id: int = 1) -> int:
        return int(await self._insert("groups_table", {"name": name, "valid_id": valid_id}))

    async def add_role(self, name: str, valid_id: int = 1) -> int:
        return int(await self._insert("roles", {"name": name, "valid_id": valid_id}))

    async def add_agent(
        self,
        login: str,
        first_name: str,
        last_name: str,
        email: str | None = None,
        groups: dict[str, Sequence[str]] | None = None,
        roles: Sequence[str] = (),
        valid_id: int = 1,
    ) -> int:
        user_id = int(
            await self._insert(
                "users",
                {"login": login, "pw": "x", "first_name": first_name, "last_name": last_name, "valid_id": valid_id},
            )
        )
        if email is not None:  # Kernel::System::User::SetPreferences
            await self.db.execute(
                "INSERT INTO user_preferences (user_id, preferences_key, preferences_value) VALUES ($1, 'UserEmail', $2)",
                user_id,
                email,
            )
        for group, keys in (groups or {}).items():
            for key in keys:  # Group::PermissionGroupUserAdd: one row per permission key
                await self._insert(
                    "group_user",
                    {"user_id": user_id, "group_id": await self.id_of("groups_table", group), "permission_key": key},
                    returning=None,
                )
        for role in roles:
            await self._insert(
                "role_user", {"user_id": user_id, "role_id": await self.id_of("roles", role)}, returning=None
            )
        return user_id

    async def grant_role(self, role: str, group: str, key: str, value: int = 1) -> None:
        """Group::PermissionGroupRoleAdd: every key gets a row, value 1 granted, 0 not."""
        await self._insert(
            "group_role",
            {
                "role_id": await self.id_of("roles", role),
                "group_id": await self.id_of("groups_table", group),
                "permission_key": key,
                "permission_value": value,
            },
            returning=None,
        )

    async def add_queue(self, name: str, group: str) -> int:
        return int(
            await self._insert(
                "queue",
                {
                    "name": name,
                    "group_id": await self.id_of("groups_table", group),
                    "system_address_id": 1,
                    "salutation_id": 1,
                    "signature_id": 1,
                    "follow_up_id": 1,
                    "follow_up_lock": 0,
                    "valid_id": 1,
                },
            )
        )

    async def personal_queue(self, login: str, queue: str) -> None:
        await self.db.execute(
            "INSERT INTO personal_queues (user_id, queue_id) VALUES ($1, $2)",
            await self.id_of("users", login, "login"),
            await self.id_of("queue", queue),
        )

    # ------------------------------------------------------------- customers

    async def add_company(self, customer_id: str, name: str, valid_id: int = 1, **fields: Any) -> None:
        await self._insert(
            "customer_company", {"customer_id": customer_id, "name": name, "valid_id": valid_id, **fields}, None
        )

    async def add_customer_user(
        self,
        login: str,
        first_name: str,
        last_name: str,
        customer_id: str,
        email: str | None = None,
        further: Sequence[str] = (),
        valid_id: int = 1,
        **fields: Any,
    ) -> None:
        await self._insert(
            "customer_user",
            {
                "login": login,
                "email": email or f"{login}@example.com",
                "customer_id": customer_id,
                "first_name": first_name,
                "last_name": last_name,
                "valid_id": valid_id,
                **fields,
            },
        )
        for other in further:  # CustomerUser::CustomerUserCustomerMemberAdd
            await self._insert("customer_user_customer", {"user_id": login, "customer_id": other}, None)

    async def remove_further_customer_id(self, login: str, customer_id: str) -> None:
        await self.db.execute(
            "DELETE FROM customer_user_customer WHERE user_id = $1 AND customer_id = $2", login, customer_id
        )

    # ------------------------------------------------------------- tickets

    async def create_ticket(
        self,
        tn: str,
        queue: str,
        state: str,
        *,
        customer_user: str | None,
        customer_id: str | None = None,
        title: str | None = None,
        owner: str = "root@localhost",
        responsible: str | None = None,
        priority: str = "3 normal",
        lock: str = "unlock",
        ticket_type: str = "Unclassified",
        created: datetime | None = None,
        escalation: datetime | None = None,
    ) -> int:
        """Ticket::TicketCreate: the ticket row and its NewTicket history row."""
        at = created or otobo_now()
        owner_id = await self.id_of("users", owner, "login")
        ticket_id = int(
            await self._insert(
                "ticket",
                {
                    "tn": tn,
                    "title": title if title is not None else f"Ticket {tn}",
                    "queue_id": await self.id_of("queue", queue),
                    "ticket_lock_id": await self.id_of("ticket_lock_type", lock),
                    "type_id": await self.id_of("ticket_type", ticket_type),
                    "user_id": owner_id,
                    "responsible_user_id": await self.id_of("users", responsible, "login") if responsible else owner_id,
                    "ticket_priority_id": await self.id_of("ticket_priority", priority),
                    "ticket_state_id": await self.id_of("ticket_state", state),
                    "customer_id": customer_id,
                    "customer_user_id": customer_user,
                    "timeout": 0,
                    "until_time": 0,
                    # The earliest of the three, as TicketEscalationIndexBuild stores it.
                    "escalation_time": int(escalation.replace(tzinfo=UTC).timestamp()) if escalation else 0,
                    "escalation_update_time": 0,
                    "escalation_response_time": 0,
                    "escalation_solution_time": 0,
                    "archive_flag": 0,
                    "at": at,
                },
            )
        )
        await self.history(ticket_id, "NewTicket", at)
        return ticket_id

    async def history(self, ticket_id: int, history_type: str, at: datetime, name: str = "") -> None:
        """Ticket::HistoryAdd: the ticket's queue, owner, priority and state at that moment."""
        row = await self.db.fetchrow(
            "SELECT type_id, queue_id, user_id, ticket_priority_id, ticket_state_id FROM ticket WHERE id = $1",
            ticket_id,
        )
        assert row is not None
        await self._insert(
            "ticket_history",
            {
                "name": name or f"%%{history_type}",
                "history_type_id": await self.id_of("ticket_history_type", history_type),
                "ticket_id": ticket_id,
                "type_id": row["type_id"] or 1,
                "queue_id": row["queue_id"],
                "owner_id": row["user_id"],
                "priority_id": row["ticket_priority_id"],
                "state_id": row["ticket_state_id"],
                "at": at,
            },
            returning=None,
        )

    async def _update(self, ticket_id: int, at: datetime | None, **columns: Any) -> datetime:
        at = at or otobo_now()
        sets = ", ".join(f"{column} = ${n}" for n, column in enumerate(columns, start=3))
        await self.db.execute(
            f"UPDATE ticket SET {sets}, change_time = $1, change_by = 1 WHERE id = $2", at, ticket_id, *columns.values()
        )
        return at

    async def set_state(self, ticket_id: int, state: str, at: datetime | None = None) -> None:
        """Ticket::TicketStateSet."""
        at = await self._update(ticket_id, at, ticket_state_id=await self.id_of("ticket_state", state))
        await self.history(ticket_id, "StateUpdate", at)

    async def set_customer(
        self, ticket_id: int, customer_user: str, customer_id: str, at: datetime | None = None
    ) -> None:
        """Ticket::TicketCustomerSet."""
        at = await self._update(ticket_id, at, customer_user_id=customer_user, customer_id=customer_id)
        await self.history(ticket_id, "CustomerUpdate", at)

    async def watch(self, ticket_id: int, login: str, at: datetime | None = None) -> None:
        """Ticket::TicketWatchSubscribe: no change_time update, a Subscribe history row."""
        at = at or otobo_now()
        user_id = await self.id_of("users", login, "login")
        await self._insert("ticket_watcher", {"ticket_id": ticket_id, "user_id": user_id, "at": at}, None)
        await self.history(ticket_id, "Subscribe", at)

    async def archive(self, ticket_id: int, at: datetime | None = None) -> None:
        """Ticket::TicketArchiveFlagSet."""
        at = await self._update(ticket_id, at, archive_flag=1)
        await self.history(ticket_id, "ArchiveFlagUpdate", at)

    async def delete_ticket(self, ticket_id: int) -> None:
        """Ticket::TicketDelete: the ticket and everything of it, without a trace."""
        for table in ("ticket_watcher", "ticket_history"):
            await self.db.execute(f"DELETE FROM {table} WHERE ticket_id = $1", ticket_id)
        await self.db.execute("DELETE FROM ticket WHERE id = $1", ticket_id)

    # ------------------------------------------------------------- ITSM

    async def install_itsm(self) -> None:
        await self.db.execute(sql_file("otobo_itsm.pg.sql"))

    async def catalog(self, catalog_class: str, name: str) -> int:
        found = await self.db.fetchval(
            "SELECT id FROM general_catalog WHERE general_catalog_class = $1 AND name = $2", catalog_class, name
        )
        if found is not None:
            return int(found)
        return int(
            await self._insert("general_catalog", {"general_catalog_class": catalog_class, "name": name, "valid_id": 1})
        )

    async def add_config_item(
        self, number: str, name: str, ci_class: str, owner: str | None, *, owner_in: str = "dynamic_field"
    ) -> None:
        """ITSMConfigItem::ConfigItemAdd + VersionAdd; the owner as OTOBO 11 (a CustomerUser
        dynamic field of the version) or OTOBO 10 / Znuny (the version's XML data) keep it."""
        class_id = await self.catalog("ITSM::ConfigItem::Class", ci_class)
        deployed = await self.catalog("ITSM::ConfigItem::DeploymentState", "Production")
        operational = await self.catalog("ITSM::Core::IncidentState", "Operational")
        ci_id = await self._insert(
            "configitem",
            {
                "configitem_number": number,
                "class_id": class_id,
                "cur_depl_state_id": deployed,
                "cur_inci_state_id": operational,
            },
        )
        version_id = await self._insert(
            "configitem_version",
            {
                "configitem_id": ci_id,
                "name": name,
                "version_string": "1",
                "definition_id": 1,
                "depl_state_id": deployed,
                "inci_state_id": operational,
            },
        )
        await self.db.execute("UPDATE configitem SET last_version_id = $1 WHERE id = $2", version_id, ci_id)
        if owner is None:
            return
        if owner_in == "xml":
            await self.db.execute(
                "INSERT INTO xml_storage (xml_type, xml_key, xml_content_key, xml_content_value) VALUES ($1, $2, $3, $4)",
                f"ITSM::ConfigItem::{class_id}",
                str(version_id),
                "[1]{'Version'}[1]{'Owner'}[1]{'Content'}",
                owner,
            )
            return
        field_id = await self.db.fetchval("SELECT id FROM dynamic_field WHERE name = 'Computer-Owner'")
        if field_id is None:
            field_id = await self._insert(
                "dynamic_field",
                {
                    "internal_field": 0,
                    "name": "Computer-Owner",
                    "label": "Owner",
                    "field_order": 1,
                    "field_type": "CustomerUser",
                    "object_type": "ITSMConfigItem",
                    "valid_id": 1,
                },
            )
        await self.db.execute(
            "INSERT INTO dynamic_field_value (field_id, object_id, value_text) VALUES ($1, $2, $3)",
            field_id,
            version_id,
            owner,
        )
