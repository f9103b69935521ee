"""Internships: which posts are free over a run of weeks, what blocks it, how to place it."""

from __future__ import annotations

from scheduler.problem import (
    CInternship,
    PlacementAssignment,
)
from solver.occupancy.families import FULL_RULES, Rules
from solver.occupancy.state import OccupancyState


class OccupancyInternships(OccupancyState):
    """Internship runs: free posts by week, what blocks a run, where the interns go."""

    def internship_posts(
        self, req: CInternship, first_week: int
    ) -> tuple[list[int], list[int], list[int]]:
        """Posts available in every week of the run from ``first_week``, with the interns
        each can still take in all those weeks: (posts, free with overflow, within capacity).
        """
        a, b = first_week, first_week + req.weeks
        posts: list[int] = []
        free: list[int] = []
        free_cap: list[int] = []
        for j, r in enumerate(req.posts.tolist()):
            if not req.post_weeks[j, a:b].all():
                continue
            used = int(self.post_interns[r, a:b].max())
            posts.append(r)
            free.append(max(0, int(self.res_limit[r]) - used))
            free_cap.append(max(0, int(self.res_capacity[r]) - used))
        return posts, free, free_cap

    def internship_blocks(
        self, req: CInternship, first_week: int, rules: Rules = FULL_RULES
    ) -> list[str]:
        """Rule families that forbid running ``req`` from ``first_week`` (empty: allowed)."""
        out: list[str] = []
        a, b = first_week, first_week + req.weeks
        if len(req.posts) == 0:
            out.append("no_resource")
        if a < 0 or b > self.n_weeks or not req.first_weeks[a]:
            out.append("window")
            return out
        posts, free, _ = self.internship_posts(req, a)
        if int(self.res_limit[posts].sum()) < req.headcount:
            out.append("window")
        if rules.precedence:
            lo, hi = self.precedence_bounds(req.index)
            if a * self.spw < lo or b * self.spw > hi:
                out.append("precedence")
        for c in req.cohorts:
            if self.cohort_intern[c, a:b].any() or self.cohort_week_sessions[c, a:b].any():
                out.append("conflict")
                break
        if sum(free) < req.headcount:
            out.append("capacity")
        return out

    def place_internship_at(
        self, req: CInternship, first_week: int
    ) -> list[PlacementAssignment] | None:
        """Interns spread over the candidate posts in order: within capacity, then overflow."""
        posts, free, free_cap = self.internship_posts(req, first_week)
        if sum(free) < req.headcount:
            return None
        take = [0] * len(posts)
        left = req.headcount
        for n, cap in enumerate(free_cap):
            k = min(left, cap)
            take[n] += k
            left -= k
        for n, f in enumerate(free):
            k = min(left, f - take[n])
            if k > 0:
                take[n] += k
                left -= k
        if left > 0:
            return None
        return [
            PlacementAssignment(req.index, r, k, first_week, req.weeks)
            for r, k in zip(posts, take, strict=True)
            if k > 0
        ]
