"""Compiled scans over the term: a session request's start masks, weekly run lengths.

Ruin and recreate asks for a request's start masks every time it books one (about 20 %
of a step on M and L, profiled), and a weekly request's run lengths after that (5 % on
M): in numpy both built a dozen temporaries over the whole term for a few hundred
candidate starts. These loops do the same work compiled (numba, cached beside the
module like :mod:`solver.occupancy.kernels`); ``tests/solver/test_occupancy_masks.py``
holds them to the numpy readings.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def instructor_starts(
    ins: np.ndarray,
    available: np.ndarray,
    busy: np.ndarray,
    load: np.ndarray,
    max_load: np.ndarray,
    spw: int,
    dur: int,
) -> np.ndarray:
    """bool (len(ins), n_slots): instructor ``ins[j]`` is available and free over the
    span from ``t`` and its week's load leaves room for it (False past the end)."""
    n = available.shape[1]
    out = np.zeros((ins.shape[0], n), dtype=np.bool_)
    for j in range(ins.shape[0]):
        i = ins[j]
        for t in range(n - dur + 1):
            if load[i, t // spw] + dur > max_load[i]:
                continue
            ok = True
            for k in range(dur):
                if not available[i, t + k] or busy[i, t + k] != 0:
                    ok = False
                    break
            out[j, t] = ok
    return out


@njit(cache=True)
def session_starts(
    starts: np.ndarray,
    cohorts: np.ndarray,
    cohort_busy: np.ndarray,
    cohort_intern: np.ndarray,
    spw: int,
    dur: int,
    lo: int,
    hi: int,
    instructors: np.ndarray,
    use_instructors: bool,
    cand: np.ndarray,
    resource_starts: np.ndarray,
    room: np.ndarray,
    room_cap: np.ndarray,
    headcount: int,
    split: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(single, free, free_within_capacity, any_start) of
    :class:`~solver.occupancy.records.StartMasks`.

    A start is a base start when the request may start there, its span ends by the
    term's end and by ``hi`` and starts at ``lo`` or later, every cohort is free over it
    (no session, no internship week) and, with ``use_instructors``, a candidate
    instructor is free (``instructors``, from :func:`instructor_starts`). Only base
    starts get resource values: the least room over the span where the resource may
    start the session, else 0.
    """
    n = starts.shape[0]
    n_cand = cand.shape[0]
    free = np.zeros((n_cand, n), dtype=room.dtype)
    free_cap = np.zeros((n_cand, n), dtype=room.dtype)
    single = np.zeros((n_cand, n), dtype=np.bool_)
    any_start = np.zeros(n, dtype=np.bool_)
    for t in range(n - dur + 1):
        if not starts[t] or t < lo or t + dur > hi:
            continue
        ok = True
        for c in cohorts:
            for k in range(dur):
                if cohort_busy[c, t + k] != 0 or cohort_intern[c, (t + k) // spw] != 0:
                    ok = False
                    break
            if not ok:
                break
        if not ok:
            continue
        if use_instructors:
            ok = False
            for j in range(instructors.shape[0]):
                if instructors[j, t]:
                    ok = True
                    break
            if not ok:
                continue
        total = 0
        for j in range(n_cand):
            if resource_starts[j, t]:
                r = cand[j]
                m = room[r, t]
                mc = room_cap[r, t]
                for k in range(1, dur):
                    m = min(m, room[r, t + k])
                    mc = min(mc, room_cap[r, t + k])
                free[j, t] = m
                free_cap[j, t] = mc
                total += m
            if free[j, t] >= headcount:
                single[j, t] = True
                any_start[t] = True
        if split and total >= headcount:
            any_start[t] = True
    return single, free, free_cap, any_start


@njit(cache=True)
def weekly_run_lengths(
    ok: np.ndarray, open_day: np.ndarray, days_per_week: int, spd: int
) -> np.ndarray:
    """int (n_slots,): from each start, how many weeks in a row ``ok`` holds at the same
    day and slot, closed days skipped (a closed day neither counts nor breaks the run)."""
    spw = days_per_week * spd
    n_weeks = ok.shape[0] // spw
    out = np.zeros(ok.shape[0], dtype=np.int64)
    for s in range(spw):
        d = s // spd
        run = 0
        for w in range(n_weeks - 1, -1, -1):
            if open_day[w * days_per_week + d]:
                run = run + 1 if ok[w * spw + s] else 0
            out[w * spw + s] = run
    return out
