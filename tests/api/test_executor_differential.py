"""The planned executor answers exactly as graphql-core does: every document the API tests
sent, the CUIC screen's documents, the bench's documents and documents that make errors,
each through both executors over the same database, compared byte for byte (status, body,
SQL statement count). Runs after the other API tests (see conftest) to replay their requests."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from graphql import GraphQLSyntaxError, OperationDefinitionNode, OperationType, parse

from db.config import Settings
from db.demo import load_demo
from resolvers.nodes import NodeType, to_global_id
from tests.api import dataset
from tests.api.conftest import RECORDED
from tests.api.differential import Pair, executions, pair_of_apps
from tests.importing import import_jsonl

ROOT = Path(__file__).resolve().parents[2]
BENCH_QUERIES = sorted((ROOT / "bench" / "queries").glob("*.graphql"))

# Documents that make the executor's less travelled paths run: errors in nullable and
# non-null fields and list items, several errors at once, abstract types, directives,
# merged fields, variables with defaults and variables that do not fit.
EDGE_CASES: list[tuple[str, dict[str, Any] | None]] = [
    ('{ customerUser(login: "taro") { login openTickets(after: "bogus") { totalCount } } }', None),
    ('{ a: customerUser(login: "taro") { openTickets(first: -1) { totalCount } } b: viewer { login } }', None),
    (
        '{ customerUser(login: "taro") { login newTickets(first: 1000) { totalCount }'
        ' closedTickets(after: "x") { totalCount } customerIds { customerId } } }',
        None,
    ),
    ('{ a: node(id: "bad") { id } b: node(id: "also bad") { id } viewer { login } }', None),
    ("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Ticket { number } } }", {"ids": ["bad"]}),
    (
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ...N } }"
        " fragment N on Node { ... on Ticket { number title customerUser { login fullName } owner { login } }"
        " ... on CustomerUser { login openTickets(first: 2) { nodes { number } } } ... on Queue { name } }",
        {"ids": [to_global_id(t, n) for t in NodeType for n in (1, 2, 3, 999)]},
    ),
    ("query($id: ID!) { node(id: $id) { ... on Agent { login widgetSettings { key } } } }", {"id": "bad"}),
    (
        'query($skip: Boolean!, $with: Boolean = true) { customerUser(login: "taro") {'
        " login @skip(if: $skip) fullName @include(if: $with) id @skip(if: $skip) @include(if: $with)"
        " ... @include(if: $skip) { information { email } } ...F @skip(if: $with) } }"
        " fragment F on CustomerUser { customer { name } }",
        {"skip": True},
    ),
    ("query($skip: Boolean!) { viewer { login @skip(if: $skip) } }", {"skip": False}),
    ("query($login: String!) { customerUser(login: $login) { login } }", None),
    ("query($login: String!) { customerUser(login: $login) { login } }", {"login": 5}),
    ("query($first: Int = 2) { customerUsers(first: $first) { totalCount nodes { login } } }", None),
    (
        '{ customerUser(login: "taro") { a: login a: login b: fullName login'
        " openTickets { nodes { number } } openTickets { nodes { title } totalCount }"
        " x: openTickets(first: 1) { nodes { __typename } } } }",
        None,
    ),
    ("{ __typename viewer { __typename } widgets { key } ticketStatuses { name category } }", None),
    ('{ customerUser(login: "nobody") { login } }', None),
    ("{ __schema { queryType { name } } }", None),
    ("mutation { resetWidgetSettings { widgetSettings { key } } }", None),
]


def screen_documents(login: str) -> list[tuple[str, dict[str, Any] | None]]:
    """The CUIC screen's documents, built by gql/static/js/queries.js itself (needs Node.js)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is needed to build the screen's documents")
    script = """
    const q = await import(process.argv[1]);
    const WIDGETS = Object.values(q.WIDGETS_BY_KEY);  // in screen order; queries.js exports no list
    const login = process.argv[2];
    const variables = (widgets, view) =>
      Object.assign({ login }, ...widgets.map((widget) => q.widgetVariables(widget, view, 10)));
    const docs = [[q.BOOT_QUERY, null], [q.SEARCH_QUERY, { search: login.slice(0, 2), first: 20 }]];
    docs.push([q.composeScreenQuery(WIDGETS.map((w) => w.key)), variables(WIDGETS, null)]);
    const view = { scope: "MY_QUEUES", relation: "ACCESSIBLE", page: { before: "bogus" } };
    docs.push([q.composeScreenQuery(WIDGETS.map((w) => w.key)), variables(WIDGETS, view)]);
    for (const widget of WIDGETS) {
      docs.push([q.composeScreenQuery([widget.key]), variables([widget], { scope: "MY_LOCKED", page: null })]);
    }
    console.log(JSON.stringify(docs));
    """
    queries = ROOT / "gql" / "static" / "js" / "queries.js"
    out = subprocess.run(
        [node, "--input-type=module", "-e", script, queries.as_uri(), login],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [(query, variables) for query, variables in json.loads(out)]


def bench_documents(login: str) -> list[tuple[str, dict[str, Any] | None]]:
    variables = {"login": login, "search": login[:3], "after": None}
    documents: list[tuple[str, dict[str, Any] | None]] = []
    for path in BENCH_QUERIES:
        if path.name.startswith("pgl_"):
            continue  # PostGraphile's own schema
        text = path.read_text()
        used = {name: value for name, value in variables.items() if f"${name}" in text}
        documents.append((text, used))
    return documents


def is_query(text: str) -> bool:
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return True  # refused before execution, alike on both
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return all(operation.operation is OperationType.QUERY for operation in operations)


@pytest.fixture
async def test_data(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Pair]:
    await import_jsonl(connection, dataset.records() + dataset.crowd(3))
    async with pair_of_apps(database_url, settings, connection, ("alice", "bob")) as pair:
        yield pair


@pytest.fixture
async def demo_data(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Pair]:
    await load_demo(connection, customer_users=60)
    async with pair_of_apps(database_url, settings, connection, ("admin", "support", "auditor")) as pair:
        yield pair


async def demo_login(connection: asyncpg.Connection, order: str) -> str:
    login: str = await connection.fetchval(
        f"""SELECT cu.login FROM customer_user cu JOIN ticket t ON t.customer_user_id = cu.id
            GROUP BY cu.id ORDER BY count(*) {order}, cu.id LIMIT 1"""
    )
    return login


async def test_every_document_of_the_api_tests(test_data: Pair) -> None:
    recorded = {
        (query, json.dumps(variables, sort_keys=True), agent or "alice") for query, variables, agent in RECORDED
    }
    if not recorded:
        pytest.skip("no API test ran before this one in this session")
    # Agents that only other suites' data has (the sync tests' `dave`) ask as alice here.
    known = test_data.planned.tokens
    queries = [
        (query, variables, agent if agent in known else "alice")
        for query, variables, agent in sorted(recorded)
        if is_query(query)
    ]
    # The reference app's executions are "switched off"; introspection is graphql-core's by design.
    expected = ("switched off", "introspection")
    fallbacks = executions("graphql-core", except_reasons=expected)
    for query, variables, agent in queries:
        await test_data.compare(query, json.loads(variables), agent)
    assert test_data.compared == len(queries)
    # Every other query that reached execution was planned; the rest were refused before
    # (parse, validation, limits, variables).
    assert executions("graphql-core", except_reasons=expected) == fallbacks
    assert test_data.planned_count > len(queries) / 2


async def test_edge_cases_on_the_test_data(test_data: Pair) -> None:
    for query, variables in EDGE_CASES:
        for agent in ("alice", "bob"):
            await test_data.compare(query, variables, agent)
    # Introspection and the mutation are graphql-core's, the rest planned.
    assert test_data.planned_count == 2 * (len(EDGE_CASES) - 2)


@pytest.mark.parametrize("source", ["screen", "bench"])
async def test_screen_and_bench_documents_on_the_test_data(test_data: Pair, source: str) -> None:
    for login in ("taro", "crowd001", "nobody"):
        documents = screen_documents(login) if source == "screen" else bench_documents(login)
        for query, variables in documents:
            for agent in ("alice", "bob"):
                await test_data.compare(query, variables, agent)
    assert test_data.planned_count == test_data.compared > 10


@pytest.mark.parametrize("source", ["screen", "bench", "edge"])
async def test_screen_bench_and_edge_documents_on_the_demo(
    demo_data: Pair, connection: asyncpg.Connection, source: str
) -> None:
    for login in (await demo_login(connection, "DESC"), await demo_login(connection, "ASC")):
        if source == "screen":
            documents = screen_documents(login)
        elif source == "bench":
            documents = bench_documents(login)
        else:
            documents = [(query.replace('"taro"', json.dumps(login)), variables) for query, variables in EDGE_CASES]
        for query, variables in documents:
            for agent in ("admin", "support", "auditor"):
                await demo_data.compare(query, variables, agent)
    assert demo_data.compared > 10
