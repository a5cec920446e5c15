"""The reordering rule of the Settings widget, without a database."""

import pytest

from db.widget_settings import WidgetSettingValue
from db.widgets import WIDGET_ORDER, WIDGETS, WidgetKey
from resolvers.errors import BadUserInput
from resolvers.settings import WidgetSettingChange, apply_changes

DEFAULTS = [WidgetSettingValue(w.key, True, w.default_position, w.default_page_size) for w in WIDGETS]


def order(values: list[WidgetSettingValue]) -> list[WidgetKey]:
    return [v.key for v in sorted(values, key=lambda v: v.position)]


def test_moving_a_widget_down_closes_the_gap_it_leaves() -> None:
    result = apply_changes(DEFAULTS, [WidgetSettingChange(WidgetKey.CUSTOMER_IDS, position=5)])
    assert [v.position for v in result] == list(range(1, 10))
    keys = order(result)
    assert keys[4] is WidgetKey.CUSTOMER_IDS
    assert keys[:4] == list(WIDGET_ORDER[1:5])
    assert keys[5:] == list(WIDGET_ORDER[5:])


def test_moving_two_widgets_puts_each_exactly_where_asked() -> None:
    changes = [
        WidgetSettingChange(WidgetKey.CUSTOMER_INFORMATION, position=1),
        WidgetSettingChange(WidgetKey.CUSTOMER_IDS, position=9),
    ]
    keys = order(apply_changes(DEFAULTS, changes))
    assert keys[0] is WidgetKey.CUSTOMER_INFORMATION
    assert keys[8] is WidgetKey.CUSTOMER_IDS
    assert sorted(keys) == sorted(WIDGET_ORDER)


def test_visibility_and_page_size_change_only_the_named_widget() -> None:
    result = apply_changes(DEFAULTS, [WidgetSettingChange(WidgetKey.OPEN_TICKETS, visible=False, page_size=25)])
    changed = {v.key: v for v in result}
    assert changed[WidgetKey.OPEN_TICKETS].visible is False
    assert changed[WidgetKey.OPEN_TICKETS].page_size == 25
    assert all(v.visible and v.page_size == 10 for v in result if v.key is not WidgetKey.OPEN_TICKETS)
    assert order(result) == list(WIDGET_ORDER)


@pytest.mark.parametrize(
    "changes",
    [
        [WidgetSettingChange(WidgetKey.NEW_TICKETS, position=0)],
        [WidgetSettingChange(WidgetKey.NEW_TICKETS, position=10)],
        [WidgetSettingChange(WidgetKey.NEW_TICKETS, page_size=0)],
        [WidgetSettingChange(WidgetKey.NEW_TICKETS, page_size=101)],
        [WidgetSettingChange(WidgetKey.NEW_TICKETS), WidgetSettingChange(WidgetKey.NEW_TICKETS, visible=False)],
        [
            WidgetSettingChange(WidgetKey.NEW_TICKETS, position=2),
            WidgetSettingChange(WidgetKey.OPEN_TICKETS, position=2),
        ],
    ],
)
def test_bad_changes_are_refused(changes: list[WidgetSettingChange]) -> None:
    with pytest.raises(BadUserInput):
        apply_changes(DEFAULTS, changes)


def test_the_catalogue_marks_exactly_the_widgets_that_page() -> None:
    from db.widgets import PAGED_WIDGETS
    from resolvers.ticket_widgets import RULES

    assert set(PAGED_WIDGETS) == {*RULES, WidgetKey.ASSIGNED_CIS}
