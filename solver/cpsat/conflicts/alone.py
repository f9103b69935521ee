"""A required request that cannot hold on its own: what it may use, and why that is
too little (no candidate, no start, too few starts, instructors, a split too large)."""

from __future__ import annotations

import numpy as np

from scheduler.problem import CInternship, CRequest, CSessionRequest, Problem
from solver.cpsat.conflicts.naming import (
    instructor_names,
    need_text,
    request_names,
    resource_names,
    span_text,
    weeks_of,
)
from solver.words import EMPTY, Text, join, say


def candidate_items(req: CRequest) -> list[str]:
    """What a request that cannot hold on its own may use: its candidate resources (or
    posts) and, when it needs one, its candidate instructors (whose availability the
    sentence names too)."""
    pool = req.resources if isinstance(req, CSessionRequest) else req.posts
    items = [f"resources[{int(k)}]" for k in pool.tolist()]
    if isinstance(req, CSessionRequest) and req.needs_instructor:
        items += [f"instructors[{int(i)}]" for i in req.instructors.tolist()]
    return items


def alone_text(problem: Problem, req: CRequest) -> Text:
    if isinstance(req, CInternship):
        if not len(req.posts):
            return say("alone_no_post", id=request_names([req]))
        if not req.first_weeks.any():
            return say("alone_no_run", id=request_names([req]), weeks=req.weeks)
        cap = sum(
            problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
            for k in req.posts
        )
        posts = resource_names(problem, req.posts.tolist())
        return say(
            "alone_posts", id=request_names([req]), need=need_text(req), posts=posts, cap=cap
        )
    if not len(req.resources):
        return say("alone_no_resource", id=request_names([req]))
    if req.needs_instructor and not len(req.instructors):
        return say("alone_no_instructor", id=request_names([req]))
    union = np.asarray(req.resource_starts.any(axis=0))
    if not union.any():
        return say("alone_no_start", id=request_names([req]))
    n_starts = int(union.sum())
    days = len(np.unique(np.flatnonzero(union) // problem.calendar.slots_per_day))
    return say(
        "alone_too_few",
        id=request_names([req]),
        need=need_text(req),
        span=span_text(weeks_of(problem, union)),
        resources=resource_names(problem, req.resources.tolist()),
        starts=n_starts,
        days=days,
        instructors=_instructors_clause(problem, req, union, n_starts),
        split=_split_clause(problem, req),
    )


def _instructors_clause(
    problem: Problem, req: CSessionRequest, union: np.ndarray, n_starts: int
) -> Text:
    """What the candidate instructors leave of those starts: how many of them one is
    available for, and the weekly limits below what the request asks (a block of
    4-slot days against a teacher's 12 slots a week read as 'availability, weekly load
    or travel'; a planner audit)."""
    if not req.needs_instructor:
        return EMPTY
    taught = np.zeros_like(union)
    for i in req.instructors:
        free = problem.instructors[int(i)].available
        spans = np.lib.stride_tricks.sliding_window_view(free, req.duration).all(axis=1)
        taught[: spans.size] |= spans
    n_taught = int((union & taught).sum())
    asked = req.n_sessions * req.duration
    limits = [
        say("alone_limit", name=instructor_names(problem, [i]), most=t.max_slots_per_week)
        for i, t in ((int(i), problem.instructors[int(i)]) for i in req.instructors)
        if t.max_slots_per_week is not None and t.max_slots_per_week < asked
    ]
    if n_taught == n_starts and not limits:
        return say("alone_instructors")
    who = instructor_names(problem, req.instructors.tolist())
    available = say("alone_taught", names=who, n=n_taught) if n_taught < n_starts else EMPTY
    return say(
        "alone_instructor_facts",
        available=available,
        limits=say("alone_limits", items=join(limits, "list")) if limits else EMPTY,
    )


def _split_clause(problem: Problem, req: CSessionRequest) -> Text:
    """Why few start times may still be too few: a split cohort larger than any one of
    its resources needs several free at once (a spec audit's request of 9 whose only
    resource with two slots in a row held 8 read as if its 24 starts were the cause)."""
    if not req.split:
        return EMPTY
    most = max(
        problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
        for k in req.resources
    )
    if req.headcount <= most:
        return EMPTY
    return say("alone_split", people=req.headcount, most=most)
