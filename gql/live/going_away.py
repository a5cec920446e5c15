"""uvicorn's protocols, told what a stop means for live connections.

On SIGTERM uvicorn asks every connection to shut down: a WebSocket is closed with 1012
(Service Restart), and a response still streaming is let run until the graceful timeout.
Here a WebSocket is closed with 1001 (Going Away), and the app's `cuic_going_away` event
(lifespan state) is set, so that SSE streams end at once. `cuic serve` passes these
classes to uvicorn by import string, so every worker uses them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

GOING_AWAY = 1001
STATE_KEY = "cuic_going_away"
HTTP = "gql.live.going_away:GoingAwayHttpProtocol"
WEBSOCKETS = "gql.live.going_away:GoingAwayWebSocketProtocol"


def _going_away(app_state: dict[str, Any]) -> None:
    event = app_state.get(STATE_KEY)
    if isinstance(event, asyncio.Event):
        event.set()


class GoingAwayHttpProtocol(HttpToolsProtocol):
    def shutdown(self) -> None:
        _going_away(self.app_state)
        super().shutdown()


class GoingAwayWebSocketProtocol(WebSocketsSansIOProtocol):
    def shutdown(self) -> None:
        _going_away(self.app_state)
        if self.handshake_complete and not self.close_sent:
            # uvicorn's own shutdown, with 1001 for its 1012.
            self.stop_keepalive()
            self.queue.put_nowait({"type": "websocket.disconnect", "code": GOING_AWAY})
            self.conn.send_close(GOING_AWAY, "the server is shutting down")
            self.transport.write(b"".join(self.conn.data_to_send()))
            self.transport.close()
            return
        super().shutdown()
