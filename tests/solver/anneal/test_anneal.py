"""Simulated annealing over session moves (solver.anneal): every annealed schedule keeps
every rule (the independent checker), its objective is the evaluator's and better than
the one it started from, and the kernel's running cost never drifts from a recount."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from pytest import LogCaptureFixture

from benchmarks.itc2007.convert import instance_to_scenario
from benchmarks.itc2007.ectt import load_instance
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import PartAssignment, SessionAssignment, Solution
from solver import anneal
from solver.anneal import kernel
from solver.anneal.arrays import build, sessions_of
from solver.greedy import solve_greedy
from solver.scoring import objective_of
from tests.benchmarks.conftest import instance_path
from tests.conftest import SCENARIOS
from tests.solver.cpsat.helpers import checked_objective
from tests.strategies import RANDOM_TERMS, annealable_dicts, scenario_doc

PROPERTY = settings(RANDOM_TERMS, max_examples=40)


def _checked(sc: Scenario, problem: Any, solution: Solution) -> int:
    """The evaluator's objective of ``solution`` (unmet entries completed as the
    pipeline does), after the checker passed it."""
    return checked_objective(sc, problem, dataclasses.replace(solution, unmet=[]))


#: Seeds of :func:`_scrambled_case`; at least half must reach the assertions.
SCRAMBLED_SEEDS = range(40)
#: Moves of the annealing: a budget, so the answer does not depend on the machine.
ANNEAL_MOVES = 20_000


def _scrambled_case(seed: int) -> tuple[Scenario, Any, Solution] | None:
    """A random small annealable scenario and a deliberately poor schedule of it:
    greedy's, then scattered by random legal moves at a temperature so high that every
    move is taken (isolated sessions, missing days, preferences and resources left to
    chance). ``None`` when greedy could not meet the scenario (no schedule to polish)."""
    rnd = random.Random(seed)
    labs = [f"lab{k}" for k in range(rnd.randint(2, 3))]
    teachers = [f"t{k}" for k in range(rnd.randint(0, 2))]
    cohorts = [f"c{k}" for k in range(rnd.randint(2, 3))]
    days, slots = rnd.randint(3, 5), rnd.randint(3, 4)
    requests: list[dict[str, Any]] = []
    for k in range(rnd.randint(3, 6)):
        req: dict[str, Any] = {
            "id": f"r{k}",
            "cohort": rnd.choice(cohorts),
            "sessions": rnd.randint(1, 3),
            "duration": rnd.choice([1, 1, 1, 2]),
            "resources": rnd.sample(labs, rnd.randint(1, 2)),
        }
        if teachers and rnd.random() < 0.4:
            req["instructors"] = [rnd.choice(teachers)]
        if rnd.random() < 0.4:
            req["prefer"] = {"windows": [{"slots": [1, 2]}], "weight": rnd.randint(1, 3)}
        if req["sessions"] > 1 and rnd.random() < 0.4:
            req["min_days"] = 2
        if rnd.random() < 0.2:
            req["window"] = [{"days": rnd.sample(range(1, days + 1), 2)}]
        requests.append(req)
    sc = scenario_doc(
        days=days,
        slots=slots,
        resources=[{"id": r} for r in labs],
        instructors=[{"id": t} for t in teachers],
        cohorts=[{"id": c} for c in cohorts],
        requests=requests,
        weights={"isolated": 2, "min_days": 5, "stability": 3, "prefer": 4},
    )
    problem = compile_scenario(sc)
    assert anneal.applies(problem)
    greedy = solve_greedy(problem, explain=False)
    if greedy.status != "feasible" or not greedy.sessions:
        return None
    a, at, cands = build(problem, greedy)
    assert kernel.load(a, at, cands)
    kernel.seed_rng(seed)
    cost = kernel.total_cost(a)
    kernel.anneal(a, 500, 1e9, 1e9, cost, cost, a.start.copy(), a.cand.copy(), 0.5, 0.3)
    poor = Solution("feasible", sessions_of(problem, a, a.start, a.cand), greedy.placements)
    return sc, problem, poor


def test_annealed_schedules_keep_every_rule_and_improve() -> None:
    """From deliberately poor schedules, a fixed budget of moves: each answer keeps
    every rule (the checker), holds the same sessions, and is better than its start by
    the evaluator, its bookkeeping (before, after, moves) true."""
    reached = []
    for seed in SCRAMBLED_SEEDS:
        case = _scrambled_case(seed)
        if case is None:
            continue
        sc, problem, start = case
        before = _checked(sc, problem, start)  # the poor start is a valid schedule
        assert objective_of(problem, start)[0] == before
        done = anneal.improve(problem, start, 60.0, seed=seed, moves=ANNEAL_MOVES)
        if done is None:
            continue  # nothing better found: counted below
        reached.append(seed)
        assert done.moves == ANNEAL_MOVES
        assert done.before == before
        assert done.after > before
        assert objective_of(problem, done.solution)[0] == done.after
        assert _checked(sc, problem, done.solution) == done.after
        _assert_traced(done)
        held = sorted(s.request for s in start.sessions)
        assert sorted(s.request for s in done.solution.sessions) == held  # fulfilment kept
    # the early exits above must stay the exception, or the test checks nothing
    assert len(reached) >= len(SCRAMBLED_SEEDS) // 2, reached


@PROPERTY
@given(annealable_dicts())
def test_the_running_cost_is_the_recounted_cost(doc: dict[str, Any]) -> None:
    sc = Scenario.model_validate(doc)
    problem = compile_scenario(sc)
    start = solve_greedy(problem, explain=False)
    if not start.sessions or start.status != "feasible":
        return
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    kernel.seed_rng(3)
    base, _ = objective_of(problem, start)
    cost = initial = kernel.total_cost(a)
    for _ in range(200):  # one move per call, at a temperature that accepts many
        # half the moves trade Kempe chains, half move or swap one session
        cost, _, _ = kernel.anneal(
            a, 1, 50.0, 50.0, cost, cost, a.start.copy(), a.cand.copy(), 0.5, 0.5
        )
        assert cost == kernel.total_cost(a)
    moved = Solution("feasible", sessions_of(problem, a, a.start, a.cand), start.placements)
    assert objective_of(problem, moved)[0] == base - (cost - initial)
    _checked(sc, problem, moved)


def test_annealing_pairs_up_an_isolated_cohort_day() -> None:
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


def test_a_kempe_chain_trades_two_starts_whole() -> None:
    """Cohort c1 has ``a`` at slot 1 and ``d`` at slot 3 in the lab; teacher T gives
    ``d`` and, at slot 1, ``f`` to cohort c2 in the workshop. ``a`` prefers slot 3.
    Moving ``a`` there, alone or swapping with ``d``, collides with T; its Kempe chain
    (``a``, ``d`` through c1, ``f`` through T) trades the two slots whole."""
    sc = scenario_doc(
        days=1,
        slots=3,
        resources=[{"id": "lab"}, {"id": "shop"}],
        instructors=[{"id": "T"}],
        cohorts=[{"id": "c1"}, {"id": "c2"}],
        requests=[
            {
                "id": "a",
                "cohort": "c1",
                "resources": ["lab"],
                "prefer": {"windows": [{"slots": [3]}], "weight": 1},
            },
            {"id": "d", "cohort": "c1", "resources": ["lab"], "instructors": ["T"]},
            {"id": "f", "cohort": "c2", "resources": ["shop"], "instructors": ["T"]},
        ],
        weights={"prefer": 7, "fairness": 0},
    )
    problem = compile_scenario(sc)
    ids = {r.id: i for i, r in enumerate(problem.requests)}
    start = Solution(
        "feasible",
        [
            SessionAssignment(ids[rid], 1, t, (PartAssignment(res, 20, inst),))
            for rid, t, res, inst in [("a", 0, 0, None), ("d", 2, 0, 0), ("f", 0, 1, 0)]
        ],
    )
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    i = int(np.flatnonzero(a.sess_req == ids["a"])[0])
    assert kernel._try(a, i, 2, int(a.cand[i]), 0.0) == (False, 0)  # T is busy at slot 1
    members, old, old_k = (np.empty(kernel.KEMPE_MAX, dtype=np.int64) for _ in range(3))
    before = kernel.total_cost(a)
    assert kernel._try_kempe(a, i, 2, 0.0, members, old, old_k) == (True, -7)
    assert kernel.total_cost(a) == before - 7
    assert a.start.tolist() == [2 - t for t in at.tolist()]  # every session traded
    moved = Solution("feasible", sessions_of(problem, a, a.start, a.cand), [])
    _checked(sc, problem, moved)


def test_a_kempe_chain_takes_another_resource_when_its_own_is_taken() -> None:
    """``a`` (cohort c1, lab or shop) trades slots with ``d`` (c1); ``b`` of another
    cohort holds the lab at ``d``'s slot, so ``a`` moves into the shop ``d`` leaves."""
    sc = scenario_doc(
        days=1,
        slots=3,
        resources=[{"id": "lab"}, {"id": "shop"}],
        cohorts=[{"id": "c1"}, {"id": "c2"}],
        requests=[
            {"id": "a", "cohort": "c1", "resources": ["lab", "shop"]},
            {"id": "b", "cohort": "c2", "resources": ["lab"]},
            {"id": "d", "cohort": "c1", "resources": ["shop"]},
        ],
    )
    problem = compile_scenario(sc)
    start = Solution(
        "feasible",
        [
            SessionAssignment(r, 1, t, (PartAssignment(res, 20),))
            for r, t, res in [(0, 0, 0), (1, 2, 0), (2, 2, 1)]
        ],
    )
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    members, old, old_k = (np.empty(kernel.KEMPE_MAX, dtype=np.int64) for _ in range(3))
    assert kernel._try_kempe(a, 0, 2, 1e9, members, old, old_k)[0]
    placed = sessions_of(problem, a, a.start, a.cand)
    assert [(s.request, s.start, s.parts[0].resource) for s in placed] == [
        (0, 2, 1),
        (1, 2, 0),
        (2, 0, 1),
    ]
    _checked(sc, problem, Solution("feasible", placed, []))


def test_kempe_moves_keep_the_running_cost_on_itc2007_toy() -> None:
    """Only Kempe moves, one per call, hot enough to accept many, on ITC-2007's toy
    instance (minimum days, isolated lectures, room stability and capacity all count):
    the running cost stays the recounted one and every rule holds."""
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    start = solve_greedy(problem, explain=False)
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    kernel.seed_rng(5)
    cost = kernel.total_cost(a)
    accepted = 0
    for _ in range(500):
        cost, _, took = kernel.anneal(
            a, 1, 20.0, 20.0, cost, cost, a.start.copy(), a.cand.copy(), 0.5, 1.0
        )
        accepted += took
        assert cost == kernel.total_cost(a)
    assert accepted >= 50
    moved = Solution("feasible", sessions_of(problem, a, a.start, a.cand), start.placements)
    _checked(conversion.scenario, problem, moved)


def test_a_kempe_chain_stops_at_a_session_of_another_length() -> None:
    """A two-slot session overlapping the target start cannot trade places whole."""
    sc = scenario_doc(
        days=1,
        slots=4,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c"}],
        requests=[
            {"id": "short", "cohort": "c"},
            {"id": "long", "cohort": "c", "duration": 2},
        ],
    )
    problem = compile_scenario(sc)
    start = Solution(
        "feasible",
        [
            SessionAssignment(0, 1, 0, (PartAssignment(0, 20),)),
            SessionAssignment(1, 1, 2, (PartAssignment(0, 20),)),
        ],
    )
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    members, old, old_k = (np.empty(kernel.KEMPE_MAX, dtype=np.int64) for _ in range(3))
    i = int(np.flatnonzero(a.sess_req == 0)[0])
    for t in (2, 3):
        assert kernel._try_kempe(a, i, t, 1e9, members, old, old_k) == (False, 0)
    assert a.start.tolist() == at.tolist()
    assert kernel._try_kempe(a, i, 1, 1e9, members, old, old_k)[0]  # free: a plain move


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
def test_it_stays_out_of_rules_a_move_cannot_check(
    change: dict[str, Any],
) -> None:
    sc = scenario_doc(
        resources=[{"id": "lab"}],
        cohorts=[{"id": "c"}],
        requests=[{"id": "a", "cohort": "c", "sessions": 2, **change}],
    )
    problem = compile_scenario(sc)
    assert not anneal.applies(problem)
    start = solve_greedy(problem, explain=False)
    assert anneal.improve(problem, start, 0.2) is None


def test_it_stays_out_of_travel_and_shared_resources() -> None:
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
def test_itc2007_toy_from_greedy_reaches_a_low_ud2_cost(chains: int) -> None:
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
    _assert_traced(done)  # the best of the chains, merged


def _assert_traced(done: anneal.Annealed) -> None:
    """The trace climbs from the start to the answer's objective, read off the kernel's
    costs: its last point is what the evaluator gives the annealed schedule."""
    times = [t for t, _ in done.trace]
    values = [v for _, v in done.trace]
    assert values and times == sorted(times)
    assert all(a < b for a, b in zip([done.before, *values], values, strict=False))
    assert values[-1] == done.after


def test_the_seed_fixes_the_moves() -> None:
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


def test_a_move_budget_gives_the_same_schedule_however_long_it_takes() -> None:
    """With ``moves`` the temperature follows the moves, not the wall clock: the same
    seed and budget give the same schedule, and each chain makes exactly the budget."""
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    start = solve_greedy(problem, explain=False)
    runs = [anneal.improve(problem, start, 60.0, seed=4, moves=120_000) for _ in range(2)]
    assert all(r is not None for r in runs)
    first, second = runs
    assert first is not None and second is not None
    assert first.moves == second.moves == 120_000
    assert first.solution.sessions == second.solution.sessions
    assert first.after == second.after > first.before
    _checked(conversion.scenario, problem, first.solution)


def test_compiling_up_front_moves_nothing() -> None:
    # the kernels are called once doing nothing (on a thread of their own while the
    # proof phase runs, and again before the chains): no session moves, no cost changes
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    start = solve_greedy(problem, explain=False)
    a, at, cands = build(problem, start)
    assert kernel.load(a, at, cands)
    before = {name: np.copy(getattr(a, name)) for name in a._fields}
    cost = kernel.total_cost(a)
    anneal._compiled(a)
    assert kernel.total_cost(a) == cost
    for name, value in before.items():
        assert np.array_equal(getattr(a, name), value), name


def test_the_kernels_compile_on_a_thread_and_at_install(caplog: LogCaptureFixture) -> None:
    # warm_up runs during the proof phase and logs what fails (annealing would then
    # compile on its own); make install's precompile reads any scenario
    conversion = instance_to_scenario(load_instance(instance_path("toy")))
    problem = compile_scenario(conversion.scenario)
    with caplog.at_level("ERROR", logger="solver.anneal"):
        anneal.warm_up(problem, solve_greedy(problem, explain=False)).join()
        anneal.precompile(str(SCENARIOS / "tiny.json"))
    assert caplog.records == []
    assert kernel.anneal.signatures and kernel.total_cost.signatures
