"""Pattern rules: where one more session of a weekly, block or free request may start."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scheduler.problem import (
    CSessionRequest,
)
from solver.occupancy.state import OccupancyState


class OccupancyPatterns(OccupancyState):
    """The starts a request's pattern allows next to its scheduled sessions."""

    def pattern_ok(self, req: CSessionRequest, t: int) -> bool:
        """May one more session of ``req`` start at ``t`` next to its scheduled ones?"""
        own = self.sessions.get(req.index)
        if not own:
            return True
        starts = sorted(s.start for s in own.values())
        if req.pattern == "weekly":
            return t in self.weekly_extensions(starts)
        if req.pattern == "block":
            return t // self.spd in self.block_extensions(starts)
        week = t // self.spw
        if req.max_per_week is not None:
            in_week = sum(1 for s in starts if s // self.spw == week)
            if in_week >= req.max_per_week:
                return False
        if req.min_days_apart > 0:
            cd = self.cal.calendar_day(t // self.spd)
            for s in starts:
                if abs(self.cal.calendar_day(s // self.spd) - cd) < req.min_days_apart:
                    return False
        return True

    def weekly_step(self, t: int, direction: int) -> int | None:
        """Same day and slot in the next (previous) week whose day is open, or None."""
        day = t // self.spd
        while True:
            t += direction * self.spw
            day += direction * self.cal.days_per_week
            if t < 0 or t >= self.n_slots:
                return None
            if self.cal.open_day[day]:
                return t

    def weekly_extensions(self, starts: Sequence[int]) -> set[int]:
        """Starts that extend a weekly run (``starts`` sorted): the same day and slot one open week
        before the first or after the last; closed days are skipped as in the model.
        """
        first, last = starts[0], starts[-1]
        out = set()
        for t, d in ((first, -1), (last, +1)):
            nxt = self.weekly_step(t, d)
            if nxt is not None:
                out.add(nxt)
        return out

    def block_extensions(self, starts: Sequence[int]) -> set[int]:
        """Days that extend a block run (``starts`` sorted): the open day before the first and the
        one after the last.
        """
        days = self.open_days
        pos = np.searchsorted(days, [starts[0] // self.spd, starts[-1] // self.spd])
        out = set()
        if pos[0] > 0:
            out.add(int(days[pos[0] - 1]))
        if pos[1] + 1 < len(days):
            out.add(int(days[pos[1] + 1]))
        return out
