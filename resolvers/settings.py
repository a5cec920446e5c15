"""Settings widget: which widgets an agent shows, in which order, with how many rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from db.widget_settings import WidgetSettingValue, delete_widget_settings, replace_widget_settings
from db.widgets import MAX_PAGE_SIZE, PAGED_WIDGETS, WIDGETS, WIDGETS_BY_KEY, WidgetKey
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput


@dataclass(frozen=True)
class AgentWidgetSetting:
    """One agent's setting for one widget: what a WidgetSetting node stands for."""

    agent_id: int
    value: WidgetSettingValue


async def widget_settings(context: RequestContext, agent_id: int) -> list[WidgetSettingValue]:
    """All nine widgets ordered by position: the agent's choices over the defaults."""
    return list(await _merged(context, agent_id))


async def _merged(context: RequestContext, agent_id: int) -> tuple[WidgetSettingValue, ...]:
    """The merge, done once per loaded rows: every widget of a page asks for its page size.

    Keyed by the rows' identity, so that a write that primes the loader with new rows is seen."""
    rows = await context.loaders.widget_settings_by_agent.load(agent_id)
    known = context.merged_settings.get(agent_id)
    if known is None or known[0] is not rows:
        known = context.merged_settings[agent_id] = (rows, tuple(_merge_with_defaults(rows)))
    return known[1]


def _merge_with_defaults(rows: Sequence[asyncpg.Record]) -> list[WidgetSettingValue]:
    stored = {row["widget_key"]: row for row in rows}
    settings = []
    for widget in WIDGETS:
        row = stored.get(widget.key.value)
        if row is None:
            settings.append(
                WidgetSettingValue(
                    widget.key, widget.default_visible, widget.default_position, widget.default_page_size
                )
            )
        else:
            settings.append(WidgetSettingValue(widget.key, row["visible"], row["position"], row["page_size"]))
    settings.sort(key=lambda setting: (setting.position, WIDGETS_BY_KEY[setting.key].default_position))
    return settings


async def page_size(context: RequestContext, widget: WidgetKey) -> int:
    """Rows a paged widget shows for the viewer when the query gives no `first`/`last`."""
    if not WIDGETS_BY_KEY[widget].paged:
        raise ValueError(f"{widget} is not a paged widget: mark it `paged` in db/widgets.py")
    for setting in await _merged(context, context.access.agent_id):
        if setting.key is widget:
            return setting.page_size
    raise KeyError(widget)


@dataclass(frozen=True)
class WidgetSettingChange:
    key: WidgetKey
    visible: bool | None = None
    position: int | None = None
    page_size: int | None = None


def apply_changes(current: list[WidgetSettingValue], changes: list[WidgetSettingChange]) -> list[WidgetSettingValue]:
    """The settings after `changes`; moved widgets take their place and the rest close up."""
    seen: set[WidgetKey] = set()
    for change in changes:
        if change.key in seen:
            raise BadUserInput(f"widget {change.key.value} is named more than once")
        seen.add(change.key)
        if change.position is not None and not 1 <= change.position <= len(WIDGETS):
            raise BadUserInput(f"position of {change.key.value} must be between 1 and {len(WIDGETS)}")
        if change.page_size is not None and not WIDGETS_BY_KEY[change.key].paged:
            raise BadUserInput(f"{change.key.value} has no page size; only {', '.join(PAGED_WIDGETS)} take a pageSize")
        if change.page_size is not None and not 1 <= change.page_size <= MAX_PAGE_SIZE:
            raise BadUserInput(f"pageSize of {change.key.value} must be between 1 and {MAX_PAGE_SIZE}")
    positions = [change.position for change in changes if change.position is not None]
    if len(positions) != len(set(positions)):
        raise BadUserInput("two widgets cannot take the same position")
    by_key = {setting.key: setting for setting in current}
    for change in changes:
        old = by_key[change.key]
        by_key[change.key] = WidgetSettingValue(
            key=change.key,
            visible=old.visible if change.visible is None else change.visible,
            position=old.position,
            page_size=old.page_size if change.page_size is None else change.page_size,
        )
    moves = sorted((c.position, c.key) for c in changes if c.position is not None)
    moved = {key for _, key in moves}
    order = [s.key for s in sorted(current, key=lambda s: s.position) if s.key not in moved]
    for position, key in moves:
        order.insert(position - 1, key)
    return [
        WidgetSettingValue(key, by_key[key].visible, position, by_key[key].page_size)
        for position, key in enumerate(order, start=1)
    ]


async def update_widget_settings(
    context: RequestContext, changes: list[WidgetSettingChange]
) -> list[WidgetSettingValue]:
    agent_id = context.access.agent_id
    updated, stored = await replace_widget_settings(
        context.pool, agent_id, lambda rows: apply_changes(_merge_with_defaults(rows), changes)
    )
    _remember_settings(context, agent_id, stored)
    return updated


async def reset_widget_settings(context: RequestContext) -> list[WidgetSettingValue]:
    agent_id = context.access.agent_id
    await delete_widget_settings(context.pool, agent_id)
    _remember_settings(context, agent_id, [])
    return _merge_with_defaults([])


def _remember_settings(context: RequestContext, agent_id: int, stored: list[asyncpg.Record]) -> None:
    """Later reads in the same request (the payload's `viewer`) must see the write: not the
    loader's cached rows, nor a read replica that may not have the write yet."""
    context.loaders.widget_settings_by_agent.prime(agent_id, stored, force=True)
