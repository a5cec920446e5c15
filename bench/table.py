"""Markdown results table from bench/results/<label>/summary.json files.

uv run python -m bench.table before after        # bench/run.py's summaries
uv run python -m bench.table --side issue12      # bench/side.py's: issue 12's targets
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


def latency(result: dict[str, Any] | None) -> str:
    if not result:
        return "n/a"
    if not result["requests"]:
        return "no response within the cell"
    errors = f"; socket errors: {result['socket_errors']}" if result.get("socket_errors") else ""
    return f"p50 {result['p50_ms']} · p99 {result['p99_ms']} ms ({result['requests']} requests{errors})"


def throughput(result: dict[str, Any] | None) -> str:
    if not result:
        return "n/a"
    return f"**{result['rps']:.0f} req/s** (p50 {result['p50_ms']} · p99 {result['p99_ms']} ms)"


def cpu(result: dict[str, Any] | None, part: str) -> str:
    return "n/a" if not result else f"**{result['cpu_ms_per_request'][part]} ms**"


Target = tuple[str, bool | None]


def side_rows(s: dict[str, dict[str, Any]], requests: int) -> list[tuple[str, str, str, str, Target]]:
    """(workload, planned, graphql-core, PostGraphile, (target, met)) for issue 12."""
    planned, core, pgl = s["planned"], s["core"], s["pgl"]

    def value(system: dict[str, Any], key: str, field: str) -> float:
        if field.endswith("_ms") and not system[key]["requests"]:
            return float("inf")  # not one response within the cell
        return float(system[key][field])

    def cpu_of(system: dict[str, Any], part: str, workers: int = 1) -> float:
        return float(system[f"w{workers}_c8"]["cpu_ms_per_request"][part])

    rows: list[tuple[str, str, str, str, Target]] = []
    rows.append(
        (
            "full page, typical user, c=1",
            latency(planned["c1_typical"]),
            latency(core["c1_typical"]),
            latency(pgl["c1_typical"]),
            (
                f"p50 ≤ PostGraphile's ({pgl['c1_typical']['p50_ms']})",
                value(planned, "c1_typical", "p50_ms") <= value(pgl, "c1_typical", "p50_ms"),
            ),
        )
    )
    for workers, factor in ((1, 1.5), (2, 2.0)):
        key = f"w{workers}_c8"
        need = value(pgl, key, "rps") * factor
        rows.append(
            (
                f"random users, c=8, {workers} worker{'s' if workers > 1 else ''}",
                throughput(planned[key]),
                throughput(core[key]),
                throughput(pgl[key]),
                (f"≥ {factor}× PostGraphile ({need:.0f} req/s)", value(planned, key, "rps") >= need),
            )
        )
    rows.append(
        (
            "full page, heaviest user (20 000 tickets), c=1",
            latency(planned["c1_heavy"]),
            latency(core["c1_heavy"]),
            latency(pgl["c1_heavy"]),
            ("p50 ≤ 20 ms", value(planned, "c1_heavy", "p50_ms") <= 20),
        )
    )
    rows.append(
        (
            "Open Tickets after the 1000th ticket, heaviest user, c=1",
            latency(planned["deep_c1"]),
            latency(core["deep_c1"]),
            latency(pgl["deep_c1"]),
            (
                f"p50 ≤ graphql-core's ({core['deep_c1']['p50_ms']})",
                value(planned, "deep_c1", "p50_ms") <= value(core, "deep_c1", "p50_ms"),
            ),
        )
    )
    for key, title in (
        ("search_narrow_c1", "customerUsers(search:, first: 20) + Customer IDs, narrow (a login), c=1"),
        ("search_broad_c1", "same, search matching every user (`customer.ex`), c=1"),
        ("capped_narrow_c1", "the same search with `totalCountCapped` (the screen's), narrow, c=1"),
        ("capped_broad_c1", "the same search with `totalCountCapped`, matching every user, c=1"),
    ):
        if key not in planned:
            continue  # a run from before the capped count
        rows.append(
            (
                title,
                latency(planned[key]),
                latency(core[key]),
                latency(pgl.get(key)),
                ("p99 ≤ 50 ms", value(planned, key, "p99_ms") <= 50),
            )
        )
    rows.append(
        (
            f"server CPU per page, random users, c=8, 1 worker ({requests} requests)",
            cpu(planned["w1_c8"], "server"),
            cpu(core["w1_c8"], "server"),
            cpu(pgl["w1_c8"], "server"),
            ("≤ 1.5 ms", cpu_of(planned, "server") <= 1.5),
        )
    )
    rows.append(
        (
            "PostgreSQL CPU per page, same requests",
            cpu(planned["w1_c8"], "postgres"),
            cpu(core["w1_c8"], "postgres"),
            cpu(pgl["w1_c8"], "postgres"),
            (f"≤ PostGraphile's ({cpu_of(pgl, 'postgres')})", cpu_of(planned, "postgres") <= cpu_of(pgl, "postgres")),
        )
    )
    for part, title in (("server", "server"), ("postgres", "PostgreSQL")):
        rows.append(
            (
                f"{title} CPU per page, c=8, 2 workers",
                cpu(planned["w2_c8"], part),
                cpu(core["w2_c8"], part),
                cpu(pgl["w2_c8"], part),
                ("–", None),
            )
        )
    planned_sql, core_sql, pgl_sql = (
        f"{x['statements_typical']} / {x['statements_heavy']}" if x["statements_typical"] else "not measured"
        for x in (planned, core, pgl)
    )
    rows.append(("SQL statements, full page (typical / heaviest)", planned_sql, core_sql, pgl_sql, ("–", None)))
    return rows


def side(label: str) -> None:
    summary = json.loads((RESULTS / label / "summary.json").read_text())
    print(f"Run {summary['date']}, {summary['seconds']} s; load average (1/5/15 min) {summary['load']['start']}")
    print(f"at the start, {summary['load']['end']} at the end.\n")
    print("| workload | cuic planned | cuic graphql-core | PostGraphile | target (planned) | |")
    print("|---|---|---|---|---|---|")
    for title, planned, core, pgl, (target, met) in side_rows(summary["systems"], summary["requests_per_c8_cell"]):
        verdict = "" if met is None else ("met" if met else "**missed**")
        print(f"| {title} | {planned} | {core} | {pgl} | {target} | {verdict} |")
    loads = {
        f"{key} {cell}": result["load1"]
        for key, results in summary["systems"].items()
        for cell, result in results.items()
        if isinstance(result, dict) and "load1" in result
    }
    print(f"\n1-minute load average after each cell: {', '.join(f'{k} {v}' for k, v in loads.items())}.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--side"]:
        side(sys.argv[2] if len(sys.argv) > 2 else "issue12")
    else:
        main(sys.argv[1:] or ["before", "after"])
