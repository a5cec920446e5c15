"""Which ticket widget asks for its counts (and so has them counted in its page statement)."""

from typing import Any

import pytest
from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse

from gql.types.customer_user import selects

NAMES = frozenset(("totalCount", "scopeCounts"))


def asks(document: str, variables: dict[str, Any] | None = None) -> bool:
    """`selects` for the `openTickets` field of `{ customerUser { openTickets … } }`."""
    parsed = parse(document)
    fragments = {d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    customer_user = operation.selection_set.selections[0]
    assert isinstance(customer_user, FieldNode) and customer_user.selection_set is not None
    widget = [s for s in customer_user.selection_set.selections if isinstance(s, FieldNode)]
    return selects(widget, NAMES, fragments, variables or {})


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        ("{ customerUser { openTickets { totalCount } } }", None, True),
        ("{ customerUser { openTickets { scopeCounts { all } } } }", None, True),
        ("{ customerUser { openTickets { nodes { id } pageInfo { hasNextPage } } } }", None, False),
        ("{ customerUser { openTickets { ... { totalCount } } } }", None, True),
        ("{ customerUser { openTickets { ... on TicketConnection { ... { scopeCounts { all } } } } } }", None, True),
        ("{ customerUser { openTickets { ...F } } } fragment F on TicketConnection { totalCount }", None, True),
        ("{ customerUser { openTickets { ...F } } } fragment F on TicketConnection { nodes { id } }", None, False),
        ("{ customerUser { openTickets { totalCount @skip(if: true) } } }", None, False),
        ("{ customerUser { openTickets { totalCount @include(if: false) } } }", None, False),
        ("{ customerUser { openTickets { totalCount @skip(if: false) @include(if: true) } } }", None, True),
        ("query($s: Boolean!) { customerUser { openTickets { totalCount @skip(if: $s) } } }", {"s": True}, False),
        ("query($s: Boolean!) { customerUser { openTickets { totalCount @skip(if: $s) } } }", {"s": False}, True),
        (
            "query($i: Boolean!) { customerUser { openTickets { ... @include(if: $i) { totalCount } } } }",
            {"i": False},
            False,
        ),
        (
            "query($i: Boolean!) { customerUser { openTickets { ...F @include(if: $i) } } }"
            " fragment F on TicketConnection { totalCount }",
            {"i": True},
            True,
        ),
        (
            "{ customerUser { openTickets { ...F @skip(if: true) } } } fragment F on TicketConnection { totalCount }",
            None,
            False,
        ),
        # Two field nodes merged into one response key: either may ask.
        ("{ customerUser { openTickets { nodes { id } } openTickets { totalCount } } }", None, True),
    ],
)
def test_counts_are_asked_for_exactly_where_the_document_selects_them(
    document: str, variables: dict[str, Any] | None, expected: bool
) -> None:
    assert asks(document, variables) is expected
