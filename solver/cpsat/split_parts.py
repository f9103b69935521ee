"""What a ``split`` session's parts need at once, for both linear relaxations.

A split session's parts share its start and duration, each in a different candidate
resource (spec: precise readings), each holding at most that resource's ``capacity +
overflow`` people (the checker's hard limit; a shareable one holds no more whoever else
is there), their headcounts summing to the session's; a part that needs an instructor
names its own (one instructor on two parts is an overlap). The relaxations count parts
per resource without their start, so they let 1.5 rooms of 30 seat 45 people, and one
part fall on a day only one room is open and the other on another day. M/1's welding
sessions of 36-40 people need both welding shops (30 and 32 places), open together on
Wednesdays only; the time-indexed LP booked them all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scheduler.problem import CSessionRequest, Problem


def fewest_parts(headcount: int, rooms: Sequence[int]) -> int:
    """Parts a ``split`` session of ``headcount`` people needs at least, its parts' resources
    holding ``rooms`` people at most (``capacity + overflow``): the fewest largest rooms that
    hold everyone, or one more than there are rooms when all of them together cannot.

    Why ``parts >= fewest x sessions`` holds in every schedule (M/1's split requests
    counted 450 parts in the LP where these counts need 549): a session's parts use
    different resources, each part's headcount is at most its resource's ``capacity +
    overflow`` (a shareable one holds no more people at a slot whoever else is there)
    and the parts' headcounts sum to the session's. So ``p`` parts hold at most the
    ``p`` largest rooms, and a session held in a bucket has at least ``fewest`` parts
    among the candidates there; a session that no set of candidates can hold is not
    held (the LP's ``parts <= members x sessions`` rows then force it to zero).
    The cover row ``headcount x sessions <= sum(room x parts)`` alone lets a
    fractional part count for its room's share (1.5 parts of 30 for 45 people).
    """
    held = 0
    for count, room in enumerate(sorted(rooms, reverse=True), start=1):
        held += room
        if held >= headcount:
            return count
    return len(rooms) + 1


def held_together(
    problem: Problem, req: CSessionRequest, rs: np.ndarray, free: np.ndarray | None
) -> np.ndarray:
    """``rs`` (bool (candidates, n_slots)) kept at the starts where ``req``'s parts can be
    held at once: the candidates open there hold its headcount and, with ``free`` (int
    (n_slots,): instructors who may teach a part starting there), at least
    :func:`fewest_parts` of them are free.

    Why every session of a schedule starts at a kept slot: its parts start there, each
    in a different candidate open there, so those candidates' rooms hold the headcount
    and number at least ``fewest``; each part with an instructor has its own, free over
    the span. Dropping the other starts keeps every schedule inside the relaxation.
    """
    res = problem.resources
    rooms = [res[k].capacity + res[k].overflow for k in req.resources.tolist()]
    keep = np.zeros(rs.shape[1], dtype=bool)
    open_at, where = np.unique(rs, axis=1, return_inverse=True)
    where = np.asarray(where).reshape(-1)
    for col in range(open_at.shape[1]):
        there = [r for r, o in zip(rooms, open_at[:, col].tolist(), strict=True) if o]
        fewest = fewest_parts(req.headcount, there)
        if fewest <= len(there):
            at = where == col
            keep[at] = True if free is None else free[at] >= fewest
    return np.asarray(rs & keep)
