"""Configuration items from OTOBO's ITSM Configuration Management tables, when installed.

Tables of ITSMConfigurationManagement.sopm (configitem, configitem_version) and of the
GeneralCatalog package (general_catalog: classes, deployment and incident states).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from db.sync import mapping
from db.sync.mapping import Clock, Record
from db.sync.source import Row, Source, chunks

ITSM_TABLES: Final = frozenset({"configitem", "configitem_version", "general_catalog"})
CONFIG_ITEM_SQL = """
    SELECT ci.id, ci.configitem_number, v.name, cls.name AS class_name, ds.name AS depl_state, ist.name AS inci_state,
           ci.last_version_id, ci.create_time, ci.change_time
    FROM configitem ci
    JOIN configitem_version v ON v.id = ci.last_version_id
    LEFT JOIN general_catalog cls ON cls.id = ci.class_id
    LEFT JOIN general_catalog ds ON ds.id = ci.cur_depl_state_id
    LEFT JOIN general_catalog ist ON ist.id = ci.cur_inci_state_id
"""
# A CI's owner, a customer user login: OTOBO 11 keeps it in a CustomerUser dynamic field
# of the CI's version (named like "Computer-Owner", or "Contact-User" in the new classes);
# OTOBO 10 and Znuny in the version's XML data, under the Owner key.
_OWNER_FIELD_SUFFIX: Final = "%-Owner"
_OWNER_FIELD: Final = "Contact-User"
_CI_OWNER_DYNAMIC_FIELD = """
    SELECT v.object_id AS version_id, v.value_text AS owner
    FROM dynamic_field_value v JOIN dynamic_field f ON f.id = v.field_id
    WHERE f.object_type = 'ITSMConfigItem' AND f.field_type = 'CustomerUser'
      AND (f.name LIKE :suffix OR f.name = :field) AND v.object_id IN :ids
"""
_CI_OWNER_XML = """
    SELECT xml_key AS version_id, xml_content_value AS owner
    FROM xml_storage
    WHERE xml_type LIKE :type AND xml_content_key = :key AND xml_key IN :ids
"""
_XML_OWNER_KEY: Final = "[1]{'Version'}[1]{'Owner'}[1]{'Content'}"


async def has_itsm(source: Source) -> bool:
    return await source.tables() >= ITSM_TABLES


async def config_item_records(source: Source, rows: Sequence[Row] | None, clock: Clock) -> list[Record]:
    """Config items (all when `rows` is None) with their owners, as records.

    An owner that names no customer user in the source is left out, as for tickets.
    """
    if rows is None:
        rows = await source.rows(CONFIG_ITEM_SQL)
    owners: dict[str, str] = {}
    versions = [row["last_version_id"] for row in rows]
    for chunk in chunks(versions):
        for row in await source.rows(
            _CI_OWNER_XML, {"type": "ITSM::ConfigItem::%", "key": _XML_OWNER_KEY, "ids": [str(v) for v in chunk]}
        ):
            owners[str(row["version_id"])] = row["owner"]
        for row in await source.rows(
            _CI_OWNER_DYNAMIC_FIELD, {"suffix": _OWNER_FIELD_SUFFIX, "field": _OWNER_FIELD, "ids": list(chunk)}
        ):
            owners[str(row["version_id"])] = row["owner"]
    known: set[str] = set()
    named = sorted({owner for owner in owners.values() if owner})
    for chunk in chunks(named):
        known.update(
            row["login"]
            for row in await source.rows("SELECT login FROM customer_user WHERE login IN :logins", {"logins": chunk})
        )
    records = []
    for row in rows:
        owner = owners.get(str(row["last_version_id"]))
        records.append(mapping.config_item_record(row, owner if owner in known else None, clock))
    return records
