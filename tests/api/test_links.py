"""Links into the helpdesk: Ticket.url, ConfigItem.url and CustomerUser.url from the URL
templates of the configuration, and the `source_id` the importer stores for them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import pytest

from db.config import ConfigError, Settings, UrlTemplate, load_settings
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl

QUERY = """{ taro: customerUser(login: "taro") {
    url
    openTickets(first: 100) { nodes { number url } }
    assignedConfigItems { nodes { number url } } }
  percent: customerUser(login: "50%_off") { url } }"""

SOURCE_IDS = [
    dataset.ticket(
        "ESC-PAST", "open", datetime.now(UTC), source_id="1001", escalation_at=dataset.ago(1, datetime.now(UTC))
    ),
    dataset.ticket("A/B 1", "open", datetime.now(UTC), source_id="x&y=1"),
    {
        "type": "config_item",
        "number": "CI-1",
        "name": "Printer",
        "class": "Hardware",
        "deployment_state": "Planned",
        "incident_state": "Incident",
        "owner": "taro",
        "source_id": "77",
    },
]


def linked_settings(settings: Settings) -> Settings:
    return replace(
        settings,
        ticket_url_template=UrlTemplate("https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID={id}"),
        config_item_url_template=UrlTemplate("https://helpdesk.example/cmdb/{number}/{id}"),
        customer_user_url_template=UrlTemplate(
            "https://helpdesk.example/otobo/index.pl?Action=AgentCustomerUserInformationCenter;CustomerUserID={login}"
        ),
    )


async def test_no_template_no_url(api: Api, connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, SOURCE_IDS)
    data = await api.data(QUERY)
    assert data["taro"]["url"] is None and data["percent"]["url"] is None
    assert {node["url"] for node in data["taro"]["openTickets"]["nodes"]} == {None}
    assert {node["url"] for node in data["taro"]["assignedConfigItems"]["nodes"]} == {None}


async def test_templates_give_urls_with_encoded_values(
    api: Api, database_url: str, settings: Settings, connection: asyncpg.Connection
) -> None:
    await import_jsonl(connection, SOURCE_IDS)
    async for linked in start_api(database_url, linked_settings(settings), connection):
        data = await linked.data(QUERY)
    urls = {node["number"]: node["url"] for node in data["taro"]["openTickets"]["nodes"]}
    assert urls["ESC-PAST"] == "https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID=1001"
    assert urls["A/B 1"] == "https://helpdesk.example/otobo/index.pl?Action=AgentTicketZoom;TicketID=x%26y%3D1"
    # Imported without a source id: the template needs `{id}`, so there is no link.
    assert urls["PAGE-00"] is None
    items = {node["number"]: node["url"] for node in data["taro"]["assignedConfigItems"]["nodes"]}
    assert items == {"CI-1": "https://helpdesk.example/cmdb/CI-1/77", "CI-2": None}
    assert data["taro"]["url"].endswith("CustomerUserID=taro")
    assert data["percent"]["url"].endswith("CustomerUserID=50%25_off")
    # A template of the number alone links every ticket; the node lookup has it too.
    by_number = replace(settings, ticket_url_template=UrlTemplate("https://helpdesk.example/t/{number}"))
    async for linked in start_api(database_url, by_number, connection):
        data = await linked.data(QUERY)
        ticket_id = next(
            n
            for n in (
                await linked.data('{ customerUser(login: "taro") { openTickets(first: 100) { nodes { id number } } } }')
            )["customerUser"]["openTickets"]["nodes"]
            if n["number"] == "A/B 1"
        )["id"]
        node = await linked.data(f'{{ node(id: "{ticket_id}") {{ ... on Ticket {{ url }} }} }}')
    assert {n["number"]: n["url"] for n in data["taro"]["openTickets"]["nodes"]}[
        "PAGE-00"
    ] == "https://helpdesk.example/t/PAGE-00"
    assert node["node"]["url"] == "https://helpdesk.example/t/A%2FB%201"


async def test_source_ids_are_imported_once(connection: asyncpg.Connection) -> None:
    await import_jsonl(connection, dataset.records())
    first = await import_jsonl(connection, SOURCE_IDS)
    # ESC-PAST existed without a source id: the id is a change; importing again changes nothing.
    assert (first.changed.get("ticket"), first.created.get("ticket"), first.changed.get("config_item")) == (1, 1, 1)
    again = await import_jsonl(connection, SOURCE_IDS)
    assert (again.unchanged.get("ticket"), again.unchanged.get("config_item")) == (2, 1)
    stored = await connection.fetchval("SELECT source_id FROM ticket WHERE number = 'ESC-PAST'")
    assert stored == "1001"
    assert await connection.fetchval("SELECT source_id FROM config_item WHERE number = 'CI-1'") == "77"
    changed = await connection.fetchval("SELECT changed_at FROM config_item WHERE number = 'CI-1'")
    await import_jsonl(connection, SOURCE_IDS)
    assert await connection.fetchval("SELECT changed_at FROM config_item WHERE number = 'CI-1'") == changed


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CUIC_TICKET_URL_TEMPLATE", "helpdesk/{id}", "must be an http or https URL"),
        ("CUIC_TICKET_URL_TEMPLATE", "javascript:alert({id})", "must be an http or https URL"),
        ("CUIC_TICKET_URL_TEMPLATE", "https://h.example/{ticket}", "only the placeholders {id}, {number}"),
        ("CUIC_CONFIG_ITEM_URL_TEMPLATE", "https://h.example/{id", "only the placeholders {id}, {number}"),
        ("CUIC_CUSTOMER_USER_URL_TEMPLATE", "https://h.example/{id}", "only the placeholders {login}"),
    ],
)
def test_bad_templates_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable) as error:
        load_settings()
    assert message in str(error.value)


def test_templates_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUIC_TICKET_URL_TEMPLATE", " https://h.example/zoom?TicketID={id}&n={number} ")
    monkeypatch.delenv("CUIC_CONFIG_ITEM_URL_TEMPLATE", raising=False)
    loaded = load_settings()
    assert loaded.ticket_url_template == UrlTemplate("https://h.example/zoom?TicketID={id}&n={number}")
    assert loaded.config_item_url_template is None
    assert (
        loaded.ticket_url_template.render({"id": "5", "number": "2026#1"})
        == "https://h.example/zoom?TicketID=5&n=2026%231"
    )
