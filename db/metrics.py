"""Prometheus metrics of the data layer; the HTTP layer's live in gql/metrics.py.

Gauges say how they add up over the workers of `cuic serve --workers N` (prometheus-client's
multiprocess mode, see gql/metrics.py): pool sizes are summed over live workers, the
replica counts as up only while every live worker reads from it.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter, Gauge, Histogram

LOADER_BATCH_SIZE = Histogram(
    "cuic_dataloader_batch_size",
    "Keys answered by one DataLoader batch (one SQL statement per group of like keys).",
    ["loader"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)
POOL_SIZE = Gauge(
    "cuic_pool_connections", "Connections open in the pools, by database.", ["database"], multiprocess_mode="livesum"
)
POOL_IDLE = Gauge(
    "cuic_pool_idle_connections",
    "Idle connections in the pools, by database.",
    ["database"],
    multiprocess_mode="livesum",
)
POOL_WAITERS = Gauge(
    "cuic_pool_waiters",
    "Requests waiting for a pooled connection, by database.",
    ["database"],
    multiprocess_mode="livesum",
)
REPLICA_UP = Gauge(
    "cuic_replica_up",
    "1 while reads go to the read replica, 0 while they fall back to the primary (lowest over the workers).",
    multiprocess_mode="livemin",
)
READ_STATEMENTS = Counter(
    "cuic_read_statements_total", "With a read replica: loader statements by the database that ran them.", ["database"]
)
REPLICA_FAILOVERS = Counter("cuic_replica_failovers_total", "Times reads left an unreachable replica for the primary.")


def observe_batch(loader: str, size: int) -> None:
    LOADER_BATCH_SIZE.labels(loader).observe(size)


def observe_pool(database: str, pool: Any) -> None:
    POOL_SIZE.labels(database).set(pool.get_size())
    POOL_IDLE.labels(database).set(pool.get_idle_size())
    # asyncpg keeps waiters in its queue's internal getters; count them when exposed.
    getters = getattr(getattr(pool, "_queue", None), "_getters", None)
    POOL_WAITERS.labels(database).set(len(getters) if getters is not None else 0)
