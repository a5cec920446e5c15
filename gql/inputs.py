"""Text arguments PostgreSQL cannot hold, refused where arguments enter a resolver.

PostgreSQL `text` holds neither NUL nor (in UTF-8) an unpaired surrogate. Such a value in
any String or ID argument, typed in the document or sent as a variable, directly or inside
an input object, would fail as an internal error once it reached a statement. Every field
that takes text has its resolver wrapped once, when the schema is built: the wrapper sees
the coerced arguments (literals and variables alike) and raises BAD_USER_INPUT, so the
error carries the field's path and nulls only that field.

JSON decoding and the GraphQL lexer already refuse unpaired surrogate escapes; the check
covers them anyway, as its cost is the same regex.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLID,
    GraphQLInputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    ListValueNode,
    ObjectValueNode,
    ValueNode,
    VariableNode,
    default_field_resolver,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)

from resolvers.errors import BadUserInput

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# One step into an argument's value: an input object's field name or a list index.
Step = str | int


def _takes_text(type_: GraphQLInputType, seen: frozenset[str] = frozenset()) -> bool:
    while is_non_null_type(type_) or is_list_type(type_):
        type_ = type_.of_type
    if is_input_object_type(type_):
        if type_.name in seen:
            return False
        inner = seen | {type_.name}
        return any(_takes_text(field.type, inner) for field in type_.fields.values())
    return type_ in (GraphQLString, GraphQLID)


def _unstorable(value: Any, path: tuple[Step, ...]) -> tuple[tuple[Step, ...], str] | None:
    """The path to the first text in `value` PostgreSQL cannot hold, and what is wrong with it."""
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found is None:
            return None
        return path, "a NUL character" if found.group() == "\x00" else "an unpaired surrogate"
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for step, item in items:
        found_inside = _unstorable(item, (*path, step))
        if found_inside is not None:
            return found_inside
    return None


def _variable_at(node: ValueNode | None, path: tuple[Step, ...]) -> str | None:
    """The variable that supplied the value at `path` of an argument, if one did."""
    for step in path:
        if isinstance(node, VariableNode):
            break
        if isinstance(node, ObjectValueNode) and isinstance(step, str):
            node = next((field.value for field in node.fields if field.name.value == step), None)
        elif isinstance(node, ListValueNode) and isinstance(step, int) and step < len(node.values):
            node = node.values[step]
        else:
            return None
    return node.name.value if isinstance(node, VariableNode) else None


def _describe(path: tuple[Step, ...]) -> str:
    text = str(path[0])
    for step in path[1:]:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def check_arguments(info: GraphQLResolveInfo[Any], arguments: dict[str, Any]) -> None:
    """Raise BAD_USER_INPUT naming the argument (and variable) with text PostgreSQL cannot hold."""
    for name, value in arguments.items():
        found = _unstorable(value, (name,))
        if found is None:
            continue
        path, problem = found
        given = info.field_nodes[0].arguments or ()
        node = next((argument.value for argument in given if argument.name.value == name), None)
        variable = _variable_at(node, path[1:]) if node is not None else None
        source = f" (variable `${variable}`)" if variable else ""
        raise BadUserInput(f"`{_describe(path)}`{source} contains {problem}, which text cannot hold")


def _guarded(resolve: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(resolve)
    def guarded(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        check_arguments(info, arguments)
        return resolve(source, info, **arguments)

    guarded.checks_text_arguments = True  # type: ignore[attr-defined]
    # For gql/executor/calls.py, which calls strawberry's resolver itself: the check to run first.
    guarded.check_arguments = check_arguments  # type: ignore[attr-defined]
    return guarded


def guard_text_arguments(schema: GraphQLSchema) -> None:
    """Wrap the resolver of every field that takes a String or ID argument, at any depth."""
    for type_ in schema.type_map.values():
        if not is_object_type(type_) or type_.name.startswith("__"):
            continue
        field: GraphQLField
        for field in type_.fields.values():
            if any(_takes_text(argument.type) for argument in field.args.values()):
                field.resolve = _guarded(field.resolve or default_field_resolver)
