"""The asynchronous part of a run: awaitables started at once, settled in waves.

A resolver's coroutine is started the moment the resolver returns it (as a JavaScript
async function would run), in a context of its own: most coroutines finish in that first
step (a DataLoader future primed or already loaded), and need no task at all. What they
return, or raise, is kept and handled when the wave is settled, in wave order, which is
when graphql-core's tasks would handle it; so errors keep graphql-core's order. Only a
coroutine that is suspended on a future gets a task, which resumes it where it stopped.
The loads of a wave all start before the first DataLoader batch is dispatched.

When an awaitable of a non-null position fails, the error travels up the plan to the
nearest nullable position, as it does up graphql-core's call stack. Work not yet started
below a nulled position is dropped; work already running is finished and its outcome
discarded, where graphql-core cancels it (so a response with such an error may have cost
a statement more or less; its body is the same).
"""

from __future__ import annotations

from asyncio import Future, get_running_loop, isfuture, wait
from collections.abc import Awaitable, Generator
from contextvars import Context, copy_context
from inspect import iscoroutine
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, located_error
from graphql.pyutils import Path

from gql.executor.plan import ABSTRACT, Completion, FieldPlan, ObjectPlan

if TYPE_CHECKING:
    from graphql.execution.executor import CollectedErrors

    from gql.executor.run import ResolveInfo

# Pending states: an awaitable to await; a value; an error (the first step finished).
AWAIT, VALUE, ERROR = 0, 1, 2


class Resumed:
    """Awaits a coroutine that already ran up to `yielded`, forwarding it all further steps."""

    __slots__ = ("coroutine", "yielded")

    def __init__(self, coroutine: Any, yielded: Any) -> None:
        self.coroutine = coroutine
        self.yielded = yielded

    def __await__(self) -> Generator[Any, Any, Any]:
        coroutine, yielded = self.coroutine, self.yielded
        if getattr(yielded, "_asyncio_future_blocking", None) is False:
            # Hand the future to the task as Future.__await__ does (see Pending).
            yielded._asyncio_future_blocking = True
        while True:
            try:
                received = yield yielded
            except GeneratorExit:
                coroutine.close()
                raise
            except BaseException as thrown:  # the task's cancellation, forwarded
                try:
                    yielded = coroutine.throw(thrown)
                except StopIteration as done:
                    return done.value
            else:
                try:
                    yielded = coroutine.send(received)
                except StopIteration as done:
                    return done.value

    def close(self) -> None:
        self.coroutine.close()
        if isfuture(self.yielded):
            # Nobody awaits this future for the coroutine any more: should it fail (a
            # gather inside a resolver), that is no "exception never retrieved".
            self.yielded.add_done_callback(_retrieve)


class Pending:
    """An awaitable (or its outcome) whose value completes `container[key]`."""

    __slots__ = ("completion", "container", "context", "field", "info", "key", "outcome", "path", "state")

    def __init__(
        self,
        awaitable: Awaitable[Any],
        completion: Completion,
        container: Any,
        key: str | int,
        path: Path,
        field: FieldPlan,
        info: ResolveInfo | None,
    ) -> None:
        self.completion = completion
        self.container = container
        self.key = key
        self.path = path
        self.field = field
        self.info = info
        self.context: Context | None = None
        self.state = AWAIT
        self.outcome: Any = awaitable
        if iscoroutine(awaitable):
            self.context = copy_context()
            try:
                yielded = self.context.run(awaitable.send, None)
            except StopIteration as done:
                self.state, self.outcome = VALUE, done.value
            except Exception as error:
                self.state, self.outcome = ERROR, error
            else:
                if getattr(yielded, "_asyncio_future_blocking", None):
                    # Consume the flag as a task receiving the future does: another coroutine
                    # may await the same future (a DataLoader's, per key) before a task runs,
                    # and asyncio refuses to hand out a future whose flag is still set.
                    yielded._asyncio_future_blocking = False
                self.outcome = Resumed(awaitable, yielded)


class Waves:
    """State and steps of the asynchronous part; `Run` adds the synchronous completion."""

    errors: CollectedErrors
    data: dict[str, Any] | None
    root: ObjectPlan
    wave: list[Pending]

    def complete_value(
        self, completion: Completion, value: Any, field: FieldPlan, path: Path | None, info: ResolveInfo | None
    ) -> Any:
        raise NotImplementedError

    async def settle_waves(self) -> None:
        loop = get_running_loop()
        while self.wave and self.data is not None:
            wave, self.wave = self.wave, []
            tasks = []
            for pending in wave:
                if self.dropped(pending):
                    close(pending.outcome)
                elif pending.state == AWAIT:
                    tasks.append(loop.create_task(self.settle(pending), context=pending.context))
                else:
                    self.complete(pending, pending.outcome)
            if tasks:
                try:
                    await wait(tasks)
                except BaseException:
                    for task in tasks:
                        task.cancel()
                    raise
                for task in tasks:
                    task.result()  # a Bailout, or what graphql-core would not catch either

    async def settle(self, pending: Pending) -> None:
        try:
            value = await pending.outcome
        except Exception as error:
            pending.state, value = ERROR, error
        else:
            pending.state = VALUE
        if self.dropped(pending):
            return
        self.complete(pending, value)

    def complete(self, pending: Pending, value: Any) -> None:
        try:
            if pending.state == ERROR:
                raise value
            pending.container[pending.key] = self.complete_value(
                pending.completion, value, pending.field, pending.path, pending.info
            )
        except Exception as raw:
            self.fail(located_error(raw, pending.field.nodes, pending.path.as_list()), pending)

    def dropped(self, pending: Pending) -> bool:
        """Below a nulled position: graphql-core would have cancelled it."""
        return bool(self.errors.errors) and self.errors.has_nulled_position(pending.path)

    def fail(self, error: GraphQLError, pending: Pending) -> None:
        """Null the nearest nullable position at or above the pending one."""
        if not pending.completion.non_null:
            self.errors.add(error, pending.path)
            pending.container[pending.key] = None
            return
        for container, key, path, non_null in reversed(self.levels(pending.path.prev)):
            if not non_null:
                # A no-op when `path` already lies under a nulled position, like graphql-core.
                self.errors.add(error, path)
                container[key] = None
                return
        self.errors.add(error, None)
        self.data = None

    def levels(self, path: Path | None) -> list[tuple[Any, str | int, Path, bool]]:
        """Each position from the root down to `path`: its container, key, path and non-null."""
        chain: list[Path] = []
        while path is not None:
            chain.append(path)
            path = path.prev
        levels: list[tuple[Any, str | int, Path, bool]] = []
        container: Any = self.data
        plan: ObjectPlan | None = self.root
        completion: Completion | None = None
        for step in reversed(chain):
            if isinstance(step.key, str):
                if completion is not None and completion.kind == ABSTRACT:
                    plan = completion.by_type[step.typename]  # type: ignore[index]
                elif completion is not None:
                    plan = completion.object
                assert plan is not None
                completion = plan.by_key[step.key].completion
            else:
                assert completion is not None and completion.item is not None
                completion = completion.item
            levels.append((container, step.key, step, completion.non_null))
            container = container[step.key]
            if container is None:
                break
        return levels

    def discard(self) -> None:
        for pending in self.wave:
            close(pending.outcome)
        self.wave.clear()


def _retrieve(future: Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def close(outcome: Any) -> None:
    """Dispose of a started awaitable that will never be awaited, as cancelling it would."""
    if iscoroutine(outcome) or isinstance(outcome, Resumed):
        outcome.close()
