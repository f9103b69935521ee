"""benchmarks.report: the results files (JSON, Markdown, plots) and the Markdown tables."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.report import markdown_table, write_results
from tests.benchmarks.conftest import run_record


def test_tier_results_files_and_plots(tmp_path: Path) -> None:
    records = [
        run_record(
            "greedy",
            "S-1",
            "S",
            objective=900.0,
            fulfilled_share=0.8,
            worst_share=0.5,
            unmet_by_reason={"capacity": 2},
            trace=[[0.1, 900.0, None]],
        ),
        run_record(
            "cpsat",
            "S-1",
            "S",
            objective=990.0,
            bound=1000.0,
            gap=0.01,
            fulfilled_share=0.95,
            worst_share=0.9,
            ratio_vs_greedy=1.1,
            trace=[[0.5, 950.0, 1100.0], [2.0, 990.0, 1000.0]],
        ),
    ]
    paths = write_results(records, tmp_path, "tiers", {"time_limit": 5})
    data = json.loads(paths["json"].read_text())
    assert [r["solver"] for r in data["runs"]] == ["greedy", "cpsat"]
    assert data["runs"][1]["trace"][1] == [2.0, 990.0, 1000.0]
    table = paths["markdown"].read_text()
    assert "| S-1 | cpsat | 990 | 1000 | 0.01 | 0.95 | 0.9 | - | 1.1 |" in table
    assert "capacity 2" in table
    for key in ("trace_plot", "fulfilled_plot"):
        assert paths[key].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_itc_table_has_cost_and_references() -> None:
    r = run_record(
        "cpsat",
        "comp01",
        None,
        objective=159990.0,
        ud2_cost=10,
        hard_violations=0,
        best_known=5.0,
        winner_average=5.0,
    )
    table = markdown_table([r], "itc2007")
    assert "| comp01 | cpsat | 10 | 0 | 5 | 5 | 2 | 159990 |" in table


def test_no_cost_ratio_for_a_timetable_with_hard_violations() -> None:
    """Its soft cost means nothing: a greedy row read 226.4 (an analyst's audit)."""
    r = run_record("greedy", "comp01", None, ud2_cost=1132, hard_violations=13, best_known=5.0)
    assert "| comp01 | greedy | 1132 | 13 | 5 | - | - |" in markdown_table([r], "itc2007")


def test_a_work_limited_run_the_wall_cut_is_flagged() -> None:
    r = run_record("cpsat", "S-1", "S", objective=1.0, work_limit=10.0, wall_cut=True)
    assert "| S-1 | cpsat (wall cut) |" in markdown_table([r], "tiers")


def test_error_runs_are_shown() -> None:
    r = run_record("cpsat", "S-1", "S", error="solver process exited with code -9", checker_ok=None)
    assert "error: solver process exited with code -9" in markdown_table([r], "tiers")


def test_numbers_rounded_to_whole_keep_their_zeros() -> None:
    """1299.9 MiB is "1300" in the table (it once read "13": zeros were stripped from
    the integer part too)."""
    table = markdown_table(
        [
            run_record("cpsat", "L-1", "L", peak_rss_mib=1299.9),
            run_record("cpsat", "M-1", "M", peak_rss_mib=649.5, gap=0.1),
        ],
        "tiers",
    )
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()}
    assert rows["L-1"].rstrip(" |").endswith("| 1300 | ok")
    assert rows["M-1"].rstrip(" |").endswith("| 650 | ok")
    assert "| 0.1 |" in rows["M-1"]


def test_a_gap_that_rounds_to_zero_is_not_shown_as_proven() -> None:
    """comp01 at UD2 5 against a bound of 4 is a gap of 6e-6: the table read '0', which
    the README reads as proven optimal (an analyst's audit)."""
    tiny = run_record("cpsat", "comp01", None, gap=6.25e-6)
    proven = run_record("cpsat", "comp02", None, gap=0.0)
    table = markdown_table([tiny, proven], "tiers")
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()}
    assert "| <0.0001 |" in rows["comp01"]
    assert "| 0 |" in rows["comp02"] and "<0.0001" not in rows["comp02"]
