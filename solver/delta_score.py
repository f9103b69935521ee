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
        self.people = np.zeros((n_res, cal.n_slots), dtype=np.int64)
        self.interns = np.zeros((n_res, cal.n_weeks), dtype=np.int64)
        self.overflow_row = np.zeros(n_res, dtype=np.int64)
        self.cohort_slots = np.zeros((len(problem.cohorts), cal.n_slots), dtype=np.int64)
        #: cohort -> (request, index) -> (start, duration) of the sessions it attends
        self.attends: dict[int, dict[tuple[int, int], tuple[int, int]]] = defaultdict(dict)
        self.isolated = np.zeros(len(problem.cohorts), dtype=np.int64)
        self.per_request = np.zeros((len(problem.requests), len(_REQUEST_TERMS)), dtype=np.int64)
        self.institution_units = np.zeros(len(problem.institutions), dtype=np.int64)
        self.demanded = problem.demand_units()
        self.weights = problem.weights
        #: with no weight on isolated sessions the count is refreshed only when
        #: :meth:`terms` reads it (recounting the cohorts touched was ~3 % of a step on L)
        self.count_isolated = bool(problem.weights.get("isolated", 0))
        self.isolated_stale: set[int] = set()
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
        for r in set(requests):
            self.per_request[r] = self._request_terms(r, *by_request.get(r, ([], [])))
        for k in rows:
            over = np.maximum(self.people[k] - self.capacity[k], 0).sum()
            over += np.maximum(self.interns[k] - self.capacity[k], 0).sum()
            self.overflow_row[k] = over
        if self.count_isolated:
            for c in cohorts:
                self.isolated[c] = self._isolated(c)
        else:
            self.isolated_stale |= cohorts
        return self.value()

    def value(self) -> float:
        return float(sum(sign * int(self.weights[name]) * v for name, sign, v in self._terms()))

    def terms(self) -> dict[str, int]:
        """The unweighted terms, as :func:`solver.scoring.compute_terms` names them."""
        names = {name: term for term, (name, _) in TERM_WEIGHTS.items()}
        for c in self.isolated_stale:
            self.isolated[c] = self._isolated(c)
        self.isolated_stale.clear()
        return {names[name]: int(v) for name, _, v in self._terms()}

    # ---------------------------------------------------------------- pieces

    def _terms(self) -> list[tuple[str, int, int]]:
        totals = dict(zip(_REQUEST_TERMS, self.per_request.sum(axis=0).tolist(), strict=True))
        d = self.demanded
        permille = [
            (1000 * int(self.institution_units[i])) // int(d[i]) if d[i] else 1000
            for i in range(len(d))
        ]
        totals["worst_share_permille"] = min(permille) if permille else 1000
        totals["overflow_person_slots"] = int(self.overflow_row.sum())
        totals["isolated_sessions"] = int(self.isolated.sum())
        return [(name, sign, totals[term]) for term, (name, sign) in TERM_WEIGHTS.items()]

    def _session(self, s: SessionAssignment, sign: int, rows: set[int], cohorts: set[int]) -> None:
        req = self.problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        end = s.start + req.duration
        for p in s.parts:
            self.people[p.resource, s.start : end] += sign * p.headcount
            rows.add(p.resource)
        for c in req.cohorts:
            self.cohort_slots[c, s.start : end] += sign
            key = (s.request, s.index)
            if sign > 0:
                self.attends[c][key] = (s.start, req.duration)
            else:
                self.attends[c].pop(key, None)
            cohorts.add(c)
        for i in req.institutions:
            self.institution_units[i] += sign * req.units_per_session

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
