"""Property-based fuzzing: queries generated from the schema, valid and invalid, sent
through the real ASGI app to the real database. No answer may be a 500 or an internal
error. CUIC_FUZZ_EXAMPLES raises the example count (e.g. 5000 for a long run)."""

import os

from graphql import build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema

from gql.schema import export_sdl
from tests.api.conftest import Api

SCHEMA = build_schema(export_sdl())
EXAMPLES = int(os.environ.get("CUIC_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("CUIC_FUZZ_RANDOM") is None,
)


async def assert_no_internal_error(api: Api, query: str) -> None:
    response = await api.post(query)
    assert response.status_code < 500, response.text
    body = response.json()
    for error in body.get("errors", []):
        assert error["extensions"]["code"] != "INTERNAL_SERVER_ERROR", (query, error)
        assert "Traceback" not in error["message"]


@FUZZ
@given(
    query=from_schema(
        SCHEMA, fields=["customerUser", "customerUsers", "node", "nodes", "viewer", "widgets", "ticketStatuses"]
    )
)
async def test_valid_queries_never_fail_internally(api: Api, query: str) -> None:
    await assert_no_internal_error(api, query)


@FUZZ
@given(query=from_schema(SCHEMA, mode=Mode.NEGATIVE))
async def test_invalid_queries_are_refused_with_a_code(api: Api, query: str) -> None:
    await assert_no_internal_error(api, query)


@FUZZ
@given(query=st.text(max_size=200))
async def test_arbitrary_text_is_refused_cleanly(api: Api, query: str) -> None:
    await assert_no_internal_error(api, query)
