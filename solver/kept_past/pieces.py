"""The requests a re-solve sees, cut from the originals: one starting from the day on,
one pinned to a published session or internship, the rest of one under way, and what a
kept request missed, never to be placed."""

from __future__ import annotations

import dataclasses

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.problem import (
    CInternship,
    CRequest,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
)


def from_day(req: CRequest, first_slot: int, first_week: int) -> CRequest:
    """``req`` starting no earlier than ``first_slot`` (an internship: week ``first_week``)."""
    if isinstance(req, CInternship):
        if first_week <= 0:
            return req
        first = req.first_weeks.copy()
        first[:first_week] = False
        return dataclasses.replace(req, first_weeks=first)
    return sessions_from(req, first_slot)


def sessions_from(req: CSessionRequest, first_slot: int) -> CSessionRequest:
    """A session request starting no earlier than ``first_slot``."""
    if first_slot <= 0:
        return req
    starts = req.starts.copy()
    starts[:first_slot] = False
    resource_starts = req.resource_starts.copy()
    resource_starts[:, :first_slot] = False
    return dataclasses.replace(req, starts=starts, resource_starts=resource_starts)


def one_session(
    problem: Problem, req: CSessionRequest, s: SessionAssignment
) -> CSessionRequest | None:
    """A required one-session request that can only be ``s``; None when ``req`` no longer
    allows ``s`` (a resource, a start or an instructor the term has since withdrawn, or
    parts that no longer hold the cohorts' people)."""
    room = {p.resource: problem.resources[p.resource] for p in s.parts}
    held = sum(p.headcount for p in s.parts)
    if held != req.headcount or any(
        p.headcount > room[p.resource].capacity + room[p.resource].overflow for p in s.parts
    ):
        return None
    columns = {int(r): k for k, r in enumerate(req.resources.tolist())}
    ks = sorted(columns.get(p.resource, -1) for p in s.parts)
    if not ks or ks[0] < 0 or len(set(ks)) != len(ks) or (len(ks) > 1 and not req.split):
        return None
    if not all(bool(req.resource_starts[k, s.start]) for k in ks):
        return None
    teachers = sorted({p.instructor for p in s.parts if p.instructor is not None})
    if req.needs_instructor:
        allowed = set(req.instructors.tolist())
        if len(teachers) != len(s.parts) or not set(teachers) <= allowed:
            return None
    starts = np.zeros_like(req.starts)
    starts[s.start] = True
    resource_starts = np.zeros((len(ks), starts.size), dtype=bool)
    resource_starts[:, s.start] = True
    resources = req.resources[ks]
    return dataclasses.replace(
        req,
        id=f"{req.id}#{s.index}",
        n_sessions=1,
        required=True,
        pattern="free",
        max_per_week=None,
        min_days_apart=0,
        min_days=0,
        starts=starts,
        resources=resources,
        resource_starts=resource_starts,
        matching=resources.copy(),
        travel_minutes=req.travel_minutes[ks],
        instructors=np.array(teachers, dtype=np.int64) if req.needs_instructor else req.instructors,
    )


def one_run(req: CInternship, ps: list[PlacementAssignment]) -> CInternship | None:
    """A required internship that can only take its published week and posts."""
    first = {p.first_week for p in ps}
    columns = {int(r): j for j, r in enumerate(req.posts.tolist())}
    js = sorted(columns.get(p.resource, -1) for p in ps)
    if len(first) != 1 or not js or js[0] < 0 or len(set(js)) != len(js):
        return None
    (w,) = first
    if not (0 <= w < req.first_weeks.size and req.first_weeks[w]):
        return None
    if not all(bool(req.post_weeks[j, w : w + req.weeks].all()) for j in js):
        return None
    only = np.zeros_like(req.first_weeks)
    only[w] = True
    return dataclasses.replace(
        req,
        id=f"{req.id}#1",
        required=True,
        first_weeks=only,
        posts=req.posts[js],
        post_weeks=req.post_weeks[js],
    )


def more_sessions(
    req: CSessionRequest, missing: int, held: list[int], first_slot: int, cal: CalendarIndex
) -> CSessionRequest:
    """The ``missing`` sessions of a free request under way, from ``first_slot`` on.

    Its own ``max_per_week`` and ``min_days_apart`` hold among them; against the
    ``held`` (published, kept) starts, they keep ``min_days_apart`` calendar days away
    and, under a weekly cap, out of the weeks those already use.
    """
    ok = np.ones(req.starts.size, dtype=bool)
    ok[:first_slot] = False
    spd, spw = cal.slots_per_day, cal.slots_per_week
    slots = np.arange(ok.size)
    if req.min_days_apart > 0 and held:
        days = np.array([cal.calendar_day(d) for d in range(cal.n_days)])
        slot_day = days[slots // spd]
        for t in held:
            ok &= np.abs(slot_day - days[t // spd]) >= req.min_days_apart
    if req.max_per_week is not None:
        for t in held:
            w = t // spw
            ok[w * spw : (w + 1) * spw] = False
    return part_to_book(req, missing, ok)


def run_on(
    req: CSessionRequest, missing: int, held: list[int], first_slot: int, cal: CalendarIndex
) -> CSessionRequest | None:
    """The ``missing`` sessions of a weekly or block run under way, where it goes on.

    A weekly run goes on at its slot in the next weeks whose day is open, a block on the
    next open days; None when the next of those is before ``first_slot`` (the run has
    stopped and cannot start again) or the term has no such cell left (the cells there
    are, when fewer than ``missing``). Booked in part, the run may
    leave a gap: the answer is read back session by session against the full rules
    (:func:`solver.fitted.fit_into`), which keep only what extends the run.
    """
    spd, spw, n = cal.slots_per_day, cal.slots_per_week, cal.n_slots
    ok = np.zeros(n, dtype=bool)
    last = max(held)
    if req.pattern == "weekly":
        found, t = 0, last
        while found < missing:
            t += spw
            if t >= n:
                break  # the term ends first: the cells there are
            if cal.open_day[t // spd]:
                if t < first_slot:
                    return None
                ok[t] = True
                found += 1
    else:  # block: one session a day on consecutive open days
        found, d = 0, last // spd
        while found < missing:
            d += 1
            if d >= cal.n_days:
                break
            if cal.open_day[d]:
                if d * spd < first_slot:
                    return None
                ok[d * spd : (d + 1) * spd] = True
                found += 1
    return part_to_book(req, missing, ok) if found else None


def part_to_book(req: CSessionRequest, missing: int, ok: np.ndarray) -> CSessionRequest:
    """``req``'s ``missing`` sessions, to start only where ``ok``."""
    return dataclasses.replace(
        req,
        id=f"{req.id}#more",
        n_sessions=missing,
        starts=req.starts & ok,
        resource_starts=req.resource_starts & ok[None, :],
    )


def never_placed(req: CRequest, missing: int = 0) -> CRequest:
    """What a kept request missed: its demand counts, it can never be placed."""
    if isinstance(req, CInternship):
        return dataclasses.replace(
            req,
            id=f"{req.id}#missed",
            required=False,
            first_weeks=np.zeros_like(req.first_weeks),
        )
    return dataclasses.replace(
        req,
        id=f"{req.id}#missed",
        n_sessions=missing,
        required=False,
        starts=np.zeros_like(req.starts),
        resources=req.resources[:0],
        resource_starts=req.resource_starts[:0],
        travel_minutes=req.travel_minutes[:0],
    )
