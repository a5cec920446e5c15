"""Prometheus metrics of requests and the pool, served at /metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

REQUESTS = Counter("cuic_requests_total", "GraphQL requests by operation name and outcome.", ["operation", "outcome"])
LATENCY = Histogram(
    "cuic_request_duration_seconds",
    "GraphQL request latency.",
    ["operation"],
    buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
ERRORS = Counter("cuic_errors_total", "GraphQL errors by extensions.code.", ["code"])
STATEMENTS = Histogram(
    "cuic_sql_statements_per_request",
    "SQL statements one GraphQL request sent.",
    buckets=(0, 1, 2, 5, 10, 15, 20, 30, 50, 100),
)
EXECUTIONS = Counter(
    "cuic_executions_total",
    "GraphQL executions by executor: planned, or graphql-core with the reason the planner gave way.",
    ["executor", "reason"],
)
POOL_SIZE = Gauge("cuic_pool_connections", "Connections open in this worker's pool.")
POOL_IDLE = Gauge("cuic_pool_idle_connections", "Idle connections in this worker's pool.")
POOL_WAITERS = Gauge("cuic_pool_waiters", "Requests waiting for a connection of this worker's pool.")


def observe_request(operation: str | None, status: int, seconds: float, statements: int, codes: list[str]) -> None:
    name = operation or "anonymous"
    outcome = "ok" if status < 400 and not codes else ("error" if status >= 500 else "client_error")
    REQUESTS.labels(name, outcome).inc()
    LATENCY.labels(name).observe(seconds)
    STATEMENTS.observe(statements)
    for code in codes:
        ERRORS.labels(code).inc()


def observe_execution(planned: bool, reason: str | None) -> None:
    if planned:
        EXECUTIONS.labels("planned", "").inc()
    else:
        EXECUTIONS.labels("graphql-core", reason or "").inc()


async def metrics(request: Request) -> Response:
    pool = request.app.state.pool
    POOL_SIZE.set(pool.get_size())
    POOL_IDLE.set(pool.get_idle_size())
    # asyncpg keeps waiters in its queue's internal getters; count them when exposed.
    queue = getattr(pool, "_queue", None)
    getters = getattr(queue, "_getters", None)
    POOL_WAITERS.set(len(getters) if getters is not None else 0)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
