"""The screen's GraphQL documents (gql/static/js/queries.js, composed by Node as the browser
composes them) are valid against the schema and within the server's default limits."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate

from gql.limits import Limits, check_limits
from gql.schema import schema

QUERIES = Path(__file__).resolve().parents[2] / "gql" / "static" / "js" / "queries.js"
COMPOSE = f"""
import {{ BOOT_QUERY, SEARCH_QUERY, UPDATE_PREFERENCES, WIDGETS_BY_KEY, composeScreenQuery, widgetVariables }}
  from {json.dumps(QUERIES.as_uri())};
const keys = Object.keys(WIDGETS_BY_KEY);
const view = {{ scope: "MY_QUEUES", relation: "ACCESSIBLE", sort: {{ field: "TITLE", direction: "DESC" }},
               filters: {{ statuses: ["open"], priorities: [], locked: false }}, page: null, offset: 0 }};
const variables = {{ login: "taro", locale: "JA", nameOrder: "LAST_FIRST" }};
for (const key of keys) Object.assign(variables, widgetVariables(WIDGETS_BY_KEY[key], view, 10, true));
console.log(JSON.stringify({{
  screen: composeScreenQuery(keys), widget: composeScreenQuery(["OPEN_TICKETS"], "CuicWidget"), variables,
  boot: BOOT_QUERY, search: SEARCH_QUERY, preferences: UPDATE_PREFERENCES,
}}));
"""


@pytest.fixture(scope="module")
def documents() -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js to compose the screen's queries")
    output = subprocess.run([node, "--input-type=module", "-e", COMPOSE], capture_output=True, text=True, check=True)
    found: dict[str, object] = json.loads(output.stdout)
    return found


@pytest.mark.parametrize("name", ["screen", "widget", "boot", "search", "preferences"])
def test_documents_are_valid_and_within_the_limits(documents: dict[str, object], name: str) -> None:
    text = documents[name]
    assert isinstance(text, str)
    document = parse(text)
    assert validate(schema._schema, document) == []
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    variables = documents["variables"] if name == "screen" else {}
    assert isinstance(variables, dict)
    check_limits(schema._schema, operation, fragments, variables, Limits())


def test_the_views_become_the_apis_arguments(documents: dict[str, object]) -> None:
    variables = documents["variables"]
    assert isinstance(variables, dict)
    assert variables["openOrder"] == {"field": "TITLE", "direction": "DESC"}
    # Empty lists are left out: they would match no ticket.
    assert variables["openFilter"] == {"statuses": ["open"], "locked": False}
    assert variables["openAccessible"] is True and variables["openFacets"] is True
