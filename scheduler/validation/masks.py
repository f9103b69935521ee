"""Memoised masks and candidate lists, shared by every request that asks for the same.

A large term has many requests with the same cohorts, instructors and resource needs;
computing each mask once per validation run keeps validating it fast.
"""

from __future__ import annotations

import numpy as np

from scheduler.models import Cohort, Instructor, Request
from scheduler.validation.base import ValidatorBase


class Masks(ValidatorBase):
    """Availability masks and candidate lists, computed once per validation run."""

    def candidates(self, req: Request, insts: set[str], internship: bool) -> list[int]:
        """Positions of the resources :func:`resource_admits` for ``req`` (a fresh list)."""
        return self._admission.admitted(req, insts, internship=internship)

    def available(self, item: Cohort | Instructor) -> np.ndarray:
        """``window_mask`` of a cohort's or instructor's ``available`` (shared: do not change)."""
        key = id(item)  # the scenario's objects live as long as the validator
        if key not in self._available:
            self._available[key] = self.cal.window_mask(item.available)
        return self._available[key]

    def instructor_span(self, t: Instructor, duration: int) -> np.ndarray:
        """Starts at which ``t`` is available on open days for the whole span (shared)."""
        key = (id(t), duration)
        if key not in self._instructor_spans:
            self._instructor_spans[key] = self.cal.span_ok(self.available(t) & self.open, duration)
        return self._instructor_spans[key]

    def instructors_span(self, teachers: list[Instructor], duration: int) -> np.ndarray:
        """Starts at which some of ``teachers`` is available for the whole span (shared)."""
        key = (tuple(id(t) for t in teachers), duration)
        if key not in self._teachers_spans:
            free = np.zeros(self.cal.n_slots, dtype=bool)
            for t in teachers:
                free |= self.instructor_span(t, duration)
            self._teachers_spans[key] = free
        return self._teachers_spans[key]

    def resource_span(self, k: int, duration: int, guest: bool) -> np.ndarray:
        """Starts at which resource ``k`` is free of availability limits for the whole span;
        ``guest`` excludes its ``owner_windows`` (a session not entirely the owner's)."""
        key = (k, duration, guest)
        if key not in self._resource_spans:
            r = self.s.resources[k]
            ok = self.cal.span_ok(self.cal.window_mask(r.available) & self.open, duration)
            if guest and r.owner_windows is not None:
                ok &= self.cal.span_ok(~self.cal.window_mask(r.owner_windows), duration)
            self._resource_spans[key] = ok
        return self._resource_spans[key]

    def candidate_spans(
        self, cands: list[int], duration: int, insts: set[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Starts at which some candidate is free of availability limits for the whole span
        (``owner_windows`` excluded unless the session is entirely the owner's), and the
        same ignoring ``owner_windows`` (shared: do not change)."""
        key = (tuple(cands), duration, frozenset(insts))
        if key not in self._candidate_spans:
            ok = np.zeros(self.cal.n_slots, dtype=bool)
            without_owner_windows = np.zeros(self.cal.n_slots, dtype=bool)
            for k in cands:
                guest = insts != {self.s.resources[k].owner}
                ok |= self.resource_span(k, duration, guest)
                without_owner_windows |= self.resource_span(k, duration, False)
            self._candidate_spans[key] = (ok, without_owner_windows)
        return self._candidate_spans[key]
