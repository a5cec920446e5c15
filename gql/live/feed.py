"""The change feed of one worker: LISTEN on one dedicated connection, and the changes it hears
handed to the hub.

Not a pooled connection: a pool's reset runs `UNLISTEN *`, and PgBouncer in transaction
mode cannot hold a LISTEN at all (`CUIC_LISTEN_URL` then names PostgreSQL itself). A dead
connection is noticed at once when the server closes it, and otherwise by a `SELECT 1`
every `check_interval` seconds; the feed then reconnects, and since notifications sent in
between are lost, tells every subscription to look again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

from db.changes import CHANNEL, Change
from gql.live.hub import Hub

logger = logging.getLogger("cuic.live")

_FIRST_RETRY = 0.1
_MAX_RETRY = 2.0


class Feed:
    def __init__(self, url: str, hub: Hub, check_interval: float) -> None:
        self.url = url
        self.hub = hub
        self.check_interval = check_interval
        self.task: asyncio.Task[None] | None = None
        self.connection: asyncpg.Connection | None = None
        self.up = asyncio.Event()  # set while listening

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run(), name="cuic-live-feed")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        self.hub.feed_down()

    def _heard(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        self.hub.dispatch(Change.from_payload(str(payload)))

    async def _run(self) -> None:
        retry = _FIRST_RETRY
        while True:
            try:
                connection = await asyncpg.connect(
                    self.url, timeout=max(self.check_interval, 1.0), server_settings={"application_name": "cuic-listen"}
                )
            except Exception as failure:
                # Any failure to connect: wrong URL, server down or starting, too many clients.
                logger.warning("live feed: cannot connect (%s); retrying in %.1f s", failure, retry)
                await asyncio.sleep(retry)
                retry = min(retry * 2, _MAX_RETRY)
                continue
            retry = _FIRST_RETRY
            try:
                await self._listen(connection)
            except asyncio.CancelledError:
                raise
            except Exception as failure:
                logger.warning("live feed: the LISTEN connection was lost (%s); reconnecting", failure)
            finally:
                self.up.clear()
                self.connection = None
                self.hub.feed_down()
                connection.terminate()

    async def _listen(self, connection: asyncpg.Connection) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _connection: lost.set())
        await connection.add_listener(CHANNEL, self._heard)
        self.connection = connection
        self.up.set()
        logger.info("live feed: listening on %s", CHANNEL)
        self.hub.feed_up()
        while not lost.is_set():
            try:
                await asyncio.wait_for(lost.wait(), self.check_interval)
            except TimeoutError:
                # Quiet for a while: make sure the connection still answers.
                await asyncio.wait_for(connection.fetchval("SELECT 1"), self.check_interval)
        raise ConnectionError("the server closed the connection")
