"""Upper bounds on how many sessions a set of allowed starts can hold in a request's pattern.

They are sound: a request whose bound is below its sessions can never be met.
"""

from __future__ import annotations

import numpy as np

from scheduler.models import Pattern, Request
from scheduler.validation.base import ValidatorBase


def max_disjoint_starts(starts: np.ndarray, duration: int) -> int:
    """Most non-overlapping sessions of ``duration`` slots whose starts lie in ``starts``.

    Earliest-start greedy is optimal for intervals of one length.
    """
    times = np.flatnonzero(starts).tolist()  # plain ints: the loop is the validator's hot spot
    if duration <= 1:
        return len(times)  # distinct starts never overlap
    count, free_from = 0, 0
    for t in times:
        if t >= free_from:
            count += 1
            free_from = t + duration
    return count


class Bounds(ValidatorBase):
    """Session bounds of a request's pattern over allowed starts."""

    def session_bound(self, req: Request, allowed: np.ndarray) -> tuple[int, str]:
        """An upper bound on the sessions of ``req`` that starts ``allowed`` can hold in its
        pattern, with the reason in words."""
        cal, dur = self.cal, req.duration
        bounds: list[tuple[int, str]] = []
        if req.pattern is Pattern.WEEKLY:
            run = cal.longest_weekly_run(allowed)
            bounds.append(
                (run, f"the longest run of consecutive weeks at one day and slot is {run}")
            )
        elif req.pattern is Pattern.BLOCK:
            run = cal.longest_block_run(allowed)
            bounds.append((run, f"the longest run of consecutive open days with room is {run}"))
        else:
            a = max_disjoint_starts(allowed, dur)
            bounds.append((a, f"only {a} non-overlapping times exist"))
            if req.max_per_week:  # 0 is an error of its own (validation/shapes.py)
                per_week = allowed.reshape(cal.n_weeks, cal.slots_per_week)
                b = sum(min(max_disjoint_starts(w, dur), req.max_per_week) for w in per_week)
                bounds.append((b, f"max_per_week {req.max_per_week} allows at most {b}"))
            if req.min_days_apart > 0:
                c = self.spaced_days(allowed, req.min_days_apart)
                bounds.append((c, f"min_days_apart {req.min_days_apart} allows at most {c}"))
        return min(bounds, key=lambda b: b[0])

    def spaced_days(self, allowed: np.ndarray, gap: int) -> int:
        """Most days with an allowed start that lie ``gap`` calendar days apart (7 a week).

        Taking the earliest day each time is optimal, so this is a sound bound for
        ``min_days_apart``.
        """
        per_day = allowed.reshape(self.cal.n_days, self.cal.slots_per_day).any(axis=1)
        count, last = 0, None
        for day in np.flatnonzero(per_day):
            cd = self.cal.calendar_day(int(day))
            if last is None or cd - last >= gap:
                count += 1
                last = cd
        return count
