"""Request logs (one JSON line per request, no tokens or variables) and /metrics."""

import json
import logging

import asyncpg
import pytest

from db.config import load_settings
from gql.logs import JsonFormatter
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl


async def test_one_json_line_per_request_without_secrets(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    secret_variable = "s3cr3t-search-term"
    with caplog.at_level(logging.INFO, logger="cuic.request"):
        await api.post("query Page($s: String) { customerUsers(search: $s) { totalCount } }", {"s": secret_variable})
        await api.post("{ nope }")
        await api.post("{ viewer { login } }", agent=None)
    records = [r for r in caplog.records if r.name == "cuic.request"]
    assert len(records) == 3
    lines = [JsonFormatter().format(r) for r in records]
    entries = [json.loads(line) for line in lines]
    assert entries[0]["agent"] == "alice" and entries[0]["operation"] == "Page"
    assert entries[0]["statements"] >= 2 and entries[0]["status"] == 200 and entries[0]["duration_ms"] > 0
    assert entries[1]["error_codes"] == ["GRAPHQL_VALIDATION_FAILED"]
    assert entries[2]["status"] == 401 and entries[2]["agent"] is None
    assert all(len(e["request_id"]) == 16 for e in entries)
    everything = "\n".join(lines) + caplog.text
    for token in api.tokens.values():
        assert token not in everything
    assert secret_variable not in everything


async def test_metrics_in_prometheus_format(api: Api) -> None:
    await api.post("query Probe { viewer { login } }")
    response = await api.client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert 'cuic_requests_total{operation="Probe",outcome="ok"}' in text
    assert "cuic_request_duration_seconds_bucket" in text
    assert "cuic_sql_statements_per_request_count" in text
    assert "cuic_dataloader_batch_size_bucket" in text
    assert "cuic_pool_connections" in text and "cuic_pool_waiters" in text


def executions(text: str, labels: str) -> float:
    prefix = f"cuic_executions_total{{{labels}}} "
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


async def test_metrics_count_planned_and_graphql_core_executions(api: Api) -> None:
    planned, mutation, introspection = (
        'executor="planned",reason=""',
        'executor="graphql-core",reason="mutation"',
        'executor="graphql-core",reason="introspection"',
    )
    before = (await api.client.get("/metrics")).text
    await api.data("{ viewer { login } }")
    await api.data("mutation { resetWidgetSettings { widgetSettings { key } } }")
    await api.data("{ __schema { queryType { name } } }")
    after = (await api.client.get("/metrics")).text
    assert executions(after, planned) == executions(before, planned) + 1
    assert executions(after, mutation) == executions(before, mutation) + 1
    assert executions(after, introspection) == executions(before, introspection) + 1


async def test_the_planned_executor_can_be_switched_off(
    database_url: str, connection: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUIC_PLANNED_EXECUTOR", "false")
    settings = load_settings()
    assert not settings.planned_executor
    await import_jsonl(connection, dataset.records())
    async for api in start_api(database_url, settings, connection):
        labels = 'executor="graphql-core",reason="switched off"'
        before = (await api.client.get("/metrics")).text
        assert await api.data("{ viewer { login } }") == {"viewer": {"login": "alice"}}
        after = (await api.client.get("/metrics")).text
        assert executions(after, labels) == executions(before, labels) + 1
