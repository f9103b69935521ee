"""Compiled updates of the occupancy arrays, one session part or cohort at a time.

Ruin and recreate applies and removes ~100 sessions a step, each touching one to four
slots of a few rows: as numpy slice operations that was a third of its time (M tier,
profiled), nearly all of it call overhead. These loops do the same work compiled
(numba, cached beside the module like :mod:`solver.anneal.kernel`).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def book_part(
    people: np.ndarray,
    parts: np.ndarray,
    room: np.ndarray,
    room_cap: np.ndarray,
    who: np.ndarray,
    limit: np.ndarray,
    capacity: np.ndarray,
    exclusive: np.ndarray,
    r: int,
    a: int,
    b: int,
    heads: int,
    sign: int,
    request: int,
) -> None:
    """Add (``sign`` 1) or remove (-1) a part of ``heads`` people in resource ``r`` over
    slots ``a:b``: people, parts, room left (0 while an exclusive resource is in use;
    else what ``limit`` and ``capacity`` leave) and who holds the slots."""
    for t in range(a, b):
        people[r, t] += sign * heads
        parts[r, t] += sign
        if exclusive[r] and parts[r, t] > 0:
            room[r, t] = 0
            room_cap[r, t] = 0
        else:
            room[r, t] = max(limit[r] - people[r, t], 0)
            room_cap[r, t] = max(capacity[r] - people[r, t], 0)
        if sign > 0:
            who[r, t] = request
        elif who[r, t] == request:
            who[r, t] = -1


@njit(cache=True)
def book_cohort(
    busy: np.ndarray,
    week_sessions: np.ndarray,
    who: np.ndarray,
    c: int,
    a: int,
    b: int,
    week: int,
    sign: int,
    request: int,
) -> None:
    """Add or remove a session of cohort ``c`` over slots ``a:b`` of ``week``."""
    for t in range(a, b):
        busy[c, t] += sign
        if sign > 0:
            who[c, t] = request
        elif who[c, t] == request:
            who[c, t] = -1
    week_sessions[c, week] += sign


@njit(cache=True)
def book_instructor(
    busy: np.ndarray, load: np.ndarray, i: int, a: int, b: int, week: int, sign: int
) -> None:
    """Add or remove instructor ``i``'s slots ``a:b`` and their weekly load."""
    for t in range(a, b):
        busy[i, t] += sign
    load[i, week] += sign * (b - a)


@njit(cache=True)
def add_span(arr: np.ndarray, row: int, a: int, b: int, amount: int) -> None:
    """``arr[row, a:b] += amount``: a one-to-four-slot slice costs numpy more in making
    the view than in adding (the delta score does this for every session re-booked)."""
    for t in range(a, b):
        arr[row, t] += amount


@njit(cache=True)
def instructor_free(
    available: np.ndarray,
    busy: np.ndarray,
    load: np.ndarray,
    max_load: np.ndarray,
    i: int,
    a: int,
    b: int,
    week: int,
) -> bool:
    """Instructor ``i`` is available and not busy over slots ``a:b`` and has ``b - a``
    slots left in ``week``'s load: one call instead of two slices and reductions, for
    every instructor tried at every start ruin and recreate books."""
    if load[i, week] + (b - a) > max_load[i]:
        return False
    for t in range(a, min(b, available.shape[1])):
        if not available[i, t] or busy[i, t] != 0:
            return False
    return True
