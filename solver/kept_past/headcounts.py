"""Published bookings for the cohorts' people now: a session's parts and an internship's
placements keep their resources and weeks, with the headcounts spread anew."""

from __future__ import annotations

import dataclasses

from scheduler.problem import (
    CInternship,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
)


def resized(problem: Problem, req: CSessionRequest, s: SessionAssignment) -> SessionAssignment:
    """``s`` for its cohorts' sizes now, in the same resources.

    A cohort that lost or gained people since publication still had its sessions; the
    timetable keeps them where they were, with the people it has now (:func:`spread_headcounts`).
    Whether the resources hold the result is for
    :func:`~solver.kept_past.pieces.one_session` and the full rules to say.
    """
    heads = [p.headcount for p in s.parts]
    if sum(heads) == req.headcount:
        return s
    rooms = [room_of(problem, p.resource) for p in s.parts]
    heads = spread_headcounts(heads, rooms, req.headcount)
    parts = tuple(
        dataclasses.replace(p, headcount=h) for p, h in zip(s.parts, heads, strict=True) if h > 0
    )
    return dataclasses.replace(s, parts=parts)


def placements_resized(
    problem: Problem, req: CInternship, ps: list[PlacementAssignment]
) -> list[PlacementAssignment]:
    """An internship's placements ``ps`` for its cohorts' size now, in the same posts and
    weeks (:func:`spread_headcounts`), as :func:`resized` does for a session's parts. Whether the
    posts hold them beside the other internships is for the full rules."""
    heads = [p.headcount for p in ps]
    if sum(heads) == req.headcount:
        return ps
    heads = spread_headcounts(heads, [room_of(problem, p.resource) for p in ps], req.headcount)
    return [dataclasses.replace(p, headcount=h) for p, h in zip(ps, heads, strict=True) if h > 0]


def room_of(problem: Problem, resource: int) -> int:
    res = problem.resources[resource]
    return res.capacity + res.overflow


def spread_headcounts(heads: list[int], rooms: list[int], total: int) -> list[int]:
    """Headcounts of the same parts for ``total`` people: one part takes them all;
    several gain people where they have room (``rooms``), in order, and lose them from
    the largest part (a part left with none goes). With no room left the last part
    overfills, and fails the full rules' check."""
    heads = list(heads)
    diff = total - sum(heads)
    if len(heads) == 1:
        return [total]
    if diff > 0:
        for k, room in enumerate(rooms):
            take = min(diff, max(0, room - heads[k]))
            heads[k] += take
            diff -= take
        heads[-1] += diff
    else:
        for k in sorted(range(len(heads)), key=lambda k: -heads[k]):
            give = min(-diff, heads[k])
            heads[k] -= give
            diff += give
    return heads
