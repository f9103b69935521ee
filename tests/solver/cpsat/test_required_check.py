"""The required requests' own model, asked before a whole model when the start misses one."""

from __future__ import annotations

from typing import Any

from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver.cpsat.params import CpSatParams
from solver.cpsat.required_check import required_proven_short
from solver.greedy import solve_greedy
from tests.solver.cpsat.helpers import scenario, sessions_req, solve

LABS = [
    {"id": "lab1", "kind": "lab", "owner": "col", "site": "s1", "capacity": 25,
     "available": [{"days": [2]}]},
    {"id": "lab2", "kind": "lab", "owner": "col", "site": "s1", "capacity": 25},
]  # fmt: skip


def _two_rooms_on_consecutive_days(required: bool = True) -> Scenario:
    """44 people need both labs at once, and a block of two needs consecutive days, but
    lab1 opens on Tuesdays only (a spec audit's term ended ``unknown`` on this after 10 s
    of its whole model)."""
    return scenario(
        calendar={"weeks": 2, "days_per_week": 5},
        resources=LABS,
        cohorts=[
            {"id": "c1", "institution": "col", "size": 44},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("a", 2, pattern="block", split=True, required=required),
            sessions_req("b", 4, cohort="c2"),
        ],
    )


def test_a_required_set_that_cannot_hold_is_proven_from_its_own_model() -> None:
    problem = compile_scenario(_two_rooms_on_consecutive_days())
    params = CpSatParams(time_limit=5.0, workers=1)
    greedy = solve_greedy(problem)
    assert required_proven_short(problem, params, greedy)
    assert required_proven_short(problem, params, None)


def test_no_check_when_the_start_meets_every_required_request_or_none_is_required() -> None:
    problem = compile_scenario(_two_rooms_on_consecutive_days(required=False))
    params = CpSatParams(time_limit=5.0, workers=1)
    assert not required_proven_short(problem, params, Solution(status="feasible"))
    feasible = compile_scenario(
        scenario(requests=[sessions_req("a", 2, required=True), sessions_req("b", 1)])
    )
    greedy = solve_greedy(feasible)
    assert required_proven_short(feasible, params, greedy) is False
    # a start that misses the required request, in a term where it fits: not proven
    assert not required_proven_short(feasible, params, Solution(status="feasible"))


def test_the_solve_answers_infeasible_naming_the_request_and_both_labs() -> None:
    res = solve(_two_rooms_on_consecutive_days(), time_limit=5.0)
    assert res.solution.status == "infeasible"
    assert res.solution.metrics["mode"] == "required"
    (conflict,) = res.schedule.conflicts
    assert "requests[0]" in conflict.items
    assert {"resources[0]", "resources[1]"} & set(conflict.items)
    # the rest is scheduled: b in full, and the one day of the block that fits
    assert len(res.sessions_of("b")) == 4 and len(res.sessions_of("a")) == 1
    ((request, reason),) = [(u.request, u.reason.value) for u in res.schedule.unmet]
    assert (request, reason) == ("a", "infeasible")


def test_a_feasible_answer_without_any_bound_in_time_reports_the_trivial_one(
    monkeypatch: MonkeyPatch,
) -> None:
    """A short solve whose presolve ate the proof phase, and no LP in time: the answer
    had ``bound: null``; every unit met with no penalty still bounds it."""
    import solver.cpsat.solve as cpsat_solve
    from solver.greedy import solve_greedy as greedy_of
    from solver.scoring import objective_of, trivial_bound

    sc = scenario(requests=[sessions_req("a", 2), sessions_req("b", 9, cohort="c1")])
    problem = compile_scenario(sc)

    def whole_without_bound(problem_: Problem, *args: Any, **kwargs: Any) -> Solution:
        found = greedy_of(problem_)
        found.status, found.solver, found.bound = "feasible", "cpsat", None
        found.objective = float(objective_of(problem_, found)[0])
        return found

    monkeypatch.setattr(cpsat_solve, "solve_whole", whole_without_bound)
    monkeypatch.setattr(cpsat_solve, "indexed_relaxation_of", lambda *a, **k: None)
    res = solve(sc, time_limit=5.0)
    assert res.schedule.status.value == "feasible"
    assert res.schedule.bound == float(trivial_bound(problem))
    assert res.schedule.objective is not None and res.schedule.bound > res.schedule.objective


def test_no_model_of_the_required_requests_where_all_are_required() -> None:
    """Every lecture of an ITC-2007 instance is required: that model is the whole one,
    built and solved once more for nothing. A small term is cheap to check anyway."""
    from solver.cpsat.required_check import REQUIRED_CHECK_SMALL, required_few

    few = scenario(requests=[sessions_req("a", 1, required=True), sessions_req("b", 1)])
    small = scenario(requests=[sessions_req("a", 1, required=True)])
    n = REQUIRED_CHECK_SMALL // 4 + 1
    every = scenario(
        calendar={"weeks": 18, "days_per_week": 5, "slots_per_day": 4},
        requests=[sessions_req(f"r{i}", n, required=True) for i in range(4)],
    )
    assert required_few(compile_scenario(few))
    assert required_few(compile_scenario(small))
    assert not required_few(compile_scenario(every))
