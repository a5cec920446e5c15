"""Strawberry resolvers called directly: what strawberry's wrapper does, decided once per field.

Strawberry wraps every resolver in a function that builds its `Info`, converts the
arguments (`get_arguments`: names, input types, enums) and looks at the resolver's
signature for `self`, `root`, `parent` and `info`, on every call. The signature and the
conversion of constant arguments depend only on the field and the document, so a plan
decides them once: a resolver that asks for no `info` then needs no `GraphQLResolveInfo`
either, and arguments that are all constant (the defaults, or literals) are converted once
per plan. Only plain strawberry fields are called this way (no field extensions, no
exception handlers, strawberry's own `get_result`); any other field keeps its wrapper.

A wrapper around strawberry's (`functools.wraps`, so with `__wrapped__`) is seen through
only when it declares what it does before the call as `check_arguments(info, arguments)`
(gql/inputs.py's text guard does); the call runs those checks first, as the wrapper would.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from graphql import GraphQLField, GraphQLInputObjectType, GraphQLResolveInfo, GraphQLSchema, get_named_type
from strawberry.schema import schema_converter
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

_DEFINITION = "strawberry-definition"
_CONVERTER_FILE = schema_converter.__file__
# Converted argument values that a plan may share between requests: nothing a resolver can change.
_IMMUTABLE = (str, int, float, bool, Enum)


class DirectCall:
    """One strawberry resolver, with what its wrapper would work out on each call."""

    __slots__ = (
        "arguments",
        "checks",
        "converter",
        "field",
        "function",
        "info_class",
        "info_name",
        "input_objects",
        "is_async",
        "needs_info",
        "pass_self",
        "source_names",
    )

    def __init__(
        self,
        field: StrawberryField,
        converter: GraphQLCoreConverter,
        input_objects: frozenset[str],
        checks: tuple[Callable[[GraphQLResolveInfo[Any], dict[str, Any]], None], ...],
    ) -> None:
        resolver = field.base_resolver
        assert resolver is not None
        self.field = field
        self.converter = converter
        self.function: Callable[..., Any] = resolver.wrapped_func  # type: ignore[assignment]
        self.arguments = field.arguments
        self.pass_self = resolver.self_parameter is not None
        self.source_names = tuple(
            parameter.name for parameter in (resolver.parent_parameter, resolver.root_parameter) if parameter
        )
        self.info_name = None if resolver.info_parameter is None else resolver.info_parameter.name
        self.info_class = converter.config.info_class
        self.is_async = field.is_async
        # The wrappers' checks of graphql-core's argument values, outermost first.
        self.checks = checks
        self.needs_info = self.info_name is not None or bool(checks)
        # Arguments of input types: a value of one may be built with `info` (strawberry's
        # `from_input`), and is a new object per call (a resolver may keep or change it).
        self.input_objects = input_objects

    def converts_with_info(self, raw: dict[str, Any] | None) -> bool:
        """Whether converting `raw` (None: not known until the request) needs an `info`."""
        if raw is None:
            return bool(self.input_objects)
        return any(raw.get(name) is not None for name in self.input_objects)

    def convert(self, raw: dict[str, Any], info: GraphQLResolveInfo[Any] | None) -> dict[str, Any]:
        """strawberry's conversion of graphql-core's argument values."""
        strawberry_info = None if info is None else self.info_class(_raw_info=info, _field=self.field)
        return convert_arguments(
            raw,
            self.arguments,
            scalar_registry=self.converter.scalar_registry,
            config=self.converter.config,
            info=strawberry_info,
        )

    def constant(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """The converted arguments, when they can be shared by every request of a plan."""
        if self.converts_with_info(raw):
            return None
        converted = self.convert(raw, None)
        if all(value is None or isinstance(value, _IMMUTABLE) for value in converted.values()):
            return converted
        return None

    def __call__(self, source: Any, info: GraphQLResolveInfo[Any] | None, kwargs: dict[str, Any]) -> Any:
        if self.source_names or self.info_name is not None:
            kwargs = dict(kwargs)
            for name in self.source_names:
                kwargs[name] = source
            if self.info_name is not None:
                kwargs[self.info_name] = self.info_class(_raw_info=info, _field=self.field)  # type: ignore[arg-type]
        if self.pass_self:
            return self.function(source, **kwargs)
        return self.function(**kwargs)


def direct_call(field_def: GraphQLField, schema: GraphQLSchema) -> DirectCall | None:
    """A DirectCall for a plain strawberry resolver field, else None (keep its wrapper)."""
    definition = field_def.extensions.get(_DEFINITION) if field_def.extensions else None
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    converter = getattr(strawberry_schema, "schema_converter", None)
    if not isinstance(definition, StrawberryField) or not isinstance(converter, GraphQLCoreConverter):
        return None
    if definition.base_resolver is None or definition.extensions or converter.exception_handlers:
        return None
    if type(definition).get_result is not StrawberryField.get_result:
        return None  # a field class of its own (relay, for example) calls its resolver its own way
    checks = []
    resolve: Any = field_def.resolve
    while getattr(resolve, "check_arguments", None) is not None and hasattr(resolve, "__wrapped__"):
        checks.append(resolve.check_arguments)
        resolve = resolve.__wrapped__
    code = getattr(resolve, "__code__", None)
    if code is None or code.co_name not in ("_resolver", "_async_resolver") or code.co_filename != _CONVERTER_FILE:
        return None  # not strawberry's own wrapper: something else runs around the resolver
    input_objects = frozenset(
        name for name, arg in field_def.args.items() if isinstance(get_named_type(arg.type), GraphQLInputObjectType)
    )
    return DirectCall(definition, converter, input_objects, tuple(checks))
