"""Strawberry resolvers called without strawberry's wrapper (gql/executor/calls.py): the same
response as graphql-core's `execute` for every way a resolver takes its arguments."""

from __future__ import annotations

import asyncio
import enum
import functools
from typing import Any

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse, validate
from strawberry.extensions.field_extension import FieldExtension

from gql.executor import PlannedExecutor
from gql.executor.calls import direct_call


@strawberry.enum
class Tone(enum.Enum):
    CALM = "calm"
    LOUD = "loud"


@strawberry.input
class Shape:
    sides: int
    tone: Tone = Tone.CALM


class Upper(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        return str(next_(source, info, **kwargs)).upper()


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def plain(self) -> str:
        return f"plain {self.name}"

    @strawberry.field
    def toned(self, tone: Tone = Tone.CALM, times: int = 1) -> str:
        return f"{self.name} {tone.value}" * times

    @strawberry.field
    def with_info(self, info: strawberry.Info, word: str | None = None) -> str:
        return f"{info.field_name}:{info.path.key}:{word}:{self.name}"

    @strawberry.field
    def shaped(self, shape: Shape | None = None) -> str:
        return "none" if shape is None else f"{shape.sides}/{shape.tone.value}"

    @strawberry.field
    async def later(self, tone: Tone = Tone.LOUD) -> str:
        await asyncio.sleep(0)
        return f"later {tone.value} {self.name}"

    @strawberry.field
    def fails(self, times: int = 1) -> str | None:
        raise ValueError(f"failed {times}")

    @strawberry.field(extensions=[Upper()])  # type: ignore[untyped-decorator]
    def extended(self) -> str:
        return f"ext {self.name}"


def parent_name(parent: strawberry.Parent[Item]) -> str:
    return f"parent {parent.name}"


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="a"), Item(name="b")]

    @strawberry.field
    def root_name(self, root: Any) -> str:
        return f"root {type(root).__name__}"


SCHEMA = strawberry.Schema(query=Query)
GRAPHQL_SCHEMA = SCHEMA._schema

DOCUMENTS = [
    ("{ items { name plain toned } }", None),
    ("{ items { toned(tone: LOUD, times: 2) t: toned(times: 3) } }", None),
    ("query($t: Tone!, $n: Int) { items { toned(tone: $t, times: $n) } }", {"t": "LOUD", "n": 2}),
    ('{ items { withInfo v: withInfo(word: "w") w: withInfo } }', None),
    ("{ items { shaped s: shaped(shape: {sides: 3}) l: shaped(shape: {sides: 4, tone: LOUD}) } }", None),
    ("query($s: Shape) { items { shaped(shape: $s) } }", {"s": {"sides": 5}}),
    ("{ items { later l: later(tone: CALM) name } }", None),
    ("{ items { name fails f: fails(times: 2) } }", None),
    ("{ items { extended } rootName }", None),
]


async def both(document: str, variables: dict[str, Any] | None) -> tuple[ExecutionResult, ExecutionResult]:
    parsed = parse(document)
    assert not validate(GRAPHQL_SCHEMA, parsed)
    expected = execute(GRAPHQL_SCHEMA, parsed, variable_values=variables)
    if not isinstance(expected, ExecutionResult):
        expected = await expected
    planned = await PlannedExecutor(GRAPHQL_SCHEMA).execute(parsed, variable_values=variables)
    assert planned.planned, planned.fallback
    return expected, planned.result


@pytest.mark.parametrize(("document", "variables"), DOCUMENTS)
async def test_direct_calls_answer_as_strawberry_wrapped_ones(document: str, variables: dict[str, Any] | None) -> None:
    expected, planned = await both(document, variables)
    assert planned.formatted == expected.formatted


def test_only_plain_strawberry_resolvers_are_called_directly() -> None:
    item = GRAPHQL_SCHEMA.type_map["Item"]
    assert direct_call(item.fields["toned"], GRAPHQL_SCHEMA) is not None  # type: ignore[attr-defined]
    assert direct_call(item.fields["extended"], GRAPHQL_SCHEMA) is None  # type: ignore[attr-defined]
    assert direct_call(item.fields["name"], GRAPHQL_SCHEMA) is None  # type: ignore[attr-defined]
    toned = direct_call(item.fields["toned"], GRAPHQL_SCHEMA)  # type: ignore[attr-defined]
    with_info = direct_call(item.fields["withInfo"], GRAPHQL_SCHEMA)  # type: ignore[attr-defined]
    shaped = direct_call(item.fields["shaped"], GRAPHQL_SCHEMA)  # type: ignore[attr-defined]
    assert toned is not None and with_info is not None and shaped is not None
    # Enum and Int constants are converted once per plan; input objects and `info` per call.
    assert toned.constant({"tone": Tone.LOUD, "times": 2}) == {"tone": Tone.LOUD, "times": 2}
    assert not toned.needs_info and with_info.needs_info and not shaped.needs_info
    # An input object is built per call, with `info`; an absent one is a constant.
    assert shaped.constant({"shape": {"sides": 3}}) is None and shaped.converts_with_info({"shape": {"sides": 3}})
    assert shaped.constant({"shape": None}) == {"shape": None} and not shaped.converts_with_info({})


def test_a_wrapper_that_declares_its_checks_is_seen_through_and_checked_first() -> None:
    from gql.inputs import check_arguments, guard_text_arguments

    @strawberry.type
    class Texts:
        @strawberry.field
        def echo(self, text: str) -> str:
            return text

    schema = strawberry.Schema(query=Texts)._schema
    guard_text_arguments(schema)
    echo = schema.query_type.fields["echo"]  # type: ignore[union-attr]
    call = direct_call(echo, schema)
    assert call is not None and call.checks == (check_arguments,) and call.needs_info
    # A wrapper that does not say what it does keeps strawberry's wrapper in place.
    echo.resolve = functools.wraps(echo.resolve, updated=())(lambda *args, **kwargs: "wrapped")
    assert direct_call(echo, schema) is None


async def test_guarded_text_arguments_are_refused_on_the_direct_path() -> None:
    from gql.inputs import guard_text_arguments

    @strawberry.type
    class Texts:
        @strawberry.field
        def echo(self, text: str) -> str:
            return text

    schema = strawberry.Schema(query=Texts)._schema
    guard_text_arguments(schema)
    for document, variables in [
        ('{ ok: echo(text: "fine") }', None),
        ('query($t: String!) { ok: echo(text: "fine") bad: echo(text: $t) }', {"t": "a\x00b"}),
    ]:
        parsed = parse(document)
        expected = execute(schema, parsed, variable_values=variables)
        assert isinstance(expected, ExecutionResult)
        planned = await PlannedExecutor(schema).execute(parsed, variable_values=variables)
        assert planned.planned and planned.result.formatted == expected.formatted
