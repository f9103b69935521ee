"""Harness pieces that need no solver: reference table, result files, plots."""

from __future__ import annotations

import json
from pathlib import Path

from pytest import MonkeyPatch

from benchmarks.cases import read_reference_table
from benchmarks.records import RunRecord
from benchmarks.report import markdown_table, write_results
from tests.benchmarks.conftest import ITC_DIR


def test_reference_table_is_read_from_the_shared_readme() -> None:
    refs = read_reference_table(ITC_DIR / "README.md")
    assert sorted(refs) == [f"comp0{i}" for i in range(1, 8)]
    assert refs["comp01"] == (5.0, 5.0)
    assert refs["comp05"] == (290.0, 343.5)
    assert refs["comp07"] == (6.0, 33.9)


def _record(solver: str, scenario: str, tier: str | None, **kw: object) -> RunRecord:
    base = RunRecord(
        suite="tiers" if tier else "itc2007",
        scenario=scenario,
        solver=solver,
        tier=tier,
        seed=1,
        time_limit=5.0,
        workers=1,
        status="feasible",
        checker_ok=True,
        violations=0,
    )
    for k, v in kw.items():
        setattr(base, k, v)
    return base


def test_tier_results_files_and_plots(tmp_path: Path) -> None:
    records = [
        _record(
            "greedy",
            "S-1",
            "S",
            objective=900.0,
            fulfilled_share=0.8,
            worst_share=0.5,
            unmet_by_reason={"capacity": 2},
            trace=[[0.1, 900.0, None]],
        ),
        _record(
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
    r = _record(
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
    r = _record("greedy", "comp01", None, ud2_cost=1132, hard_violations=13, best_known=5.0)
    assert "| comp01 | greedy | 1132 | 13 | 5 | - | - |" in markdown_table([r], "itc2007")


def test_a_work_limited_run_the_wall_cut_is_flagged() -> None:
    r = _record("cpsat", "S-1", "S", objective=1.0, work_limit=10.0, wall_cut=True)
    assert "| S-1 | cpsat (wall cut) |" in markdown_table([r], "tiers")


def test_error_runs_are_shown() -> None:
    r = _record("cpsat", "S-1", "S", error="solver process exited with code -9", checker_ok=None)
    assert "error: solver process exited with code -9" in markdown_table([r], "tiers")


def test_numbers_rounded_to_whole_keep_their_zeros() -> None:
    """1299.9 MiB is "1300" in the table (it once read "13": zeros were stripped from
    the integer part too)."""
    table = markdown_table(
        [
            _record("cpsat", "L-1", "L", peak_rss_mib=1299.9),
            _record("cpsat", "M-1", "M", peak_rss_mib=649.5, gap=0.1),
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
    tiny = _record("cpsat", "comp01", None, gap=6.25e-6)
    proven = _record("cpsat", "comp02", None, gap=0.0)
    table = markdown_table([tiny, proven], "tiers")
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()}
    assert "| <0.0001 |" in rows["comp01"]
    assert "| 0 |" in rows["comp02"] and "<0.0001" not in rows["comp02"]


def test_the_trace_plot_shows_the_best_schedule_held_and_only_bounds_of_the_answer() -> None:
    """A phase's search starting below greedy's answer, a sub-model's bound below the
    final objective and the final pass's gain after the last report were plotted as
    they came (an analyst's audit): the objective line is the best held (never below
    greedy's), ends at the answer's objective, and bounds below it are left out."""
    from benchmarks.plots import _best_so_far

    r = _record("cpsat", "S-1", "S", objective=1000.0, bound=1100.0, wall_seconds=10.0)
    pts: list[tuple[float, float | None, float | None]] = [
        (1.0, 850.0, 1300.0),  # below greedy's 900
        (2.0, 950.0, 980.0),  # a sub-model's bound, below the answer
        (3.0, 940.0, 1200.0),  # worse than held: the line stays
        (5.0, 990.0, None),  # bound unknown
    ]
    obj, bnd = _best_so_far(pts, r, lambda v: v, itc=False, held=900.0)
    assert obj == [(1.0, 900.0), (2.0, 950.0), (3.0, 950.0), (5.0, 990.0), (10.0, 1000.0)]
    assert bnd == [(1.0, 1300.0), (3.0, 1200.0)]


def test_values_without_a_bound_of_their_own_report_none() -> None:
    """A search reporting values only used the value as its bound when the bound was
    unknown or below it: the trace read as proven optimal throughout."""
    from solver.cpsat.reporting import value_reporter

    seen: list[object] = []
    value_reporter(seen.append, None, 0.0)(5.0)
    value_reporter(seen.append, 4.0, 0.0)(5.0)
    value_reporter(seen.append, 7.0, 0.0)(5.0)
    assert [(p.objective, p.bound) for p in seen] == [(5.0, None), (5.0, None), (5.0, 7.0)]  # type: ignore[attr-defined]


def test_an_interrupted_suite_keeps_the_runs_that_finished(monkeypatch: MonkeyPatch) -> None:
    """Ctrl-C (or SIGTERM, which the CLI maps to it) during the second run: the first
    is kept and the suite says it was cut short (an analyst's audit lost them all)."""
    from benchmarks import harness, runner
    from benchmarks.cases import Case

    calls = []

    def run_one(case, solver, *args, **kw):  # type: ignore[no-untyped-def]
        calls.append(solver)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return _record(solver, case.name, "S", objective=5.0), None

    monkeypatch.setattr(runner, "run_one", run_one)
    cases = [Case("tiers", f"S-{k}", None, tier="S", seed=k) for k in (1, 2)]
    records, interrupted = harness.run_suite(cases, 1.0, 1, show_progress=False)
    assert interrupted and calls == ["greedy", "cpsat"]
    assert [(r.scenario, r.solver) for r in records] == [("S-1", "greedy")]


def test_stopping_a_solve_stops_the_processes_under_it() -> None:
    """The solve's CP-SAT runs in a fork of the solve's process: a bare terminate left
    it running (an analyst's audit)."""
    import subprocess
    import sys
    import time

    import psutil

    from benchmarks.runner import _stop_tree

    sleeper = "import time; time.sleep(60)"
    code = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {sleeper!r}])\n"
        "time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 20
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.05)
        (child,) = psutil.Process(parent.pid).children()
        _stop_tree(parent.pid)
        parent.wait(timeout=10)
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    finally:
        if parent.poll() is None:
            parent.kill()
