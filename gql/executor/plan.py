"""Plans: for one operation and one set of @skip/@include values, what every response key needs.

A plan is built from graphql-core's own `collect_fields`/`collect_subfields`, so fragments,
type conditions, merging and directives follow graphql-core exactly; the planner only
records the outcome once, with each field's kind (read an attribute, call a resolver, or
`__typename`), its constant arguments, and how its value is completed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    ValueNode,
    VariableNode,
    is_abstract_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_fields, collect_subfields
from graphql.execution.executor import default_field_resolver
from graphql.execution.values import VariableValues, get_argument_values

from gql.executor.calls import DirectCall, direct_call
from gql.executor.serialize import fast_leaf, is_type_of_wants_info, trivial_getter

# Field kinds: an attribute completed as a leaf, or otherwise; __typename; a resolver.
ATTRIBUTE_LEAF, ATTRIBUTE, TYPENAME, RESOLVER = 0, 1, 2, 3
# Completion kinds.
LEAF, OBJECT, LIST, ABSTRACT = 0, 1, 2, 3
# A plan larger than this is not worth keeping (and bounds a pathological document).
MAX_FIELDS = 20_000


class Unplannable(Exception):
    """The planner does not handle this operation: graphql-core executes it."""


class Completion:
    """How a value of one output type becomes response data."""

    __slots__ = (
        "abstract",
        "by_type",
        "fast_type",
        "int_range",
        "item",
        "kind",
        "leaf",
        "memo",
        "needs_info",
        "non_null",
        "object",
    )

    def __init__(self, kind: int, non_null: bool) -> None:
        self.kind = kind
        self.non_null = non_null
        self.leaf: GraphQLLeafType | None = None
        # A value of exactly this Python type is already its serialized form.
        self.fast_type: type | None = None
        self.int_range = False
        # Enum members already serialized: id(member) -> (member, name).
        self.memo: dict[int, tuple[Any, Any]] | None = None
        self.item: Completion | None = None
        self.object: ObjectPlan | None = None
        self.abstract: GraphQLAbstractType | None = None
        self.by_type: dict[str, ObjectPlan] = {}
        # Completing needs the field's GraphQLResolveInfo (resolve_type, a custom is_type_of).
        self.needs_info = False


class FieldPlan:
    """One response key of an object: the merged field nodes and what to do with them."""

    __slots__ = (
        "args",
        "attribute",
        "call",
        "completion",
        "details",
        "fast_type",
        "field_def",
        "getter",
        "int_range",
        "key",
        "kind",
        "kwargs",
        "name",
        "nodes",
        "parent",
        "resolve",
    )

    def __init__(self, key: str, kind: int, parent: GraphQLObjectType, details: list[FieldDetails]) -> None:
        self.key = key
        self.kind = kind
        self.parent = parent
        self.details = details
        self.nodes: list[FieldNode] = [detail.node for detail in details]
        self.name = self.nodes[0].name.value
        self.field_def: GraphQLField | None = None
        self.attribute = ""
        # None: the attribute is read with getattr; else strawberry's custom default resolver.
        self.getter: Callable[[Any, str], Any] | None = None
        self.resolve: Callable[..., Any] | None = None
        # Arguments that hold no variable are coerced once; None means per request.
        self.args: dict[str, Any] | None = None
        # A strawberry resolver called without its wrapper, and its arguments converted once.
        self.call: DirectCall | None = None
        self.kwargs: dict[str, Any] | None = None
        self.completion: Completion = Completion(LEAF, False)
        # The leaf completion's, copied here for the hot loop.
        self.fast_type: type | None = None
        self.int_range = False


class ObjectPlan:
    """The response keys of one selection set on one object type, in response order."""

    __slots__ = ("by_key", "fields", "is_type_of", "is_type_of_info", "name", "type")

    def __init__(self, type_: GraphQLObjectType) -> None:
        self.type = type_
        self.name = type_.name
        self.fields: list[FieldPlan] = []
        self.by_key: dict[str, FieldPlan] = {}
        self.is_type_of = type_.is_type_of
        self.is_type_of_info = self.is_type_of is not None and is_type_of_wants_info(self.is_type_of)


class Planner:
    """Builds the plan of one operation for one set of directive values."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        operation: OperationDefinitionNode,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.field_count = 0
        # Equal field node lists under equal types complete alike: share their plans.
        self.shared: dict[tuple[str, tuple[int, ...]], Completion] = {}

    def root(self) -> ObjectPlan:
        if self.operation.operation is not OperationType.QUERY:
            raise Unplannable("only queries are planned")
        root_type = self.schema.query_type
        if root_type is None:
            raise Unplannable("the schema has no query type")
        collected = collect_fields(self.schema, self.fragments, self.variables, root_type, self.operation)
        if collected.new_defer_usages:
            raise Unplannable("@defer")
        return self.object_plan(root_type, collected.grouped_field_set)

    def object_plan(self, type_: GraphQLObjectType, grouped: dict[str, list[FieldDetails]]) -> ObjectPlan:
        plan = ObjectPlan(type_)
        for key, details in grouped.items():
            field = self.field_plan(type_, key, details)
            if field is not None:
                plan.fields.append(field)
                plan.by_key[key] = field
        return plan

    def field_plan(self, parent: GraphQLObjectType, key: str, details: list[FieldDetails]) -> FieldPlan | None:
        self.field_count += 1
        if self.field_count > MAX_FIELDS:
            raise Unplannable("the plan would be too large")
        if any(detail.fragment_variable_values is not None for detail in details):
            raise Unplannable("fragment variables")
        name = details[0].node.name.value
        if name == "__typename":
            return FieldPlan(key, TYPENAME, parent, details)
        if name in ("__schema", "__type"):
            raise Unplannable("introspection")
        field_def = self.schema.get_field(parent, name)
        if field_def is None:
            return None  # graphql-core leaves the key out
        if any(directive.name.value == "stream" for node in details for directive in node.node.directives or ()):
            raise Unplannable("@stream")
        getter = trivial_getter(field_def)
        field = FieldPlan(key, RESOLVER if getter is None else ATTRIBUTE, parent, details)
        field.field_def = field_def
        if getter is None:
            field.resolve = field_def.resolve or default_field_resolver
            field.args = self.constant_args(field_def, field.nodes[0])
            field.call = direct_call(field_def, self.schema)
            if field.call is not None and field.args is not None:
                field.kwargs = field.call.constant(field.args)
        else:
            field.attribute, field.getter = getter
        field.completion = self.completion(field_def.type, details)
        if field.kind == ATTRIBUTE and field.completion.kind == LEAF:
            field.kind = ATTRIBUTE_LEAF
            field.fast_type, field.int_range = field.completion.fast_type, field.completion.int_range
        return field

    def constant_args(self, field_def: GraphQLField, node: FieldNode) -> dict[str, Any] | None:
        if not field_def.args and not node.arguments:
            return {}
        if any(_has_variable(argument.value) for argument in node.arguments or ()):
            return None
        try:
            return get_argument_values(field_def, node, self.variables)
        except Exception:
            return None  # coerced per request, where graphql-core reports the error

    def completion(self, type_: GraphQLOutputType, details: list[FieldDetails]) -> Completion:
        non_null = is_non_null_type(type_)
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            completion = Completion(LIST, non_null)
            completion.item = self.completion(type_.of_type, details)
            completion.needs_info = completion.item.needs_info
            return completion
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            completion = Completion(LEAF, non_null)
            completion.leaf = type_
            completion.fast_type, completion.int_range = fast_leaf(completion.leaf)
            if isinstance(type_, GraphQLEnumType):
                completion.memo = {}
            return completion
        key = (type_.name, tuple(id(detail.node) for detail in details))
        shared = self.shared.get(key)
        if shared is None:
            shared = self.shared[key] = self.composite(type_, details)
        if shared.non_null == non_null:
            return shared
        completion = Completion(shared.kind, non_null)
        completion.object, completion.abstract = shared.object, shared.abstract
        completion.by_type, completion.needs_info = shared.by_type, shared.needs_info
        return completion

    def composite(self, type_: GraphQLOutputType, details: list[FieldDetails]) -> Completion:
        if is_object_type(type_):
            assert isinstance(type_, GraphQLObjectType)
            completion = Completion(OBJECT, False)
            completion.object = self.sub_plan(type_, details)
            completion.needs_info = completion.object.is_type_of_info
            return completion
        if is_abstract_type(type_):
            assert isinstance(type_, GraphQLAbstractType)
            completion = Completion(ABSTRACT, False)
            completion.abstract = type_
            completion.needs_info = True
            for possible in self.schema.get_possible_types(type_):
                completion.by_type[possible.name] = self.sub_plan(possible, details)
            return completion
        raise Unplannable(f"unexpected output type {type_}")

    def sub_plan(self, type_: GraphQLObjectType, details: list[FieldDetails]) -> ObjectPlan:
        collected = collect_subfields(self.schema, self.fragments, self.variables, self.operation, type_, details)
        if collected.new_defer_usages:
            raise Unplannable("@defer")
        return self.object_plan(type_, collected.grouped_field_set)


def _has_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_has_variable(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_has_variable(field.value) for field in value.fields)
    return False
