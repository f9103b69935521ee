"""Whether enough qualified instructors exist for a request that needs them."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.models import Instructor, Request
from scheduler.validation.base import ValidatorBase
from scheduler.validation.phrasing import misspelt, names, quoted


class InstructorChecks(ValidatorBase):
    """Qualified instructors: enough of them for the parallel parts."""

    def check_instructors(
        self, path: str, req: Request, report: Callable[[str, str], None], parts: int
    ) -> list[Instructor] | None:
        """Candidate instructors (``[]`` when none is needed); ``None`` after reporting
        that the request can never have one."""
        if not req.needs_instructor:
            return []
        dur = req.duration or 1
        skills = req.instructor_skills or []
        pool = list(self.s.instructors)
        among = ""
        if req.instructors is not None:
            if not req.instructors:
                report(path, "'instructors' is empty: no instructor may teach it")
                return None
            pool = [t for t in pool if t.id in req.instructors]
            among = f" among 'instructors' {quoted(req.instructors)}"
        key = (tuple(skills), None if req.instructors is None else tuple(req.instructors))
        if key not in self._qualified:
            self._qualified[key] = [t for t in pool if set(skills) <= set(t.skills)]
        ok = list(self._qualified[key])
        if not ok:
            if not pool:
                report(path, f"an instructor is needed but the scenario has none{among}")
                return None
            scored = sorted(
                (len([s for s in skills if s not in t.skills]), k, t) for k, t in enumerate(pool)
            )
            closest = [
                f"'{t.id}' lacks {names(s for s in skills if s not in t.skills)}"
                for n, _, t in scored
                if n == scored[0][0]
            ][:3]
            known = (k for t in self.s.instructors for k in t.skills)
            hint = misspelt(skills, known, "instructor")
            report(
                path,
                f"no instructor{among} has skills {quoted(skills)}; closest: "
                + "; ".join(closest)
                + hint,
            )
            return None
        # a weekly load below one session's length keeps an instructor from it all term
        loaded = [t for t in ok if t.max_slots_per_week is None or t.max_slots_per_week >= dur]
        if not loaded:
            most = max(t.max_slots_per_week or 0 for t in ok)
            report(
                path,
                f"every qualified instructor ({names(t.id for t in ok)}) may teach at most "
                f"{most} slot(s) a week ('max_slots_per_week'), less than one {dur}-slot "
                "session; raise it or add an instructor",
            )
            return None
        ok = loaded
        if len(ok) < parts:
            report(
                path,
                f"the cohort needs at least {parts} parallel parts (split) and so {parts} "
                f"instructors at once, but only {len(ok)} qualify "
                f"({names(t.id for t in ok)})",
            )
            return None
        return ok
