"""Configuration items and their owners from OTOBO's ITSM tables, when installed."""

from __future__ import annotations

from datetime import timedelta

import asyncpg

from tests.api.conftest import Api
from tests.sync.conftest import sync_once
from tests.sync.otobo import Otobo, otobo_now

QUERY = '{ customerUser(login: "taro") { assignedConfigItems { nodes { number name class deploymentState incidentState } } } }'


async def names(api: Api) -> list[str]:
    data = await api.data(QUERY)
    return [node["name"] for node in data["customerUser"]["assignedConfigItems"]["nodes"]]


async def test_without_itsm_the_first_copy_says_so(database_url: str, otobo_url: str, tickets: dict[str, int]) -> None:
    report = await sync_once(database_url, otobo_url)
    assert any("configuration items skipped" in line for line in report.lines())


async def test_config_items_with_owners_from_dynamic_fields_and_xml(
    otobo: Otobo,
    tickets: dict[str, int],
    pg_synced_api: Api,
    database_url: str,
    otobo_url: str,
    connection: asyncpg.Connection,
) -> None:
    cuic = connection
    assert await names(pg_synced_api) == []  # the first sync ran before ITSM was installed
    await otobo.install_itsm()
    await otobo.add_config_item("CI-1", "Taro's laptop", "Computer", "taro")
    await otobo.add_config_item("CI-2", "Taro's phone", "Hardware", "taro", owner_in="xml")
    await otobo.add_config_item("CI-3", "Hanako's laptop", "Computer", "hanako")
    await otobo.add_config_item("CI-4", "Nobody's server", "Computer", "not-a-customer")

    await sync_once(database_url, otobo_url, reconcile_every=timedelta(days=1))
    data = await pg_synced_api.data(QUERY)
    nodes = data["customerUser"]["assignedConfigItems"]["nodes"]
    assert nodes[0] == {
        "number": "CI-1",
        "name": "Taro's laptop",
        "class": "Computer",
        "deploymentState": "Production",
        "incidentState": "Operational",
    }
    assert [n["number"] for n in nodes] == ["CI-1", "CI-2"]
    # OTOBO's ConfigItemID, for CUIC_CONFIG_ITEM_URL_TEMPLATE's links.
    kept = await cuic.fetchval("SELECT source_id FROM config_item WHERE number = 'CI-1'")
    assert kept == str(await otobo.db.fetchval("SELECT id FROM configitem WHERE configitem_number = 'CI-1'"))

    # A new version renames CI-1; CI-2 is deleted (found by the deletion check).
    await otobo.db.execute(
        "UPDATE configitem_version SET name = 'Taro''s new laptop' WHERE id = "
        "(SELECT last_version_id FROM configitem WHERE configitem_number = 'CI-1')"
    )
    await otobo.db.execute("UPDATE configitem SET change_time = $1 WHERE configitem_number = 'CI-1'", otobo_now())
    await otobo.db.execute("DELETE FROM configitem WHERE configitem_number = 'CI-2'")
    report = await sync_once(database_url, otobo_url, reconcile_every=timedelta(0))
    assert report.deleted["config_item"] == 1
    assert await names(pg_synced_api) == ["Taro's new laptop"]
