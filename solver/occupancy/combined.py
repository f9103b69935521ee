"""The occupancy itself: every group of operations combined, built from a solution, copied.

The copies (:meth:`Occupancy.extended`, :meth:`Occupancy.restricted`) create objects of
this class, so they live here rather than with the state.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.occupancy.checks import OccupancyChecks
from solver.occupancy.families import ALL_FAMILIES, COHORT, INSTRUCTOR, RESOURCE, TRAVEL
from solver.occupancy.internships import OccupancyInternships
from solver.occupancy.scans import OccupancyScans
from solver.occupancy.updates import OccupancyUpdates


class Occupancy(OccupancyUpdates, OccupancyScans, OccupancyChecks, OccupancyInternships):
    """What a (partial) schedule occupies; test, apply and remove sessions and placements."""

    @classmethod
    def from_solution(
        cls,
        problem: Problem,
        solution: Solution,
        *,
        exclude: Iterable[int] = (),
        families: frozenset[str] = ALL_FAMILIES,
    ) -> Occupancy:
        """Occupancy of ``solution`` without the requests in ``exclude``.

        ``families`` chooses which occupancy the loaded usage is recorded in; the
        per-request lists (patterns, precedence) are always kept.
        """
        occ = cls(problem)
        skip = set(exclude)
        occ.families = families
        occ.load_sessions([s for s in solution.sessions if s.request not in skip], families)
        for p in solution.placements:
            if p.request not in skip:
                occ.apply_placement(p, families)
        return occ

    def extended(self, problem: Problem) -> Occupancy:
        """This occupancy for ``problem``: its problem with requests appended, to try them.

        The appended requests have nothing scheduled; their ``after`` links are added.
        Only sessions and placements of the appended requests may then be applied to or
        removed from the result: the arrays are copied, but of the per-cohort and
        per-instructor visits only the rows those requests can touch (their cohorts and
        candidate instructors) are, and the per-request lists are shared with this
        occupancy, which stays as it was. A published schedule's occupancy is built once
        and extended for each extra request; copying every visit list each time would
        cost more than the answer.
        """
        own = self.problem.requests
        same = (
            len(problem.requests) >= len(own)
            and all(a is b for a, b in zip(problem.requests, own, strict=False))
            and problem.resources is self.problem.resources
            and problem.cohorts is self.problem.cohorts
            and problem.instructors is self.problem.instructors
        )
        if not same:
            raise ValueError("extended: the problem must extend the occupancy's problem")
        new = problem.requests[len(own) :]
        occ = Occupancy.__new__(Occupancy)
        occ.__dict__.update(
            {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in self.__dict__.items()}
        )
        occ.problem = problem
        occ.cohort_visits = list(self.cohort_visits)
        occ.instr_visits = list(self.instr_visits)
        for r in new:
            for c in r.cohorts:
                occ.cohort_visits[c] = {d: list(v) for d, v in self.cohort_visits[c].items()}
            if isinstance(r, CSessionRequest):
                for i in r.instructors.tolist():
                    occ.instr_visits[i] = {d: list(v) for d, v in self.instr_visits[i].items()}
        occ.sessions = dict(self.sessions)
        occ.index_from = dict(self.index_from)
        occ.placements = dict(self.placements)
        occ._span = dict(self._span)
        occ.successors = [*self.successors, *([] for _ in new)]
        for r in new:
            for p in r.after:
                occ.successors[p] = [*occ.successors[p], r.index]
        return occ

    def restricted(self, families: frozenset[str]) -> Occupancy:
        """A copy keeping only ``families`` of the usage recorded so far.

        Explanations switch rule families on one at a time; each stage re-tests a
        request against such a copy (per-request lists are always kept).
        """
        occ = Occupancy.__new__(Occupancy)
        occ.__dict__.update(self.__dict__)
        fresh = Occupancy(self.problem)
        keep = {
            RESOURCE: (
                "res_people",
                "res_parts",
                "res_room",
                "res_room_cap",
                "res_who",
                "post_interns",
                "post_who",
            ),
            COHORT: (
                "cohort_busy",
                "cohort_who",
                "cohort_intern",
                "cohort_intern_who",
                "cohort_week_sessions",
            ),
            INSTRUCTOR: ("instr_busy", "instr_load"),
        }
        for family, names in keep.items():
            for name in names:
                src = self if family in families else fresh
                setattr(occ, name, getattr(src, name).copy())
        if TRAVEL in families:
            occ.cohort_visits = [{d: list(v) for d, v in x.items()} for x in self.cohort_visits]
            occ.instr_visits = [{d: list(v) for d, v in x.items()} for x in self.instr_visits]
        else:
            occ.cohort_visits = fresh.cohort_visits
            occ.instr_visits = fresh.instr_visits
        occ.sessions = {r: dict(v) for r, v in self.sessions.items()}
        occ.index_from = dict(self.index_from)
        occ.placements = {r: list(v) for r, v in self.placements.items()}
        occ._span = dict(self._span)
        occ.families = families & self.families
        return occ

    def solution_sessions(self) -> list[SessionAssignment]:
        """Every booked session, as held (not sorted)."""
        return [s for by_index in self.sessions.values() for s in by_index.values()]

    def solution_placements(self) -> list[PlacementAssignment]:
        """Every booked internship placement, as held (not sorted)."""
        return [p for ps in self.placements.values() for p in ps]
