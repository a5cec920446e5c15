"""Live updates: the change feed (LISTEN), subscriptions over WebSocket and SSE, and their limits.

- `config`: the settings of live updates and ingest, read from the environment.
- `feed`: one dedicated LISTEN connection per worker; reconnects, and dispatches changes.
- `hub`: which subscriptions a change concerns; each subscription's wake-ups (coalesced,
  and timed for the instants when time alone moves a ticket into a widget).
- `run`: a subscription's pushes, each computed with a fresh request context.
- `ws`: graphql-transport-ws; `sse`: GraphQL over Server-Sent Events.
- `going_away`: uvicorn's protocols, told to close WebSockets with 1001 and end SSE streams on SIGTERM.
"""
