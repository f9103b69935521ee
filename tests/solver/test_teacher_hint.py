"""A re-solve's searches book a session again at its published place with its published
teacher (``Occupancy.teacher_hint``), so the session stays kept instead of counting as
moved for a teacher change (``solver.cpsat.moves``).

One slot, two labs, three cnc teachers listed ``t1, t2, t3``: scenario order gives the
first free one, the hint the published one.
"""

from __future__ import annotations

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import PartAssignment, Problem, SessionAssignment, Solution
from solver import recreate
from solver.cpsat.moves import count_moved, teachers_of
from solver.greedy import book, solution_of
from solver.occupancy import Occupancy
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import assert_answer_valid, scenario, sessions_req

R1 = 0  # request position
LAB1, LAB2 = 0, 1  # resource positions
T1, T2, T3 = 0, 1, 2  # instructor positions
MOVE_PENALTY = 100


def _one_slot(size: int, split: bool) -> Scenario:
    lab = {"kind": "lab", "owner": "col", "site": "s1", "capacity": 30}
    return scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[{"id": "lab1", **lab}, {"id": "lab2", **lab}],
        instructors=[
            {"id": t, "institution": "col", "skills": ["cnc"], "site": "s1"}
            for t in ("t1", "t2", "t3")
        ],
        cohorts=[{"id": "c1", "institution": "col", "size": size}],
        requests=[sessions_req("r1", 1, split=split, instructor_skills=["cnc"])],
    )


def _booked(problem: Problem, hint: dict[tuple[int, int, int], int]) -> Solution:
    occ = Occupancy(problem)
    occ.teacher_hint = hint
    book(occ, [R1])
    return solution_of(occ)


def _teachers(sc: Scenario, problem: Problem, sol: Solution) -> dict[int, int | None]:
    """Resource -> instructor of the one session, after the checker passed it."""
    sol.objective = float(objective_of(problem, sol)[0])
    assert_answer_valid(sc, problem, sol)
    [session] = sol.sessions
    return {p.resource: p.instructor for p in session.parts}


def test_one_resource_gets_the_hinted_teacher() -> None:
    sc = _one_slot(20, split=False)
    problem = compile_scenario(sc)
    assert _teachers(sc, problem, _booked(problem, {})) == {LAB1: T1}
    assert _teachers(sc, problem, _booked(problem, {(R1, 0, LAB1): T3})) == {LAB1: T3}
    # a hint for another place changes nothing here
    assert _teachers(sc, problem, _booked(problem, {(R1, 0, LAB2): T3})) == {LAB1: T1}


def test_each_split_part_gets_its_hinted_teacher() -> None:
    sc = _one_slot(50, split=True)  # 30 + 20 people: both labs, a teacher each
    problem = compile_scenario(sc)
    assert _teachers(sc, problem, _booked(problem, {})) == {LAB1: T1, LAB2: T2}
    hinted = _booked(problem, {(R1, 0, LAB1): T3, (R1, 0, LAB2): T1})
    assert _teachers(sc, problem, hinted) == {LAB1: T3, LAB2: T1}


def test_a_hinted_teacher_who_is_busy_gives_way() -> None:
    sc = _one_slot(20, split=False)
    problem = compile_scenario(sc)
    occ = Occupancy(problem)
    occ.instr_busy[T3, 0] = True
    occ.teacher_hint = {(R1, 0, LAB1): T3}
    book(occ, [R1])
    assert _teachers(sc, problem, solution_of(occ)) == {LAB1: T1}


def test_the_last_pass_books_a_published_session_again_with_its_teacher() -> None:
    # the changed term's start lost r1; published, it was in lab1 with t2
    sc = _one_slot(20, split=False)
    problem = compile_scenario(sc)
    published = Solution(
        status="feasible",
        sessions=[SessionAssignment(R1, 1, 0, (PartAssignment(LAB1, 20, instructor=T2),))],
    )

    def score(sol: Solution) -> float:
        value = float(objective_of(problem, sol)[0])
        return value - MOVE_PENALTY * count_moved(published, sol)

    empty = Solution(status="feasible")
    for teachers, want, moved in ((None, T1, 1), (teachers_of(published), T2, 0)):
        best, value, _ = recreate.book_what_pays(
            problem, empty, deadline=float("inf"), score=score, teachers=teachers
        )
        assert _teachers(sc, problem, best) == {LAB1: want}
        assert count_moved(published, best) == moved
        assert value == 1000 - MOVE_PENALTY * moved
