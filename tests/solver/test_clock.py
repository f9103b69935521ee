"""The solve's clock (solver.clock): a work clock moves with counted work only, and the
wall-clock time limit still ends it."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest
from pytest import MonkeyPatch

from solver.clock import METER, UNITS_PER_SCAN, UNITS_PER_SCAN_ROW, Clock
from solver.options import SolveOptions


def test_a_wall_clock_reads_wall_seconds() -> None:
    clock = Clock(5.0)
    assert not clock.by_work
    assert clock.limit == 5.0
    before = time.perf_counter()
    reading = clock.now()
    assert before <= reading <= time.perf_counter()
    clock.spend(100.0)  # ignored: a wall clock counts seconds
    assert clock.elapsed() < 1.0
    assert clock.report() == {"by": "wall", "limit": 5.0}


def test_a_work_clock_moves_with_work_not_with_time() -> None:
    clock = Clock(60.0, work_limit=10.0)
    assert clock.by_work and clock.limit == 10.0
    assert clock.now() == 0.0
    time.sleep(0.05)
    assert clock.now() == 0.0  # waiting is no work
    METER.scan(rows=4)
    assert clock.elapsed() == pytest.approx(UNITS_PER_SCAN + 4 * UNITS_PER_SCAN_ROW)
    clock.spend(2.5)
    assert clock.elapsed() == pytest.approx(2.5 + UNITS_PER_SCAN + 4 * UNITS_PER_SCAN_ROW)
    assert clock.report()["work"] == pytest.approx(clock.elapsed(), abs=1e-3)
    report = clock.report()
    assert report["by"] == "work" and report["wall_cut"] is False
    assert report["work"] == pytest.approx(2.5, abs=0.01)


def test_work_before_a_clock_starts_is_not_its_own() -> None:
    METER.scan(rows=1000)
    assert Clock(60.0, work_limit=1.0).now() == 0.0


def test_the_time_limit_ends_a_work_clock_and_says_so() -> None:
    clock = Clock(0.02, work_limit=1000.0)
    time.sleep(0.05)
    assert clock.now() == math.inf  # every deadline is met at once
    assert clock.elapsed() == math.inf
    assert clock.report()["wall_cut"] is True


@pytest.mark.parametrize("bad", [0, -1.0, True, "10", 1e9])
def test_a_bad_work_limit_is_named(bad: Any) -> None:
    with pytest.raises(ValueError, match="work_limit"):
        SolveOptions(work_limit=bad)


def test_a_work_clock_gives_a_relaxation_the_wall_time_left_not_its_budget(
    monkeypatch: MonkeyPatch,
) -> None:
    # GLOP has no counted limit: a wall budget made a reproducible run's bound, and the
    # search it steers, depend on the machine (a determinism audit)
    from ortools.linear_solver import pywraplp

    from scheduler.compile import compile_scenario
    from scheduler.io import load_scenario
    from solver.cpsat.indexed_bound.relaxation import indexed_relaxation
    from solver.cpsat.params import CpSatParams
    from tests.conftest import SCENARIOS

    assert Clock(5.0).lp_seconds(0.2) == 0.2
    assert Clock(100.0, work_limit=5.0).lp_seconds(0.2) == pytest.approx(100.0, abs=1.0)
    limits: list[float] = []
    solve = pywraplp.Solver.SolveWithProto

    def spy(request: Any, response: Any) -> Any:
        limits.append(request.solver_time_limit_seconds)
        return solve(request, response)

    monkeypatch.setattr(pywraplp.Solver, "SolveWithProto", spy)
    problem = compile_scenario(load_scenario(SCENARIOS / "tiny.json"))
    for clock, budget in ((Clock(100.0), 0.3), (Clock(100.0, work_limit=0.3), 100.0)):
        params = CpSatParams(time_limit=0.3, workers=1, clock=clock)
        assert indexed_relaxation(problem, params) is not None
        assert limits.pop() == pytest.approx(budget, abs=1.0)


def test_a_relaxation_the_wall_limit_cuts_marks_a_work_clock() -> None:
    wall = Clock(0.0)
    wall.lp_unsolved()
    assert wall.report() == {"by": "wall", "limit": 0.0}
    work = Clock(100.0, work_limit=5.0)
    work.lp_unsolved()  # unsolved with wall time to spare: not the wall's doing
    assert work.report()["wall_cut"] is False
    cut = Clock(0.5, work_limit=5.0)
    cut.lp_unsolved()
    assert cut.report()["wall_cut"] is True
