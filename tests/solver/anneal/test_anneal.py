"""Simulated annealing over session moves (solver.anneal): every annealed schedule keeps
every rule (the independent checker), its objective is the evaluator's and better than
the one it started from, and the kernel's running cost never drifts from a recount."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.itc2007.convert import instance_to_scenario
from benchmarks.itc2007.ectt import load_instance
from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.evaluate import evaluate
from scheduler.models import Scenario
from scheduler.problem import Solution
from solver import anneal
from solver.anneal import kernel
from solver.anneal.arrays import build, sessions_of
from solver.greedy import solve_greedy
from solver.pipeline import complete_unmet
from solver.scoring import objective_of
from tests.benchmarks.conftest import instance_path
from tests.strategies import annealable_dicts, scenario_doc

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _checked(sc: Scenario, problem: Any, solution: Solution) -> int:
    """The evaluator's objective of ``solution`` (unmet entries completed as the
    pipeline does), after the checker passed it."""
    solution = dataclasses.replace(solution, unmet=[])
    complete_unmet(problem, solution)
    schedule = build_schedule(problem, solution)
    report = check_schedule(sc, schedule)
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]
    return int(evaluate(sc, schedule).objective)


@PROPERTY
@given(annealable_dicts())
def test_annealed_schedules_keep_every_rule_and_improve(doc):
    sc = Scenario.model_validate(doc)
    problem = compile_scenario(sc)
    assert anneal.applies(problem)
    start = solve_greedy(problem, explain=False)
    if start.status == "infeasible":
        return  # a required request greedy could not meet: no schedule to polish
    before, _ = objective_of(problem, start)
    done = anneal.improve(problem, start, 0.2, seed=1)
    if done is None:
        return  # nothing better found: the caller keeps its schedule
    assert done.before == before
    assert done.after > before
    assert objective_of(problem, done.solution)[0] == done.after
    assert _checked(sc, problem, done.solution) == done.after
    held = sorted(s.request for s in start.sessions)
    assert sorted(s.request for s in done.solution.sessions) == held  # fulfilment kept


@PROPERTY
@given(annealable_dicts())
def test_the_running_cost_is_the_recounted_cost(doc):
    sc = Scenario.model_validate(doc)
    problem = compile_scenario(sc)
    start = solve_greedy(problem, explain=False)
    if not start.sessions or start.status == "infeasible":
        return
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    kernel.seed_rng(3)
    base, _ = objective_of(problem, start)
    cost = initial = kernel.total_cost(a)
    for _ in range(200):  # one move per call, at a temperature that accepts many
        cost, _, _ = kernel.anneal(a, 1, 50.0, 50.0, cost, cost, a.start.copy(), a.cand.copy(), 0.5)
        assert cost == kernel.total_cost(a)
    moved = Solution("feasible", sessions_of(problem, a, a.start, a.cand), start.placements)
    assert objective_of(problem, moved)[0] == base - (cost - initial)
    _checked(sc, problem, moved)


def test_annealing_pairs_up_an_isolated_cohort_day():
    """Two one-slot lectures of a cohort greedy puts on two days: each is isolated and a
    day apart; annealing puts them side by side on one day (isolated 2, min_days 0)."""
    sc = scenario_doc(
        days=2,
        slots=3,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c"}],
        requests=[
            {"id": "a", "cohort": "c", "sessions": 1, "window": [{"days": [1]}]},
            {"id": "b", "cohort": "c", "sessions": 1},
        ],
        weights={"isolated": 2, "fairness": 0},
    )
    problem = compile_scenario(sc)
    start = Solution(
        "feasible",
        sessions_of_doc(problem, [("a", 0), ("b", 5)]),
    )
    assert objective_of(problem, start)[1]["isolated_sessions"] == 2
    done = anneal.improve(problem, start, 0.5, seed=0)
    assert done is not None
    assert objective_of(problem, done.solution)[1]["isolated_sessions"] == 0
    assert done.after == done.before + 2 * 2
    _checked(sc, problem, done.solution)


def sessions_of_doc(problem: Any, placed: list[tuple[str, int]]) -> list:
    """One session per (request id, global start) in the only lab."""
    from scheduler.problem import PartAssignment, SessionAssignment

    ids = {r.id: i for i, r in enumerate(problem.requests)}
    return [
        SessionAssignment(
            ids[rid], 1, t, (PartAssignment(0, problem.requests[ids[rid]].headcount),)
        )
        for rid, t in placed
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"pattern": "weekly"},
        {"pattern": "block"},
        {"split": True},
    ],
)
def test_it_stays_out_of_rules_a_move_cannot_check(change):
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c"}],
        requests=[{"id": "a", "cohort": "c", "sessions": 2, **change}],
    )
    problem = compile_scenario(sc)
    assert not anneal.applies(problem)
    start = solve_greedy(problem, explain=False)
    assert anneal.improve(problem, start, 0.2) is None


def test_it_stays_out_of_travel_and_shared_resources():
    travel = scenario_doc(
        sites=("A", "B"),
        travel=[("A", "B", 30)],
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c"}],
        requests=[{"id": "a", "cohort": "c"}],
    )
    shared = scenario_doc(
        resources=[{"id": "base", "shareable": True}],
        cohorts=[{"id": "c"}],
        requests=[{"id": "a", "cohort": "c"}],
    )
    assert not anneal.applies(compile_scenario(travel))
    assert not anneal.applies(compile_scenario(shared))


@pytest.mark.parametrize("chains", [1, 2])
def test_itc2007_toy_from_greedy_reaches_a_low_ud2_cost(chains):
    """On ITC-2007's toy instance (best known 0) a second of annealing from greedy's
    schedule leaves at most a few points of soft cost among the lectures held, with one
    chain or two side by side (the best of them answers)."""
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    start = solve_greedy(problem, explain=False)
    done = anneal.improve(problem, start, 1.0, seed=0, chains=chains)
    assert done is not None
    _, terms = objective_of(problem, done.solution)
    soft = (
        terms["overflow_person_slots"]
        + 5 * terms["missing_days"]
        + 2 * terms["isolated_sessions"]
        + terms["extra_resources"]
    )
    assert soft <= 5
    assert len(done.solution.sessions) == len(start.sessions)
    _checked(conversion.scenario, problem, done.solution)


def test_the_seed_fixes_the_moves():
    """Same schedule and seed, same sequence of moves (the compiled generator is seeded)."""
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    start = solve_greedy(problem, explain=False)
    runs = []
    for _ in range(2):
        a, at, cands = build(problem, start)
        kernel.load(a, at, cands)
        kernel.seed_rng(11)
        cost = kernel.total_cost(a)
        kernel.anneal(a, 5_000, 2.0, 0.1, cost, cost, a.start.copy(), a.cand.copy(), 0.5)
        runs.append((a.start.copy(), a.cand.copy()))
    assert np.array_equal(runs[0][0], runs[1][0])
    assert np.array_equal(runs[0][1], runs[1][1])
