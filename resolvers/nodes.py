"""Relay global IDs: opaque base64 of "Type:id" (or "Type:id:part" for an object that is one
of several of a row), and fetching any Node by one."""

from __future__ import annotations

import base64
import binascii
import enum
from typing import NamedTuple

import asyncpg

from db.widgets import WidgetKey
from resolvers import settings
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput


class NodeType(enum.Enum):
    Agent = "Agent"
    Queue = "Queue"
    CustomerUser = "CustomerUser"
    Customer = "Customer"
    Ticket = "Ticket"
    ConfigItem = "ConfigItem"
    # An agent's setting for one widget: the agent's id and the widget key.
    WidgetSetting = "WidgetSetting"


class GlobalId(NamedTuple):
    type_name: str
    row_id: int
    part: str | None = None


def to_global_id(node_type: NodeType, row_id: int, part: str | None = None) -> str:
    raw = f"{node_type.value}:{row_id}" if part is None else f"{node_type.value}:{row_id}:{part}"
    return base64.urlsafe_b64encode(raw.encode()).decode("ascii")


def from_global_id(global_id: str) -> GlobalId:
    """Split an ID into type name, row id and part; BAD_USER_INPUT when it is not one of ours."""
    try:
        type_name, _, rest = base64.urlsafe_b64decode(global_id.encode("ascii")).decode("utf-8").partition(":")
        raw_id, colon, part = rest.partition(":")
        row_id = int(raw_id)
    except (ValueError, UnicodeError, binascii.Error):
        raise BadUserInput(f"{global_id!r} is not a valid ID") from None
    if not type_name or not 0 < row_id < 2**63 or raw_id != str(row_id) or (colon and not part):
        raise BadUserInput(f"{global_id!r} is not a valid ID")
    return GlobalId(type_name, row_id, part or None)


async def load_node(
    context: RequestContext, global_id: str
) -> tuple[NodeType, asyncpg.Record | settings.AgentWidgetSetting] | None:
    """The object behind an ID, or None when it is unknown or the viewer may not read it."""
    type_name, row_id, part = from_global_id(global_id)
    try:
        node_type = NodeType(type_name)
    except ValueError:
        return None
    if (part is not None) != (node_type is NodeType.WidgetSetting):
        return None
    loaders = context.loaders
    if row_id >= 2**31 and node_type is not NodeType.Ticket:
        return None
    if node_type is NodeType.WidgetSetting:
        assert part is not None
        setting = await _widget_setting(context, row_id, part)
        return None if setting is None else (node_type, setting)
    loader = {
        NodeType.Agent: loaders.agent_by_id,
        NodeType.Queue: loaders.queue_by_id,
        NodeType.CustomerUser: loaders.customer_user_by_id,
        NodeType.Customer: loaders.customer_by_id,
        NodeType.Ticket: loaders.ticket_by_id,
        NodeType.ConfigItem: loaders.config_item_by_id,
    }[node_type]
    row = await loader.load(row_id)
    return None if row is None else (node_type, row)


async def _widget_setting(context: RequestContext, agent_id: int, key: str) -> settings.AgentWidgetSetting | None:
    """Any agent's setting, as `Agent.widgetSettings` shows it on every agent."""
    try:
        widget = WidgetKey(key)
    except ValueError:
        return None
    if agent_id != context.access.agent_id and await context.loaders.agent_by_id.load(agent_id) is None:
        return None
    for value in await settings.widget_settings(context, agent_id):
        if value.key is widget:
            return settings.AgentWidgetSetting(agent_id, value)
    raise AssertionError(f"no setting for {widget}")
