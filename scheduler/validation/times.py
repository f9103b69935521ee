"""Whether a session request has enough times its window, people and resources allow."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scheduler.models import Cohort, Instructor, Request
from scheduler.validation.bounds import Bounds
from scheduler.validation.masks import Masks
from scheduler.validation.phrasing import names, plural


class TimeChecks(Masks, Bounds):
    """A session request's times: window, cohorts, resources, instructors, count."""

    def check_times(
        self,
        path: str,
        req: Request,
        cohorts: list[Cohort],
        cands: list[int],
        teachers: list[Instructor],
        report: Callable[[str, str], None],
    ) -> None:
        """Report a session request for which window, cohorts, resources (``owner_windows``
        included), instructors and pattern leave too few starts; when enough are left, records
        them in ``session_starts`` for the precedence checks.
        """
        cal, dur = self.cal, req.duration
        session = f"{dur}-slot session" if dur > 1 else "session"
        if req.window == []:
            report(path, "'window' is empty: the request can never be placed")
            return
        base = cal.window_mask(req.window) & self.open
        if not cal.span_ok(base, dur).any():
            report(path, f"the window (without closed days) has no room for one {session}")
            return
        for c in cohorts:
            base = base & self.available(c)
            if not cal.span_ok(base, dur).any():
                who = "the other cohorts and " if len(cohorts) > 1 else ""
                report(
                    path,
                    f"cohort '{c.id}' is never available for a {session} inside "
                    f"{who}the window; widen the window or the cohort's 'available'",
                )
                return
        starts = cal.span_ok(base, dur)
        insts = {c.institution for c in cohorts}
        any_resource, any_without_owner_windows = self.candidate_spans(cands, dur, insts)
        allowed = starts & any_resource
        without_owner_windows = starts & any_without_owner_windows
        if not allowed.any():
            ids = names(self.s.resources[k].id for k in cands)
            if without_owner_windows.any():
                report(
                    path,
                    f"the candidate resources ({ids}) are reserved for their owners "
                    "('owner_windows') at every time the window and the cohorts allow; "
                    "widen the window or narrow 'owner_windows'",
                )
            else:
                report(
                    path,
                    f"no candidate resource ({ids}) is available for a {session} at a time "
                    "the window and the cohorts allow",
                )
            return
        if teachers:
            free = self.instructors_span(teachers, dur)
            if not (allowed & free).any():
                report(
                    path,
                    f"no qualified instructor ({names(t.id for t in teachers)}) is available "
                    "at a time the window, the cohorts and the resources allow",
                )
                return
            allowed &= free
            if not self._within_load(path, req, teachers, allowed, report):
                return
        if self.check_count(path, req, allowed, report):
            self.session_starts[path] = allowed

    def _within_load(
        self,
        path: str,
        req: Request,
        teachers: list[Instructor],
        allowed: np.ndarray,
        report: Callable[[str, str], None],
    ) -> bool:
        """Whether the qualified instructors' weekly loads leave room for every session
        in the weeks it can run; False after reporting that they do not. Each teaches at
        most ``max_slots_per_week // duration`` of its sessions a week (a bad-input audit
        saw "at most 18 can ever be placed" where the loads allowed 8)."""
        if any(t.max_slots_per_week is None for t in teachers):
            return True
        n, dur = req.sessions or 0, req.duration or 1
        weeks = int(allowed.reshape(self.cal.n_weeks, -1).any(axis=1).sum())
        per_week = sum((t.max_slots_per_week or 0) // dur for t in teachers)
        if per_week * weeks >= n:
            return True
        report(
            path,
            f"at most {per_week * weeks} of the {plural(n, 'session')} can ever be placed: "
            f"the qualified instructors ({names(t.id for t in teachers)}) may teach "
            f"{per_week} {dur}-slot session(s) a week between them ('max_slots_per_week') "
            f"in the {plural(weeks, 'week')} it can run; lower 'sessions', add an "
            "instructor or raise their weekly load",
        )
        return False

    def check_count(
        self, path: str, req: Request, allowed: np.ndarray, report: Callable[[str, str], None]
    ) -> bool:
        """Upper bounds on how many sessions the allowed starts can ever hold; False after
        reporting that they are too few."""
        n = req.sessions or 0
        bound, why = self.session_bound(req, allowed)
        if bound < n:
            report(
                path,
                f"at most {bound} of the {plural(n, 'session')} can ever be placed: {why} "
                f"(pattern '{req.pattern.value}', window, availability and closed days "
                "considered); lower 'sessions' or widen the window",
            )
            return False
        return True
