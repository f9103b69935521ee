"""A re-solve's problem and reference, and its answer read back onto the original
requests with the kept bookings exactly as published."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from scheduler.problem import (
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
    UnmetAssignment,
)
from solver.fitted import fill, fit_into
from solver.greedy import solution_of
from solver.kept_past.pieces import from_day
from solver.occupancy import Occupancy


@dataclass(frozen=True, slots=True)
class KeptPast:
    """The problem a mid-term re-solve hands the solver, and how to read its answer."""

    problem: Problem  # what the solver sees
    reference: Solution  # the published reference in ``problem``'s indices
    origin: tuple[int, ...]  # per request of ``problem``: the original request position
    #: per request of ``problem``: the published session number it pins (0: none)
    pinned: tuple[int, ...]
    #: per request of ``problem``: the original numbers of its sessions 1, 2, ... (None:
    #: the same numbers; a kept request's sessions still to book take the numbers left)
    renumber: tuple[tuple[int, ...] | None, ...]
    kept: frozenset[int]  # original positions kept as published
    day: int  # 0-based first term day that may change
    #: the kept requests' published sessions and placements booked as they were
    #: (original indices), and the internships among them
    pinned_sessions: tuple[SessionAssignment, ...]
    pinned_placements: tuple[PlacementAssignment, ...]
    pinned_runs: frozenset[int]
    #: kept requests' missing parts that may not be booked, with why (original indices)
    kept_unmet: tuple[UnmetAssignment, ...]
    dropped: int  # published sessions and placements the current term no longer allows

    def restore(self, original: Problem, solution: Solution) -> Solution:
        """``solution`` (of :attr:`problem`) in ``original``'s indices, kept as published.

        The kept requests' sessions and placements are the published ones, exactly (the
        solver may have split a session's people or an internship's interns otherwise,
        or, cut short, not booked one). The solver's other bookings follow where they
        still fit beside them, then greedy booking fills what is left from :attr:`day`
        on. ``unmet`` holds :attr:`kept_unmet` only: the caller completes the rest
        (:func:`solver.pipeline.complete_unmet` on :meth:`explaining`).
        """
        conflicts = [
            ([re.sub(r"requests\[(\d+)\]", self._item, i) for i in items], message, others)
            for items, message, others in solution.conflicts
        ]
        metrics = {
            **solution.metrics,
            "kept_requests": len(self.kept),
            "kept_before_day": self.day,
            "kept_dropped": self.dropped,
        }
        if solution.status == "infeasible":  # an infeasible answer holds nothing
            return dataclasses.replace(
                solution, sessions=[], placements=[], conflicts=conflicts, metrics=metrics
            )
        view = self.explaining(original)
        occ = Occupancy(view)
        occ.load_sessions(list(self.pinned_sessions))
        for p in self.pinned_placements:
            occ.apply_placement(p)
        own = [
            dataclasses.replace(s, request=self.origin[s.request], index=self._number(s))
            for s in solution.sessions
            if not self.pinned[s.request]
        ]
        runs = [
            dataclasses.replace(p, request=self.origin[p.request])
            for p in solution.placements
            if self.origin[p.request] not in self.pinned_runs
        ]
        kept_back = fit_into(occ, own, runs)
        closed = {u.request for u in self.kept_unmet} | self.pinned_runs
        filled = fill(occ, view, closed, fixed=self.kept)
        booked = solution_of(occ)
        status = solution.status
        if (kept_back or filled or not self._exact(solution)) and status == "optimal":
            status = "feasible"
        metrics["kept_merge"] = {"left_out": kept_back, "filled": filled}
        return dataclasses.replace(
            solution,
            status=status,
            sessions=booked.sessions,
            placements=booked.placements,
            unmet=list(self.kept_unmet),
            conflicts=conflicts,
            metrics=metrics,
        )

    def grown_requests(self) -> set[int]:
        """Requests under way (of the original problem) that may still gain sessions:
        split into their pinned sessions and a piece for the rest."""
        return {
            self.origin[p]
            for p, numbers in enumerate(self.renumber)
            if numbers is not None and self.origin[p] in self.kept
        }

    @property
    def pinned_requests(self) -> frozenset[int]:
        """Requests of :attr:`problem` that can only be booked as published."""
        kept_runs = self.pinned_runs
        runs = {p.request for p in self.reference.placements if self.origin[p.request] in kept_runs}
        return frozenset(r for r, n in enumerate(self.pinned) if n) | runs

    def _number(self, s: SessionAssignment) -> int:
        numbers = self.renumber[s.request]
        return numbers[s.index - 1] if numbers else s.index

    def _exact(self, solution: Solution) -> bool:
        """Whether ``solution`` booked every kept session and internship as published."""
        got = {
            (self.origin[s.request], self.pinned[s.request]): s
            for s in solution.sessions
            if self.pinned[s.request]
        }
        same = all(
            (g := got.get((s.request, s.index))) is not None
            and g.start == s.start
            and g.parts == s.parts
            for s in self.pinned_sessions
        )
        placed = sorted(
            (self.origin[p.request], p.resource, p.headcount, p.first_week)
            for p in solution.placements
            if self.origin[p.request] in self.pinned_runs
        )
        published = sorted(
            (p.request, p.resource, p.headcount, p.first_week) for p in self.pinned_placements
        )
        return same and placed == published

    def explaining(self, original: Problem) -> Problem:
        """``original`` with every request starting from :attr:`day` on: what is missing
        is explained against the days a re-solve could still use."""
        first_slot = self.day * original.calendar.slots_per_day
        first_week = -(-self.day // original.calendar.days_per_week)
        return dataclasses.replace(
            original,
            requests=tuple(from_day(r, first_slot, first_week) for r in original.requests),
        )

    def _item(self, m: re.Match[str]) -> str:
        return f"requests[{self.origin[int(m.group(1))]}]"
