"""Ruin and recreate (solver/recreate.py): every schedule keeps every rule, never worse."""

from __future__ import annotations

import time

from hypothesis import given, settings
from pytest import MonkeyPatch

from scheduler.build import build_schedule
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import PartAssignment, Problem, SessionAssignment, Solution
from solver import recreate
from solver.greedy import meets_required, solve_greedy
from solver.recreate import Chain, RecreateStats, improve
from solver.scoring import objective_of
from solver.sharing import units_short
from tests.solver.cpsat.helpers import assert_answer_valid, assert_valid, scenario, sessions_req
from tests.solver.test_construct import first_come_loses
from tests.strategies import RANDOM_TERMS, scenarios


def run(
    problem: Problem, start: Solution, steps: int, seed: int = 0, exact: bool = False
) -> tuple[Solution, float, RecreateStats]:
    """``steps`` of ruin and recreate; scored step by step, or with ``exact`` by
    objective_of on the whole schedule."""
    return improve(
        problem,
        start,
        deadline=time.perf_counter() + 60,
        score=(lambda s: float(objective_of(problem, s)[0])) if exact else None,
        seed=seed,
        max_steps=steps,
    )


def test_a_blocked_request_gets_its_lab_when_the_order_changes() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    best, value, stats = run(problem, greedy, steps=20)
    assert greedy.objective is not None
    assert value == objective_of(problem, best)[0] == 2 * greedy.objective
    assert stats.improvements == 1 and stats.steps == 20
    best.objective = value
    assert_valid(sc, build_schedule(problem, best))


def test_patience_ends_the_search_after_steps_without_improvement() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    best, value, stats = improve(
        problem,
        greedy,
        deadline=time.perf_counter() + 60,
        score=lambda s: float(objective_of(problem, s)[0]),
        patience=5,
    )
    # the improvement comes within the first steps; five more without one end it
    assert stats.improvements == 1 and 6 <= stats.steps < 20
    best.objective = value
    assert_valid(sc, build_schedule(problem, best))


@settings(RANDOM_TERMS, max_examples=20)
@given(scenarios())
def test_recreated_schedules_keep_every_rule_and_never_get_worse(sc: Scenario) -> None:
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    best, value, _ = run(problem, greedy, steps=15, seed=3)
    assert greedy.objective is not None
    assert value == objective_of(problem, best)[0] >= greedy.objective
    if meets_required(problem, greedy):
        assert meets_required(problem, best)
    best.objective = value
    if not meets_required(problem, best):  # as greedy answers it: unknown
        best.status = "unknown"
    assert_answer_valid(sc, problem, best)


def test_step_by_step_scoring_takes_the_same_path_as_whole_schedule_scoring() -> None:
    from tests.solver.cpsat.test_solve import roomy

    sc = roomy()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    a, va, sa = run(problem, greedy, steps=30, seed=5)
    b, vb, sb = run(problem, greedy, steps=30, seed=5, exact=True)
    assert (va, sa.kept, sa.improvements) == (vb, sb.kept, sb.improvements)
    assert a.sessions == b.sessions
    a.objective = va
    assert_answer_valid(sc, problem, a)


def test_what_each_request_lacks_is_kept_up_to_date_step_by_step() -> None:
    problem = compile_scenario(first_come_loses())
    greedy = solve_greedy(problem, explain=False)
    a, b = Chain(problem, greedy, seed=1), Chain(problem, greedy, seed=2)
    assert a.search.missing == units_short(problem, a.search.held) != {}
    b.run(time.perf_counter() + 60, max_steps=20)  # meets the request greedy left out
    assert b.stats.improvements == 1
    assert b.search.missing == units_short(problem, b.search.held) == {}
    a.adopt(b.solution())
    assert a.search.missing == {}
    adopted = a.solution()
    adopted.objective = a.best
    assert_valid(first_come_loses(), build_schedule(problem, adopted))


def test_a_targeted_step_ruins_what_stands_where_a_missing_request_could_go(
    monkeypatch: MonkeyPatch,
) -> None:
    problem = compile_scenario(first_come_loses())
    greedy = solve_greedy(problem, explain=False)
    flex, rigid = (next(r.index for r in problem.requests if r.id == x) for x in ("flex", "rigid"))
    chain = Chain(problem, greedy, seed=0)
    assert chain.search.missing.keys() == {rigid}
    # one slot, one lab 'rigid' may use, and 'flex' in it
    assert chain.search.in_the_way(rigid) == [flex]
    monkeypatch.setattr(recreate, "TARGETED_SHARE", 1.0)
    assert chain.search.neighbourhood(60) == ([flex, rigid], rigid)
    chain.run(time.perf_counter() + 60, max_steps=1)  # 'rigid' first, 'flex' to the other lab
    assert chain.stats.improvements == 1 and chain.search.missing == {}
    best = chain.solution()
    assert greedy.objective is not None
    assert chain.best == objective_of(problem, best)[0] == 2 * greedy.objective
    best.objective = chain.best
    assert_valid(first_come_loses(), build_schedule(problem, best))


def test_the_last_pass_books_a_request_left_out_that_fits_and_pays() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    full, value, _ = run(problem, solve_greedy(problem, explain=False), steps=20)
    # a search cut short: one request's sessions were never booked
    left_out = full.sessions[0].request
    start = Solution(
        status="feasible",
        sessions=[s for s in full.sessions if s.request != left_out],
        placements=list(full.placements),
    )
    assert objective_of(problem, start)[0] < value
    got, got_value, stats = recreate.book_what_pays(
        problem, start, deadline=time.perf_counter() + 60
    )
    assert got_value == objective_of(problem, got)[0] == value
    assert stats.improvements == 1
    assert {s.request for s in got.sessions} == {s.request for s in full.sessions}
    got.objective = got_value
    assert_valid(sc, build_schedule(problem, got))


def test_the_last_pass_goes_round_again_when_a_booking_freed_a_place() -> None:
    # "late" (tried first: as short, and listed first) can only take day 2's last slot,
    # where "more" holds one of its two sessions; booked again, "more" moves to the
    # earliest slots, and the place it leaves is "late"'s in the next round
    late_window = [{"weeks": [1, 1], "days": [2], "slots": [3]}]
    sc = scenario(
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("late", 1, cohort="c1", window=late_window),
            sessions_req("more", 2, cohort="c2"),
        ],
    )
    problem = compile_scenario(sc)
    last = SessionAssignment(request=1, index=1, start=5, parts=(PartAssignment(0, 20),))
    start = Solution(status="feasible", sessions=[last])
    got, got_value, stats = recreate.book_what_pays(
        problem, start, deadline=time.perf_counter() + 60
    )
    # round one: "late" does not fit, "more" is booked again; round two: "late" fits
    assert stats.improvements == 2 and stats.steps == 3
    assert {s.request for s in got.sessions if s.start == 5} == {0}
    assert got_value == objective_of(problem, got)[0] == 3000
    got.objective = got_value
    assert_valid(sc, build_schedule(problem, got))


def test_the_last_pass_leaves_out_a_request_whose_penalties_outweigh_it() -> None:
    from scheduler.weights import BASE_DEMAND
    from tests.scheduler.test_weights import far_lab

    sc = far_lab({"demand": BASE_DEMAND})  # 1,440 travel minutes against 1,000 of demand
    problem = compile_scenario(sc)
    empty = Solution(status="feasible")
    got, got_value, stats = recreate.book_what_pays(
        problem, empty, deadline=time.perf_counter() + 60
    )
    assert not got.sessions and stats.improvements == 0 and stats.steps == 1
    assert got_value == objective_of(problem, empty)[0]
    got.objective = got_value
    assert_answer_valid(sc, problem, got)
