"""A planned executor for graphql-core schemas: each document is planned once, then only moves data.

Why: graphql-core executes every field of every object the same general way (build a
`GraphQLResolveInfo`, look up the resolver, call it, check for an awaitable, complete the
value by its type), and strawberry adds an `Info` wrapper and argument conversion on top.
On a page of some thousand fields that was most of the server's CPU, while almost all of
those fields only read an attribute of an object that is already loaded. The set of fields,
their merging, fragments, type conditions, @skip/@include and constant arguments depend only
on the document, the operation and the directive variables, so they are decided once:

- `plan.py` turns an operation into a tree of per-type plans with graphql-core's own
  `collect_fields`, so the shape of the response is graphql-core's by construction.
- `serialize.py` recognises strawberry's attribute-only fields and the scalars whose
  serialization is the identity for values already of the right Python type.
- `run.py` completes values from the plan: trivial fields are read with `getattr`,
  resolvers get a real `GraphQLResolveInfo` built by graphql-core's own executor (so
  strawberry's `Info` and argument conversion work unchanged); errors are located,
  propagated and recorded as graphql-core does.
- `calls.py` calls plain strawberry resolvers without strawberry's per-call wrapper: the
  resolver's signature is read once per field, constant arguments are converted once per
  plan, and a resolver that takes no `info` gets no `GraphQLResolveInfo` built.
- `waves.py` settles what resolvers return as awaitables: each coroutine is started at
  once, most finish without a task, the rest are awaited together, one wave after the
  other, which keeps DataLoader batches whole (the SQL statements of a request are the
  same as on graphql-core).

The schema stays the one source of truth: nothing here restates a type by hand.

What is not planned runs on graphql-core's `execute` (a *fallback*): mutations and
subscriptions, introspection (`__schema`, `__type`), @defer/@stream, fragment variables,
@disableErrorPropagation and documents whose plan would be huge. A request that meets
something the runner does not mirror at run time (an async iterable, an awaitable type
resolver) is re-run on graphql-core; only queries are planned, so a re-run reads twice
but changes nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, NamedTuple

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLSchema,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
)
from graphql.execution.executor import Executor
from graphql.language import DirectiveNode, VariableNode, Visitor, visit

from gql.executor.plan import ObjectPlan, Planner, Unplannable
from gql.executor.run import Bailout, Run

__all__ = ["Execution", "PlannedExecutor"]

# Plans kept per document and operation, one per distinct set of @skip/@include values.
_PLANS_PER_DOCUMENT = 16


class Execution(NamedTuple):
    result: ExecutionResult
    planned: bool
    # Why graphql-core ran it, for the metrics: None when planned.
    fallback: str | None = None


class _Document:
    """What is known about one (document, operation name)."""

    __slots__ = ("directive_variables", "document", "plans", "unplannable")

    def __init__(self, document: DocumentNode, operation: OperationDefinitionNode | None) -> None:
        self.document = document  # held, so that its id() is not reused while cached
        self.plans: dict[tuple[Any, ...], ObjectPlan] = {}
        self.unplannable: str | None = None
        self.directive_variables: tuple[str, ...] = ()
        if operation is None:
            self.unplannable = "no operation"
        elif operation.operation.value != "query":
            self.unplannable = operation.operation.value
        elif any(d.name.value == "disableErrorPropagation" for d in operation.directives or ()):
            self.unplannable = "@disableErrorPropagation"
        else:
            self.directive_variables = _directive_variables(document)


class PlannedExecutor:
    """Executes validated documents against `schema`; thread-unsafe, one per event loop is fine."""

    def __init__(self, schema: GraphQLSchema, max_documents: int = 512) -> None:
        self.schema = schema
        self.max_documents = max_documents
        self.documents: OrderedDict[tuple[int, str | None], _Document] = OrderedDict()

    async def execute(
        self,
        document: DocumentNode,
        *,
        context_value: Any = None,
        root_value: Any = None,
        variable_values: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> Execution:
        """Like graphql-core's `execute` (which must give the same result) for a validated document."""
        known = self._document(document, operation_name)
        if known.unplannable is not None:
            return await self._fallback(document, context_value, root_value, variable_values, operation_name, known)
        executor = Executor.build(self.schema, document, root_value, context_value, variable_values, operation_name)
        if isinstance(executor, list):
            return Execution(ExecutionResult(None, errors=executor), planned=True)
        coerced = executor.variable_values.coerced
        signature = tuple(coerced.get(name, _MISSING) for name in known.directive_variables)
        plan = known.plans.get(signature)
        if plan is None:
            try:
                plan = Planner(self.schema, executor.fragments, executor.variable_values, executor.operation).root()
            except (Unplannable, RecursionError) as reason:
                known.unplannable = str(reason) or type(reason).__name__
                return await self._fallback(document, context_value, root_value, variable_values, operation_name, known)
            if len(known.plans) >= _PLANS_PER_DOCUMENT:
                known.plans.pop(next(iter(known.plans)))
            known.plans[signature] = plan
        try:
            result = await Run(executor, plan).execute()
        except Bailout as reason:
            return await self._fallback(
                document, context_value, root_value, variable_values, operation_name, known, str(reason)
            )
        return Execution(result, planned=True)

    def _document(self, document: DocumentNode, operation_name: str | None) -> _Document:
        key = (id(document), operation_name)
        known = self.documents.get(key)
        if known is not None and known.document is document:
            self.documents.move_to_end(key)
            return known
        known = _Document(document, get_operation_ast(document, operation_name))
        self.documents[key] = known
        while len(self.documents) > self.max_documents:
            self.documents.popitem(last=False)
        return known

    async def _fallback(
        self,
        document: DocumentNode,
        context_value: Any,
        root_value: Any,
        variable_values: dict[str, Any] | None,
        operation_name: str | None,
        known: _Document,
        reason: str | None = None,
    ) -> Execution:
        result = execute(
            self.schema,
            document,
            root_value=root_value,
            context_value=context_value,
            variable_values=variable_values,
            operation_name=operation_name,
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return Execution(result, planned=False, fallback=reason or known.unplannable)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _directive_variables(document: DocumentNode) -> tuple[str, ...]:
    """Variables that @skip/@include read: the plan depends on their values."""
    names: set[str] = set()

    class Finder(Visitor):
        def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
            if node.name.value in ("skip", "include"):
                for argument in node.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)

    visit(document, Finder())
    return tuple(sorted(names))
