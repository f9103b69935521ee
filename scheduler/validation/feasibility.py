"""Requests that can never be met: no candidate, too large, no instructor, no time.

The checks run from the coarsest to the finest and mostly stop at the first reason
found; :meth:`~scheduler.validation.base.ValidatorBase.reporter` makes each an error
when the request is required and a warning otherwise.
"""

from __future__ import annotations

from scheduler.models import Request, RequestKind
from scheduler.validation.instructors import InstructorChecks
from scheduler.validation.internships import InternshipChecks
from scheduler.validation.no_candidate import NoCandidate
from scheduler.validation.sites import SiteChecks
from scheduler.validation.times import TimeChecks


class FeasibilityChecks(TimeChecks, SiteChecks, InstructorChecks, InternshipChecks, NoCandidate):
    """Each request's hopeless reason, if it has one."""

    def check_feasibility(self, i: int, req: Request) -> None:
        """Report why request ``i`` can never be met, coarsest reason first: no candidate,
        headcount over every room, no instructor, then no time. Errors if required,
        warnings otherwise; mostly stops at the first reason found.
        """
        path = f"requests[{i}]"
        report = self.reporter(req)
        # A cohort listed twice is reported above; count it once here.
        ids = list(dict.fromkeys(req.cohort_ids))
        cohorts = [self.s.cohorts[self.index["cohort"][c]] for c in ids]
        insts = {c.institution for c in cohorts}
        headcount = sum(c.size for c in cohorts)
        internship = req.kind is RequestKind.INTERNSHIP
        cands = self.candidates(req, insts, internship)
        if not cands:
            report(path, self.no_candidate_message(req, insts, internship))
            if not internship:
                self.check_instructors(path, req, report, 1)
            return
        self.warn_unusable_listed(path, req, insts, internship)
        if internship:
            self.check_internship(path, req, cands, headcount, report, insts, cohorts)
            return
        self.check_reach(path, cohorts, cands)
        if req.headcount is not None:
            # Extension (docs/format-extensions.md): people at each session.
            if req.headcount > headcount:
                self.warn(
                    f"{path}.headcount",
                    f"headcount {req.headcount} exceeds the cohorts' total size {headcount}",
                )
            headcount = req.headcount
        res = self.s.resources
        room = {k: res[k].capacity + res[k].overflow for k in cands}
        if req.headcount is not None:
            who = "its 'headcount'"
        elif len(cohorts) > 1:
            who = ", ".join(f"{c.id} {c.size}" for c in cohorts)
        else:
            who = f"cohort {cohorts[0].id}"
        parts_needed = 1
        if not req.split:
            fitting = [k for k in cands if room[k] >= headcount]
            if not fitting:
                big = max(cands, key=lambda k: (room[k], -k))
                report(
                    path,
                    f"headcount {headcount} ({who}) exceeds every candidate resource: the "
                    f"largest is '{res[big].id}' with capacity {res[big].capacity} + overflow "
                    f"{res[big].overflow}; set 'split': true or add a larger resource",
                )
                self.check_instructors(path, req, report, 1)
                return
        else:
            total = sum(room.values())
            if total < headcount:
                listing = ", ".join(f"{res[k].id} {room[k]}" for k in cands)
                report(
                    path,
                    f"headcount {headcount} ({who}) exceeds even all candidate resources "
                    f"together ({total}: {listing}); add resources or shrink the cohort",
                )
                self.check_instructors(path, req, report, 1)
                return
            fitting = cands
            parts_needed = self.min_parts(headcount, sorted(room.values(), reverse=True))
        teachers = self.check_instructors(path, req, report, parts_needed)
        if teachers is None or req.duration > self.s.calendar.slots_per_day:
            return
        self.check_times(path, req, cohorts, fitting, teachers, report)

    @staticmethod
    def min_parts(headcount: int, rooms_desc: list[int]) -> int:
        """Fewest parallel parts (split) that can hold ``headcount``: the largest rooms first."""
        acc = 0
        for n, room in enumerate(rooms_desc, start=1):
            acc += room
            if acc >= headcount:
                return n
        return len(rooms_desc)
