"""Which subscriptions a change concerns, and when each of them computes its next push.

A `Watch` is one subscription's wake-ups: a change that concerns it, the instant when time
alone moves one of its tickets into Reminder or Escalated, the feed coming back after an
outage. Its pushes are at least `min_push_interval` apart: wake-ups in between coalesce
into one push, so a burst of writes costs one computation per subscription.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TypeVar

from prometheus_client import Counter, Gauge

from db.changes import Change

K = TypeVar("K")

# Per worker: with --workers N (multiprocess mode) each live worker's value, labelled by pid.
SUBSCRIPTIONS = Gauge("cuic_live_subscriptions", "Live subscriptions of this worker.", multiprocess_mode="liveall")
PUSHES = Counter("cuic_live_pushes_total", "Pushes computed for live subscriptions, by cause.", ["cause"])
SLOW_CONSUMERS = Counter("cuic_live_slow_consumers_total", "Live connections dropped for not reading their pushes.")
LISTENING = Gauge(
    "cuic_live_listener_up", "1 while this worker's LISTEN connection is up.", multiprocess_mode="liveall"
)

# Time-driven wake-ups later than this are re-planned from a fresh push: clocks drift, and a
# subscription that long-lived costs one extra computation a few times a day.
_MAX_TIMER = 6 * 3600.0
# Past the instant itself: the widget's rule includes the instant, a timer may fire early.
_TIMER_MARGIN = 0.05


class Watch:
    def __init__(self, hub: Hub, agent_id: int) -> None:
        self.hub = hub
        self.agent_id = agent_id
        self.customer_user_id: int | None = None
        self.following = False  # indexed by customer user (None: a login not known yet)
        self.wanted = asyncio.Event()
        self.cause = "subscribe"
        self.timer: asyncio.TimerHandle | None = None
        self.last_push = -1e9  # loop time

    def wake(self, cause: str) -> None:
        if not self.wanted.is_set():
            self.cause = cause
            self.wanted.set()

    def follow(self, customer_user_id: int | None) -> None:
        """Watch this customer user's changes (None: a login no customer user has yet)."""
        self.hub.move(self, customer_user_id)

    def wake_at(self, instant: datetime | None) -> None:
        """Push again at `instant`, when time alone changes what the subscription shows."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if instant is None:
            return
        delay = min(max((instant - datetime.now(UTC)).total_seconds(), 0.0) + _TIMER_MARGIN, _MAX_TIMER)
        self.timer = asyncio.get_running_loop().call_later(delay, self.wake, "time")

    def wake_later(self, seconds: float, cause: str) -> None:
        """Try again in a while (a push that found the database unavailable)."""
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(seconds, self.wake, cause)

    async def wait(self, min_interval: float) -> str:
        """Until the next push is due: wanted, and `min_interval` after the last one."""
        await self.wanted.wait()
        loop = asyncio.get_running_loop()
        delay = self.last_push + min_interval - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        # Cleared only now: what arrived during the pause is in this push.
        self.wanted.clear()
        self.last_push = loop.time()
        PUSHES.labels(self.cause).inc()
        return self.cause

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.hub.remove(self)


class Hub:
    """The watches of one worker, by customer user and by agent."""

    def __init__(self) -> None:
        self.watches: set[Watch] = set()
        self.by_user: dict[int | None, set[Watch]] = {}
        self.by_agent: dict[int, set[Watch]] = {}
        # False while the feed is down: nothing tells the watches about changes then.
        self.listening = False
        # Counts the wake-ups by changes: pushes of one token share a context within one.
        self.generation = 0

    def add(self, agent_id: int) -> Watch:
        watch = Watch(self, agent_id)
        self.watches.add(watch)
        self.by_agent.setdefault(agent_id, set()).add(watch)
        SUBSCRIPTIONS.set(len(self.watches))
        return watch

    def move(self, watch: Watch, customer_user_id: int | None) -> None:
        if watch not in self.watches:
            return
        if watch.following:
            _discard(self.by_user, watch.customer_user_id, watch)
        watch.customer_user_id, watch.following = customer_user_id, True
        self.by_user.setdefault(customer_user_id, set()).add(watch)

    def remove(self, watch: Watch) -> None:
        if watch not in self.watches:
            return
        self.watches.discard(watch)
        _discard(self.by_agent, watch.agent_id, watch)
        if watch.following:
            _discard(self.by_user, watch.customer_user_id, watch)
        SUBSCRIPTIONS.set(len(self.watches))

    def dispatch(self, change: Change) -> None:
        self.generation += 1
        if change.everything:
            self.wake_all("change")
            return
        for user in change.customer_users:
            for watch in self.by_user.get(user, ()):
                watch.wake("change")
        for agent in change.agents:
            for watch in self.by_agent.get(agent, ()):
                watch.wake("change")
        if change.new_customer_users:
            for watch in self.by_user.get(None, ()):
                watch.wake("change")

    def wake_all(self, cause: str) -> None:
        self.generation += 1
        for watch in self.watches:
            watch.wake(cause)

    def feed_up(self) -> None:
        """The feed listens (again): what was announced while it did not is lost, so every
        subscription looks again."""
        self.listening = True
        LISTENING.set(1)
        self.wake_all("reconnect")

    def feed_down(self) -> None:
        """Every subscription tells its client that live updates are paused."""
        if self.listening:
            self.listening = False
            LISTENING.set(0)
            self.wake_all("outage")


def _discard(index: dict[K, set[Watch]], key: K, watch: Watch) -> None:
    found = index.get(key)
    if found is not None:
        found.discard(watch)
        if not found:
            del index[key]
