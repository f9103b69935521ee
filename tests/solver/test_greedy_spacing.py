"""Free sessions with ``max_per_week`` / ``min_days_apart``: the greedy's one pass over
the starts books exactly the earliest start that keeps the spacing with every session
held, the request's earlier ones included; and many sessions are taken out at once
the same as one by one."""

from __future__ import annotations

import numpy as np
import pytest

from scheduler.compile import compile_scenario
from scheduler.problem import (
    CSessionRequest,
    PartAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.greedy_placement import place_sessions
from solver.occupancy import Occupancy
from tests.strategies import scenario_doc


def _problem(max_per_week: int | None, min_days_apart: int, sessions: int) -> Problem:
    spacing: dict[str, int] = {"min_days_apart": min_days_apart}
    if max_per_week is not None:
        spacing["max_per_week"] = max_per_week
    sc = scenario_doc(
        weeks=4,
        days=6,
        slots=2,
        closed=[(1, 3), (3, 1)],
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "f", "cohort": "a", "sessions": sessions, **spacing}],
    )
    return compile_scenario(sc)


def _earliest_fits(occ: Occupancy, req: CSessionRequest, held: list[int], want: int) -> list[int]:
    """Starts by a plain reading of the rules: the earliest open start whose week has
    room and whose calendar day is far enough from every session held."""
    days = occ.slot_calendar_day
    out: list[int] = []
    for t in np.flatnonzero(req.starts).tolist():
        if len(out) == want:
            break
        mine = held + out
        week = t // occ.spw
        if (
            req.max_per_week is not None
            and sum(u // occ.spw == week for u in mine) >= req.max_per_week
        ):
            continue
        if any(abs(int(days[t]) - int(days[u])) < req.min_days_apart for u in mine):
            continue
        out.append(t)
    return out


def _held(req: CSessionRequest, starts: list[int]) -> list[SessionAssignment]:
    part = PartAssignment(resource=int(req.resources[0]), headcount=20)
    return [SessionAssignment(req.index, i, t, (part,)) for i, t in enumerate(starts, start=1)]


@pytest.mark.parametrize(
    ("max_per_week", "min_days_apart"), [(None, 2), (2, 0), (3, 1), (2, 3), (1, 0)]
)
@pytest.mark.parametrize("held", [[], [13], [2, 30]])
def test_free_spacing_books_the_earliest_starts_that_keep_it(
    max_per_week: int | None, min_days_apart: int, held: list[int]
) -> None:
    problem = _problem(max_per_week, min_days_apart, sessions=40)
    (req,) = problem.requests
    assert isinstance(req, CSessionRequest)
    occ = Occupancy.from_solution(problem, Solution(status="feasible", sessions=_held(req, held)))
    placed = place_sessions(occ, req)
    expected = _earliest_fits(occ, req, held, req.n_sessions - len(held))
    assert [s.start for s in placed] == expected
    assert 0 < len(expected) < req.n_sessions - len(held)  # the spacing binds: not all fit
    assert occ.count(req.index) == len(held) + len(expected)


def test_removing_many_sessions_at_once_equals_one_by_one() -> None:
    problem = _problem(None, 0, sessions=30)
    (req,) = problem.requests
    assert isinstance(req, CSessionRequest)
    full = Occupancy.from_solution(problem, Solution(status="feasible"))
    booked = place_sessions(full, req)
    assert len(booked) == 30
    taken = booked[:3] + booked[10:12] + booked[-2:]  # both edges and the middle
    at_once = Occupancy.from_solution(problem, Solution(status="feasible", sessions=booked))
    one_by_one = Occupancy.from_solution(problem, Solution(status="feasible", sessions=booked))
    at_once.remove_sessions(taken)
    for s in taken:
        one_by_one.remove_session(s)
    kept = sorted(s.start for s in booked if s not in taken)
    for occ in (at_once, one_by_one):
        assert sorted(s.start for s in occ.sessions[req.index].values()) == kept
        assert occ.span_of(req.index) == (kept[0], kept[-1] + req.duration)
    assert np.array_equal(at_once.cohort_busy, one_by_one.cohort_busy)
    assert np.array_equal(at_once.res_who, one_by_one.res_who)
    at_once.remove_sessions([s for s in booked if s not in taken])
    assert at_once.span_of(req.index) is None
    assert req.index not in at_once.sessions
    assert not at_once.cohort_busy.any()
