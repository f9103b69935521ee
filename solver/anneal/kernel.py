"""The compiled inner loop of :mod:`solver.anneal`: session moves, checked and scored.

Everything here works on the plain arrays of :class:`~solver.anneal.arrays.Arrays`
(numba compiles it once per machine, cached beside the module). A *move* takes one
held session to another (start, candidate resource); when another session occupies
that resource at that start with the same duration, the two swap places. Each move is
checked against every hard rule the annealed terms can break (resource, cohort and
instructor overlap, instructor availability and weekly load, ``max_per_week``,
``min_days_apart``, the candidate's admissible starts) and scored by the change of
the terms it touches: the fixed cost of a session's placement, the isolated sessions
of the cohorts on the two days involved, and each moved request's missing days and
extra resources. The held sessions never change, so fulfilment and fairness stay put.

A *Kempe chain* move (as in Lü and Hao's course timetabling search) trades places
between two starts for a whole chain of sessions: the one drawn, and every session at
either start that shares a cohort or an instructor with one already in the chain. A
move of one session into a busy cohort slot can never keep the rules; the chain's can,
and it opens the search where single moves are stuck. Each member keeps its resource
if that is free at the other start, else takes the candidate that costs least there.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from solver.anneal.arrays import Arrays

FREE = -1  # an empty cell of an occupancy grid


@njit(cache=True)
def _book(a: Arrays, i: int, t: int, k: int, sign: int) -> None:
    """Book (``sign`` 1) or release (-1) session ``i`` at ``t`` in candidate ``k``:
    the occupancy grids and every counter the rules and the costs read."""
    r = a.sess_req[i]
    d = a.req_dur[r]
    who = i if sign > 0 else FREE
    for s in range(t, t + d):
        a.res_occ[a.cand_res[k], s] = who
        for q in range(a.req_coh_off[r], a.req_coh_off[r + 1]):
            a.coh_occ[a.req_coh[q], s] = who
    ins = a.sess_inst[i]
    if ins >= 0:
        for s in range(t, t + d):
            a.inst_occ[ins, s] = who
        a.inst_load[ins, a.week_of[t]] += sign * d
    a.req_week[r, a.week_of[t]] += sign
    day = a.day_of[t]
    before = a.req_day[r, day]
    a.req_day[r, day] += sign
    if (before == 0) != (a.req_day[r, day] == 0):
        a.req_days_used[r] += sign
    before = a.cand_count[k]
    a.cand_count[k] += sign
    if (before == 0) != (a.cand_count[k] == 0):
        a.req_cands_used[r] += sign


@njit(cache=True)
def _place(a: Arrays, i: int, t: int, k: int) -> None:
    a.start[i] = t
    a.cand[i] = k
    a.placed[i] = True
    _book(a, i, t, k, 1)


@njit(cache=True)
def _unplace(a: Arrays, i: int) -> None:
    a.placed[i] = False
    _book(a, i, a.start[i], a.cand[i], -1)


@njit(cache=True)
def _fits(a: Arrays, i: int, t: int, k: int) -> bool:
    """Whether unplaced session ``i`` may start at ``t`` in candidate ``k`` now."""
    r = a.sess_req[i]
    if not a.allowed[k, t]:
        return False
    d = a.req_dur[r]
    res = a.cand_res[k]
    for s in range(t, t + d):
        if a.res_occ[res, s] != FREE:
            return False
        for q in range(a.req_coh_off[r], a.req_coh_off[r + 1]):
            if a.coh_occ[a.req_coh[q], s] != FREE:
                return False
    ins = a.sess_inst[i]
    if ins >= 0:
        for s in range(t, t + d):
            if not a.inst_avail[ins, s] or a.inst_occ[ins, s] != FREE:
                return False
        if a.inst_load[ins, a.week_of[t]] + d > a.inst_max[ins]:
            return False
    if a.req_week[r, a.week_of[t]] + 1 > a.req_max_per_week[r]:
        return False
    apart = a.req_min_apart[r]
    if apart > 0:
        here = a.calday_of[t]
        for q in range(a.req_sess_off[r], a.req_sess_off[r + 1]):
            j = a.req_sess[q]
            if j != i and a.placed[j] and abs(a.calday_of[a.start[j]] - here) < apart:
                return False
    return True


@njit(cache=True)
def _isolated_on(a: Arrays, c: int, day: int) -> int:
    """Sessions of cohort ``c`` on ``day`` with no session of ``c`` right before or after."""
    spd = a.slots_per_day
    first = day * spd
    last = first + spd
    count = 0
    s = first
    while s < last:
        i = a.coh_occ[c, s]
        if i < 0:
            s += 1
            continue
        end = s + a.req_dur[a.sess_req[i]]
        before = s > first and a.coh_occ[c, s - 1] >= 0
        after = end < last and a.coh_occ[c, end] >= 0
        if not before and not after:
            count += 1
        s = end
    return count


@njit(cache=True)
def _isolated_on_days(a: Arrays, c: int, day0: int, day1: int) -> int:
    """:func:`_isolated_on` over one or two days."""
    iso = _isolated_on(a, c, day0)
    if day1 != day0:
        iso += _isolated_on(a, c, day1)
    return iso


@njit(cache=True)
def _has_cohort(a: Arrays, r: int, c: int) -> bool:
    # a loop, not any(...): numba compiles no generator expressions
    for q in range(a.req_coh_off[r], a.req_coh_off[r + 1]):  # noqa: SIM110
        if a.req_coh[q] == c:
            return True
    return False


@njit(cache=True)
def _request_cost(a: Arrays, r: int) -> int:
    cost = 0
    if a.req_days_used[r] > 0:
        cost += a.w_min_days * max(0, a.req_min_days[r] - a.req_days_used[r])
    if a.req_cands_used[r] > 1:
        cost += a.w_stability * (a.req_cands_used[r] - 1)
    return cost


@njit(cache=True)
def _local_cost(a: Arrays, i: int, j: int, day0: int, day1: int) -> int:
    """Cost of the terms sessions ``i`` and ``j`` (-1: none) touch on two days."""
    ri = a.sess_req[i]
    cost = a.place_cost[a.cand[i], a.start[i]] + _request_cost(a, ri)
    rj = -1
    if j >= 0:
        rj = a.sess_req[j]
        cost += a.place_cost[a.cand[j], a.start[j]]
        if rj != ri:
            cost += _request_cost(a, rj)
    if a.w_isolated == 0:
        return cost
    iso = 0
    for q in range(a.req_coh_off[ri], a.req_coh_off[ri + 1]):
        iso += _isolated_on_days(a, a.req_coh[q], day0, day1)
    if rj >= 0 and rj != ri:
        for q in range(a.req_coh_off[rj], a.req_coh_off[rj + 1]):
            c = a.req_coh[q]
            if not _has_cohort(a, ri, c):
                iso += _isolated_on_days(a, c, day0, day1)
    return cost + a.w_isolated * iso


@njit(cache=True, nogil=True)
def total_cost(a: Arrays) -> int:
    """The annealed terms of the whole schedule (weights applied): what moves change."""
    cost = 0
    for i in range(a.sess_req.shape[0]):
        cost += a.place_cost[a.cand[i], a.start[i]]
    for r in range(a.req_min_days.shape[0]):
        cost += _request_cost(a, r)
    if a.w_isolated:
        n_days = a.coh_occ.shape[1] // a.slots_per_day
        for c in range(a.coh_occ.shape[0]):
            for day in range(n_days):
                cost += a.w_isolated * _isolated_on(a, c, day)
    return cost


@njit(cache=True)
def _try(a: Arrays, i: int, t1: int, k1: int, temperature: float) -> tuple[bool, int]:
    """Propose moving ``i`` to (``t1``, ``k1``), swapping with its occupant if any.

    Returns (accepted, cost change). A move that breaks a hard rule is never accepted;
    a worse one is accepted with probability ``exp(-delta / temperature)`` (never at
    temperature 0, which only evaluates).
    """
    t0 = a.start[i]
    k0 = a.cand[i]
    if t0 == t1 and k0 == k1:
        return False, 0
    res1 = a.cand_res[k1]
    j = a.res_occ[res1, t1]
    kj = -1
    kj_old = -1
    if j == i:
        j = -1  # its own slot in that resource: free once it leaves
    if j >= 0:
        rj = a.sess_req[j]
        if a.start[j] != t1 or a.req_dur[rj] != a.req_dur[a.sess_req[i]]:
            return False, 0
        kj = a.cand_of[rj, a.cand_res[k0]]
        kj_old = a.cand[j]
        if kj < 0:
            return False, 0
    day0 = a.day_of[t0]
    day1 = a.day_of[t1]
    _unplace(a, i)
    if j >= 0:
        _unplace(a, j)
    ok = _fits(a, i, t1, k1)
    if ok:
        _place(a, i, t1, k1)
        if j >= 0:
            ok = _fits(a, j, t0, kj)
            if ok:
                _place(a, j, t0, kj)
            else:
                _unplace(a, i)
    if not ok:
        _place(a, i, t0, k0)
        if j >= 0:
            _place(a, j, t1, kj_old)
        return False, 0
    # Most proposals break a rule, so the cost is only read once a move is known to
    # keep every rule: after it, then (put back) before it.
    after = _local_cost(a, i, j, day0, day1)
    _put(a, i, t0, k0, j, t1, kj_old)
    delta = after - _local_cost(a, i, j, day0, day1)
    if delta <= 0 or (temperature > 0 and np.random.random() < math.exp(-delta / temperature)):
        _put(a, i, t1, k1, j, t0, kj)
        return True, delta
    return False, delta


@njit(cache=True)
def _put(a: Arrays, i: int, ti: int, ki: int, j: int, tj: int, kj: int) -> None:
    """Move placed session ``i`` to (``ti``, ``ki``) and, if ``j >= 0``, placed ``j`` to
    (``tj``, ``kj``): both released first, so they may trade places."""
    _unplace(a, i)
    if j >= 0:
        _unplace(a, j)
    _place(a, i, ti, ki)
    if j >= 0:
        _place(a, j, tj, kj)


#: Most sessions a Kempe chain may hold; a longer chain is not tried.
KEMPE_MAX = 32


@njit(cache=True)
def _join(a: Arrays, members: np.ndarray, n: int, y: int, q: int, d: int) -> int:
    """Add ``y`` (found in a slot from ``q`` on) to the chain of ``n`` sessions of
    duration ``d``: the new size, or -1 when ``y`` cannot trade places whole."""
    if y == FREE:
        return n
    if y < 0 or a.start[y] != q or a.req_dur[a.sess_req[y]] != d:
        return -1  # an internship week, or a session overlapping q without starting there
    for m in range(n):
        if members[m] == y:
            return n
    if n == KEMPE_MAX:
        return -1
    members[n] = y
    return n + 1


@njit(cache=True)
def _kempe_chain(a: Arrays, i: int, t2: int, members: np.ndarray) -> int:
    """The Kempe chain of session ``i`` between its start and ``t2``: ``i`` and, again
    and again, every session at one of the two starts that shares a cohort or an
    instructor with a member at the other (resources are chosen again when the chain
    moves, :func:`_try_kempe`). Written into ``members``; returns its size, or -1 when
    the two sides cannot trade places whole."""
    t1 = a.start[i]
    d = a.req_dur[a.sess_req[i]]
    if abs(t2 - t1) < d:
        return -1
    members[0] = i
    n = 1
    head = 0
    while head < n:
        x = members[head]
        head += 1
        rx = a.sess_req[x]
        q = t2 if a.start[x] == t1 else t1
        ins = a.sess_inst[x]
        for s in range(q, q + d):
            for p in range(a.req_coh_off[rx], a.req_coh_off[rx + 1]):
                n = _join(a, members, n, a.coh_occ[a.req_coh[p], s], q, d)
                if n < 0:
                    return -1
            if ins >= 0:
                n = _join(a, members, n, a.inst_occ[ins, s], q, d)
                if n < 0:
                    return -1
    return n


@njit(cache=True)
def _chain_cost(a: Arrays, members: np.ndarray, n: int, day0: int, day1: int) -> int:
    """Cost of the terms the chain's sessions touch: their placements, their requests,
    and their cohorts' isolated sessions on the two days (each counted once)."""
    cost = 0
    iso = 0
    for m in range(n):
        x = members[m]
        rx = a.sess_req[x]
        cost += a.place_cost[a.cand[x], a.start[x]]
        seen = False
        for p in range(m):
            if a.sess_req[members[p]] == rx:
                seen = True
        if seen:
            continue
        cost += _request_cost(a, rx)
        if a.w_isolated == 0:
            continue
        for q in range(a.req_coh_off[rx], a.req_coh_off[rx + 1]):
            c = a.req_coh[q]
            counted = False
            for p in range(m):
                counted = counted or _has_cohort(a, a.sess_req[members[p]], c)
            if not counted:
                iso += _isolated_on_days(a, c, day0, day1)
    return cost + a.w_isolated * iso


@njit(cache=True)
def _try_kempe(
    a: Arrays,
    i: int,
    t2: int,
    temperature: float,
    members: np.ndarray,
    old: np.ndarray,
    old_k: np.ndarray,
) -> tuple[bool, int]:
    """Propose trading the Kempe chain of ``i`` between its start and ``t2`` (each
    member keeps its resource if free there, else takes the cheapest free candidate).
    Returns (accepted, cost change), as :func:`_try`."""
    t1 = a.start[i]
    if t1 == t2:
        return False, 0
    n = _kempe_chain(a, i, t2, members)
    if n <= 0:
        return False, 0
    day0 = a.day_of[t1]
    day1 = a.day_of[t2]
    before = _chain_cost(a, members, n, day0, day1)
    for m in range(n):
        old[m] = a.start[members[m]]
        old_k[m] = a.cand[members[m]]
        _unplace(a, members[m])
    placed = 0
    for m in range(n):
        x = members[m]
        to = t2 if old[m] == t1 else t1
        k = _room_at(a, x, to)
        if k < 0:
            break
        _place(a, x, to, k)
        placed += 1
    delta = 0
    if placed == n:
        delta = _chain_cost(a, members, n, day0, day1) - before
        if delta <= 0 or (temperature > 0 and np.random.random() < math.exp(-delta / temperature)):
            return True, delta
    for m in range(placed):
        _unplace(a, members[m])
    for m in range(n):
        _place(a, members[m], old[m], old_k[m])
    return False, delta


@njit(cache=True)
def _room_at(a: Arrays, x: int, t: int) -> int:
    """The candidate unplaced session ``x`` takes at ``t``: its own if it fits, else the
    fitting one that costs least there; -1 if none fits."""
    if _fits(a, x, t, a.cand[x]):
        return a.cand[x]
    r = a.sess_req[x]
    best = -1
    for k in range(a.req_cand_off[r], a.req_cand_off[r + 1]):
        cheaper = best < 0 or a.place_cost[k, t] < a.place_cost[best, t]
        if k != a.cand[x] and cheaper and _fits(a, x, t, k):
            best = k
    return best


@njit(cache=True)
def _propose(a: Arrays, same_resource: float) -> tuple[int, int, int]:
    """A random session and a random admissible (start, candidate) for it."""
    i = np.random.randint(a.sess_req.shape[0])
    r = a.sess_req[i]
    if np.random.random() < same_resource:
        k = a.cand[i]
    else:
        k = a.req_cand_off[r] + np.random.randint(a.req_cand_off[r + 1] - a.req_cand_off[r])
    lo = a.starts_off[k]
    n = a.starts_off[k + 1] - lo
    if n == 0:
        return i, -1, k
    return i, a.starts[lo + np.random.randint(n)], k


@njit(cache=True)
def seed_rng(seed: int) -> None:
    """Seed the compiled code's own generator (numba keeps one apart from NumPy's)."""
    np.random.seed(seed)


@njit(cache=True, nogil=True)
def sample_worsening(a: Arrays, n: int, same_resource: float) -> np.ndarray:
    """Cost increases of ``n`` random feasible moves, each evaluated and undone."""
    out = np.zeros(n, dtype=np.int64)
    m = 0
    for _ in range(20 * n):
        if m == n:
            break
        i, t, k = _propose(a, same_resource)
        if t < 0:
            continue
        accepted, delta = _try(a, i, t, k, 0.0)
        if accepted:  # an improving move: keep it, it costs nothing to know
            continue
        if delta > 0:
            out[m] = delta
            m += 1
    return out[:m]


@njit(cache=True, nogil=True)
def anneal(
    a: Arrays,
    iterations: int,
    t_from: float,
    t_to: float,
    cost: int,
    best_cost: int,
    best_start: np.ndarray,
    best_cand: np.ndarray,
    same_resource: float,
    kempe: float = 0.0,
) -> tuple[int, int, int]:
    """``iterations`` moves, the temperature falling geometrically from ``t_from`` to
    ``t_to``; the best schedule seen is copied into ``best_start`` / ``best_cand``.
    A share ``kempe`` of the moves trade a session's Kempe chain between its start and
    another (:func:`_try_kempe`); the rest move or swap one session (:func:`_try`).

    Returns (current cost, best cost, accepted moves).
    """
    accepted_moves = 0
    ratio = t_to / t_from if t_from > 0 else 1.0
    members = np.empty(KEMPE_MAX, dtype=np.int64)
    old = np.empty(KEMPE_MAX, dtype=np.int64)
    old_k = np.empty(KEMPE_MAX, dtype=np.int64)
    for it in range(iterations):
        temperature = t_from * ratio ** (it / iterations)
        chain = kempe > 0 and np.random.random() < kempe
        # a chain keeps its resources where it can, so only a start is drawn for it
        i, t, k = _propose(a, 1.0 if chain else same_resource)
        if t < 0:
            continue
        if chain:
            accepted, delta = _try_kempe(a, i, t, temperature, members, old, old_k)
        else:
            accepted, delta = _try(a, i, t, k, temperature)
        if not accepted:
            continue
        accepted_moves += 1
        cost += delta
        if cost < best_cost:
            best_cost = cost
            best_start[:] = a.start
            best_cand[:] = a.cand
    return cost, best_cost, accepted_moves


@njit(cache=True, nogil=True)
def load(a: Arrays, start: np.ndarray, cand: np.ndarray) -> bool:
    """Place every session at ``start`` / ``cand``; False if one breaks a rule here."""
    for i in range(start.shape[0]):
        if cand[i] < 0 or not _fits(a, i, start[i], cand[i]):
            return False
        _place(a, i, start[i], cand[i])
    return True
