"""Two apps over one database, one on the planned executor and one on graphql-core's, and
a comparison of their responses byte for byte."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import asyncpg
import httpx
from prometheus_client import REGISTRY

from db.config import Settings
from tests.api.conftest import Api, start_api

# Internal errors carry the request's own id: the only part of a body that may differ.
_REQUEST_ID = re.compile(rb'"requestId":"[0-9a-f]+"')


@dataclass
class Pair:
    planned: Api
    reference: Api
    compared: int = 0
    planned_count: int = 0

    async def compare(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        agent: str = "alice",
        operation_name: str | None = None,
    ) -> httpx.Response:
        """Send one request to both apps; their status, body and statement count must be equal.

        Where graphql-core itself answers a request in more than one way (resolvers that
        fail after awaiting race each other for the order of their errors; a load races
        the statement that would prime it), the planned answer must be one graphql-core
        also gives: both are asked again, up to 8 times, until their answers meet."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        planned_before = executions("planned")
        planned = await self._post(self.planned, body, agent)
        reference = await self._post(self.reference, body, agent)
        context = f"query: {query}\nvariables: {variables}\nplanned: {planned.text}\ngraphql-core: {reference.text}"
        await self._agree(body, agent, (planned, reference), _response, context)
        if b'"errors"' not in reference.content:
            # With errors, graphql-core cancels or abandons sibling work mid-flight: its
            # count then depends on which statements had been sent by that moment.
            await self._agree(body, agent, (planned, reference), _statements, context)
        self.compared += 1
        self.planned_count += int(executions("planned") > planned_before)
        return planned

    async def _agree(
        self,
        body: dict[str, Any],
        agent: str,
        first: tuple[httpx.Response, httpx.Response],
        key: Callable[[httpx.Response], object],
        context: str,
    ) -> None:
        seen: tuple[set[object], set[object]] = ({key(first[0])}, {key(first[1])})
        for _ in range(8):
            if seen[0] & seen[1]:
                return
            seen[0].add(key(await self._post(self.planned, body, agent)))
            seen[1].add(key(await self._post(self.reference, body, agent)))
        raise AssertionError(f"planned {seen[0]} != graphql-core {seen[1]}\n{context}")

    async def _post(self, api: Api, body: dict[str, Any], agent: str) -> httpx.Response:
        return await api.client.post("/graphql", json=body, headers=self._headers(api, agent))

    @staticmethod
    def _headers(api: Api, agent: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {api.tokens[agent]}"}


def _response(response: httpx.Response) -> object:
    return response.status_code, _REQUEST_ID.sub(b"", response.content)


def _statements(response: httpx.Response) -> object:
    return response.headers["x-cuic-statements"]


def executions(executor: str, *, except_reasons: tuple[str, ...] = ()) -> float:
    """How many requests the given executor has run in this process (from /metrics' counter)."""
    total = 0.0
    for metric in REGISTRY.collect():
        if metric.name == "cuic_executions":
            total += sum(
                sample.value
                for sample in metric.samples
                if sample.name.endswith("_total")
                and sample.labels["executor"] == executor
                and sample.labels["reason"] not in except_reasons
            )
    return total


@asynccontextmanager
async def pair_of_apps(
    database_url: str, settings: Settings, connection: asyncpg.Connection, agents: tuple[str, ...]
) -> AsyncIterator[Pair]:
    # A busy test machine can stretch a statement past the default timeout on one side only.
    settings = replace(settings, statement_timeout_ms=60_000)
    reference_settings = replace(settings, planned_executor=False)
    async for planned in start_api(database_url, settings, connection, agents):
        async for reference in start_api(database_url, reference_settings, connection, agents):
            yield Pair(planned, reference)
