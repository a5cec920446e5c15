"""The customer user search at scale (issue 12): `totalCountCapped`, the probe that answers
a common term in login order, and generic plans on the API's connections."""

import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from db.config import Settings
from db.loaders.base import Params
from db.loaders.customer_user_search import CappedCountKey, CustomerUserSearch, _capped_count_sql, _page_sql
from db.loaders.pagination import Window
from tests.api import dataset
from tests.api.conftest import Api, start_api
from tests.importing import import_jsonl

USERS = 120
# Every user's email holds "bulk.example"; every 7th user is a "Tanaka"; user 5 alone has
# the further customer ID "RARE-ID" (found by no field of its own row).
TANAKAS = [f"bulk{n:03d}" for n in range(USERS) if n % 7 == 0]
ALL_USERS = USERS + sum(1 for record in dataset.records() if record["type"] == "customer_user")


def _users() -> list[dict[str, Any]]:
    records = []
    for n in range(USERS):
        record: dict[str, Any] = {
            "type": "customer_user",
            "login": f"bulk{n:03d}",
            "first_name": "Ken",
            "last_name": "Tanaka" if n % 7 == 0 else f"Sato{n}",
            "email": f"bulk{n:03d}@bulk.example",
            "customer_id": "BULK",
        }
        if n == 5:
            record["customer_ids"] = ["RARE-ID"]
        records.append(record)
    return records


@pytest.fixture
async def bulk_api(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Api]:
    await import_jsonl(connection, dataset.records() + _users())
    async for api in start_api(database_url, settings, connection):
        yield api


CAPPED = """query($search: String, $upTo: Int!) {
    customerUsers(search: $search, first: 3) { totalCount totalCountCapped(upTo: $upTo) { count capped } }
}"""


async def _capped(api: Api, search: str | None, up_to: int) -> tuple[int, dict[str, Any]]:
    users = (await api.data(CAPPED, {"search": search, "upTo": up_to}))["customerUsers"]
    return users["totalCount"], users["totalCountCapped"]


@pytest.mark.parametrize("search", ["bulk.example", "tanaka", "rare-id", None])
async def test_capped_count_is_exact_up_to_the_cap_and_flagged_above_it(bulk_api: Api, search: str | None) -> None:
    total, _ = await _capped(bulk_api, search, 1000)
    assert total == {"bulk.example": USERS, "tanaka": len(TANAKAS), "rare-id": 1, None: ALL_USERS}[search]
    # Below and at the cap: exact and not capped (the probe walks past every user here).
    assert await _capped(bulk_api, search, 1000) == (total, {"count": total, "capped": False})
    assert await _capped(bulk_api, search, total) == (total, {"count": total, "capped": False})
    if total > 1:
        # Above the cap: the cap, flagged; for "bulk.example" the probe decides, for "tanaka"
        # (one user in 7 is fewer than the probe needs) the trigram index.
        assert await _capped(bulk_api, search, total - 1) == (total, {"count": total - 1, "capped": True})
        assert await _capped(bulk_api, search, 1) == (total, {"count": 1, "capped": True})


@pytest.mark.parametrize("up_to", [0, -1, 10_001])
async def test_capped_count_refuses_a_cap_out_of_range(bulk_api: Api, up_to: int) -> None:
    assert await bulk_api.error_code(CAPPED, {"search": "bulk", "upTo": up_to}) == "BAD_USER_INPUT"


PAGE = """query($search: String, $first: Int, $after: String, $last: Int, $before: String) {
    customerUsers(search: $search, first: $first, after: $after, last: $last, before: $before) {
        nodes { login } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
}"""


async def _walk(api: Api, search: str, size: int, backwards: bool = False) -> list[str]:
    logins: list[str] = []
    cursor = None
    while True:
        variables = (
            {"search": search, "last": size, "before": cursor}
            if backwards
            else {"search": search, "first": size, "after": cursor}
        )
        users = (await api.data(PAGE, variables))["customerUsers"]
        page = [node["login"] for node in users["nodes"]]
        logins = page + logins if backwards else logins + page
        info = users["pageInfo"]
        if not (info["hasPreviousPage"] if backwards else info["hasNextPage"]):
            return logins
        cursor = info["startCursor"] if backwards else info["endCursor"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("BULK.example", [f"bulk{n:03d}" for n in range(USERS)]),  # the probe fills every page
        ("tanaka", TANAKAS),  # pages of 5 from one user in 7: the probe's 500 rows do, pages of 100 do not
        ("ken tanaka", TANAKAS),
        ("rare-id", ["bulk005"]),  # only a further customer ID matches
        ("nobody", []),
    ],
)
@pytest.mark.parametrize("size", [5, 100])
async def test_search_pages_are_the_same_on_either_path(
    bulk_api: Api, search: str, expected: list[str], size: int
) -> None:
    assert await _walk(bulk_api, search, size) == expected
    assert await _walk(bulk_api, search, size, backwards=True) == expected


async def _explain(connection: asyncpg.Connection, query: str, values: list[Any]) -> str:
    async with connection.transaction():
        # A few hundred users fit in a page or two: without this, any plan would scan them.
        await connection.execute("SET LOCAL enable_seqscan = off")
        rows = await connection.fetch(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {query}", *values)
    return "\n".join(row[0] for row in rows)


def _prefilter_ran(plan: str) -> bool:
    """Whether the trigram prefilter (over alias `c`, all the term's users) read anything."""
    lines = [line for line in plan.splitlines() if re.search(r" on customer_user c\b", line)]
    assert lines, plan
    return any("never executed" not in line for line in lines)


@pytest.mark.parametrize(("search", "prefilter_ran"), [("bulk.example", False), ("rare-id", True)])
async def test_a_common_term_skips_the_trigram_prefilter(
    bulk_api: Api, connection: asyncpg.Connection, search: str, prefilter_ran: bool
) -> None:
    """The trigram path hands over every user a common term matches before the first row:
    800 ms at 100 000 users. The probe answers such a term from the first users in login order."""
    params = Params()
    query, _ = _page_sql(CustomerUserSearch(search, None), Window(first=20, last=None), params)
    assert _prefilter_ran(await _explain(connection, query, params.values)) is prefilter_ran

    params = Params()
    count_query = _capped_count_sql(CappedCountKey(CustomerUserSearch(search, None), 10), params)
    assert _prefilter_ran(await _explain(connection, count_query, params.values)) is prefilter_ran


async def test_api_connections_plan_each_statement_once(bulk_api: Api) -> None:
    """With custom plans PostgreSQL planned the page's statements on every request, at three
    times the cost of running them (bench/README.md, issue 12)."""
    assert bulk_api.app is not None
    database = bulk_api.app.state.database
    rows = await database.primary.fetch("SELECT current_setting('plan_cache_mode') AS mode")
    assert rows[0]["mode"] == "force_generic_plan"
