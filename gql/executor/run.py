"""Running one request from its plan, with graphql-core's results and errors.

Synchronous work (attributes, sync resolvers, leaves, nested objects) is completed
depth-first the moment its value exists, in response order, as graphql-core does. A
resolver that returns an awaitable leaves a placeholder (`None`, in its place in the
response's key order) and joins the wave of pending work that `waves.py` settles.

Errors follow graphql-core's `handle_field_error`: located at the field (or list item)
where they arise, then raised through non-null positions to the nearest nullable one,
which becomes null and records the error, unless that position already lies under a
nulled one (graphql-core's own `CollectedErrors` keeps that record). The messages come
from graphql-core's own code wherever it has a function for them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeAlias

from graphql import ExecutionResult, GraphQLError, GraphQLResolveInfo, located_error
from graphql.execution.executor import CollectedErrors, Executor, invalid_return_type_error
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, is_iterable
from graphql.pyutils.is_awaitable import is_async_iterable, is_awaitable

from gql.executor.calls import DirectCall
from gql.executor.plan import (
    ATTRIBUTE,
    ATTRIBUTE_LEAF,
    LEAF,
    LIST,
    OBJECT,
    TYPENAME,
    Completion,
    FieldPlan,
    ObjectPlan,
)
from gql.executor.waves import Pending, Waves, close

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
ResolveInfo: TypeAlias = GraphQLResolveInfo[Any]


class Bailout(BaseException):
    """Something the runner does not mirror (async iterables, awaitable type checks).

    A BaseException, so that no field's error handling mistakes it for a field error."""


class Run(Waves):
    def __init__(self, executor: Executor[Any], root: ObjectPlan) -> None:
        self.executor = executor
        self.root = root
        self.errors = CollectedErrors()
        self.wave: list[Pending] = []
        self.data: dict[str, Any] | None = None
        # Classes whose instances are known not to be awaitable (list items are checked).
        self.plain: set[type] = set()

    async def execute(self) -> ExecutionResult:
        try:
            try:
                self.data = self.complete_object(self.root, self.executor.root_value, None)
                await self.settle_waves()
            except GraphQLError as error:
                self.errors.add(error, None)
                self.data = None
        finally:
            self.discard()
        return ExecutionResult(self.data, self.errors.errors or None)

    # The synchronous part: an object's fields in response order.

    def complete_object(self, plan: ObjectPlan, source: Any, path: Path | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field in plan.fields:
            kind = field.kind
            try:
                if kind == ATTRIBUTE_LEAF:
                    getter = field.getter
                    value = getattr(source, field.attribute) if getter is None else getter(source, field.attribute)
                    if value.__class__ is not field.fast_type or (field.int_range and not _int32(value)):
                        value = self.leaf(field.completion, value, field)
                    result[field.key] = value
                elif kind == ATTRIBUTE:
                    getter = field.getter
                    value = getattr(source, field.attribute) if getter is None else getter(source, field.attribute)
                    field_path = Path(path, field.key, plan.name)
                    result[field.key] = self.complete_value(field.completion, value, field, field_path, None)
                elif kind == TYPENAME:
                    result[field.key] = plan.name
                else:
                    result[field.key] = self.resolve(field, plan, source, path, result)
            except Exception as raw:
                field_path = Path(path, field.key, plan.name)
                error = located_error(raw, field.nodes, field_path.as_list())
                if field.completion.non_null:
                    raise error from None
                self.errors.add(error, field_path)
                result[field.key] = None
        return result

    def leaf(self, completion: Completion, value: Any, field: FieldPlan) -> Any:
        """graphql-core's completion of a leaf value, enum members looked up once per plan."""
        memo = completion.memo
        if memo is not None:
            known = memo.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if completion.non_null:
                raise TypeError(f"Cannot return null for non-nullable field {field.parent.name}.{field.name}.")
            return None
        if value.__class__ is completion.fast_type and (not completion.int_range or _int32(value)):
            return value
        serialized = Executor.complete_leaf_value(completion.leaf, value)  # type: ignore[arg-type]
        if memo is not None and isinstance(value, Enum):
            # Members live as long as their class, and serialize by their (fixed) value.
            memo[id(value)] = (value, serialized)
        return serialized

    def resolve(self, field: FieldPlan, plan: ObjectPlan, source: Any, path: Path | None, result: Any) -> Any:
        executor = self.executor
        assert field.field_def is not None and field.resolve is not None
        field_path = Path(path, field.key, plan.name)
        call = field.call
        info: ResolveInfo | None = None
        if (
            call is None
            or call.needs_info
            or field.completion.needs_info
            or (field.kwargs is None and call.converts_with_info(field.args))
        ):
            info = executor.build_resolve_info(field.field_def, field.nodes, plan.type, field_path)
        if call is None:
            args = field.args
            if args is None:
                args = get_argument_values(field.field_def, field.nodes[0], executor.variable_values)
            value = field.resolve(source, info, **args)
        else:
            value = self.call_direct(call, field, source, info)
        if is_awaitable(value):
            self.wave.append(Pending(value, field.completion, result, field.key, field_path, field, info))
            return None
        return self.complete_value(field.completion, value, field, field_path, info)

    def call_direct(self, call: DirectCall, field: FieldPlan, source: Any, info: ResolveInfo | None) -> Any:
        kwargs = field.kwargs  # converted once: then `args` are constant too
        args = field.args
        if args is None:
            assert field.field_def is not None
            args = get_argument_values(field.field_def, field.nodes[0], self.executor.variable_values)
        for check in call.checks:
            check(info, args)  # type: ignore[arg-type]  # built when there are checks
        if kwargs is None:
            try:
                kwargs = call.convert(args, info)
            except Exception as error:
                if call.is_async:
                    # Strawberry converts inside its async wrapper: the error comes when awaited.
                    return _raises(error)
                raise
        return call(source, info, kwargs)

    def complete_value(
        self, completion: Completion, value: Any, field: FieldPlan, path: Path | None, info: ResolveInfo | None
    ) -> Any:
        """graphql-core's `complete_value`; `path` is the value's own (built for objects and lists)."""
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if completion.non_null:
                raise TypeError(f"Cannot return null for non-nullable field {field.parent.name}.{field.name}.")
            return None
        kind = completion.kind
        if kind == LEAF:
            return self.leaf(completion, value, field)
        assert path is not None  # built by the caller for everything but leaves
        if completion.needs_info and info is None:
            info = self.info_for(field, path)
        if kind == OBJECT:
            return self.complete_typed(completion.object, value, field, path, info)  # type: ignore[arg-type]
        if kind == LIST:
            return self.complete_list(completion, value, field, path, info)
        return self.complete_abstract(completion, value, field, path, info)

    def complete_typed(
        self, plan: ObjectPlan, value: Any, field: FieldPlan, path: Path, info: ResolveInfo | None
    ) -> dict[str, Any]:
        is_type_of = plan.is_type_of
        if is_type_of is not None:
            # `info` is None only for strawberry's own is_type_of, which ignores it.
            matches = is_type_of(value, info)  # type: ignore[arg-type]
            if is_awaitable(matches):
                close(matches)
                raise Bailout("awaitable is_type_of")
            if not matches:
                raise invalid_return_type_error(plan.type, value, field.details)
        return self.complete_object(plan, value, path)

    def complete_abstract(
        self, completion: Completion, value: Any, field: FieldPlan, path: Path, info: ResolveInfo | None
    ) -> dict[str, Any]:
        abstract = completion.abstract
        assert abstract is not None and info is not None
        resolve_type = abstract.resolve_type or self.executor.type_resolver
        runtime_name = resolve_type(value, info, abstract)
        if is_awaitable(runtime_name):
            close(runtime_name)
            raise Bailout("awaitable resolve_type")
        runtime = self.executor.ensure_valid_runtime_type(runtime_name, abstract, field.details, info, value)
        return self.complete_typed(completion.by_type[runtime.name], value, field, path, info)

    def complete_list(
        self, completion: Completion, value: Any, field: FieldPlan, path: Path, info: ResolveInfo | None
    ) -> list[Any]:
        if is_async_iterable(value):
            raise Bailout("async iterable")
        if not is_iterable(value):
            raise GraphQLError(f"Expected Iterable, but did not find one for field '{field.parent.name}.{field.name}'.")
        item = completion.item
        assert item is not None
        plain = self.plain
        items: list[Any] = []
        for index, element in enumerate(value):
            item_path = Path(path, index, None)
            element_type = type(element)
            if element_type not in plain:
                if is_awaitable(element):
                    self.wave.append(Pending(element, item, items, index, item_path, field, info))
                    items.append(None)
                    continue
                plain.add(element_type)
            try:
                items.append(self.complete_value(item, element, field, item_path, info))
            except Exception as raw:
                error = located_error(raw, field.nodes, item_path.as_list())
                if item.non_null:
                    raise error from None
                self.errors.add(error, item_path)
                items.append(None)
        return items

    def info_for(self, field: FieldPlan, path: Path) -> ResolveInfo:
        # A list item's info is its field's, as graphql-core passes it down.
        while not isinstance(path.key, str):
            assert path.prev is not None
            path = path.prev
        assert field.field_def is not None
        return self.executor.build_resolve_info(field.field_def, field.nodes, field.parent, path)


async def _raises(error: Exception) -> Any:
    raise error


def _int32(value: Any) -> bool:
    return _INT_MIN <= value <= _INT_MAX  # type: ignore[no-any-return]
