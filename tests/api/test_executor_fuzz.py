"""Generated queries over the whole schema through both executors, compared byte for byte.

hypothesis-graphql writes valid queries (fields, arguments, inline fragments on abstract
types); each is then made richer, with choices hypothesis draws too: aliases, repeated
fields, inline and named fragments, @skip/@include with literals and variables, arguments
moved into variables (with values or defaults), and arguments that hit the data (known
logins, IDs, searches, page sizes). CUIC_FUZZ_EXAMPLES sets the count (e.g. 20000)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    build_schema,
    get_named_type,
    parse,
    parse_type,
    print_ast,
    validate,
)
from graphql.utilities import value_from_ast_untyped
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from db.config import Settings
from gql.schema import export_sdl
from resolvers.nodes import NodeType, to_global_id
from tests.api import dataset
from tests.api.differential import Pair, pair_of_apps
from tests.importing import import_jsonl

SCHEMA = build_schema(export_sdl())
QUERY_FIELDS = sorted(SCHEMA.query_type.fields) if SCHEMA.query_type else []
EXAMPLES = int(os.environ.get("CUIC_FUZZ_EXAMPLES", "300"))
LOGINS = ["taro", "hanako", "lonely", "orphan", "50%_off", "crowd001", "nobody"]
IDS = [to_global_id(node_type, n) for node_type in NodeType for n in (1, 2, 3, 5)] + ["bad", "Tm9wZToz"]
SEARCHES = ["", "a", "ta", "ACME", "crowd", "%", "_", "zz"]
PAGE_SIZES = [0, 1, 2, 5, 10, 100, 101, -1]

Draw = Any  # hypothesis's draw function


class Enricher:
    """Rewrites one generated operation; every choice is drawn, so hypothesis can shrink it."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.count = 0
        self.variables: dict[str, Any] = {}
        self.definitions: list[VariableDefinitionNode] = []
        self.fragments: list[FragmentDefinitionNode] = []

    def name(self, prefix: str) -> NameNode:
        self.count += 1
        return NameNode(value=f"{prefix}{self.count}")

    def selection_set(self, node: SelectionSetNode, parent: Any) -> SelectionSetNode:
        selections: list[SelectionNode] = []
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                field = self.field(selection, parent)
                selections.append(field)
                if self.draw(st.integers(0, 9)) == 0:
                    selections.append(field)  # the same field twice merges into one key
            elif isinstance(selection, InlineFragmentNode):
                on = SCHEMA.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                inner = self.selection_set(selection.selection_set, on)
                selections.append(InlineFragmentNode(type_condition=selection.type_condition, selection_set=inner))
        if selections and self.draw(st.booleans()):
            start = self.draw(st.integers(0, len(selections) - 1))
            end = self.draw(st.integers(start + 1, len(selections)))
            selections[start:end] = [self.fragment(selections[start:end], parent)]
        return SelectionSetNode(selections=tuple(selections))

    def fragment(self, selections: list[SelectionNode], parent: Any) -> SelectionNode:
        inner = SelectionSetNode(selections=tuple(selections))
        on = NamedTypeNode(name=NameNode(value=parent.name))
        kind = self.draw(st.sampled_from(["untyped", "typed", "named"]))
        if kind == "named":
            name = self.name("F")
            self.fragments.append(FragmentDefinitionNode(name=name, type_condition=on, selection_set=inner))
            return FragmentSpreadNode(name=name, directives=self.directives())
        return InlineFragmentNode(
            type_condition=on if kind == "typed" else None, directives=self.directives(), selection_set=inner
        )

    def field(self, node: FieldNode, parent: Any) -> FieldNode:
        definition = parent.fields.get(node.name.value) if hasattr(parent, "fields") else None
        assert definition is not None or not node.arguments
        arguments = tuple(
            self.argument(argument, definition.args[argument.name.value])  # type: ignore[union-attr]
            for argument in node.arguments or ()
        )
        alias = self.name("a") if self.draw(st.integers(0, 3)) == 0 else node.alias
        selection_set = None
        if node.selection_set is not None and definition is not None:
            selection_set = self.selection_set(node.selection_set, get_named_type(definition.type))
        return FieldNode(
            alias=alias,
            name=node.name,
            arguments=arguments,
            directives=self.directives(),
            selection_set=selection_set,
        )

    def argument(self, node: ArgumentNode, definition: GraphQLArgument) -> ArgumentNode:
        value = self.realistic(node.name.value, node.value)
        choice = self.draw(st.integers(0, 3))
        if choice == 0:  # a variable with a value
            name = self.name("v")
            self.variables[name.value] = value_from_ast_untyped(value)
            self.declare(name, str(definition.type), None)
            value = VariableNode(name=name)
        elif choice == 1:  # a variable with a default
            name = self.name("v")
            self.declare(name, str(definition.type), value)
            value = VariableNode(name=name)
        return ArgumentNode(name=node.name, value=value)

    def realistic(self, name: str, value: ValueNode) -> ValueNode:
        """Half the time, a value that finds something in the test data."""
        if not self.draw(st.booleans()):
            return value
        if name == "login":
            return StringValueNode(value=self.draw(st.sampled_from(LOGINS)))
        if name == "id":
            return StringValueNode(value=self.draw(st.sampled_from(IDS)))
        if name == "ids":
            ids = self.draw(st.lists(st.sampled_from(IDS), max_size=6))
            return ListValueNode(values=tuple(StringValueNode(value=i) for i in ids))
        if name == "search":
            return StringValueNode(value=self.draw(st.sampled_from(SEARCHES)))
        if name in ("first", "last"):
            return IntValueNode(value=str(self.draw(st.sampled_from(PAGE_SIZES))))
        return value

    def directives(self) -> tuple[DirectiveNode, ...]:
        if self.draw(st.integers(0, 3)) != 0:
            return ()
        value: ValueNode = BooleanValueNode(value=self.draw(st.booleans()))
        if self.draw(st.booleans()):
            name = self.name("b")
            if self.draw(st.booleans()):
                self.variables[name.value] = value.value  # type: ignore[attr-defined]
                self.declare(name, "Boolean!", None)
            else:
                self.declare(name, "Boolean", value)
            value = VariableNode(name=name)
        directive = self.draw(st.sampled_from(["skip", "include"]))
        argument = ArgumentNode(name=NameNode(value="if"), value=value)
        return (DirectiveNode(name=NameNode(value=directive), arguments=(argument,)),)

    def declare(self, name: NameNode, type_: str, default: Any) -> None:
        variable = VariableNode(name=name)
        self.definitions.append(
            VariableDefinitionNode(variable=variable, type=parse_type(type_), default_value=default, directives=())
        )


@st.composite
def requests(draw: Draw) -> tuple[str, dict[str, Any], str]:
    generated = parse(draw(from_schema(SCHEMA, fields=QUERY_FIELDS, allow_x00=False)))
    operation = generated.definitions[0]
    assert isinstance(operation, OperationDefinitionNode) and SCHEMA.query_type is not None
    enricher = Enricher(draw)
    selection_set = enricher.selection_set(operation.selection_set, SCHEMA.query_type)
    query = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=NameNode(value="Fuzz") if draw(st.booleans()) else None,
        variable_definitions=tuple(enricher.definitions),
        directives=(),
        selection_set=selection_set,
    )
    document = DocumentNode(definitions=(query, *enricher.fragments))
    errors = validate(SCHEMA, document)
    assume(not errors)
    return print_ast(document), enricher.variables, draw(st.sampled_from(["alice", "bob"]))


@pytest.fixture
async def test_data(database_url: str, settings: Settings, connection: asyncpg.Connection) -> AsyncIterator[Pair]:
    await import_jsonl(connection, dataset.records() + dataset.crowd(3))
    async with pair_of_apps(database_url, settings, connection, ("alice", "bob")) as pair:
        yield pair


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("CUIC_FUZZ_RANDOM") is None,
)
@given(request=requests())
async def test_generated_queries_answer_alike(test_data: Pair, request: tuple[str, dict[str, Any], str]) -> None:
    query, variables, agent = request
    await test_data.compare(query, variables, agent)


def test_the_enricher_makes_what_it_promises() -> None:
    """Across examples it produces every construct the executor must plan."""
    seen: set[str] = set()

    @settings(max_examples=200, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(request=requests())
    def collect(request: tuple[str, dict[str, Any], str]) -> None:
        query, variables, _agent = request
        for marker in ("fragment F", "... on", "@skip", "@include", "$v", "$b", ": ", "node(", "nodes("):
            if marker in query:
                seen.add(marker)
        if variables:
            seen.add("variables")

    collect()
    assert seen >= {"fragment F", "... on", "@skip", "@include", "$v", "$b", "node(", "variables"}
