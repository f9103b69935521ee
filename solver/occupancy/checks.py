"""The full check of one session: every rule family that forbids it, to explain why."""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.problem import (
    PartAssignment,
)
from solver.occupancy.assign import OccupancyAssign
from solver.occupancy.families import FULL_RULES, Rules
from solver.occupancy.patterns import OccupancyPatterns


class OccupancyChecks(OccupancyAssign, OccupancyPatterns):
    """Checks everything rather than stopping early (unmet explanations need every reason)."""

    def check_session(
        self, request: int, t: int, parts: Sequence[PartAssignment], rules: Rules = FULL_RULES
    ) -> list[str]:
        """Every rule family that forbids adding this session now (empty list: allowed).

        Codes follow docs/reasons.md (plus ``parts`` for a malformed split); used to say
        *why* a candidate fails, so it checks everything rather than stopping early.
        """
        req = self.session_request(request)
        dur = req.duration
        a, b = t, t + dur
        out: list[str] = []
        cand = {int(r): k for k, r in enumerate(req.resources)}
        match = set(req.matching.tolist())
        if not parts or any(p.resource not in match for p in parts):
            out.append("no_resource")
        if (
            not (0 <= t < self.n_slots)
            or not req.starts[t]
            or any(
                p.resource in match
                and (p.resource not in cand or not req.resource_starts[cand[p.resource], t])
                for p in parts
            )
        ):
            out.append("window")
        if not (0 <= t < self.n_slots):
            return out
        if rules.precedence:
            lo, hi = self.precedence_bounds(request)
            if t < lo or b > hi:
                out.append("precedence")
        week = t // self.spw
        if any(self.cohort_busy[c, a:b].any() or self.cohort_intern[c, week] for c in req.cohorts):
            out.append("conflict")
        for p in parts:
            if self.res_exclusive[p.resource] and self.res_parts[p.resource, a:b].any():
                out.append("capacity")
                break
            if (self.res_people[p.resource, a:b] + p.headcount > self.res_limit[p.resource]).any():
                out.append("capacity")
                break
        instr = [p.instructor for p in parts if p.instructor is not None]
        if rules.instructors and req.needs_instructor:
            allowed = set(req.instructors.tolist())
            if (
                len(instr) != len(parts)
                or len(set(instr)) != len(instr)
                or any(i not in allowed for i in instr)
                or any(
                    not self.instructor_ok(req, t, p.instructor, (), False)
                    for p in parts
                    if p.instructor is not None
                )
            ):
                out.append("instructor")
        if rules.travel:
            sites = tuple(dict.fromkeys(self.res_site[p.resource] for p in parts))
            bad = not self.cohort_travel_ok(req, t, sites) or any(
                not self.travel_ok(
                    self.instr_visits[p.instructor].get(t // self.spd),
                    a,
                    b,
                    sites,
                )
                for p in parts
                if p.instructor is not None
            )
            if bad:
                out.append("travel")
        if rules.pattern and not self.pattern_ok(req, t):
            out.append("pattern")
        heads = sum(p.headcount for p in parts)
        distinct = len({p.resource for p in parts}) == len(parts)
        if heads != req.headcount or not distinct or (len(parts) > 1 and not req.split):
            out.append("parts")
        return out
