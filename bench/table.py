"""Markdown results table from bench/results/<label>/summary.json files.

uv run python -m bench.table before after
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bench.run import RESULTS

ROWS = (
    ("c1_typical", "full page, typical user, c=1"),
    ("c1_random", "full page, random users, c=1"),
    ("c1_heavy", "full page, heaviest user (20 000 tickets), c=1"),
    ("w1_c8", "random users, 1 worker, c=8"),
    ("w1_c32", "random users, 1 worker, c=32"),
    ("w2_c8", "random users, 2 workers, c=8"),
    ("w2_c32", "random users, 2 workers, c=32"),
    ("list_c1", "customerUsers(search:, first: 20) + Customer IDs, c=1"),
    ("deep_c1", "Open Tickets after the 1000th ticket, heaviest user, c=1"),
)


def cell(result: dict[str, Any] | None) -> str:
    if not result:
        return "–"
    return f"{result['rps']:.0f} req/s · p50 {result['p50_ms']} · p90 {result['p90_ms']} · p99 {result['p99_ms']}"


def main(labels: list[str]) -> None:
    summaries = {label: json.loads((RESULTS / label / "summary.json").read_text()) for label in labels}
    header = ["workload"]
    for label in labels:
        header += [f"cuic {label}", f"PostGraphile ({label} run)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for key, title in ROWS:
        cells = [title]
        for label in labels:
            cells += [cell(summaries[label]["cuic"].get(key)), cell(summaries[label]["pgl"].get(key))]
        print("| " + " | ".join(cells) + " |")
    cells = ["SQL statements, full page (typical / heaviest)"]
    for label in labels:
        c = summaries[label]["cuic"]
        cells += [f"{c.get('statements_typical')} / {c.get('statements_heavy')}", "not measured"]
    print("| " + " | ".join(cells) + " |")
    for label in labels:
        ratios = summaries[label].get("ratios_cuic_over_pgl")
        if ratios:
            print(f"\ncuic ÷ PostGraphile, {label} run (req/s ratio >1 and p50 ratio <1 favour cuic):\n")
            print("| workload | req/s ratio | p50 ratio |\n|---|---|---|")
            for key, title in ROWS:
                if key in ratios:
                    print(f"| {title} | {ratios[key]['rps']} | {ratios[key]['p50']} |")
        rss = {k: v["rss_mb"] for k, v in summaries[label]["cuic"].items() if isinstance(v, dict) and "rss_mb" in v}
        pgl = {k: v["rss_mb"] for k, v in summaries[label]["pgl"].items() if isinstance(v, dict) and "rss_mb" in v}
        print(f"\nRSS mid-run (MB, by pid), {label}: cuic {rss}; PostGraphile {pgl}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["before", "after"])
