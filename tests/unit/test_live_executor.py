"""A subscription's executor keeps nothing from one event to the next (graphql-core's memo of
collected subfields grew with every push)."""

from __future__ import annotations

from graphql import build_schema, parse
from graphql.execution.executor_throwing_on_incremental import ExecutorThrowingOnIncremental

from gql.live.operation import _EventExecutor

SCHEMA = build_schema("type Query { a: Int } type Item { n: Int } type Subscription { items: [Item] }")
DOCUMENT = parse("subscription { items { n } }")


def memo_after_events(executor_class: type[ExecutorThrowingOnIncremental], events: int) -> int:
    base = executor_class.build(SCHEMA, DOCUMENT)
    assert isinstance(base, ExecutorThrowingOnIncremental)
    for number in range(events):
        event = base.build_per_event_executor({"items": [{"n": number}]})
        result = event.execute_operation(False)
        assert result.data == {"items": [{"n": number}]}  # type: ignore[union-attr]
    return len(base._relevant_sub_fields)


def test_each_event_has_a_memo_of_its_own() -> None:
    assert memo_after_events(ExecutorThrowingOnIncremental, 5) == 5, "graphql-core shares the memo (the leak)"
    assert memo_after_events(_EventExecutor, 5) == 0
