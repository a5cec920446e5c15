"""Prometheus metrics of the data layer; the HTTP layer's live in gql/metrics.py."""

from __future__ import annotations

from prometheus_client import Histogram

LOADER_BATCH_SIZE = Histogram(
    "cuic_dataloader_batch_size",
    "Keys answered by one DataLoader batch (one SQL statement per group of like keys).",
    ["loader"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)


def observe_batch(loader: str, size: int) -> None:
    LOADER_BATCH_SIZE.labels(loader).observe(size)
