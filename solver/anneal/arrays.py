"""A schedule of held sessions as the plain arrays the compiled annealer works on.

:func:`build` turns a compiled problem and a schedule into :class:`Arrays` (static
data: who attends what, admissible starts, fixed placement costs, limits; and state:
each session's start and candidate, occupancy grids, counters); :func:`sessions_of`
turns annealed starts and candidates back into session assignments.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PartAssignment,
    Problem,
    SessionAssignment,
    Solution,
)

NO_LIMIT = 1 << 30


class Arrays(NamedTuple):
    """Static data (``req_*``, ``cand_*``, calendar maps, weights) and state."""

    slots_per_day: int
    w_isolated: int
    w_min_days: int
    w_stability: int
    day_of: np.ndarray  # int (n_slots,)
    week_of: np.ndarray  # int (n_slots,)
    calday_of: np.ndarray  # int (n_slots,): 7 days a week, for min_days_apart
    req_dur: np.ndarray  # int (n_requests,)
    req_min_days: np.ndarray
    req_max_per_week: np.ndarray
    req_min_apart: np.ndarray
    req_coh_off: np.ndarray  # (n_requests + 1,) offsets into req_coh
    req_coh: np.ndarray
    req_cand_off: np.ndarray  # (n_requests + 1,) offsets into the candidate arrays
    req_sess_off: np.ndarray  # (n_requests + 1,) offsets into req_sess
    req_sess: np.ndarray  # session ids grouped by request
    cand_res: np.ndarray  # int (n_cands,): resource of each (request, candidate)
    cand_of: np.ndarray  # int (n_requests, n_resources): candidate index or -1
    allowed: np.ndarray  # bool (n_cands, n_slots): admissible starts
    starts_off: np.ndarray  # (n_cands + 1,) offsets into starts
    starts: np.ndarray  # admissible starts of each candidate, listed
    place_cost: np.ndarray  # int (n_cands, n_slots): preference, travel and overflow cost
    sess_req: np.ndarray  # int (n_sessions,)
    sess_inst: np.ndarray  # int (n_sessions,): instructor or -1
    inst_avail: np.ndarray  # bool (n_instructors, n_slots)
    inst_max: np.ndarray  # int (n_instructors,): slots per week
    start: np.ndarray  # state: int (n_sessions,)
    cand: np.ndarray  # state: int (n_sessions,)
    placed: np.ndarray  # state: bool (n_sessions,)
    res_occ: np.ndarray  # state: int (n_resources, n_slots), session or -1
    coh_occ: np.ndarray  # state: int (n_cohorts, n_slots), session, -1 or -2 (internship)
    inst_occ: np.ndarray  # state: int (n_instructors, n_slots)
    inst_load: np.ndarray  # state: int (n_instructors, n_weeks)
    req_week: np.ndarray  # state: int (n_requests, n_weeks), sessions per week
    req_day: np.ndarray  # state: int (n_requests, n_days), sessions per day
    req_days_used: np.ndarray  # state: int (n_requests,)
    cand_count: np.ndarray  # state: int (n_cands,), sessions per candidate
    req_cands_used: np.ndarray  # state: int (n_requests,)


def place_costs(problem: Problem, req: CSessionRequest) -> np.ndarray:
    """int (n_cand, n_slots): what a session costs by its own placement alone.

    Preference misses, travel minutes from the cohorts' homes and overflow of an
    exclusive resource depend on nothing else, so a move's change in them is read here.
    """
    w = problem.weights
    n = problem.calendar.n_slots
    out = np.zeros((len(req.resources), n), dtype=np.int64)
    for k, res_idx in enumerate(req.resources):
        res = problem.resources[int(res_idx)]
        fixed = int(w["overflow"]) * max(0, req.headcount - res.capacity) * req.duration
        fixed += int(w["travel"]) * int(req.travel_minutes[k])
        if req.prefer_resources is not None and int(res_idx) not in req.prefer_resources:
            fixed += int(w["prefer"]) * req.prefer_weight
        out[k, :] = fixed
        if req.prefer_starts is not None:
            out[k, ~req.prefer_starts] += int(w["prefer"]) * req.prefer_weight
    return out


def build(problem: Problem, solution: Solution) -> tuple[Arrays, np.ndarray, np.ndarray]:
    """The arrays of ``solution``'s sessions over ``problem`` (nothing placed yet), and
    each session's start and candidate in ``solution``, to place with ``kernel.load``."""
    cal = problem.calendar
    n_slots = cal.n_slots
    spd = cal.slots_per_day
    slots = np.arange(n_slots)
    day_of = slots // spd
    week_of = slots // cal.slots_per_week
    calday_of = week_of * 7 + day_of % cal.days_per_week
    n_req = len(problem.requests)
    n_res = len(problem.resources)
    w = problem.weights

    req_dur = np.ones(n_req, dtype=np.int64)
    req_min_days = np.zeros(n_req, dtype=np.int64)
    req_max_per_week = np.full(n_req, NO_LIMIT, dtype=np.int64)
    req_min_apart = np.zeros(n_req, dtype=np.int64)
    coh_off, coh = [0], []
    cand_off = [0]
    cand_res: list[int] = []
    cand_of = np.full((n_req, n_res), -1, dtype=np.int64)
    allowed_rows: list[np.ndarray] = []
    cost_rows: list[np.ndarray] = []
    for r, req in enumerate(problem.requests):
        if isinstance(req, CSessionRequest):
            req_dur[r] = req.duration
            req_min_days[r] = req.min_days
            if req.max_per_week is not None:
                req_max_per_week[r] = req.max_per_week
            req_min_apart[r] = req.min_days_apart
            for k, res_idx in enumerate(req.resources):
                cand_of[r, int(res_idx)] = len(cand_res)
                cand_res.append(int(res_idx))
                allowed_rows.append(req.resource_starts[k])
            cost_rows.append(place_costs(problem, req))
        coh += list(req.cohorts)
        coh_off.append(len(coh))
        cand_off.append(len(cand_res))
    allowed = np.array(allowed_rows, dtype=bool) if allowed_rows else np.zeros((0, n_slots), bool)
    place_cost = np.concatenate(cost_rows) if cost_rows else np.zeros((0, n_slots), dtype=np.int64)
    starts_off = np.zeros(len(cand_res) + 1, dtype=np.int64)
    starts_off[1:] = np.cumsum(allowed.sum(axis=1))
    starts = np.flatnonzero(allowed.reshape(-1)) % n_slots if len(cand_res) else np.zeros(0)

    sessions = sorted(solution.sessions, key=lambda s: (s.request, s.start))
    m = len(sessions)
    sess_req = np.array([s.request for s in sessions], dtype=np.int64)
    sess_inst = np.array(
        [s.parts[0].instructor if s.parts[0].instructor is not None else -1 for s in sessions],
        dtype=np.int64,
    )
    sess_off = np.zeros(n_req + 1, dtype=np.int64)
    np.add.at(sess_off, sess_req + 1, 1)
    sess_off = np.cumsum(sess_off)

    n_inst = len(problem.instructors)
    inst_avail = np.array([t.available for t in problem.instructors], dtype=bool).reshape(
        n_inst, n_slots
    )
    inst_max = np.array(
        [
            NO_LIMIT if t.max_slots_per_week is None else t.max_slots_per_week
            for t in problem.instructors
        ],
        dtype=np.int64,
    )
    coh_occ = np.full((len(problem.cohorts), n_slots), -1, dtype=np.int64)
    slots_per_week = cal.slots_per_week
    for pl in solution.placements:  # internship weeks take every slot of the cohort
        for c in problem.requests[pl.request].cohorts:
            lo = pl.first_week * slots_per_week
            coh_occ[c, lo : lo + pl.weeks * slots_per_week] = -2
    a = Arrays(
        slots_per_day=spd,
        w_isolated=int(w["isolated"]),
        w_min_days=int(w["min_days"]),
        w_stability=int(w["stability"]),
        day_of=day_of.astype(np.int64),
        week_of=week_of.astype(np.int64),
        calday_of=calday_of.astype(np.int64),
        req_dur=req_dur,
        req_min_days=req_min_days,
        req_max_per_week=req_max_per_week,
        req_min_apart=req_min_apart,
        req_coh_off=np.array(coh_off, dtype=np.int64),
        req_coh=np.array(coh, dtype=np.int64),
        req_cand_off=np.array(cand_off, dtype=np.int64),
        req_sess_off=sess_off.astype(np.int64),
        req_sess=np.arange(m, dtype=np.int64),
        cand_res=np.array(cand_res, dtype=np.int64),
        cand_of=cand_of,
        allowed=allowed,
        starts_off=starts_off,
        starts=starts.astype(np.int64),
        place_cost=place_cost,
        sess_req=sess_req,
        sess_inst=sess_inst,
        inst_avail=inst_avail,
        inst_max=inst_max,
        start=np.zeros(m, dtype=np.int64),
        cand=np.zeros(m, dtype=np.int64),
        placed=np.zeros(m, dtype=bool),
        res_occ=np.full((n_res, n_slots), -1, dtype=np.int64),
        coh_occ=coh_occ,
        inst_occ=np.full((n_inst, n_slots), -1, dtype=np.int64),
        inst_load=np.zeros((n_inst, cal.n_weeks), dtype=np.int64),
        req_week=np.zeros((n_req, cal.n_weeks), dtype=np.int64),
        req_day=np.zeros((n_req, cal.n_days), dtype=np.int64),
        req_days_used=np.zeros(n_req, dtype=np.int64),
        cand_count=np.zeros(len(cand_res), dtype=np.int64),
        req_cands_used=np.zeros(n_req, dtype=np.int64),
    )
    start = np.array([s.start for s in sessions], dtype=np.int64)
    cand = np.array([cand_of[s.request, s.parts[0].resource] for s in sessions], dtype=np.int64)
    return a, start, cand


def sessions_of(
    problem: Problem, a: Arrays, start: np.ndarray, cand: np.ndarray
) -> list[SessionAssignment]:
    """Session assignments at ``start`` / ``cand``, numbered by start within a request."""
    out: list[SessionAssignment] = []
    order = sorted(range(len(start)), key=lambda i: (int(a.sess_req[i]), int(start[i])))
    index: dict[int, int] = {}
    for i in order:
        r = int(a.sess_req[i])
        req = problem.requests[r]
        assert isinstance(req, CSessionRequest)
        index[r] = index.get(r, 0) + 1
        inst = int(a.sess_inst[i])
        part = PartAssignment(
            resource=int(a.cand_res[cand[i]]),
            headcount=req.headcount,
            instructor=inst if inst >= 0 else None,
        )
        out.append(SessionAssignment(r, index[r], int(start[i]), (part,)))
    return out
