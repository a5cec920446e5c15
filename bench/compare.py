"""Check that PostGraphile (schema pgl) returns the same rows as cuic for a few users.

    uv run python bench/compare.py [--users 10]

Starts both servers, asks both for the full page of the heaviest user, a typical user and
random users, and compares every widget: ticket numbers in order, totalCount, scope
counts, CI numbers, Customer IDs with their counts, the company. Exit status 1 on any
difference (printed).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import httpx

from bench.pg import DATA, database_url
from bench.run import QUERIES, pick_users, start_cuic, start_pgl

WIDGETS = ("reminder", "escalated", "new", "open", "closed")


def cuic_view(page: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {
        "customerIds": [
            (c["customerId"], c["isPrimary"], c["name"], c["inProgressCount"], c["closedCount"])
            for c in page["customerIds"]
        ],
        "cis": [n["number"] for n in page["assignedConfigItems"]["nodes"]],
        "ciTotal": page["assignedConfigItems"]["totalCount"],
        "customer": page["customer"] and page["customer"]["customerId"],
        "email": page["information"]["email"],
    }
    for widget in WIDGETS:
        connection = page[f"{widget}Tickets"]
        view[widget] = [n["number"] for n in connection["nodes"]]
        view[f"{widget}Total"] = connection["totalCount"]
        view[f"{widget}Counts"] = connection["scopeCounts"]
        view[f"{widget}Next"] = connection["pageInfo"]["hasNextPage"]
    return view


def pgl_view(page: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {
        "customerIds": [
            (c["customerId"], c["isPrimary"], c["name"], c["inProgressCount"], c["closedCount"])
            for c in page["customerIdsList"]
        ],
        "cis": [n["number"] for n in page["assignedConfigItems"]["nodes"]],
        "ciTotal": page["assignedConfigItems"]["totalCount"],
        "customer": page["customer"] and page["customer"]["customerId"],
        "email": page["email"],
    }
    for widget in WIDGETS:
        connection = page[f"{widget}Tickets"]
        view[widget] = [n["number"] for n in connection["nodes"]]
        view[f"{widget}Total"] = connection["totalCount"]
        view[f"{widget}Counts"] = page[f"{widget}TicketScopeCounts"]
        view[f"{widget}Next"] = connection["pageInfo"]["hasNextPage"]
    return view


def ask(url: str, query: str, login: str, token: str) -> dict[str, Any]:
    response = httpx.post(
        url,
        json={"query": query, "variables": {"login": login}},
        timeout=60,
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = next(iter(body["data"].values()))
    return data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10)
    args = parser.parse_args()
    url = database_url()
    token = (DATA / "token").read_text().strip()
    users = asyncio.run(pick_users(url))
    logins = [users["heavy"], users["typical"], *users["random"][: args.users]]
    cuic_query = (QUERIES / "full_page.graphql").read_text()
    pgl_query = (QUERIES / "pgl_full_page.graphql").read_text()
    cuic, pgl = start_cuic(url, 1), start_pgl(url, 1)
    differences = 0
    try:
        for login in logins:
            mine = cuic_view(ask(cuic.url, cuic_query, login, token))
            theirs = pgl_view(ask(pgl.url, pgl_query, login, token))
            diff = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
            tickets = sum(mine[f"{w}Total"] for w in WIDGETS)
            print(f"{login:32} {'same' if not diff else 'DIFFERENT'}  ({tickets} widget tickets)")
            for key, (a, b) in diff.items():
                print(f"    {key}: cuic {a!r}\n    {' ' * len(key)}  pgl  {b!r}")
            differences += bool(diff)
    finally:
        cuic.stop()
        pgl.stop()
    print(f"{len(logins) - differences} of {len(logins)} users identical")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
