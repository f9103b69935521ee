"""Session numbers: each booking takes the smallest number its request has free.

``Occupancy.next_index`` remembers where the used numbers end, so booking a request's
n sessions is linear, not quadratic (20,000 sessions asked in a term at the format's
size limits spent 12 s rescanning); a removal frees its number again.
"""

from __future__ import annotations

from scheduler.compile import compile_scenario
from scheduler.problem import PartAssignment, SessionAssignment
from solver.greedy import book, solution_of
from solver.occupancy import Occupancy
from tests.solver.cpsat.helpers import scenario, sessions_req

R = 0  # request position


def _occupancy(n: int) -> Occupancy:
    problem = compile_scenario(scenario(requests=[sessions_req("r", n)]))
    return Occupancy(problem)


def _session(index: int, start: int) -> SessionAssignment:
    return SessionAssignment(R, index, start, (PartAssignment(0, 20),))


def test_numbers_run_on_and_a_removed_one_is_taken_again() -> None:
    occ = _occupancy(6)
    book(occ, [R])
    assert sorted(s.index for s in solution_of(occ).sessions) == [1, 2, 3, 4, 5, 6]
    assert occ.next_index(R) == 7
    two = occ.sessions[R][2]
    occ.remove_session(two)
    assert occ.next_index(R) == 2
    occ.apply_session(_session(2, two.start))
    assert occ.next_index(R) == 7
    occ.remove_sessions([occ.sessions[R][5], occ.sessions[R][3]])
    assert occ.next_index(R) == 3


def test_a_copy_numbers_on_its_own() -> None:
    occ = _occupancy(6)
    occ.apply_session(_session(1, 0))
    assert occ.next_index(R) == 2
    copy = occ.restricted(occ.families)
    copy.apply_session(_session(2, 1))
    assert copy.next_index(R) == 3
    # the original did not book 2: its number is still free there
    assert occ.next_index(R) == 2
    occ.remove_session(occ.sessions[R][1])
    assert occ.next_index(R) == 1
    assert copy.next_index(R) == 3
