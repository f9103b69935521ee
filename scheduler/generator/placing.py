"""What every later step relies on: a request's candidates and start slots.

``Placing`` holds the generator's shared state and the tests that make a request
placeable before it enters a scenario: :meth:`Placing.settle` finds its candidate
resources and the union of their start slots (window, cohorts, availability, owner
windows), splits or shortens it, or rejects it; :meth:`Placing.restrict` tells whether
a narrower candidate list still holds every session. The results live in ``info``.
"""

from __future__ import annotations

import numpy as np

from scheduler.generator.curriculum import Curriculum
from scheduler.generator.drafts import (
    DCohort,
    DInstitution,
    DInstructor,
    DRequest,
    DResource,
    DSite,
)
from scheduler.generator.pool import DraftPool
from scheduler.generator.reserve import Witness
from scheduler.generator.rooms import Rooms
from scheduler.generator.term import WEEKS, Term
from scheduler.generator.tiers import TierSpec


class Placing:
    """Shared state of one generation run, and the placeability tests."""

    spec: TierSpec
    seed: int
    rng: np.random.Generator
    term: Term
    sites: list[DSite]
    institutions: list[DInstitution]
    inst: dict[str, DInstitution]
    cohorts: list[DCohort]
    cohort: dict[str, DCohort]
    curriculum: Curriculum
    rooms: Rooms
    resources: list[DResource]
    pool: DraftPool
    requests: list[DRequest]
    instructors: list[DInstructor]
    witness: Witness
    #: request id -> (candidate resource indices, union of their start slots; for an
    #: internship, the mask of its possible first weeks)
    info: dict[str, tuple[list[int], np.ndarray]]

    def institutions_of(self, r: DRequest) -> set[str]:
        """Institutions of ``r``'s cohorts: who must be admitted, and who is a guest under
        ``owner_windows``.
        """
        return {self.cohort[c].institution for c in r.cohorts}

    def base_mask(self, r: DRequest) -> np.ndarray:
        """bool (slots,): open slots in ``r``'s window and every cohort's availability, before
        any resource is considered.
        """
        m = self.term.mask(r.window)
        for c in r.cohorts:
            m = m & self.term.mask(self.cohort[c].available)
        return m

    def settle(self, r: DRequest) -> bool:
        """Make ``r`` placeable (split, fewer sessions, another pattern) or drop it (False).

        Records the candidate resources and the union of their start slots in ``info``.
        """
        insts = self.institutions_of(r)
        pool = self.pool
        ok = pool.candidates(r.needs, r.resource_kinds, r.resources, insts, r.internship)
        if r.internship:
            return self.settle_internship(r, ok)
        if not r.split and len(r.cohorts) == 1 and self.rng.random() < 0.08:
            # sub-groups in smaller rooms as an option, where there are smaller rooms
            r.split = bool((ok & (pool.room < r.headcount)).any())
        if not r.split:
            fit = ok & (pool.room >= r.headcount)
            if not fit.any():
                if not ok.any() or pool.room[ok].sum() < r.headcount:
                    return False
                r.split = True
                fit = ok
        else:
            fit = ok
        starts_req = self.term.span(self.base_mask(r), r.duration)
        cands, union = [], np.zeros_like(starts_req)
        for k in np.flatnonzero(fit):
            s = starts_req & pool.span(int(k), pool.guest(int(k), insts), r.duration)
            if s.any():
                cands.append(int(k))
                union |= s
        if not cands:
            return False
        if r.split and pool.room[cands].sum() < r.headcount:
            return False
        cap = self.term.pattern_capacity(
            r.pattern, union, r.duration, r.max_per_week, r.min_days_apart
        )
        if cap < r.sessions:
            if cap >= 2:
                r.sessions = cap
            else:
                r.pattern = "free"
                r.max_per_week = None
                r.min_days_apart = 0
                cap = self.term.pattern_capacity("free", union, r.duration, None, 0)
                if cap < 1:
                    return False
                r.sessions = min(r.sessions, cap)
        r.min_days = min(r.min_days, r.sessions)
        self.info[r.id] = (cands, union)
        return True

    def settle_internship(self, r: DRequest, ok: np.ndarray) -> bool:
        """Record the posts that admit internship ``r`` and the first weeks (not slots, unlike a
        session request's ``info``) at which they hold all its people; False drops it.
        """
        posts = [int(k) for k in np.flatnonzero(ok)]
        in_window = self.term.weeks_mask(r.window)
        weeks = {k: self.pool.week_ok(k) for k in posts}
        first = np.zeros(WEEKS, dtype=bool)
        for w in range(WEEKS - r.weeks + 1):
            if in_window[w : w + r.weeks].all():
                places = sum(
                    int(self.pool.room[k]) for k in posts if weeks[k][w : w + r.weeks].all()
                )
                first[w] = places >= r.headcount
        if not first.any():
            return False
        self.info[r.id] = (posts, first)
        return True

    def restrict(self, r: DRequest, chosen: list[int]) -> bool:
        """Whether ``r`` keeps its sessions with only the ``chosen`` candidates."""
        cands, union = self.info[r.id]
        if not chosen:
            return False
        if r.split and sum(int(self.pool.room[k]) for k in chosen) < r.headcount:
            return False
        if not r.split and not any(self.pool.room[k] >= r.headcount for k in chosen):
            return False
        insts = self.institutions_of(r)
        starts = self.term.span(self.base_mask(r), r.duration)
        new = np.zeros_like(union)
        for k in chosen:
            new |= starts & self.pool.span(k, self.pool.guest(k, insts), r.duration)
        new &= union  # keep the instructor restriction already applied
        cap = self.term.pattern_capacity(
            r.pattern, new, r.duration, r.max_per_week, r.min_days_apart
        )
        if cap < r.sessions:
            return False
        self.info[r.id] = (chosen, new)
        return True

    def parts(self, r: DRequest) -> int:
        """Rooms per session of ``r``: 1 unless split, else the fewest candidates (largest first)
        that hold its headcount, or all of them when even they fall short.
        """
        if not r.split:
            return 1
        cands, _ = self.info[r.id]
        total, n = 0, 0
        for room in sorted((int(self.pool.room[k]) for k in cands), reverse=True):
            total += room
            n += 1
            if total >= r.headcount:
                return n
        return n
