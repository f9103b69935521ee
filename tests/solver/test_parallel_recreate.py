"""Ruin and recreate on several cores (solver/parallel_recreate.py): chains that fork,
share the best, and never break a rule or get worse."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any, NoReturn

import pytest
from pytest import MonkeyPatch

from scheduler.compile import compile_scenario
from scheduler.generator import generate
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver import parallel_recreate
from solver.greedy import solve_greedy
from solver.parallel_recreate import improve_parallel
from solver.recreate import Chain, RecreateStats, improve
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import assert_answer_valid
from tests.solver.cpsat.test_solve import roomy
from tests.solver.test_construct import first_come_loses

pytestmark = pytest.mark.skipif(not parallel_recreate.can_fork(), reason="needs os.fork")


@pytest.fixture(scope="module")
def small_tier() -> tuple[Scenario, Problem, Solution]:
    sc = generate("S", 1)
    problem = compile_scenario(sc)
    return sc, problem, solve_greedy(problem, explain=False)


def _two_chains(
    problem: Problem, start: Solution, seconds: float, **kwargs: Any
) -> tuple[Solution, float, RecreateStats, list[float]]:
    """Two chains for ``seconds``: the answer, its score, statistics and progress seen."""
    seen: list[float] = []
    best, value, stats = improve_parallel(
        problem,
        start,
        deadline=time.perf_counter() + seconds,
        workers=2,
        progress=seen.append,
        **kwargs,
    )
    return best, value, stats, seen


def _assert_answer(sc: Scenario, problem: Problem, solution: Solution, value: float) -> None:
    assert value == objective_of(problem, solution)[0]
    solution.objective = value
    assert_answer_valid(sc, problem, solution)


def test_adopting_another_chains_schedule_takes_it_over_exactly() -> None:
    sc = roomy()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    a, b = Chain(problem, greedy, seed=1), Chain(problem, greedy, seed=2)
    a.run(time.perf_counter() + 60, max_steps=25)
    b.run(time.perf_counter() + 60, max_steps=40)
    theirs = b.solution()
    value = a.adopt(theirs)
    mine = a.solution()
    assert set(mine.sessions) == set(theirs.sessions)
    assert set(mine.placements) == set(theirs.placements)
    assert value == a.best == b.best == objective_of(problem, theirs)[0]
    a.run(time.perf_counter() + 60, max_steps=60)  # and the search goes on from there
    _assert_answer(sc, problem, a.solution(), a.best)


def test_two_chains_in_short_rounds_keep_every_rule_and_never_get_worse(
    small_tier: tuple[Scenario, Problem, Solution],
) -> None:
    sc, problem, greedy = small_tier
    start = float(objective_of(problem, greedy)[0])
    best, value, stats, seen = _two_chains(problem, greedy, 3.0, seed=4, round_seconds=0.5)
    assert value >= start and stats.steps > 0
    assert seen == sorted(seen) and (not seen or seen[-1] == value)
    _assert_answer(sc, problem, best, value)


def test_one_worker_is_the_single_chain() -> None:
    sc = roomy()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    deadline = time.perf_counter() + 60
    a = improve_parallel(problem, greedy, deadline=deadline, workers=1, seed=3, patience=30)
    b = improve(problem, greedy, deadline=deadline, seed=3, patience=30)
    assert a[0].sessions == b[0].sessions and a[1] == b[1]
    _assert_answer(sc, problem, a[0], a[1])


def test_a_child_that_fails_is_ignored(
    small_tier: tuple[Scenario, Problem, Solution], monkeypatch: MonkeyPatch
) -> None:
    sc, problem, greedy = small_tier

    def boom(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("the child cannot answer")

    # only the forked children search this way: theirs fail, the parent's chain goes on
    monkeypatch.setattr(parallel_recreate, "_search", boom)
    best, value, _ = improve_parallel(
        problem, greedy, deadline=time.perf_counter() + 1.5, workers=2, seed=1, round_seconds=0.5
    )
    assert value >= objective_of(problem, greedy)[0]
    _assert_answer(sc, problem, best, value)


def test_stop_ends_every_chain_early(small_tier: tuple[Scenario, Problem, Solution]) -> None:
    sc, problem, greedy = small_tier
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    began = time.perf_counter()
    best, value, _ = improve_parallel(
        problem, greedy, deadline=began + 120, workers=2, seed=1, stop=stop, round_seconds=60
    )
    # far from the two-minute deadline and the one-minute round: the stop was obeyed
    assert time.perf_counter() - began < 30
    # and what the chains held when stopped is a schedule, no worse than the start
    assert value >= objective_of(problem, greedy)[0]
    _assert_answer(sc, problem, best, value)


def test_forked_chains_find_the_order_first_come_misses() -> None:
    sc = first_come_loses()
    problem = compile_scenario(sc)
    greedy = solve_greedy(problem, explain=False)
    # the chains end on a step budget (30 steps without an improvement), not the wall
    # clock: the deadline and the round only cap a run that would hang
    best, value, _ = improve_parallel(
        problem,
        greedy,
        deadline=time.perf_counter() + 60,
        workers=2,
        seed=0,
        patience=30,
        round_seconds=60,
    )
    assert value == 2 * objective_of(problem, greedy)[0]  # both requests met
    _assert_answer(sc, problem, best, value)


def test_a_child_claiming_too_high_a_score_never_makes_the_answer_worse(
    small_tier: tuple[Scenario, Problem, Solution], monkeypatch: MonkeyPatch
) -> None:
    sc, problem, greedy = small_tier
    real = parallel_recreate._search

    def boastful(*args: Any) -> Any:
        answer = real(*args)
        return dataclasses.replace(answer, value=answer.value + 10**9)

    # every child's schedule is adopted; where it is really worse the parent's comes back,
    # so the answer is never below a score the search already reported
    monkeypatch.setattr(parallel_recreate, "_search", boastful)
    best, value, _, seen = _two_chains(problem, greedy, 2.0, seed=2, round_seconds=0.3)
    assert seen and value >= max(seen) >= objective_of(problem, greedy)[0]
    _assert_answer(sc, problem, best, value)
