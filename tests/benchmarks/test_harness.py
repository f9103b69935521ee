"""benchmarks.harness: a suite of runs, cut short or whole.

The smoke runs (tier S and toy.ectt, greedy and CP-SAT, one work unit each) are slow
(child processes, solver time): marked so; they still run in CI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from benchmarks.cases import itc_cases, tier_cases
from benchmarks.harness import run_suite
from benchmarks.records import RunRecord
from benchmarks.report import write_results
from tests.benchmarks.conftest import instance_path, run_record

#: toy.ectt's cases, the same in both tests: seed 0, run with one worker and one unit.
TOY_CASES = itc_cases([instance_path("toy")], seeds=[0])


@pytest.fixture(scope="module")
def s_and_toy(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[RunRecord], bool, Path]:
    """One suite run of tier S and toy (six child processes' worth of solving, so run
    once): its records, whether it was interrupted, and its folder. Tests only read it."""
    folder = tmp_path_factory.mktemp("smoke")
    records, interrupted = run_suite(
        tier_cases(["S"], [1]) + TOY_CASES,
        time_limit=30.0,
        workers=1,
        show_progress=False,
        solutions_dir=folder / "sol",
        work_limit=1.0,  # S/1's CP-SAT run: 2.9 s, not the 5 s wall limit it had
    )
    return records, interrupted, folder


@pytest.mark.slow
def test_tier_s_and_toy(s_and_toy: tuple[list[RunRecord], bool, Path]) -> None:
    records, interrupted, tmp_path = s_and_toy
    assert not interrupted
    assert [(r.scenario, r.solver) for r in records] == [
        ("S-1", "greedy"),
        ("S-1", "cpsat"),
        ("toy", "greedy"),
        ("toy", "cpsat"),
    ]
    for r in records:
        assert r.error is None, r.error
        assert r.work_limit == 1.0 and r.wall_cut is False  # the work, not the clock, ended it
        assert r.checker_ok, f"{r.scenario}/{r.solver}: {r.violations} violation(s)"
        assert r.objective is not None and r.wall_seconds is not None
        assert r.peak_rss_mib is not None and r.peak_rss_mib > 10
        assert 0.0 <= (r.fulfilled_share or 0.0) <= 1.0
    s_greedy, s_cpsat, toy_greedy, toy_cpsat = records
    assert s_greedy.objective is not None and s_cpsat.objective is not None
    assert toy_cpsat.objective is not None
    # CP-SAT starts from greedy's answer: never worse on the same scenario
    assert s_cpsat.objective >= s_greedy.objective
    assert s_cpsat.ratio_vs_greedy == pytest.approx(s_cpsat.objective / s_greedy.objective)
    # toy is easy: a feasible UD2 timetable whose cost is what the objective says
    assert toy_cpsat.hard_violations == 0
    assert toy_cpsat.ud2_cost == 1000 * 16 - toy_cpsat.objective
    assert toy_cpsat.best_known is None  # toy is not in the README table
    assert Path(toy_cpsat.solution_file or "").read_text().count("\n") == 16
    assert toy_greedy.ud2_cost is not None

    paths = write_results(records, tmp_path, "tiers", {"smoke": True})
    runs = json.loads(paths["json"].read_text())["runs"]
    assert len(runs) == 4
    assert "| S-1 |" in paths["markdown"].read_text()


@pytest.mark.slow
def test_a_work_limit_gives_the_same_objectives_twice(
    s_and_toy: tuple[list[RunRecord], bool, Path],
) -> None:
    """With one worker and a work limit, two suite runs agree (reproducible benchmarks):
    the module's run of toy (in a suite after tier S) and one of toy alone."""
    first = [r for r in s_and_toy[0] if r.scenario == "toy"]
    again = run_suite(TOY_CASES, time_limit=30.0, workers=1, show_progress=False, work_limit=1.0)
    runs = [first, again[0]]
    for records in runs:
        assert [r.error for r in records] == [None, None]
        assert all(r.checker_ok and r.work_limit == 1.0 for r in records)
        assert [r.wall_cut for r in records] == [False, False]  # the work decided
    assert [r.objective for r in runs[0]] == [r.objective for r in runs[1]]
    assert [r.ud2_cost for r in runs[0]] == [r.ud2_cost for r in runs[1]]


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
        return run_record(solver, case.name, "S", objective=5.0), None

    monkeypatch.setattr(runner, "run_one", run_one)
    cases = [Case("tiers", f"S-{k}", None, tier="S", seed=k) for k in (1, 2)]
    records, interrupted = harness.run_suite(cases, 1.0, 1, show_progress=False)
    assert interrupted and calls == ["greedy", "cpsat"]
    assert [(r.scenario, r.solver) for r in records] == [("S-1", "greedy")]
