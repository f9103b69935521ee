"""The relaxation's layout: buckets of days or weeks, resources alone or in classes,
the finest whose columns the LP can solve in time."""

from __future__ import annotations

import logging
from collections import defaultdict

import numpy as np

from scheduler.problem import CSessionRequest, Problem

log = logging.getLogger(__name__)

#: Above this many ``w`` columns a finer layout is skipped for the next coarser one
#: (weekly patterns by slot -> by day, days -> weeks, resources -> classes). GLOP
#: does not solve the M tier by days (~100k columns) in 100 s; by weeks (~42k) in 4 s.
MAX_COLUMNS = 60_000


def resource_classes(problem: Problem, merge: bool) -> list[int]:
    """Class of each resource: itself, or one per (shareable, requests it serves)."""
    if not merge:
        return list(range(len(problem.resources)))
    serves: dict[int, list[int]] = defaultdict(list)
    for r, req in enumerate(problem.requests):
        if isinstance(req, CSessionRequest):
            for k in req.resources.tolist():
                serves[k].append(r)
    keys: dict[tuple, int] = {}
    return [
        keys.setdefault((res.shareable, tuple(serves.get(k, ()))), len(keys))
        for k, res in enumerate(problem.resources)
    ]


def column_count(problem: Problem, merge: bool, days: int, weekly_slots: bool) -> int:
    cal = problem.calendar
    cls = resource_classes(problem, merge)
    total = 0
    for req in problem.session_requests:
        if not len(req.resources):
            continue
        width = 1 if weekly_slots and req.pattern == "weekly" else days * cal.slots_per_day
        used = np.asarray(req.resource_starts.reshape(len(req.resources), -1, width).any(axis=2))
        per: dict[int, np.ndarray] = {}
        for k, res in enumerate(req.resources.tolist()):
            c = cls[res]
            per[c] = used[k] | per[c] if c in per else used[k]
        total += sum(int(m.sum()) for m in per.values())
    return total


def choose_layout(problem: Problem) -> tuple[bool, int, bool] | None:
    """The finest (merge, bucket days, weekly by slot) whose columns fit :data:`MAX_COLUMNS`."""
    week = problem.calendar.days_per_week
    for layout in ((False, 1, True), (False, 1, False), (False, week, False), (True, week, False)):
        n = column_count(problem, *layout)
        if n <= MAX_COLUMNS:
            return layout
        log.info("indexed bound: %d columns with (merge, days, weekly by slot) %s", n, layout)
    return None
