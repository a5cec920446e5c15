"""Per-agent preferences: the screen's language, name order and time zone on every device."""

from __future__ import annotations

import functools
import zoneinfo
from contextlib import suppress

from db.agent_preferences import Preferences, store_preferences
from resolvers.context import RequestContext
from resolvers.errors import BadUserInput


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


async def preferences(context: RequestContext, agent_id: int) -> Preferences:
    return Preferences.of(await context.loaders.preferences_by_agent.load(agent_id))


async def update_preferences(context: RequestContext, new: Preferences, given: set[str]) -> Preferences:
    """Change the viewer's preferences named in `given`; the others stay as they are."""
    if new.time_zone is not None and new.time_zone not in _time_zones():
        shown = new.time_zone if len(new.time_zone) <= 64 else new.time_zone[:64] + "…"
        raise BadUserInput(f"timeZone must be an IANA time zone such as Asia/Tokyo, got {shown!r}")
    agent_id = context.access.agent_id
    stored = await store_preferences(context.pool, agent_id, new, given)
    # Later reads in the same request must see the write, not the loader's cache.
    with suppress(KeyError):
        context.loaders.preferences_by_agent.clear(agent_id)
    return stored
