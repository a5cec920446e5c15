"""A subscription's pushes: wake, look again with a fresh context, push; pause on outages; end
when the token is revoked.

graphql-core executes every event of a subscription with the context it was subscribed
with; a `LiveContext` is that object, and before each event it takes the viewer, access,
loaders and instant of a context built afresh (`gql.context.authenticate`), so that no push
is served from a loader's cache of an earlier one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from db.config import Settings
from db.loaders import Loaders
from db.pool import Pool
from gql import errors
from gql.context import authenticate
from gql.live.config import LiveSettings
from gql.live.hub import Hub, Watch
from gql.persisted_queries import PersistedQueries
from resolvers.context import RequestContext
from resolvers.errors import ClientError

T = TypeVar("T")

TOO_MANY = "too many live connections on this worker; try again later"
# After a push found the database unavailable while the feed still listens.
RETRY_SECONDS = 2.0


class LiveUnavailable(ClientError):
    """Live updates are paused: the database or its change feed cannot be reached."""

    code = errors.SERVICE_UNAVAILABLE


class TokenRevoked(ClientError):
    """The subscription's token was revoked: its last push, then the end."""

    code = errors.UNAUTHENTICATED


class FreshContexts:
    """Fresh contexts, shared by the pushes of one token that one wake-up causes.

    A change wakes all its subscriptions at once; those of one token then read through one
    set of loaders built after the change, so their statements batch as one request's do
    (one statement per loader for all of them). A context is shared only within the wake-up
    that asked for it (`Hub.generation`) and for SHARE_SECONDS at most.
    """

    SHARE_SECONDS = 0.2

    def __init__(self, state: LiveState) -> None:
        self.state = state
        self.shared: dict[str, tuple[int, float, asyncio.Future[RequestContext | None]]] = {}

    async def get(self, token: str) -> RequestContext | None:
        state, loop = self.state, asyncio.get_running_loop()
        entry = self.shared.get(token)
        if entry is None or entry[0] != state.hub.generation or loop.time() - entry[1] > self.SHARE_SECONDS:
            future = asyncio.ensure_future(authenticate(state.pool, state.pool, state.settings, token))
            entry = (state.hub.generation, loop.time(), future)
            self.shared[token] = entry
            loop.call_later(self.SHARE_SECONDS, self._forget, token, future)
        return await asyncio.shield(entry[2])

    def offer(self, token: str, context: RequestContext) -> None:
        """A context just built for the token (a subscribe's check): its first push uses it."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[RequestContext | None] = loop.create_future()
        future.set_result(context)
        self.shared[token] = (self.state.hub.generation, loop.time(), future)
        loop.call_later(self.SHARE_SECONDS, self._forget, token, future)

    def _forget(self, token: str, future: asyncio.Future[RequestContext | None]) -> None:
        entry = self.shared.get(token)
        if entry is not None and entry[2] is future:
            del self.shared[token]
        if future.done() and not future.cancelled():
            future.exception()  # retrieved: a failed lookup was reported to its callers


@dataclass
class LiveState:
    """The live machinery of one worker (`app.state.live`)."""

    hub: Hub
    settings: Settings
    live: LiveSettings
    # The primary: a notification arrives at commit, sooner than a replica has the write.
    pool: Pool
    # The worker's persisted queries: live operations may name a document by its hash, and
    # under CUIC_PERSISTED_QUERIES=only they run registered documents alone, as /graphql does.
    persisted_queries: PersistedQueries
    connections: int = 0
    contexts: FreshContexts = field(init=False)
    computing: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.contexts = FreshContexts(self)
        self.computing = asyncio.Semaphore(self.live.push_concurrency)


@dataclass
class LiveContext(RequestContext):
    """The context of one subscription, renewed before every push."""

    token: str = ""
    state: LiveState | None = None
    watch: Watch | None = field(default=None, repr=False)
    # Holds one of `LiveState.computing` from the wake-up until the push is executed
    # (`release`), not while it is sent: a slow client holds no one else's push up.
    computing: bool = False

    def renew(self, fresh: RequestContext) -> None:
        self.viewer, self.access, self.loaders, self.now = fresh.viewer, fresh.access, fresh.loaders, fresh.now


def release(context: LiveContext) -> None:
    if context.computing and context.state is not None:
        context.computing = False
        context.state.computing.release()


def live_context(context: RequestContext) -> tuple[LiveContext, LiveState]:
    if not isinstance(context, LiveContext) or context.state is None:
        raise TypeError("a subscription runs with a LiveContext (gql.live)")
    return context, context.state


async def live_values(
    context: RequestContext, compute: Callable[[LiveContext, Watch], Awaitable[T]]
) -> AsyncIterator[T | ClientError]:
    """The values of a subscription: `compute(context, watch)` at subscribe time and after
    every wake-up, with the context renewed; an error value while live updates are paused.

    `compute` tells the watch what to follow (`Watch.follow`, `Watch.wake_at`).
    """
    context, state = live_context(context)
    watch = state.hub.add(context.access.agent_id)
    context.watch = watch
    watch.wake("subscribe")
    paused = False
    try:
        while True:
            await watch.wait(state.live.min_push_interval)
            await state.computing.acquire()
            context.computing = True
            if not state.hub.listening:
                # The feed reconnects by itself and then wakes every watch.
                if not paused:
                    paused = True
                    yield LiveUnavailable("live updates are paused: the database's change feed is unreachable")
                release(context)
                continue
            try:
                fresh = await state.contexts.get(context.token)
                if fresh is None:
                    yield TokenRevoked("the API token was revoked; this subscription has ended")
                    return
                context.renew(fresh)
                value = await compute(context, watch)
            except Exception as failure:
                if not errors.is_database_unavailable(failure):
                    raise
                paused = True
                watch.wake_later(RETRY_SECONDS, "retry")
                yield LiveUnavailable("live updates are paused: the database is unavailable")
                continue
            paused = False
            yield value
            # Executed and sent: the rows it loaded need not live on with the subscription
            # while it waits for its next push.
            context.loaders = Loaders(state.pool, context.access, context.now)
            del fresh, value
    finally:
        release(context)
        watch.close()
