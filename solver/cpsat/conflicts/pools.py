"""The resources and posts a conflict's requests share, each kind as one pool: who may
use it, and what it offers against what they need."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.problem import CInternship, CSessionRequest, Problem
from solver.cpsat.conflicts.naming import (
    numbers_text,
    request_names,
    resource_names,
    span_text,
    weeks_of,
)
from solver.cpsat.constraints.cuts import occupancy
from solver.words import Text, say


def session_resource(problem: Problem, reqs: list, k: int, shareable: bool) -> bool:
    """Whether ``k`` is a resource of that kind (shareable or one session at a time)
    some of the session requests may use."""
    return problem.resources[k].shareable == shareable and any(
        isinstance(r, CSessionRequest) and k in r.resources for r in reqs
    )


@dataclass(frozen=True, slots=True)
class SharedPool:
    """The session requests that may use a pool of resources the core shares."""

    users: list[CSessionRequest]
    only: bool  # every user's candidates lie inside the pool
    usable: list[np.ndarray]  # per resource, the slots its users could cover there


def pool_of(problem: Problem, reqs: list, pool: list[int]) -> SharedPool:
    users = [r for r in reqs if isinstance(r, CSessionRequest) and set(pool) & set(r.resources)]
    only = all(set(int(k) for k in r.resources) <= set(pool) for r in users)
    return SharedPool(users, only, [usable_slots(problem, users, k) for k in pool])


def usable_slots(problem: Problem, sess: list[CSessionRequest], k: int) -> np.ndarray:
    """bool (n_slots,): slots of resource ``k`` some session of ``sess`` could cover there.

    A session starting at ``t`` covers ``t .. t + duration - 1``; its starts on ``k`` already
    carry the window, the cohorts' and the resource's availability, so this counts the
    slots the conflict is really about, not every open slot of the weeks.
    """
    usable = np.zeros(problem.calendar.n_slots, dtype=bool)
    for r in sess:
        pos = np.flatnonzero(r.resources == k)
        if not len(pos):
            continue
        usable |= occupancy(r.resource_starts[int(pos[0])], r.duration)
    return usable & problem.resources[k].available.astype(bool)


def rooms_clause(problem: Problem, reqs: list, rooms: list[int]) -> Text:
    """The exclusive resources the requests share, as one pool: whether they can only
    use them or compete for them, and the slots they offer when those are too few (a
    clause per lab read "both need l0", "both need l1", ... where any would do, with
    numbers that showed no shortage)."""
    pool = pool_of(problem, reqs, rooms)
    users = pool.users
    ids = request_names(users)
    free = sum(int(u.sum()) for u in pool.usable)
    need = sum(r.n_sessions * r.duration for r in users)
    weeks = weeks_of(problem, np.logical_or.reduce(pool.usable))
    res = resource_names(problem, rooms)
    key = ("core_resource" if pool.only else "core_compete") + ("" if len(rooms) == 1 else "s")
    both = "both" if len(users) == 2 else "all"
    clause = say(key, ids=ids, both=both, res=res, span=span_text(weeks),
                 kind=say("core_exclusive_room"))  # fmt: skip
    if need > free:
        clause += say("core_slots", free=free, need=need)
    return clause


def bases_clause(problem: Problem, reqs: list, bases: list[int]) -> Text:
    """The shareable resources the requests share, as one pool like the rooms: their
    places at once and the people each session brings, not slot counts (several
    sessions fit at once; a clause per base named three bases where the cause was the
    cohorts)."""
    pool = pool_of(problem, reqs, bases)
    places = [problem.resources[k].capacity + problem.resources[k].overflow for k in bases]
    return say(
        "core_bases",
        ids=request_names(pool.users),
        both="both" if len(pool.users) == 2 else "all",
        verb=say("core_only_use" if pool.only else "core_compete_for"),
        res=resource_names(problem, bases),
        span=span_text(weeks_of(problem, np.logical_or.reduce(pool.usable))),
        capacity=numbers_text(places),
        sizes=numbers_text([r.headcount for r in pool.users]),
    )


def posts_clause(problem: Problem, reqs: list, posts: list[int]) -> Text:
    """The internship posts the internships share, as one pool: its places a week, the
    interns and weeks each brings, and the weeks they may use (one clause per post said
    that each internship 'needs' a post it could do without, and never gave the weeks,
    where a week more of window was the fix; a planner audit)."""
    users = [r for r in reqs if isinstance(r, CInternship) and set(posts) & set(r.posts)]
    only = all(set(int(k) for k in r.posts) <= set(posts) for r in users)
    weeks = np.zeros(problem.calendar.n_weeks, dtype=bool)
    for r in users:
        for w in np.flatnonzero(r.first_weeks):
            weeks[w : w + r.weeks] = True
    used = np.flatnonzero(weeks)
    span = span_text((int(used[0]) + 1, int(used[-1]) + 1) if len(used) else None)
    return say(
        "core_posts",
        ids=request_names(users),
        both="both" if len(users) == 2 else "all",
        verb=say("core_only_use" if only else "core_compete_for"),
        res=resource_names(problem, posts),
        capacity=" + ".join(str(problem.resources[k].capacity) for k in posts),
        sizes=numbers_text([r.headcount for r in users]),
        weeks=numbers_text([r.weeks for r in users]),
        span=span,
    )
