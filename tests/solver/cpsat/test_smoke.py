"""End to end on the bundled scenarios: valid schedules, the evaluator's objective."""

from __future__ import annotations

import pytest

from tests.conftest import load_scenario
from tests.solver.cpsat.helpers import greedy_objective, solve


def test_tiny_is_solved_to_optimality(tiny):
    res = solve(tiny, time_limit=10, workers=2)
    assert res.schedule.status.value == "optimal"
    assert res.objective == res.schedule.bound
    # greedy already finds the optimum here; CP-SAT proves it
    greedy = greedy_objective(tiny)
    assert res.solution.metrics["greedy_objective"] == greedy
    assert res.objective >= greedy


@pytest.mark.slow
def test_dalian_objective_matches_evaluate_and_beats_greedy():
    sc = load_scenario("dalian-cnc-consortium.json")
    res = solve(sc, time_limit=30, workers=2)
    assert res.schedule.status.value in ("optimal", "feasible")
    greedy = greedy_objective(sc)
    assert res.solution.metrics["greedy_objective"] == greedy
    assert res.objective > greedy
