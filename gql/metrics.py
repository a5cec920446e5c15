"""Prometheus metrics of requests, served at /metrics with the data layer's (db/metrics.py).

With `cuic serve --workers N`, every worker writes its metrics to files in
PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode, which `cuic serve` turns on
before the workers start), and a scrape, whichever worker answers it, reads them all:
counters and histograms are summed over the workers, gauges as each one says.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

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


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROCESS_DIR))


def worker_exited(pid: int) -> None:
    """Drop a stopped worker's gauges ("live" modes count live workers only)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


async def metrics(request: Request) -> Response:
    request.app.state.database.observe()
    registry = REGISTRY
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


@contextmanager
def worker_metrics(workers: int) -> Iterator[None]:
    """With several workers, a fresh directory for their metrics (prometheus-client's
    multiprocess mode), set before uvicorn starts them: one scrape sums them all."""
    if workers < 2:
        yield
        return
    directory = tempfile.mkdtemp(prefix="cuic-metrics-")
    os.environ[MULTIPROCESS_DIR] = directory
    try:
        yield
    finally:
        shutil.rmtree(directory, ignore_errors=True)
