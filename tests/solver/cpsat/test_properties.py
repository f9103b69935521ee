"""Property: on random small scenarios every CP-SAT schedule passes the checker, its
objective is the evaluator's, and it is never worse than greedy's."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from pytest import MonkeyPatch

import solver.cpsat.solve as cpsat_solve
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.greedy import solve_greedy
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import solve
from tests.strategies import RANDOM_TERMS, scenarios


@settings(RANDOM_TERMS, max_examples=25)
@given(scenarios())
def test_cpsat_schedules_are_valid_and_never_worse_than_greedy(sc: Scenario) -> None:
    res = solve(sc, time_limit=3, workers=1)  # asserts the checker and the evaluator
    status = res.schedule.status.value
    greedy = solve_greedy(compile_scenario(sc), explain=False)
    if status == "infeasible":
        # only required requests can make it so, and then greedy cannot meet them either
        assert any(r.required for r in sc.requests)
        assert greedy.status == "unknown"
        assert res.schedule.conflicts
        return
    assert status in ("optimal", "feasible")
    if greedy.status != "unknown":  # greedy met every required request
        greedy_value, _ = objective_of(compile_scenario(sc), greedy)
        assert res.objective >= greedy_value


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(scenarios())
def test_neighbourhood_search_schedules_are_valid(monkeypatch: MonkeyPatch, sc: Scenario) -> None:
    """The same property when every term goes through the large-neighbourhood search
    (background bookings, lazy instructor travel, relaxation bound)."""
    monkeypatch.setattr(cpsat_solve, "FULL_MODEL_SESSIONS", 0)
    res = solve(sc, time_limit=2, workers=1)
    if res.schedule.status.value == "infeasible":
        assert res.schedule.conflicts
        return
    assert res.schedule.bound is None or res.schedule.bound >= res.objective


@settings(RANDOM_TERMS, max_examples=10)
@given(scenarios())
def test_a_work_limit_gives_the_same_valid_answer_twice(sc: Scenario) -> None:
    """Under a work limit (one worker) every path (whole models, independent parts,
    infeasibility cores) answers the same twice: schedule, status and conflicts."""
    first, second = (solve(sc, time_limit=60, workers=1, seed=3, work_limit=1.0) for _ in "ab")
    assert first.schedule.status == second.schedule.status
    assert first.schedule.sessions == second.schedule.sessions
    assert first.schedule.placements == second.schedule.placements
    assert first.schedule.conflicts == second.schedule.conflicts
    assert first.schedule.objective == second.schedule.objective
