"""Relay global IDs: opaque base64 of "Type:id", and fetching any Node by one."""

from __future__ import annotations

import base64
import binascii
import enum

import asyncpg

from resolvers.context import RequestContext
from resolvers.errors import BadUserInput


class NodeType(enum.Enum):
    Agent = "Agent"
    Queue = "Queue"
    CustomerUser = "CustomerUser"
    Customer = "Customer"
    Ticket = "Ticket"
    ConfigItem = "ConfigItem"


def to_global_id(node_type: NodeType, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{node_type.value}:{row_id}".encode()).decode("ascii")


def from_global_id(global_id: str) -> tuple[str, int]:
    """Split an ID into type name and row id; BAD_USER_INPUT when it is not one of ours."""
    try:
        type_name, _, raw_id = base64.urlsafe_b64decode(global_id.encode("ascii")).decode("utf-8").partition(":")
        row_id = int(raw_id)
    except (ValueError, UnicodeError, binascii.Error):
        raise BadUserInput(f"{global_id!r} is not a valid ID") from None
    if not type_name or not 0 < row_id < 2**63 or raw_id != str(row_id):
        raise BadUserInput(f"{global_id!r} is not a valid ID")
    return type_name, row_id


async def load_node(context: RequestContext, global_id: str) -> tuple[NodeType, asyncpg.Record] | None:
    """The row behind an ID, or None when it is unknown or the viewer may not read it."""
    type_name, row_id = from_global_id(global_id)
    try:
        node_type = NodeType(type_name)
    except ValueError:
        return None
    loaders = context.loaders
    if row_id >= 2**31 and node_type is not NodeType.Ticket:
        return None
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
