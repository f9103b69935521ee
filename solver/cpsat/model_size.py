"""What a whole CP-SAT model of some requests would cost to build, estimated beforehand.

Sessions alone do not say it. A pool of interchangeable instructors makes one
assignment literal and interval per (session, instructor), per part with ``split``;
with sites apart, instructor travel adds a clause per pair of their sessions and bad
slot pair. A stress audit's small terms built models that never finished: 450 one-slot
sessions, 20 instructors of one skill on two sites 30 minutes apart (over 3 GB after
60 s, still building), and 163 split sessions over 40 labs with 60 instructors
(587,000 intervals, 28 s to build). Such terms go to the large terms' search, whose
neighbourhood models hold ~150 sessions and add instructor travel lazily.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from scheduler.problem import CSessionRequest, Problem

#: (session, instructor) assignment literals a whole model may hold (the tiers' S
#: terms have about 1,000; the audit's split pool 290,000).
MAX_TEACH_LITERALS = 60_000
#: Pairs of sessions that could meet one instructor or cohort on a day at two sites
#: apart (the tiers' S terms: 32,000-45,000; the audit's two-campus pool: 2 million).
MAX_TRAVEL_PAIRS = 250_000


def teach_literals(problem: Problem, requests: Iterable[int]) -> int:
    """Assignment literals: per session (per candidate part with ``split``), one for
    each candidate instructor."""
    total = 0
    for r in requests:
        req = problem.requests[r]
        if isinstance(req, CSessionRequest) and req.needs_instructor:
            holders = len(req.resources) if req.split else 1
            total += req.n_sessions * holders * len(req.instructors)
    return total


def travel_pairs(problem: Problem, requests: Iterable[int]) -> int:
    """Pairs of sessions sharing a candidate instructor or a cohort whose candidate
    resources lie on sites some travel time apart (whatever their days)."""
    sessions: dict[tuple[str, int], int] = defaultdict(int)
    sites: dict[tuple[str, int], set[int]] = defaultdict(set)
    for r in requests:
        req = problem.requests[r]
        if not isinstance(req, CSessionRequest):
            continue
        at = {problem.resources[k].site for k in req.resources.tolist()}
        holders = [("cohort", c) for c in req.cohorts]
        if req.needs_instructor:
            holders += [("instructor", i) for i in req.instructors.tolist()]
        for h in holders:
            sessions[h] += req.n_sessions
            sites[h] |= at
    total = 0
    for h, n in sessions.items():
        where = sorted(sites[h])
        apart = any(problem.travel[x, y] > 0 for x in where for y in where if x < y)
        if apart:
            total += n * (n - 1) // 2
    return total


def too_big(problem: Problem, requests: Iterable[int]) -> bool:
    """Whether a whole model of ``requests`` would be too large to build in a solve."""
    group = list(requests)
    return (
        teach_literals(problem, group) > MAX_TEACH_LITERALS
        or travel_pairs(problem, group) > MAX_TRAVEL_PAIRS
    )
