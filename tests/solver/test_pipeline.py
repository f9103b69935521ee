"""solve_scenario: compile -> solve -> explain -> build -> metrics, on documents."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from pytest import MonkeyPatch

from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.evaluate import evaluate
from scheduler.issues import ScenarioError
from scheduler.models import Scenario
from scheduler.problem import PartAssignment, SessionAssignment, Solution, UnmetAssignment
from scheduler.solving.scenario import solve_scenario
from solver.options import Progress, SolveOptions
from solver.pipeline import SolverUnavailable, complete_unmet, run_solver
from tests.strategies import scenario_doc

GREEDY = SolveOptions(solver="greedy")


def test_greedy_pipeline_on_tiny(tiny: Scenario) -> None:
    seen: list[Progress] = []
    schedule = solve_scenario(tiny, GREEDY, progress=seen.append)
    report = check_schedule(tiny, schedule)
    assert report.ok, [str(v) for v in report.violations]
    ev = evaluate(tiny, schedule)
    assert schedule.objective == ev.objective
    m = schedule.metrics
    assert m["shares"] == ev.shares and m["worst_share"] == ev.worst_share
    assert m["fulfilled_units"] == ev.fulfilled_by_institution
    assert m["terms"] == ev.terms
    assert m["unmet_by_reason"] == {}
    assert m["greedy_objective"] == ev.objective
    assert len(seen) == 1 and seen[0].objective == schedule.objective
    assert seen[0].gap == pytest.approx(schedule.gap)


def test_unmet_by_reason_counts_the_explanations() -> None:
    sc = scenario_doc(
        days=1,
        slots=1,
        resources=[{"id": "lab", "features": ["cnc"]}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "r1", "cohort": "a"},
            {"id": "r2", "cohort": "b"},
            {"id": "r3", "cohort": "b", "needs": ["weld"]},
        ],
    )
    schedule = solve_scenario(sc, GREEDY)
    assert check_schedule(sc, schedule).ok
    assert schedule.metrics["unmet_by_reason"] == {"capacity": 1, "no_resource": 1}


def test_an_optimal_answer_with_nothing_to_gain_states_bound_zero_not_minus_zero() -> None:
    # CP-SAT's bound came back negated as -0.0: '"objective": 0.0, "bound": -0.0'
    sc = scenario_doc(
        resources=[{"id": "lab", "features": ["cnc"]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "r", "cohort": "a", "needs": ["weld"]}],
    )
    schedule = solve_scenario(sc, SolveOptions(solver="cpsat", time_limit=5, workers=1, seed=0))
    assert check_schedule(sc, schedule).ok
    assert schedule.status == "optimal" and schedule.objective == schedule.bound == 0.0
    assert '"bound":0.0' in schedule.model_dump_json()
    assert '"objective":0.0' in schedule.model_dump_json()


def test_invalid_scenario_is_rejected_with_paths(tiny: Scenario) -> None:
    data = tiny.model_dump(by_alias=True)
    data["requests"][0]["cohort"] = "nobody"
    bad = Scenario.model_validate(data)
    with pytest.raises(ScenarioError) as err:
        solve_scenario(bad, GREEDY)
    assert any(i.path == "requests[0].cohort" for i in err.value.issues)


def test_missing_cpsat_is_a_clear_error(tiny: Scenario, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "solver.cpsat", None)  # import fails
    with pytest.raises(SolverUnavailable, match="--solver greedy"):
        run_solver(compile_scenario(tiny), SolveOptions(solver="cpsat"))


def test_complete_unmet_keeps_given_entries_and_explains_the_rest() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "r0", "cohort": "a", "sessions": 2},
            {"id": "r1", "cohort": "a"},
            {"id": "r2", "cohort": "a"},
        ],
    )
    problem = compile_scenario(sc)
    solution = Solution(
        status="feasible",
        sessions=[SessionAssignment(0, 1, 0, (PartAssignment(0, 20),))],
        unmet=[
            UnmetAssignment(0, 5, "time_limit", "stopped"),  # missing is recomputed: 1
            UnmetAssignment(2, 1, "trade_off", "given"),
        ],
    )
    complete_unmet(problem, solution)
    got = [(u.request, u.missing, u.reason, u.message) for u in solution.unmet]
    assert got[0] == (0, 1, "time_limit", "stopped")
    assert got[1][:3] == (1, 1, "trade_off")
    assert got[2] == (2, 1, "trade_off", "given")


@pytest.mark.parametrize(
    ("solver", "status", "reason"),
    [("cpsat", "feasible", "time_limit"), ("cpsat", "optimal", "trade_off"),
     ("greedy", "feasible", "trade_off")],
)  # fmt: skip
def test_a_request_left_out_by_a_cut_short_cpsat_search_is_time_limit(
    solver: str, status: str, reason: str
) -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}], cohorts=[{"id": "a"}], requests=[{"id": "r", "cohort": "a"}]
    )
    solution = Solution(status=status, solver=solver)
    complete_unmet(compile_scenario(sc), solution)
    assert [(u.request, u.missing, u.reason) for u in solution.unmet] == [(0, 1, reason)]


def test_infeasible_answer_with_nothing_scheduled(tiny: Scenario) -> None:
    problem = compile_scenario(tiny)
    solution = Solution(status="infeasible", conflicts=[(["requests[0]"], "x", {})])
    complete_unmet(problem, solution)
    assert {u.reason for u in solution.unmet} == {"infeasible"}
    assert len(solution.unmet) == len(problem.requests)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"solver": "gurobi"},
        {"time_limit": 0},
        {"time_limit": -5},
        {"workers": 0},
        {"seed": -1},
        {"workers": 1.5},
    ],
)
def test_options_reject_out_of_range_values(
    kwargs: dict[str, Any],
) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        SolveOptions(**kwargs)


@pytest.mark.parametrize("name", ["time_limit", "work_limit"])
def test_options_say_nan_is_no_number(name: str) -> None:
    """NaN was "nan seconds is out of range (0, 86400]": it is in no range at all."""
    with pytest.raises(ValueError, match=rf"^{name}: must be a number \(got nan\)$"):
        kwargs: dict[str, Any] = {name: float("nan")}
        SolveOptions(**kwargs)
