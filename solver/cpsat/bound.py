"""An upper bound for terms too large to model whole: an aggregated relaxation.

When the schedule comes from the large-neighbourhood search there is no full model and
so no CP-SAT bound. This module builds a much smaller model that every schedule maps
into, with an objective never below the schedule's, and lets CP-SAT bound it:

- per session request: ``n`` sessions held, ``y[k]`` of them (parts, with split) in
  candidate resource ``k``, ``z[i]`` taught by candidate instructor ``i``;
- per internship: placed or not, by first week (those whose open posts hold it); per
  set of posts and week the interns fit, at most ``m`` at once of more than ``room /
  (m + 1)`` (:mod:`solver.cpsat.posts`); a cohort's internships one a week;
- a ``split`` session's parts: at least the fewest candidates that hold its headcount,
  at starts where that many are open (and free instructors), :mod:`solver.cpsat.split_parts`;
- capacity: for every resource, cohort and instructor and every set ``T`` of slots
  that is the occupancy of one of its requests, the requests that can only be inside
  ``T`` fit in the open slots of ``T`` (the cuts of
  :mod:`solver.cpsat.constraints.cuts`, in counts); a weekly request holds at most one
  session a week, ``max_per_week`` at most that many;
- ``after`` chains: their requests' runs of weeks follow one another
  (:mod:`solver.cpsat.chains`);
- objective: demand and fairness exactly, penalties only where a count fixes them
  (travel minutes and preferred resources per part, overflow of a too small room);
  the rest (order, travel between sessions, patterns' exact days...) is dropped, so
  the optimum can only be higher.

Its linear relaxation, solved by GLOP, is an upper bound of that model's optimum and
therefore a valid bound of the real objective (rounded down by a relative 1e-6 margin
for floating point). It takes seconds even for the L tier, where a CP-SAT solve of the
same model does not finish presolve.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.problem import CInstructor, CInternship, Problem
from solver.cpsat import chains
from solver.cpsat.constraints.cuts import cut_sets, occupancy
from solver.cpsat.params import CpSatParams
from solver.cpsat.posts import post_rows, usable_firsts
from solver.cpsat.split_parts import fewest_parts, held_together

log = logging.getLogger(__name__)

Pairs = list[tuple[int, float]]  # (variable, coefficient)
Row = Sequence[tuple[int, float]]  # a row as read: lists of int coefficients too
Item = tuple[np.ndarray, int, int]  # (occupancy, coefficient, variable)


class GlopBuilder:
    """A thin builder over GLOP: variables by index, rows as (variable, coefficient)."""

    def __init__(self) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.vars: list[pywraplp.Variable] = []
        self.objective = self.solver.Objective()

    def var(self, lb: float, ub: float) -> int:
        """Add a continuous column with bounds ``[lb, ub]``; returns its index."""
        self.vars.append(self.solver.NumVar(lb, ub, ""))
        return len(self.vars) - 1

    def row(self, pairs: Row, lo: float, hi: float) -> None:
        """Add ``lo <= sum(c * x) <= hi``. A variable listed twice has its coefficients summed
        (``SetCoefficient`` alone would keep only the last).
        """
        ct = self.solver.Constraint(lo, hi)
        for v, c in pairs:
            ct.SetCoefficient(self.vars[v], ct.GetCoefficient(self.vars[v]) + c)

    def le(self, pairs: Row, rhs: float) -> None:
        """Add ``sum(c * x) <= rhs`` through :meth:`row` (repeated variables summed)."""
        self.row(pairs, -self.solver.infinity(), rhs)

    def eq(self, pairs: Row, rhs: float) -> None:
        """Add ``sum(c * x) == rhs`` through :meth:`row` (repeated variables summed)."""
        self.row(pairs, rhs, rhs)

    def gain(self, v: int, c: float) -> None:
        """Add ``c`` to column ``v``'s objective coefficient (contributions accumulate)."""
        var = self.vars[v]
        self.objective.SetCoefficient(var, self.objective.GetCoefficient(var) + c)


class _Late(Exception):
    """The relaxation's build ran past its deadline."""


def relaxation_bound(
    problem: Problem, params: CpSatParams, deadline: float | None = None
) -> float | None:
    """A proven upper bound of the objective, or ``None`` if the LP is not solved in time.

    ``deadline`` (a reading of ``params.now``) ends the build too, which is Python and
    took 4.6 s on L (its LP 1.2 s): past it, no bound. The LP gets ``params.time_limit``,
    no more than the time left to the deadline but a second at least."""
    try:
        return _relaxation_bound(problem, params, deadline)
    except _Late:
        log.info("relaxation bound: not built before its deadline")
        return None


def _relaxation_bound(
    problem: Problem, params: CpSatParams, deadline: float | None
) -> float | None:
    def check() -> None:
        """Give up once the deadline has passed."""
        if deadline is not None and params.now() > deadline:
            raise _Late

    lp = GlopBuilder()
    cal = problem.calendar
    w = problem.weights
    per_inst: dict[int, Pairs] = defaultdict(list)
    by_res: dict[int, list[Item]] = defaultdict(list)
    by_coh: dict[int, list[Item]] = defaultdict(list)
    by_teacher: dict[int, list[Item]] = defaultdict(list)
    weeks_of = np.arange(cal.n_slots) // cal.slots_per_week
    runs: dict[int, chains.Run] = {}
    post_items: dict[tuple[frozenset[int], int], list[tuple[int, int]]] = defaultdict(list)
    interned: dict[tuple[int, int], Pairs] = defaultdict(list)  # (cohort, week) -> placements
    for req in problem.requests:
        check()
        if isinstance(req, CInternship):
            if not len(req.posts) or not req.first_weeks.any():
                continue
            firsts = usable_firsts(problem, req)
            if not firsts:
                continue
            placed = lp.var(0, 1)
            lp.gain(placed, w.get("demand", 0) * req.units)
            for i in req.institutions:
                per_inst[i].append((placed, req.units))
            runs[req.index] = chains.internship_run([(placed, 1)], firsts, req.weeks, cal.n_weeks)
            # by first week, for the posts' weekly room and the cohorts' weeks
            by_first = [(f, lp.var(0, 1)) for f in firsts]
            lp.eq([(y, 1) for _, y in by_first] + [(placed, -1)], 0)
            key = frozenset(req.posts.tolist())
            for f, y in by_first:
                for wk in range(f, min(f + req.weeks, cal.n_weeks)):
                    post_items[key, wk].append((y, req.headcount))
                    for c in req.cohorts:
                        interned[c, wk].append((y, 1))
            continue
        rs = req.resource_starts
        if req.split:
            free = None
            if req.needs_instructor:
                teach = [problem.instructors[i].available for i in req.instructors.tolist()]
                free = np.zeros(cal.n_slots, dtype=int)
                for a in teach:
                    free += cal.span_ok(a, req.duration)
            rs = held_together(problem, req, rs, free)
        cands = [k for k in range(len(req.resources)) if rs[k].any()]
        if not cands:
            continue
        union = np.asarray(rs.any(axis=0))
        top = req.n_sessions
        n_weeks = len(np.unique(weeks_of[union]))
        if req.pattern == "weekly":
            top = min(top, n_weeks)
        elif req.max_per_week is not None:
            top = min(top, req.max_per_week * n_weeks)
        d = req.duration
        n = lp.var(0, top)
        weeks = frozenset(np.unique(weeks_of[union]).tolist())
        runs[req.index] = chains.Run([(n, 1)], weeks, top, chains.weekly_rate(req, cal), True)
        lp.gain(n, w.get("demand", 0) * req.units_per_session)
        for i in req.institutions:
            per_inst[i].append((n, req.units_per_session))
        occ = occupancy(union, d)
        for c in req.cohorts:
            by_coh[c].append((occ, d, n))
        ys = {}
        for k in cands:
            res_idx = int(req.resources[k])
            res = problem.resources[res_idx]
            y = lp.var(0, top)
            ys[k] = y
            lp.le([(y, 1), (n, -1)], 0)
            occ_k = occupancy(rs[k], d)
            if res.shareable:
                if not req.split:
                    by_res[res_idx].append((occ_k, d * req.headcount, y))
            else:
                by_res[res_idx].append((occ_k, d, y))
            lp.gain(y, -w.get("travel", 0) * int(req.travel_minutes[k]))
            preferred = req.prefer_resources is None or res_idx in req.prefer_resources
            if not preferred and not req.split:
                lp.gain(y, -w.get("prefer", 0) * req.prefer_weight)
            if not req.split and not res.shareable and req.headcount > res.capacity:
                lp.gain(y, -w.get("overflow", 0) * (req.headcount - res.capacity) * d)
        if req.split:
            held = [problem.resources[int(req.resources[k])] for k in cands]
            lp.le(
                [(n, req.headcount)]
                + [(ys[k], -(r.capacity + r.overflow)) for k, r in zip(cands, held, strict=True)],
                0,
            )
            parts: Pairs = [(ys[k], 1) for k in cands]
            fewest = fewest_parts(req.headcount, [r.capacity + r.overflow for r in held])
            lp.le([(n, fewest)] + [(y, -1) for y, _ in parts], 0)
        else:
            lp.eq([(ys[k], 1) for k in cands] + [(n, -1)], 0)
            parts = [(n, 1)]
        if req.prefer_starts is not None and not (union & req.prefer_starts).any():
            lp.gain(n, -w.get("prefer", 0) * req.prefer_weight)
        if req.needs_instructor:
            zs = []
            for i in req.instructors.tolist():
                ok = cal.span_ok(problem.instructors[i].available, d) & union
                if not ok.any():
                    continue
                z = lp.var(0, top * (len(cands) if req.split else 1))
                zs.append(z)
                by_teacher[i].append((occupancy(ok, d), d, z))
            lp.eq([(z, 1) for z in zs] + [(v, -c) for v, c in parts], 0)
    for k, items in by_res.items():
        check()
        res = problem.resources[k]
        per = res.capacity + res.overflow if res.shareable else 1
        _cuts(lp, items, partial(_energy, per, res.available))
    for c, items in by_coh.items():
        check()
        avail = problem.cohorts[c].available
        _cuts(lp, items, partial(_energy, 1, avail))
    for i, items in by_teacher.items():
        check()
        t = problem.instructors[i]

        def room(mask: np.ndarray, t: CInstructor = t) -> int:
            """Slots instructor ``t`` can teach inside ``mask``: its available slots there, capped
            by ``max_slots_per_week`` times the weeks ``mask`` touches.
            """
            free = int((t.available & mask).sum())
            if t.max_slots_per_week is None:
                return free
            return min(free, t.max_slots_per_week * len(np.unique(weeks_of[mask])))

        _cuts(lp, items, room)
    for row, rhs in post_rows(problem, post_items):
        lp.le(row, rhs)
    for pairs in interned.values():
        if len(pairs) > 1:  # a cohort's two internships never share a week
            lp.le(pairs, 1)
    for row, rhs in chains.chain_rows(problem, runs):
        lp.le(row, rhs)
    if w.get("fairness", 0):
        share = lp.var(0, 1000)
        lp.gain(share, w["fairness"])
        for i, d_i in enumerate(problem.demand_units().tolist()):
            if d_i > 0:
                lp.le([(share, d_i)] + [(v, -1000 * c) for v, c in per_inst.get(i, [])], 0)
    lp.objective.SetMaximization()
    check()
    seconds = params.time_limit
    if deadline is not None:
        seconds = min(seconds, max(1.0, deadline - params.now()))
    lp.solver.SetTimeLimit(int(1000 * params.clock.lp_seconds(seconds)))
    status = lp.solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        params.clock.lp_unsolved()
        log.info("relaxation bound: LP not solved (status %s)", status)
        return None
    value = lp.objective.Value()
    return float(math.floor(value + 1e-6 * abs(value) + 1e-6))


def _energy(per: int, avail: np.ndarray, mask: np.ndarray) -> int:
    """``per`` units for each slot of ``avail`` open inside ``mask``."""
    return per * int((avail & mask).sum())


def _cuts(lp: GlopBuilder, items: list[Item], capacity: Callable[[np.ndarray], int]) -> None:
    for mask, inside in cut_sets(items):
        lp.le([(items[n][2], items[n][1]) for n in inside], capacity(mask))
