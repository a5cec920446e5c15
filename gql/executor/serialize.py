"""What the planner may skip: trivial fields, leaf values already in their output form.

This module is the only one that knows how strawberry builds its graphql-core fields: a
field without a resolver (and without field extensions) gets `_get_basic_result`, which
reads `default_resolver(source, python_name)` and ignores `info` and arguments. Reading
that attribute directly is the same value with no `Info`, no coroutine, no completion step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLField, GraphQLLeafType, GraphQLScalarType
from graphql.type.scalars import serialize_boolean, serialize_id, serialize_int, serialize_string

# graphql-core returns these unchanged for a value of exactly this Python type (Int after
# its 32-bit range check), so the planned path may skip the call.
_IDENTITY: dict[Callable[[Any], Any], type] = {
    serialize_string: str,
    serialize_id: str,
    serialize_boolean: bool,
    serialize_int: int,
}
_DEFINITION = "strawberry-definition"


def fast_leaf(type_: GraphQLLeafType) -> tuple[type | None, bool]:
    """The Python type whose values serialize to themselves, and whether an Int range applies."""
    if not isinstance(type_, GraphQLScalarType):
        return None, False
    fast = _IDENTITY.get(type_.coerce_output_value)
    return fast, fast is int


def trivial_getter(field: GraphQLField) -> tuple[str, Callable[[Any, str], Any] | None] | None:
    """(attribute, getter) for a strawberry field that only reads an attribute, else None.

    The getter is None when strawberry's default resolver is plain `getattr`.
    """
    resolve = field.resolve
    definition = field.extensions.get(_DEFINITION) if field.extensions else None
    if resolve is None or definition is None:
        return None
    basic = getattr(resolve, "__name__", "") == "_get_basic_result" and getattr(resolve, "_is_default", False)
    if not basic or definition.base_resolver is not None or definition.extensions:
        return None
    getter = definition.default_resolver
    return definition.python_name, (None if getter is getattr else getter)


def is_type_of_wants_info(is_type_of: Callable[..., Any]) -> bool:
    """Strawberry's generated `is_type_of` ignores `info`; any other one gets a real one."""
    return not (
        getattr(is_type_of, "__module__", "") == "strawberry.schema.schema_converter"
        and getattr(is_type_of, "__name__", "") == "is_type_of"
    )
