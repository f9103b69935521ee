"""The time-indexed relaxation's resource hint leads a request's booking.

``b`` can only use ``lab1`` and fills its six slots; ``a`` may use either lab. Scenario
order books ``a`` in ``lab1`` and leaves ``b`` half done; the LP books ``a`` in
``lab2``, and the hint makes the search do so too.
"""

from __future__ import annotations

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import Problem, Solution
from solver import recreate
from solver.cpsat.indexed_bound.relaxation import indexed_relaxation
from solver.cpsat.params import CpSatParams
from solver.greedy import book, solution_of
from solver.occupancy import Occupancy
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import assert_answer_valid, scenario, sessions_req

A, B = 0, 1  # request positions
LAB1, LAB2 = 0, 1  # resource positions


def _two_labs() -> Scenario:
    lab = {"kind": "lab", "owner": "col", "site": "s1", "capacity": 30}
    return scenario(
        resources=[{"id": "lab1", **lab}, {"id": "lab2", **lab}],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("a", 3, cohort="c1"),
            sessions_req("b", 6, cohort="c2", resources=["lab1"]),
        ],
    )


def _booked(problem: Problem, hint: dict[int, tuple[int, ...]]) -> Solution:
    occ = Occupancy(problem)
    occ.resource_hint = hint
    book(occ, [A, B])
    return solution_of(occ)


def _checked(sc: Scenario, problem: Problem, solution: Solution) -> float:
    """The checker passes; the objective, recomputed."""
    solution.objective = float(objective_of(problem, solution)[0])
    assert_answer_valid(sc, problem, solution)
    return solution.objective


def test_the_lp_books_the_flexible_request_where_the_other_cannot_go() -> None:
    found = indexed_relaxation(compile_scenario(_two_labs()), CpSatParams(time_limit=10.0))
    assert found is not None
    assert found.bound == 9000
    assert found.resource_order[A] == (LAB2,)
    assert found.resource_order[B] == (LAB1,)


def test_booking_follows_the_hint() -> None:
    sc = _two_labs()
    problem = compile_scenario(sc)
    plain = _booked(problem, {})
    assert {p.resource for s in plain.sessions if s.request == A for p in s.parts} == {LAB1}
    assert _checked(sc, problem, plain) == 6000
    hinted = _booked(problem, {A: (LAB2,)})
    assert {p.resource for s in hinted.sessions if s.request == A for p in s.parts} == {LAB2}
    assert _checked(sc, problem, hinted) == 9000


def test_ruin_and_recreate_with_the_hint_reaches_the_optimum() -> None:
    sc = _two_labs()
    problem = compile_scenario(sc)
    start = _booked(problem, {})
    found = indexed_relaxation(problem, CpSatParams(time_limit=10.0))
    assert found is not None
    best, value, _ = recreate.improve(
        problem, start, deadline=float("inf"), seed=1, max_steps=20, hint=found.resource_order
    )
    assert value == 9000
    assert _checked(sc, problem, best) == 9000
