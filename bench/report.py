"""Pure arithmetic for `make bench`: summaries of timings, ratios to floors, the table and the query-count check.

No Django here, so the rules the benchmark applies are unit-tested on plain values (bench/tests/test_report.py).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

PAGE_TARGET = 3.0  # a page within 3x of (framework floor + its data floor)
AGGREGATE_TARGET = 2.0  # an aggregate selector within 2x of the raw SQL computing the same numbers


def summarise(seconds: Sequence[float]) -> dict[str, float]:
    """Median and 95th percentile (nearest rank) in milliseconds."""
    if not seconds:
        raise ValueError("No timings to summarise: run each measurement at least once.")
    ordered = sorted(seconds)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[rank - 1] * 1000, 3),
        "runs": len(ordered),
    }


def page_ratio(page_ms: float, framework_ms: float, floor_ms: float) -> float:
    """How many times (framework floor + data floor) the page takes."""
    return round(page_ms / (framework_ms + floor_ms), 2)


def aggregate_ratio(selector_ms: float, floor_ms: float) -> float:
    return round(selector_ms / floor_ms, 2)


def query_count_changes(results: Iterable[dict[str, Any]]) -> list[str]:
    """Pages whose query count differs between datasets on the same database, as messages.

    `results` are worker results: each has "backend", "dataset" and "pages" (each with "name" and "queries").
    """
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for result in results:
        for page in result["pages"]:
            counts.setdefault((result["backend"], page["name"]), {})[result["dataset"]] = page["queries"]
    problems = []
    for (backend, name), by_dataset in sorted(counts.items()):
        if len(set(by_dataset.values())) > 1:
            seen = ", ".join(f"{dataset} {count}" for dataset, count in sorted(by_dataset.items()))
            problems.append(f"{backend}: '{name}' makes a different number of queries by dataset ({seen})")
    return problems


def _cell(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "-"
    mark = " !" if target is not None and value > target else ""
    return f"{value:g}{mark}"


def table(result: dict[str, Any]) -> str:
    """One worker result as a text table: each page's time, queries, floors and ratio."""
    framework = result["framework"]["median_ms"]
    header = (
        f"{result['backend']} / {result['dataset']} ({result['size']['pupils']:,} pupils, "
        f"{result['size']['schools']:,} schools, {result['size']['with_sen']:,} with SEN); "
        f"framework floor {framework:.2f} ms median, {result['framework']['p95_ms']:.2f} ms p95"
    )
    if "load_average" in result:
        header += f"; machine load average {result['load_average'][0]} on {result.get('cpus', '?')} CPUs"
    columns = ("page", "median ms", "p95 ms", "queries", "data floor ms", "ratio (target <= 3)")
    rows = [
        (
            page["name"],
            f"{page['median_ms']:.2f}",
            f"{page['p95_ms']:.2f}",
            str(page["queries"]),
            "-" if page["floor_ms"] is None else f"{page['floor_ms']:.2f}",
            _cell(page["ratio"], PAGE_TARGET),
        )
        for page in result["pages"]
    ]
    for aggregate in result["aggregates"]:
        rows.append(
            (
                f"  {aggregate['name']} selector vs its SQL",
                f"{aggregate['median_ms']:.2f}",
                f"{aggregate['p95_ms']:.2f}",
                "",
                f"{aggregate['floor_ms']:.2f}",
                _cell(aggregate["ratio"], AGGREGATE_TARGET) + " (target <= 2)",
            )
        )
    widths = [max(len(row[index]) for row in (columns, *rows)) for index in range(len(columns))]
    lines = [header, "  ".join(title.ljust(width) for title, width in zip(columns, widths, strict=True))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def misses(result: dict[str, Any]) -> list[str]:
    """Pages and aggregates outside their targets in one worker result."""
    found = [
        f"{result['backend']} / {result['dataset']}: '{page['name']}' is {page['ratio']}x its floors"
        for page in result["pages"]
        if page["ratio"] is not None and page["ratio"] > PAGE_TARGET
    ]
    found += [
        f"{result['backend']} / {result['dataset']}: the {aggregate['name']} selector is {aggregate['ratio']}x its SQL"
        for aggregate in result["aggregates"]
        if aggregate["ratio"] > AGGREGATE_TARGET
    ]
    return found


def markdown(results: list[dict[str, Any]]) -> str:
    """Median milliseconds (and queries) of every page in every run, side by side, for docs/scaling.md."""
    runs = [f"{result['backend']} {result['dataset']}" for result in results]
    lines = [
        "| page | " + " | ".join(f"{run} ms (ratio)" for run in runs) + " | queries |",
        "| --- | " + " | ".join("---:" for _ in runs) + " | ---: |",
        "| framework floor | " + " | ".join(f"{result['framework']['median_ms']:.1f}" for result in results) + " | |",
    ]
    names = [page["name"] for page in results[0]["pages"]]
    for name in names:
        cells, queries = [], set()
        for result in results:
            page = next((item for item in result["pages"] if item["name"] == name), None)
            if page is None:
                cells.append("-")
                continue
            cells.append(f"{page['median_ms']:.1f} ({page['ratio']:g})")
            queries.add(page["queries"])
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {', '.join(str(q) for q in sorted(queries))} |")
    for aggregate in results[0]["aggregates"]:
        cells = []
        for result in results:
            item = next(a for a in result["aggregates"] if a["name"] == aggregate["name"])
            cells.append(f"{item['median_ms']:.1f} vs SQL {item['floor_ms']:.1f} ({item['ratio']:g})")
        lines.append(f"| {aggregate['name']}: selector vs raw SQL | " + " | ".join(cells) + " | |")
    return "\n".join(lines)
