"""The step-by-step objective (solver/delta_score.py) equals objective_of after every change."""

from __future__ import annotations

import random

from hypothesis import given, settings

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Solution
from solver.delta_score import DeltaScore
from solver.greedy import solve_greedy
from solver.scoring import compute_terms, objective_of
from tests.solver.cpsat.test_solve import roomy
from tests.strategies import RANDOM_TERMS, scenarios


@settings(RANDOM_TERMS, max_examples=30)
@given(scenarios())
def test_bookings_added_and_taken_out_request_by_request(sc: Scenario) -> None:
    problem = compile_scenario(sc)
    full = solve_greedy(problem, explain=False)
    by = {
        r: (
            [s for s in full.sessions if s.request == r],
            [p for p in full.placements if p.request == r],
        )
        for r in range(len(problem.requests))
    }
    delta = DeltaScore(problem, Solution(status="feasible"))
    have: set[int] = set()
    rnd = random.Random(0)
    for step in range(2 * len(by)):
        r = rnd.choice(list(by))
        if r in have:
            value = delta.swap([r], *by[r], [], [])
            have.discard(r)
        else:
            value = delta.swap([r], [], [], *by[r])
            have.add(r)
        now = Solution(
            status="feasible",
            sessions=[s for q in sorted(have) for s in by[q][0]],
            placements=[p for q in sorted(have) for p in by[q][1]],
        )
        assert value == objective_of(problem, now)[0], step
        assert delta.terms() == compute_terms(problem, now)


def test_starting_from_a_schedule_gives_its_objective() -> None:
    problem = compile_scenario(roomy())
    greedy = solve_greedy(problem, explain=False)
    delta = DeltaScore(problem, greedy)
    assert delta.value() == objective_of(problem, greedy)[0]
    assert delta.terms() == compute_terms(problem, greedy)
