"""What the requests outside a model have already booked: the fixed background.

A model may cover only some requests (a neighbourhood of the large-neighbourhood
search, a decomposition group) while the rest of an incumbent schedule stays as it is.
The background turns that rest into what the modelled requests must respect:

- busy masks of cohorts (sessions, internship weeks), exclusive resources and
  instructors, which simply shrink the start domains of the modelled sessions (no
  variable, no constraint);
- loads of shareable resources (people per slot), of posts (interns per week) and of
  instructors (slots taught per week), which enter the cumulatives as fixed intervals;
- sites visited per cohort and instructor (travel), sessions per cohort (isolated
  sessions), the span of each request (precedence) and the units each institution
  already receives (fairness).

:meth:`Background.empty` is the background of a model of the whole problem.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.problem import CInternship, CSessionRequest, Problem, Solution

#: A fixed session seen by one cohort or instructor: (start, duration, sites).
Visit = tuple[int, int, frozenset[int]]


@dataclass(slots=True)
class Background:
    """What the requests outside a model have booked, as masks and loads the model's constraints
    respect (see the module); empty for a model of the whole problem.

    Masks are bool over slots; ``resource_load`` counts people per slot, ``post_load`` interns per
    week, ``teacher_week_load`` slots taught per week.
    """

    cohort_busy: dict[int, np.ndarray] = field(default_factory=dict)
    resource_busy: dict[int, np.ndarray] = field(default_factory=dict)  # exclusive only
    resource_load: dict[int, np.ndarray] = field(default_factory=dict)  # shareable: people
    teacher_busy: dict[int, np.ndarray] = field(default_factory=dict)
    teacher_week_load: dict[int, np.ndarray] = field(default_factory=dict)
    post_load: dict[int, np.ndarray] = field(default_factory=dict)  # interns per week
    cohort_visits: dict[int, list[Visit]] = field(default_factory=dict)
    teacher_visits: dict[int, list[Visit]] = field(default_factory=dict)
    request_span: dict[int, tuple[int, int]] = field(default_factory=dict)  # first start, last end
    units: np.ndarray | None = None  # per institution, for fairness

    @classmethod
    def empty(cls) -> Background:
        """The background of a model of the whole problem: nothing is booked outside it."""
        return cls()

    @property
    def is_empty(self) -> bool:
        """Whether nothing outside the model is booked, so start domains need no filtering."""
        return not (
            self.cohort_busy
            or self.resource_busy
            or self.resource_load
            or self.teacher_busy
            or self.post_load
            or self.request_span
        )

    @classmethod
    def of(cls, problem: Problem, solution: Solution, modelled: set[int]) -> Background:
        """The part of ``solution`` outside the ``modelled`` requests, as fixed bookings."""
        cal = problem.calendar
        n, spw = cal.n_slots, cal.slots_per_week
        bg = cls(units=np.zeros(len(problem.institutions), dtype=np.int64))
        assert bg.units is not None

        def mask(store: dict[int, np.ndarray], key: int) -> np.ndarray:
            """The busy mask of ``key`` in ``store``, created all free on first use."""
            if key not in store:
                store[key] = np.zeros(n, dtype=bool)
            return store[key]

        cohort_visits: dict[int, list[Visit]] = defaultdict(list)
        teacher_visits: dict[int, list[Visit]] = defaultdict(list)
        for s in solution.sessions:
            if s.request in modelled:
                continue
            req = problem.requests[s.request]
            assert isinstance(req, CSessionRequest)
            d = req.duration
            span = slice(s.start, s.start + d)
            sites = frozenset(problem.resources[p.resource].site for p in s.parts)
            for c in req.cohorts:
                mask(bg.cohort_busy, c)[span] = True
                cohort_visits[c].append((s.start, d, sites))
            for p in s.parts:
                res = problem.resources[p.resource]
                if res.shareable:
                    if p.resource not in bg.resource_load:
                        bg.resource_load[p.resource] = np.zeros(n, dtype=np.int64)
                    bg.resource_load[p.resource][span] += p.headcount
                else:
                    mask(bg.resource_busy, p.resource)[span] = True
                if p.instructor is not None:
                    mask(bg.teacher_busy, p.instructor)[span] = True
                    if p.instructor not in bg.teacher_week_load:
                        bg.teacher_week_load[p.instructor] = np.zeros(cal.n_weeks, dtype=np.int64)
                    bg.teacher_week_load[p.instructor][s.start // spw] += d
                    teacher_visits[p.instructor].append((s.start, d, sites))
            first, last = bg.request_span.get(s.request, (s.start, s.start + d))
            bg.request_span[s.request] = (min(first, s.start), max(last, s.start + d))
            for i in req.institutions:
                bg.units[i] += req.units_per_session
        placed: set[int] = set()
        for pl in solution.placements:
            if pl.request in modelled:
                continue
            req = problem.requests[pl.request]
            assert isinstance(req, CInternship)
            lo, hi = pl.first_week * spw, (pl.first_week + pl.weeks) * spw
            for c in req.cohorts:
                mask(bg.cohort_busy, c)[lo:hi] = True
            if pl.resource not in bg.post_load:
                bg.post_load[pl.resource] = np.zeros(cal.n_weeks, dtype=np.int64)
            bg.post_load[pl.resource][pl.first_week : pl.first_week + pl.weeks] += pl.headcount
            bg.request_span[pl.request] = (lo, hi)
            if pl.request not in placed:
                placed.add(pl.request)
                for i in req.institutions:
                    bg.units[i] += req.units
        bg.cohort_visits = dict(cohort_visits)
        bg.teacher_visits = dict(teacher_visits)
        return bg


def runs(load: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, length, value) of the maximal runs of equal non-zero values of ``load``."""
    out: list[tuple[int, int, int]] = []
    start = 0
    n = len(load)
    while start < n:
        value = int(load[start])
        end = start + 1
        while end < n and int(load[end]) == value:
            end += 1
        if value:
            out.append((start, end - start, value))
        start = end
    return out
