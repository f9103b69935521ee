"""Other service orders for the optimizer's first schedule (solver/construct.py)."""

from __future__ import annotations

from scheduler.build import build_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Solution
from solver.construct import ORDERS, best_start
from solver.greedy import meets_required, request_order, serve, solve_greedy
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import (
    TWO_LABS,
    assert_answer_valid,
    assert_valid,
    greedy_objective,
    scenario,
    sessions_req,
    solve,
)


def first_come_loses() -> Scenario:
    """One slot; 'flex' (submitted first) could use either lab and takes lab1, the only
    lab 'rigid' may use: first come first served meets one request, the other order both."""
    return scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=TWO_LABS,
        cohorts=[{"id": f"c{k}", "institution": "col", "size": 20} for k in (1, 2)],
        requests=[
            sessions_req("flex", 1, cohort="c1", resources=["lab1", "lab2"]),
            sessions_req("rigid", 1, cohort="c2", resources=["lab1"]),
        ],
    )


def test_least_flexible_first_serves_the_request_with_one_option_first() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    order = request_order(problem, ORDERS["least_flexible"](problem))
    assert [problem.requests[i].id for i in order] == ["rigid", "flex"]
    solution = serve(problem, order)
    assert {s.request for s in solution.sessions} == {0, 1}
    solution.objective = float(objective_of(problem, solution)[0])
    assert_valid(sc, build_schedule(problem, solution))


def test_best_start_keeps_the_better_order_and_never_a_worse_one() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    g = float(objective_of(problem, greedy)[0])
    start = best_start(problem, greedy, g, seconds=10)
    assert start.order != "fcfs"
    assert start.objective == objective_of(problem, start.solution)[0] == 2 * g
    start.solution.objective = float(start.objective)
    assert_valid(sc, build_schedule(problem, start.solution))
    # no time: greedy's own schedule
    assert best_start(problem, greedy, g, seconds=0).solution is greedy
    # a run expected to last longer than the time given is not started
    assert best_start(problem, greedy, g, seconds=10, expected=11).solution is greedy
    assert best_start(problem, greedy, g, seconds=10, expected=9).order != "fcfs"


def test_a_start_meeting_the_required_requests_beats_a_higher_score() -> None:
    sc = scenario(requests=[sessions_req("need", 1, required=True), sessions_req("more", 3)])
    problem = compile_scenario(sc)
    missing_required = Solution(status="feasible")  # scores 0, but 'need' is missing
    start = best_start(problem, missing_required, 10**9, seconds=10)
    assert start.order != "fcfs" and meets_required(problem, start.solution)
    start.solution.objective = float(start.objective)
    assert_answer_valid(sc, problem, start.solution)


def test_the_optimizer_reports_where_it_started_and_returns_no_worse() -> None:
    res = solve(first_come_loses(), time_limit=5)  # checked by helpers.solve
    m = res.solution.metrics
    assert m["start"]["order"].startswith("construction ")
    greedy = greedy_objective(first_come_loses())
    assert m["greedy_objective"] == greedy
    assert res.objective >= m["start"]["objective"] == 2 * greedy
