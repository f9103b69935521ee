"""A schedule carried over to a changed problem: what still fits, then greedy booking.

A re-solve starts from the published schedule, but the term has changed since (more
sessions asked, a resource withdrawn, days gone by closed): some of its bookings no
longer hold. :func:`fitted_schedule` keeps every booking that still passes the full
check against those kept before it, then books what is left greedily, so a re-solve
starts from (and never ends below) the published timetable rather than from scratch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from scheduler.problem import (
    CInternship,
    CRequest,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.greedy import book, request_order, solution_of
from solver.greedy_placement import place_sessions
from solver.occupancy import Occupancy


def fit_into(
    occ: Occupancy,
    sessions: Iterable[SessionAssignment],
    placements: Iterable[PlacementAssignment],
) -> int:
    """Apply the bookings that pass every rule beside what ``occ`` holds; how many did not.

    Sessions go in (request, start) order, so a weekly or block run is checked link by
    link in time: a re-solve that continued a run past a closed day gave the new session
    a number left free before the run's later ones (#4 in week 7, #5 in week 5), and a
    check in number order dropped it at the next re-solve (a term simulation). An
    internship's placements go in together or not at all.
    """
    left_out = 0
    requests = occ.problem.requests
    for s in sorted(sessions, key=lambda s: (s.request, s.start, s.index)):
        req = requests[s.request]
        if (
            not isinstance(req, CSessionRequest)
            or not 1 <= s.index <= req.n_sessions  # the request now asks fewer
            or s.index in occ.sessions.get(s.request, {})
            or occ.check_session(s.request, s.start, s.parts)
        ):
            left_out += 1
        else:
            occ.apply_session(s)
    runs: dict[int, list[PlacementAssignment]] = defaultdict(list)
    for p in placements:
        runs[p.request].append(p)
    for r, ps in sorted(runs.items()):
        if _run_fits(occ, r, ps):
            for p in ps:
                occ.apply_placement(p)
        else:
            left_out += 1
    return left_out


def fill(
    occ: Occupancy, problem: Problem, closed: Collection[int] = (), fixed: Collection[int] = ()
) -> int:
    """Book greedily what each request (but ``closed``) still misses; how many bookings.

    A required request still short after that (a weekly run that cannot grow where it
    was) is booked again from scratch, unless it is ``fixed``, when that holds it all.
    """
    before = len(occ.solution_sessions()) + len(occ.solution_placements())
    order = request_order(problem)
    book(occ, [r for r in order if r not in closed])
    for r in order:
        req = problem.requests[r]
        if req.required and r not in closed and r not in fixed and _short(occ, req):
            _rebook(occ, req)
    return len(occ.solution_sessions()) + len(occ.solution_placements()) - before


def _short(occ: Occupancy, req: CRequest) -> bool:
    if isinstance(req, CSessionRequest):
        return occ.count(req.index) < req.n_sessions
    return not occ.placements.get(req.index)


def _rebook(occ: Occupancy, req: CRequest) -> None:
    """``req`` booked anew; its old bookings back when the new ones do not hold it all."""
    if not isinstance(req, CSessionRequest):
        return  # an internship is placed whole or not at all: nothing to redo
    old = list(occ.sessions.get(req.index, {}).values())
    for s in old:
        occ.remove_session(s)
    new = place_sessions(occ, req)
    if len(new) < req.n_sessions:
        for s in new:
            occ.remove_session(s)
        for s in sorted(old, key=lambda s: s.index):
            occ.apply_session(s)


def fitted_schedule(
    problem: Problem, solution: Solution, first: Collection[int] = ()
) -> tuple[Solution, int, int]:
    """``solution``'s bookings that still fit ``problem``, and greedy booking of the rest.

    The bookings of the requests in ``first`` (a re-solve's kept requests) go in before
    the others, then the required requests' are fitted and completed, then everything
    else: a required request the changed term asks more of takes the room it needs
    before optional bookings do. Returns the schedule (status ``feasible``; the caller
    scores it), the bookings left out and the bookings added.
    """
    occ = Occupancy(problem)
    required = {r.index for r in problem.requests if r.required}

    def fit(requests: Collection[int]) -> int:
        """Re-book ``solution``'s bookings of ``requests`` that still fit; how many did not."""
        return fit_into(
            occ,
            [s for s in solution.sessions if s.request in requests],
            [p for p in solution.placements if p.request in requests],
        )

    ahead = set(first)
    left_out = fit(ahead)
    left_out += fit(required - ahead)
    optional = {r.index for r in problem.requests} - required
    filled = fill(occ, problem, closed=optional, fixed=ahead)
    left_out += fit(optional - ahead)
    filled += fill(occ, problem, fixed=ahead | required)
    return solution_of(occ), left_out, filled


def _run_fits(occ: Occupancy, request: int, ps: list[PlacementAssignment]) -> bool:
    """Whether an internship's placements still fit beside what ``occ`` holds."""
    req = occ.problem.requests[request]
    if not isinstance(req, CInternship) or len({(p.first_week, p.weeks) for p in ps}) != 1:
        return False
    if ps[0].weeks != req.weeks or sum(p.headcount for p in ps) != req.headcount:
        return False
    w = ps[0].first_week
    posts = set(req.posts.tolist())
    if occ.internship_blocks(req, w) or any(p.resource not in posts for p in ps):
        return False
    return all(
        int(occ.post_interns[p.resource, w : w + p.weeks].max()) + p.headcount
        <= int(occ.res_limit[p.resource])
        for p in ps
    )
