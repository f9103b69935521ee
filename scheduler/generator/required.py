"""Which requests become ``required``: only those booked in the feasibility witness."""

from __future__ import annotations

import logging
import math
from collections import defaultdict

from scheduler.generator.drafts import DRequest
from scheduler.generator.placing import Placing
from scheduler.generator.reserve import Book, Witness

log = logging.getLogger(__name__)


class Requiring(Placing):
    """The step that marks requests ``required`` (a mixin of ``Builder``), each only after
    booking it in the witness, so the required requests provably fit together.
    """

    def require(self) -> None:
        """Mark a few requests required, each after booking it in a feasibility witness."""
        rng = self.rng
        book = Book(self.term, self.pool, self.instructors)
        self.witness = Witness()
        ins_pos = {t.id: i for i, t in enumerate(self.instructors)}
        goal = max(2, math.ceil(self.spec.required_share * len(self.requests)))
        required: set[str] = set()
        shuffled = [self.requests[int(i)] for i in rng.permutation(len(self.requests))]
        # internships first: they need whole free weeks of a cohort
        order = [r for r in shuffled if r.internship] + [r for r in shuffled if not r.internship]
        internships_done = 0
        successors: dict[str, set[str]] = defaultdict(set)
        for r in self.requests:
            for a in r.after:
                successors[a].add(r.id)
        for r in order:
            if len(required) >= goal:
                break
            if len(r.cohorts) > 1 or r.split or r.after:
                continue  # a required request starts its chain: nothing must precede it
            if required & successors.get(r.id, set()):
                continue  # precedence never links two required requests
            cands, union = self.info[r.id]
            if r.internship:
                if internships_done >= max(1, goal // 10):
                    continue
                placed = book.try_internship(r, cands, union)
                if placed is not None:
                    internships_done += 1
                    self.mark_required(r, required)
                    self.witness.placements[r.id] = placed
                continue
            if r.pattern == "block" or r.priority < 3:
                continue
            insts = self.institutions_of(r)
            starts_req = self.term.span(self.base_mask(r), r.duration)
            starts = {}
            for k in cands:
                if self.pool.room[k] < r.headcount or (
                    self.pool.res[k].shareable and self.pool.capacity[k] < r.headcount
                ):
                    continue
                s = starts_req & self.pool.span(k, self.pool.guest(k, insts), r.duration) & union
                if s.any():
                    starts[k] = s
            teachers = []
            if r.instructor_skills:
                teachers = [
                    ins_pos[t.id]
                    for t in self.instructors
                    if set(r.instructor_skills) <= set(t.skills)
                    and (r.instructors is None or t.id in r.instructors)
                ]
            booked = book.try_sessions(r, starts, teachers)
            if booked is not None:
                self.mark_required(r, required)
                self.witness.sessions[r.id] = booked
        log.debug("required %d of %d requests", len(required), len(self.requests))

    def mark_required(self, r: DRequest, required: set[str]) -> None:
        """Make ``r`` required with priority at least 4 (required means essential), and note it."""
        r.required = True
        r.priority = max(r.priority, 4)
        required.add(r.id)
