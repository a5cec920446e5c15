"""The planned executor on a plain graphql-core schema (no strawberry): graphql-core's
default resolvers, dict sources, abstract types resolved by `__typename`, sync and async
resolvers, errors and null propagation everywhere, against graphql-core's own `execute`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import ExecutionResult, build_schema, execute, parse, validate

from gql.executor import PlannedExecutor

SCHEMA = build_schema(
    """
    interface Named { name: String! }
    type Person implements Named {
      name: String!
      age: Int
      mood: Mood
      friends: [Person!]
      maybeFriends: [Person]
      best: Person!
      nick(upper: Boolean = false): String
    }
    type Robot implements Named { name: String! serial: ID! }
    union Thing = Person | Robot
    enum Mood { HAPPY SAD }
    type Query {
      people: [Person!]!
      maybePeople: [Person]
      thing(kind: String!): Thing
      named: [Named]
      fail: String
      failNonNull: String!
      later(value: Int = 7): Int
      laterFail: Int
      echo(value: String, list: [Int!]): String
      deep: Query!
      awaitableItems: [Int]
      awaitableNonNullItems: [Int!]
      stream: [Int]
      big: Int
    }
    """
)


async def later(value: Any, fail: bool = False) -> Any:
    await asyncio.sleep(0)
    if fail:
        raise ValueError("later failed")
    return value


def person(name: str | None, **fields: Any) -> dict[str, Any]:
    return {"__typename": "Person", "name": name, **fields}


ADA = person("Ada", age=36, mood="HAPPY", friends=[person("Bob")], best=person("Cy"))
BROKEN = person(None, best=None, friends=[person("Dee"), person(None)], maybeFriends=[person(None), person("Eve")])


async def numbers() -> AsyncIterator[int]:
    yield 1


class Root:
    people = (ADA, person("Zoe", age=3, best=ADA))
    maybePeople = (ADA, None, BROKEN)
    named = (ADA, {"__typename": "Robot", "name": "R2", "serial": 2}, {"__typename": "Nope"})
    big = 2**40

    def thing(self, _info: Any, kind: str) -> Any:
        return {"__typename": kind, "name": kind, "serial": "x"}

    def fail(self, _info: Any) -> str:
        raise RuntimeError("sync failure")

    def failNonNull(self, _info: Any) -> str:
        raise RuntimeError("non-null failure")

    def later(self, _info: Any, value: int) -> Any:
        return later(value)

    def laterFail(self, _info: Any) -> Any:
        return later(1, fail=True)

    def echo(self, _info: Any, value: str | None = None, list: list[int] | None = None) -> str:
        return f"{value}:{list}"

    def deep(self, _info: Any) -> Root:
        return self

    def awaitableItems(self, _info: Any) -> list[Any]:
        return [later(1), 2, later(None), later(4, fail=True)]

    def awaitableNonNullItems(self, _info: Any) -> list[Any]:
        return [later(1), later(None)]

    def stream(self, _info: Any) -> AsyncIterator[int]:
        return numbers()


DOCUMENTS: list[tuple[str, dict[str, Any] | None]] = [
    ("{ people { name age mood friends { name } best { name } } }", None),
    ("{ maybePeople { name best { name } friends { name } maybeFriends { name } } }", None),
    ("{ people { name } fail later laterFail }", None),
    ("{ a: later b: later(value: 2) c: laterFail d: fail people { name } }", None),
    ("{ later failNonNull laterFail }", None),
    ("{ deep { deep { failNonNull } } people { name } }", None),
    ("{ deep { laterFail deep { later } } }", None),
    ("{ named { __typename name ... on Robot { serial } ... on Person { age } } }", None),
    (
        "query($k: String!) { thing(kind: $k) { __typename ... on Named { name } ... on Robot { serial } } }",
        {"k": "Robot"},
    ),
    ('{ thing(kind: "Alien") { __typename } }', None),
    ("{ awaitableItems awaitableNonNullItems }", None),
    ("{ awaitableNonNullItems later }", None),
    ("{ big }", None),
    ("query($v: String, $l: [Int!]) { echo(value: $v, list: $l) x: echo }", {"v": "hi", "l": [1, 2]}),
    ("query($l: [Int!]) { echo(list: $l) }", {"l": [1, "x"]}),
    (
        "query($s: Boolean!) { people { name @skip(if: $s) age @include(if: $s) ...F } } fragment F on Person { mood }",
        {"s": True},
    ),
    (
        "query($s: Boolean!) { people { name @skip(if: $s) age @include(if: $s) ...F } } fragment F on Person { mood }",
        {"s": False},
    ),
    ("{ people { ... on Named { name } ... { name age } } __typename }", None),
]


def formatted(result: ExecutionResult) -> Any:
    return result.formatted


@pytest.mark.parametrize(("query", "variables"), DOCUMENTS)
async def test_same_result_as_graphql_core(query: str, variables: dict[str, Any] | None) -> None:
    document = parse(query)
    assert not validate(SCHEMA, document)
    expected = execute(SCHEMA, document, Root(), variable_values=variables)
    if not isinstance(expected, ExecutionResult):
        expected = await expected
    execution = await PlannedExecutor(SCHEMA).execute(document, root_value=Root(), variable_values=variables)
    assert execution.planned
    assert formatted(execution.result) == formatted(expected)
    assert str(execution.result.formatted) == str(expected.formatted)  # key order too


async def test_what_is_not_planned_runs_on_graphql_core() -> None:
    executor = PlannedExecutor(SCHEMA)
    introspection = await executor.execute(parse("{ __schema { queryType { name } } }"), root_value=Root())
    assert (introspection.planned, introspection.fallback) == (False, "introspection")
    assert introspection.result.data == {"__schema": {"queryType": {"name": "Query"}}}
    streamed = await executor.execute(parse("{ stream }"), root_value=Root())
    assert (streamed.planned, streamed.fallback) == (False, "async iterable")
    assert streamed.result.data == {"stream": [1]}


async def test_one_plan_per_document_and_directive_values() -> None:
    executor = PlannedExecutor(SCHEMA, max_documents=2)
    document = parse("query($s: Boolean!) { people { name @skip(if: $s) } }")
    for skip in (True, False, True):
        await executor.execute(document, root_value=Root(), variable_values={"s": skip})
    (known,) = executor.documents.values()
    assert set(known.plans) == {(True,), (False,)}
    for text in ("{ big }", "{ later }"):
        await executor.execute(parse(text), root_value=Root())
    assert len(executor.documents) == 2  # the least recently used went
