"""Exact checks at one start: instructors and travel, and the parts a session gets there."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PartAssignment,
)
from solver.occupancy.families import FULL_RULES, Rules
from solver.occupancy.kernels import instructor_free
from solver.occupancy.records import StartMasks, Visit
from solver.occupancy.state import OccupancyState


class OccupancyAssign(OccupancyState):
    """Choosing resources and instructors for a session at a start the masks allow."""

    def travel_ok(
        self, visits: Sequence[Visit] | None, first: int, end: int, sites: Sequence[int]
    ) -> bool:
        """Travel rule (docs/rules.md 9) between slots ``[first, end)`` at ``sites`` and visits."""
        if not visits:
            return True
        m, sm, spd = self.slot_minute, self.cal.slot_minutes, self.spd
        for v in visits:
            if v.end <= first:
                gap = m[first % spd] - (m[(v.end - 1) % spd] + sm)
            elif end <= v.first:
                gap = m[v.first % spd] - (m[(end - 1) % spd] + sm)
            else:
                continue  # overlap: a busy conflict, not travel
            need = max(self.travel[a][b] for a in sites for b in v.sites)
            if gap < need:
                return False
        return True

    def cohort_travel_ok(self, req: CSessionRequest, t: int, sites: Sequence[int]) -> bool:
        """Travel rule for every cohort of ``req`` at start ``t`` with ``sites``, against the
        sessions they already have that day.
        """
        day = t // self.spd
        end = t + req.duration
        return all(
            self.travel_ok(self.cohort_visits[c].get(day), t, end, sites) for c in req.cohorts
        )

    def instructor_ok(
        self,
        req: CSessionRequest,
        t: int,
        instructor: int,
        sites: Sequence[int],
        travel: bool = True,
    ) -> bool:
        """Can ``instructor`` teach a part of ``req``'s session at ``sites`` (all its
        parts' sites: docs/rules.md 9) from ``t``?"""
        a, b = t, t + req.duration
        if not instructor_free(
            self.instr_available, self.instr_busy, self.instr_load, self.instr_max,
            instructor, a, b, a // self.spw,
        ):  # fmt: skip
            return False
        if travel:
            visits = self.instr_visits[instructor].get(a // self.spd)
            if not self.travel_ok(visits, a, b, sites):
                return False
        return True

    def pick_instructor(
        self,
        req: CSessionRequest,
        t: int,
        sites: Sequence[int],
        exclude: Sequence[int],
        rules: Rules,
        candidates: Sequence[int] | None = None,
        first: int | None = None,
    ) -> int | None:
        """First qualified candidate (``first`` if it is one, then scenario order) free to
        teach in a session at ``sites`` from ``t``.

        ``candidates`` narrows the search to instructors a mask already found free.
        """
        pool = req.instructors if candidates is None else candidates
        if (
            first is not None
            and first not in exclude
            and first in pool
            and self.instructor_ok(req, t, first, sites, rules.travel)
        ):
            return first
        for i in pool:
            i = int(i)
            if i in exclude:
                continue
            if self.instructor_ok(req, t, i, sites, rules.travel):
                return i
        return None

    def assign_at(
        self,
        req: CSessionRequest,
        t: int,
        masks: StartMasks,
        rules: Rules = FULL_RULES,
        prefer: Sequence[int] = (),
    ) -> tuple[PartAssignment, ...] | None:
        """Parts for a session of ``req`` starting at ``t``, or None.

        One resource holding everyone is tried first: the request's resources in
        ``prefer`` order, then candidates within capacity, then the rest, each in scenario
        order. With ``split`` and no single resource, the largest free candidates are
        filled. The masks have already settled window, cohorts, precedence, exclusive use
        and capacity; here instructors and travel are checked exactly.
        """
        teachers: list[int] | None = None
        if rules.instructors and req.needs_instructor:
            if masks.instructors is not None:
                teachers = req.instructors[masks.instructors[:, t]].tolist()
            else:
                teachers = req.instructors.tolist()
            if not teachers:
                return None
        # a column of a few candidates: nonzero() without flatnonzero's ravel and wrappers
        ks = masks.single[:, t].nonzero()[0]
        if len(ks):
            order = self._resource_order(req, ks, t, masks, prefer)
            by_site: dict[tuple[int, int | None], tuple[bool, int | None]] = {}
            hints = self.teacher_hint if teachers is not None else None
            for k in order:
                r = int(req.resources[k])
                site = self.res_site[r]
                want = hints.get((req.index, t, r)) if hints else None
                if (site, want) not in by_site:
                    ok = not rules.travel or self.cohort_travel_ok(req, t, (site,))
                    instr = None
                    if ok and teachers is not None:
                        instr = self.pick_instructor(req, t, (site,), (), rules, teachers, want)
                        ok = instr is not None
                    by_site[site, want] = (ok, instr)
                ok, instr = by_site[site, want]
                if ok:
                    return (PartAssignment(r, req.headcount, instr),)
        if not req.split:
            return None
        return self._split_at(req, t, masks, rules, teachers)

    @staticmethod
    def _resource_order(
        req: CSessionRequest, ks: np.ndarray, t: int, masks: StartMasks, prefer: Sequence[int]
    ) -> list[int]:
        """Candidates in ``prefer`` order, then within capacity, then the rest (by index)."""
        # plain lists: a handful of candidates, where numpy's fancy indexing and masks
        # cost more than they save
        keys: list[int] = ks.tolist()
        first: list[int] = []
        if prefer:
            pos = {int(r): n for n, r in enumerate(prefer)}
            resources = req.resources.tolist()
            rank = {k: pos[resources[k]] for k in keys if resources[k] in pos}
            first = sorted(rank, key=rank.__getitem__)
            if first:
                keys = [k for k in keys if k not in rank]
        room = masks.free_within_capacity[:, t].tolist()
        heads = req.headcount
        within = [k for k in keys if room[k] >= heads]
        beyond = [k for k in keys if room[k] < heads]
        return first + within + beyond

    def _split_at(
        self,
        req: CSessionRequest,
        t: int,
        masks: StartMasks,
        rules: Rules,
        teachers: list[int] | None,
    ) -> tuple[PartAssignment, ...] | None:
        free = masks.free[:, t]
        if free.sum() < req.headcount:
            return None
        cap = masks.free_within_capacity[:, t]
        order = sorted(np.flatnonzero(free > 0).tolist(), key=lambda k: (-cap[k], -free[k], k))
        take: dict[int, int] = {}
        left = req.headcount
        for k in order:  # within capacity first
            if left == 0:
                break
            n = min(left, int(cap[k]))
            if n > 0:
                take[k] = n
                left -= n
        for k in order:  # then overflow where tolerated
            if left == 0:
                break
            n = min(left, int(free[k]) - take.get(k, 0))
            if n > 0:
                take[k] = take.get(k, 0) + n
                left -= n
        if left > 0:
            return None
        ks = [k for k in order if k in take]
        if teachers is not None and len(teachers) < len(ks):
            return None
        sites = tuple(dict.fromkeys(self.res_site[int(req.resources[k])] for k in ks))
        if rules.travel and not self.cohort_travel_ok(req, t, sites):
            return None
        parts = []
        used: list[int] = []
        for k in ks:
            r = int(req.resources[k])
            instr = None
            if teachers is not None:
                want = self.teacher_hint.get((req.index, t, r))
                instr = self.pick_instructor(req, t, sites, used, rules, teachers, want)
                if instr is None:
                    return None
                used.append(instr)
            parts.append(PartAssignment(r, take[k], instr))
        return tuple(parts)
