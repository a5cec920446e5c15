"""Request limits a public GraphQL endpoint needs, each refused with QUERY_TOO_COMPLEX.

Checked on the validated document before execution: depth, aliases, root fields, and the
number of nodes a request may return in the manner of GitHub's API (the sum, over every
connection, of its `first`/`last` times those of the connections around it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from db.widgets import MAX_PAGE_SIZE

# Tokens a document may have (GraphiQL's introspection query has about 200, the bench's
# full nine-widget page about 350).
MAX_TOKENS = 20_000


@dataclass(frozen=True)
class Limits:
    max_depth: int = 15
    max_aliases: int = 50
    max_root_fields: int = 20
    max_nodes: int = 50_000


class LimitExceeded(Exception):
    pass


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.aliases = 0
        self.max_depth = 0
        self.nodes = 0

    def _page_size(self, field: FieldNode) -> int | None:
        sizes = []
        for argument in field.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                sizes.append(int(value.value))
            elif isinstance(value, VariableNode):
                raw = self.variables.get(value.name.value)
                if isinstance(raw, int):
                    sizes.append(raw)
        return max(sizes) if sizes else None

    def _id_count(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value == "ids":
                value = argument.value
                if isinstance(value, ListValueNode):
                    return len(value.values)
                if isinstance(value, VariableNode):
                    raw = self.variables.get(value.name.value)
                    return len(raw) if isinstance(raw, list) else 1
        return 1

    def fields(self, selection_set: SelectionSetNode | None, parent: Any) -> list[tuple[FieldNode, Any]]:
        """The fields of a selection set with fragments flattened, each with its parent type."""
        found: list[tuple[FieldNode, Any]] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                found.append((selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = self.schema.get_type(condition.name.value) if condition else parent
                found += self.fields(selection.selection_set, fragment_type)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    found += self.fields(
                        fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value)
                    )
        return found

    def walk(self, selection_set: SelectionSetNode | None, parent: Any, depth: int, multiplier: int) -> None:
        for field, parent_type in self.fields(selection_set, parent):
            name = field.name.value
            if field.alias is not None:
                self.aliases += 1
            if name.startswith("__"):
                continue  # introspection (GraphiQL's schema query) is not data
            self.max_depth = max(self.max_depth, depth)
            field_type: Any = None
            if isinstance(parent_type, GraphQLObjectType) or hasattr(parent_type, "fields"):
                definition = parent_type.fields.get(name)
                field_type = definition.type if definition else None
            named = get_named_type(field_type) if field_type is not None else None
            inner = multiplier
            if named is not None and named.name.endswith("Connection"):
                size = self._page_size(field)
                inner = multiplier * (MAX_PAGE_SIZE if size is None else max(size, 1))
                self.nodes += inner
            elif name == "nodes" and parent_type is self.schema.query_type:
                inner = multiplier * max(self._id_count(field), 1)
            self.walk(field.selection_set, named, depth + 1, inner)


def check_limits(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any] | None,
    limits: Limits,
) -> None:
    """Raise LimitExceeded naming the first limit the operation goes over."""
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, fragments, variables or {})
    root_fields = [f for f, _ in walker.fields(operation.selection_set, root) if not f.name.value.startswith("__")]
    if len(root_fields) > limits.max_root_fields:
        raise LimitExceeded(f"the query has {len(root_fields)} root fields; the limit is {limits.max_root_fields}")
    walker.walk(operation.selection_set, root, 1, 1)
    if walker.max_depth > limits.max_depth:
        raise LimitExceeded(f"the query is {walker.max_depth} levels deep; the limit is {limits.max_depth}")
    if walker.aliases > limits.max_aliases:
        raise LimitExceeded(f"the query has {walker.aliases} aliases; the limit is {limits.max_aliases}")
    if walker.nodes > limits.max_nodes:
        raise LimitExceeded(
            f"the query may return {walker.nodes} nodes; the limit is {limits.max_nodes}"
            " (lower `first`/`last`, which count as 100 where absent)"
        )
