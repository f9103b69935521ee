"""The occupancy's arrays and per-request records, and what they say about one request.

Each group of operations is a mixin of :class:`OccupancyState` in its own module;
:class:`solver.occupancy.combined.Occupancy` combines them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
)
from solver.occupancy.families import ALL_FAMILIES
from solver.occupancy.records import Visit
from solver.occupancy.spans import NO_LIMIT


class OccupancyState:
    """What a (partial) schedule occupies, in arrays indexed like the problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        #: request position -> resource positions to try first after those it already
        #: uses and its preferred ones (a relaxation's solution; empty: scenario order)
        self.resource_hint: Mapping[int, Sequence[int]] = {}
        #: (request, start, resource) -> the instructor to try first there: a re-solve's
        #: published teacher, so a session booked again at its published place keeps that
        #: teacher (held by another, it has moved: solver.cpsat.moves)
        self.teacher_hint: Mapping[tuple[int, int, int], int] = {}
        cal = problem.calendar
        self.cal = cal
        self.spd = cal.slots_per_day
        self.spw = cal.slots_per_week
        self.n_slots = cal.n_slots
        self.n_weeks = cal.n_weeks
        n_res, n_coh, n_ins = len(problem.resources), len(problem.cohorts), len(problem.instructors)
        res = problem.resources
        self.res_capacity = np.array([r.capacity for r in res], dtype=np.int64)
        self.res_limit = np.array([r.capacity + r.overflow for r in res], dtype=np.int64)
        self.res_exclusive = np.array([not r.shareable for r in res], dtype=bool)
        self.res_site = [r.site for r in res]
        self.res_people = np.zeros((n_res, self.n_slots), dtype=np.int64)
        self.res_parts = np.zeros((n_res, self.n_slots), dtype=np.int32)
        # People each resource can still take per slot (0 while an exclusive one is in
        # use), with overflow and within capacity; kept in step with the two above.
        self.res_room = np.repeat(self.res_limit[:, None], self.n_slots, axis=1)
        self.res_room_cap = np.repeat(self.res_capacity[:, None], self.n_slots, axis=1)
        self.res_who = np.full((n_res, self.n_slots), -1, dtype=np.int32)
        self.post_interns = np.zeros((n_res, self.n_weeks), dtype=np.int64)
        self.post_who = np.full((n_res, self.n_weeks), -1, dtype=np.int32)
        self.cohort_busy = np.zeros((n_coh, self.n_slots), dtype=np.int32)
        self.cohort_who = np.full((n_coh, self.n_slots), -1, dtype=np.int32)
        self.cohort_intern = np.zeros((n_coh, self.n_weeks), dtype=np.int32)
        self.cohort_intern_who = np.full((n_coh, self.n_weeks), -1, dtype=np.int32)
        self.cohort_week_sessions = np.zeros((n_coh, self.n_weeks), dtype=np.int32)
        self.instr_busy = np.zeros((n_ins, self.n_slots), dtype=np.int32)
        self.instr_load = np.zeros((n_ins, self.n_weeks), dtype=np.int64)
        self.instr_max = np.array(
            [
                t.max_slots_per_week if t.max_slots_per_week is not None else NO_LIMIT
                for t in problem.instructors
            ],
            dtype=np.int64,
        )
        self.instr_available = (
            np.array([t.available for t in problem.instructors], dtype=bool)
            if n_ins
            else np.zeros((0, self.n_slots), dtype=bool)
        )
        self.cohort_visits: list[dict[int, list[Visit]]] = [{} for _ in range(n_coh)]
        self.instr_visits: list[dict[int, list[Visit]]] = [{} for _ in range(n_ins)]
        self.sessions: dict[int, dict[int, SessionAssignment]] = {}
        #: request -> a session number every smaller one of which is in use (from 1 after
        #: a removal): :meth:`next_index` scanned from 1 at every booking, quadratic in a
        #: request's sessions (20,000 asked in a term at the format's limits: 12 s)
        self.index_from: dict[int, int] = {}
        self.placements: dict[int, list[PlacementAssignment]] = {}
        self._span: dict[int, tuple[int, int]] = {}
        self.successors: list[list[int]] = [[] for _ in problem.requests]
        for r in problem.requests:
            for p in r.after:
                self.successors[p].append(r.index)
        self.travel = problem.travel.tolist()
        self.slot_minute = list(cal.slot_start_minutes)
        self.open_days = np.flatnonzero(cal.open_day)
        #: int (n_slots,): the slot's calendar day, 7 a week (``min_days_apart`` counts them)
        week, day = np.divmod(np.arange(self.n_slots) // self.spd, cal.days_per_week)
        self.slot_calendar_day = week * 7 + day
        #: Families other requests' usage was loaded into (see :meth:`restricted`).
        self.families: frozenset[str] = ALL_FAMILIES

    def session_request(self, request: int) -> CSessionRequest:
        """``problem.requests[request]``, asserted to be a session request."""
        req = self.problem.requests[request]
        assert isinstance(req, CSessionRequest)
        return req

    def span_of(self, request: int) -> tuple[int, int] | None:
        """(first slot, end slot) of everything scheduled for ``request``, or None."""
        return self._span.get(request)

    def _recompute_span(self, request: int) -> None:
        lo, hi = NO_LIMIT, -1
        req = self.problem.requests[request]
        for s in self.sessions.get(request, {}).values():
            lo = min(lo, s.start)
            hi = max(hi, s.start + req.duration)  # type: ignore[union-attr]
        for p in self.placements.get(request, []):
            lo = min(lo, p.first_week * self.spw)
            hi = max(hi, (p.first_week + p.weeks) * self.spw)
        if hi < 0:
            self._span.pop(request, None)
        else:
            self._span[request] = (lo, hi)

    def precedence_bounds(self, request: int) -> tuple[int, int]:
        """(earliest start, latest end) that ``after`` relations in both directions allow."""
        req = self.problem.requests[request]
        lo, hi = 0, self.n_slots
        for p in req.after:
            span = self._span.get(p)
            if span is not None:
                lo = max(lo, span[1])
        for s in self.successors[request]:
            span = self._span.get(s)
            if span is not None:
                hi = min(hi, span[0])
        return lo, hi

    def count(self, request: int) -> int:
        """Sessions of ``request`` booked (0 for an internship)."""
        return len(self.sessions.get(request, {}))

    def next_index(self, request: int) -> int:
        """Smallest session number (1-based) of ``request`` not yet used."""
        used = self.sessions.get(request, {})
        i = self.index_from.get(request, 1)
        while i in used:
            i += 1
        self.index_from[request] = i
        return i
