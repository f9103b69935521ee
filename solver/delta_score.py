"""The objective of docs/objective.md kept up to date while requests are re-booked.

:func:`solver.scoring.objective_of` reads the whole schedule: on the L tier (~25,000
sessions) that is most of a ruin-and-recreate step (:mod:`solver.recreate`), which
changes a hundred sessions. Here every term is split into what changes with them:
per-request sums (units, preference misses, extra resources, travel, missing days),
per-institution units (the worst share), per-resource people and interns (overflow,
recounted on the rows touched) and per-cohort isolated sessions (recounted for the
cohorts touched). ``tests/solver/test_delta_score.py`` holds it to ``objective_of``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from scheduler.objective_terms import TERM_WEIGHTS
from scheduler.problem import (
    CInternship,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.occupancy.kernels import add_span
from solver.scoring import preference_misses_of, travel_minutes_of

#: Per-request terms, in the order of :attr:`DeltaScore.per_request` columns.
_REQUEST_TERMS = (
    "fulfilled_units",
    "preference_misses",
    "extra_resources",
    "travel_minutes",
    "missing_days",
)


class DeltaScore:
    """The objective of a schedule whose bookings change a few requests at a time."""

    def __init__(self, problem: Problem, solution: Solution) -> None:
        cal = problem.calendar
        self.problem = problem
        self.spd = cal.slots_per_day
        self.n_slots = cal.n_slots
        n_res = len(problem.resources)
        self.capacity = np.array([r.capacity for r in problem.resources], dtype=np.int64)
        #: with no soft capacity anywhere nothing can go over it: people are not counted
        self.count_overflow = any(r.overflow > 0 for r in problem.resources)
        self.people = np.zeros((n_res, cal.n_slots), dtype=np.int64)
        self.interns = np.zeros((n_res, cal.n_weeks), dtype=np.int64)
        self.overflow_row = np.zeros(n_res, dtype=np.int64)
        self.overflow_total = 0
        self.cohort_slots = np.zeros((len(problem.cohorts), cal.n_slots), dtype=np.int64)
        #: cohort -> (request, index) -> (start, duration) of the sessions it attends
        self.attends: dict[int, dict[tuple[int, int], tuple[int, int]]] = defaultdict(dict)
        self.isolated = np.zeros(len(problem.cohorts), dtype=np.int64)
        #: per request, the terms of ``_REQUEST_TERMS``; ``totals`` their sums (plain
        #: ints: summing a numpy table at every step was ~5 % of a step on L)
        self.per_request: list[list[int]] = [[0] * len(_REQUEST_TERMS) for _ in problem.requests]
        self.totals = [0] * len(_REQUEST_TERMS)
        self.institution_units = [0] * len(problem.institutions)
        self.demanded = problem.demand_units().tolist()
        self.weights = problem.weights
        #: with no weight on isolated sessions the count is refreshed only when
        #: :meth:`terms` reads it (recounting the cohorts touched was ~3 % of a step on L):
        #: then neither :attr:`attends` nor the cohorts' slots are kept step by step, but
        #: rebuilt for the cohorts touched from each request's sessions (:attr:`booked`)
        self.count_isolated = bool(problem.weights.get("isolated", 0))
        self.isolated_stale: set[int] = set()
        self.booked: dict[int, list[SessionAssignment]] = {}
        #: cohort -> (request, duration) of the session requests it attends
        self.requests_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for req in problem.requests:
            if isinstance(req, CSessionRequest):
                for c in req.cohorts:
                    self.requests_of[c].append((req.index, req.duration))
        by_request = _group(solution.sessions, solution.placements)
        self.swap(list(by_request), [], [], solution.sessions, solution.placements)

    # ---------------------------------------------------------------- changes

    def swap(
        self,
        requests: Iterable[int],
        old_sessions: Iterable[SessionAssignment],
        old_placements: Iterable[PlacementAssignment],
        new_sessions: Iterable[SessionAssignment],
        new_placements: Iterable[PlacementAssignment],
    ) -> float:
        """Replace the bookings of ``requests`` (all of them: ``old_*``) by ``new_*``;
        the objective afterwards."""
        old_s, new_s = list(old_sessions), list(new_sessions)
        old_p, new_p = list(old_placements), list(new_placements)
        rows: set[int] = set()
        cohorts: set[int] = set()
        for sign, sessions, placements in ((-1, old_s, old_p), (+1, new_s, new_p)):
            for s in sessions:
                self._session(s, sign, rows, cohorts)
            for p in placements:
                self.interns[p.resource, p.first_week : p.first_week + p.weeks] += (
                    sign * p.headcount
                )
                rows.add(p.resource)
        for r in {p.request for p in old_p} | {p.request for p in new_p}:
            req = self.problem.requests[r]
            assert isinstance(req, CInternship)
            placed = any(p.request == r for p in new_p)
            was = any(p.request == r for p in old_p)
            if placed != was:
                for i in req.institutions:
                    self.institution_units[i] += (placed - was) * req.units
        by_request = _group(new_s, new_p)
        totals = self.totals
        for r in set(requests):
            mine = by_request.get(r, ([], []))
            if not self.count_isolated:
                self.booked[r] = mine[0]
            new = self._request_terms(r, *mine)
            for k, (old_term, new_term) in enumerate(zip(self.per_request[r], new, strict=True)):
                totals[k] += new_term - old_term
            self.per_request[r] = new
        for k in rows:
            over = int(np.maximum(self.people[k] - self.capacity[k], 0).sum())
            over += int(np.maximum(self.interns[k] - self.capacity[k], 0).sum())
            self.overflow_total += over - int(self.overflow_row[k])
            self.overflow_row[k] = over
        if self.count_isolated:
            for c in cohorts:
                self.isolated[c] = self._isolated(c)
        else:
            self.isolated_stale |= cohorts
        return self.value()

    def value(self) -> float:
        """The weighted objective of the current bookings, without recounting: isolated sessions may
        be stale only when their weight is zero, so the value is exact.
        """
        return float(sum(sign * int(self.weights[name]) * v for name, sign, v in self._terms()))

    def terms(self) -> dict[str, int]:
        """The unweighted terms, as :func:`solver.scoring.compute_terms` names them."""
        names = {name: term for term, (name, _) in TERM_WEIGHTS.items()}
        for c in sorted(self.isolated_stale):
            self.attends[c] = {
                (r, x.index): (x.start, duration)
                for r, duration in self.requests_of[c]
                for x in self.booked.get(r, ())
            }
            self._rebuild_slots(c)
            self.isolated[c] = self._isolated(c)
        self.isolated_stale.clear()
        return {names[name]: int(v) for name, _, v in self._terms()}

    # ---------------------------------------------------------------- pieces

    def _terms(self) -> list[tuple[str, int, int]]:
        totals = dict(zip(_REQUEST_TERMS, self.totals, strict=True))
        pairs = zip(self.institution_units, self.demanded, strict=True)
        totals["worst_share_permille"] = min(
            ((1000 * u) // d if d else 1000 for u, d in pairs), default=1000
        )
        totals["overflow_person_slots"] = self.overflow_total
        totals["isolated_sessions"] = int(self.isolated.sum())
        return [(name, sign, totals[term]) for term, (name, sign) in TERM_WEIGHTS.items()]

    def _session(self, s: SessionAssignment, sign: int, rows: set[int], cohorts: set[int]) -> None:
        req = self.problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        start, end = s.start, s.start + req.duration
        if self.count_overflow:
            for p in s.parts:
                add_span(self.people, p.resource, start, end, sign * p.headcount)
                rows.add(p.resource)
        cohorts.update(req.cohorts)
        if self.count_isolated:
            key = (s.request, s.index)
            for c in req.cohorts:
                add_span(self.cohort_slots, c, start, end, sign)
                if sign > 0:
                    self.attends[c][key] = (start, req.duration)
                else:
                    self.attends[c].pop(key, None)
        units = sign * req.units_per_session
        for i in req.institutions:
            self.institution_units[i] += units

    def _request_terms(
        self, r: int, sessions: list[SessionAssignment], placements: list[PlacementAssignment]
    ) -> list[int]:
        problem = self.problem
        req = problem.requests[r]
        if not isinstance(req, CSessionRequest):
            return [req.units if placements else 0, 0, 0, 0, 0]
        prefer = sum(preference_misses_of(req, s) for s in sessions)
        travel = sum(travel_minutes_of(problem, req, s) for s in sessions)
        used = {p.resource for s in sessions for p in s.parts}
        days = {s.start // self.spd for s in sessions}
        units = len(sessions) * req.units_per_session
        extra = max(0, len(used) - 1)
        missing = max(0, req.min_days - len(days)) if sessions else 0
        return [units, prefer, extra, travel, missing]

    def _rebuild_slots(self, c: int) -> None:
        """Cohort ``c``'s row of :attr:`cohort_slots` from :attr:`attends` (lazy mode, once
        :meth:`terms` has rebuilt them)."""
        row = self.cohort_slots[c]
        row[:] = 0
        for a, dur in self.attends.get(c, {}).values():
            row[a : a + dur] += 1

    def _isolated(self, c: int) -> int:
        spans = self.attends.get(c)
        if not spans:
            return 0
        occ, spd, n = self.cohort_slots[c], self.spd, self.n_slots
        first = np.fromiter((a for a, _ in spans.values()), dtype=np.int64, count=len(spans))
        last = first + np.fromiter((d for _, d in spans.values()), np.int64, len(spans)) - 1
        before = (first % spd != 0) & (occ[np.maximum(first - 1, 0)] > 0)
        nxt = last + 1
        after = (nxt % spd != 0) & (nxt < n) & (occ[np.minimum(nxt, n - 1)] > 0)
        return int((~before & ~after).sum())


def _group(
    sessions: Iterable[SessionAssignment], placements: Iterable[PlacementAssignment]
) -> dict[int, tuple[list[SessionAssignment], list[PlacementAssignment]]]:
    out: dict[int, tuple[list[SessionAssignment], list[PlacementAssignment]]] = {}
    for s in sessions:
        out.setdefault(s.request, ([], []))[0].append(s)
    for p in placements:
        out.setdefault(p.request, ([], []))[1].append(p)
    return out
