"""The benchmark's arithmetic: summaries, ratios, the query-count check and the table."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import aggregate_ratio, markdown, misses, page_ratio, query_count_changes, summarise, table


def _result(dataset: str, queries: int, ratio: float = 1.5, backend: str = "sqlite") -> dict[str, Any]:
    return {
        "backend": backend,
        "dataset": dataset,
        "size": {"pupils": 300_000, "schools": 1_000, "with_sen": 55_000},
        "framework": {"median_ms": 2.0, "p95_ms": 3.0},
        "pages": [
            {"name": "register", "median_ms": 9.0, "p95_ms": 12.0, "queries": queries, "floor_ms": 1.0, "ratio": ratio}
        ],
        "aggregates": [{"name": "LA overview", "median_ms": 30.0, "p95_ms": 40.0, "floor_ms": 10.0, "ratio": 3.0}],
    }


def test_summary_is_the_median_and_the_nearest_rank_95th_percentile_in_milliseconds():
    timings = [i / 1000 for i in range(1, 21)]  # 1 ms to 20 ms
    assert summarise(timings) == {"median_ms": 10.5, "p95_ms": 19.0, "runs": 20}


def test_summary_of_no_timings_is_refused():
    with pytest.raises(ValueError, match="at least once"):
        summarise([])


def test_page_ratio_divides_by_the_framework_floor_plus_the_data_floor():
    assert page_ratio(9.0, 2.0, 1.0) == 3.0
    assert aggregate_ratio(30.0, 10.0) == 3.0


def test_the_same_query_count_in_every_dataset_is_no_change():
    assert query_count_changes([_result("demo", 12), _result("la", 12)]) == []


def test_a_query_count_that_grows_with_the_data_is_reported_with_both_counts():
    changes = query_count_changes([_result("demo", 12), _result("la", 13)])
    assert changes == ["sqlite: 'register' makes a different number of queries by dataset (demo 12, la 13)"]


def test_query_counts_are_compared_within_one_database_only():
    results = [
        _result("demo", 12),
        _result("la", 12),
        _result("demo", 14, backend="postgresql"),
        _result("la", 14, backend="postgresql"),
    ]
    assert query_count_changes(results) == []


def test_pages_and_aggregates_over_their_targets_are_listed():
    assert misses(_result("la", 12, ratio=3.5)) == [
        "sqlite / la: 'register' is 3.5x its floors",
        "sqlite / la: the LA overview selector is 3.0x its SQL",
    ]


def test_table_marks_what_misses_its_target():
    text = table(_result("la", 12, ratio=3.5))
    assert "framework floor 2.00 ms median" in text
    assert "3.5 !" in text
    assert "3 ! (target <= 2)" in text


def test_markdown_puts_each_run_side_by_side_with_the_query_counts():
    text = markdown([_result("demo", 12), _result("la", 12)])
    assert "| page | sqlite demo ms (ratio) | sqlite la ms (ratio) | queries |" in text
    assert "| register | 9.0 (1.5) | 9.0 (1.5) | 12 |" in text
    assert "| LA overview: selector vs raw SQL | 30.0 vs SQL 10.0 (3) | 30.0 vs SQL 10.0 (3) | |" in text
