"""The hub: a change wakes exactly the subscriptions it concerns; wake-ups coalesce."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from db.changes import EVERYTHING, Change
from gql.live.hub import Hub, Watch


def watches() -> tuple[Hub, dict[str, Watch]]:
    hub = Hub()
    named = {
        "taro_by_alice": hub.add(1),
        "hanako_by_bob": hub.add(2),
        "newcomer_by_alice": hub.add(1),
        "settings_of_carol": hub.add(3),
    }
    named["taro_by_alice"].follow(10)
    named["hanako_by_bob"].follow(20)
    named["newcomer_by_alice"].follow(None)  # a login no customer user has yet
    return hub, named


def woken(named: dict[str, Watch]) -> set[str]:
    found = {name for name, watch in named.items() if watch.wanted.is_set()}
    for watch in named.values():
        watch.wanted.clear()
    return found


async def test_a_change_wakes_whom_it_concerns() -> None:
    hub, named = watches()
    hub.dispatch(Change(customer_users=frozenset({10, 99})))
    assert woken(named) == {"taro_by_alice"}
    hub.dispatch(Change(agents=frozenset({1})))
    assert woken(named) == {"taro_by_alice", "newcomer_by_alice"}
    hub.dispatch(Change(new_customer_users=True))
    assert woken(named) == {"newcomer_by_alice"}
    hub.dispatch(EVERYTHING)
    assert woken(named) == set(named)
    named["newcomer_by_alice"].follow(30)  # the login exists now
    hub.dispatch(Change(new_customer_users=True))
    assert woken(named) == set()


async def test_the_feed_going_down_and_up_wakes_everyone() -> None:
    hub, named = watches()
    hub.feed_up()
    assert woken(named) == set(named)
    hub.feed_down()
    assert woken(named) == set(named) and not hub.listening
    hub.feed_down()
    assert woken(named) == set(), "said once per outage"
    hub.feed_up()
    assert named["hanako_by_bob"].cause == "reconnect"


async def test_closed_watches_are_forgotten() -> None:
    hub, named = watches()
    for watch in named.values():
        watch.close()
    assert not hub.watches and not hub.by_user and not hub.by_agent
    hub.dispatch(EVERYTHING)
    assert woken(named) == set()


async def test_wake_ups_coalesce_into_one_push() -> None:
    _hub, named = watches()
    watch = named["taro_by_alice"]
    watch.wake("subscribe")
    assert await watch.wait(0.05) == "subscribe"
    for _ in range(3):
        watch.wake("change")
    assert await watch.wait(0.05) == "change"
    assert not watch.wanted.is_set(), "three changes, one push"


async def test_time_wakes_a_watch_at_its_instant() -> None:
    _hub, named = watches()
    watch = named["taro_by_alice"]
    watch.wake_at(datetime.now(UTC) - timedelta(seconds=1))  # due already
    assert await asyncio.wait_for(watch.wait(0), 5) == "time"
    watch.wake_at(datetime.now(UTC) + timedelta(hours=1))
    watch.wake_at(None)
    assert watch.timer is None
