"""A time-indexed upper bound: which days (or weeks) each request can really use.

:mod:`solver.cpsat.bound` counts, per resource, only the requests whose *whole* window
lies inside a set of slots; two requests whose windows merely overlap never compete
there, so on the generated tiers its bound stays 12-20 % above the best schedules.
This relaxation places every request's sessions in time *buckets* (days, or weeks when
days make the LP too large) and enforces capacity per bucket:

- ``w[r, c, b]``: sessions (parts, with ``split``) of request ``r`` in resource class
  ``c`` starting in bucket ``b``, one variable for all identical sessions; ``b`` ranges
  over the buckets where some start of ``resource_starts`` lies (restricted to starts
  where a candidate instructor is available over the span, when one is needed);
- a resource class is one resource, or (on large terms) the resources that are
  candidates of exactly the same requests, with their capacities summed;
- per (class, bucket) and every slot set ``T`` that is the in-bucket occupancy of one
  of its requests (and their union): the parts that can only occupy slots of ``T``
  fit in the open slots of ``T`` (exclusive: ``duration`` per part; shareable:
  ``duration x headcount`` people-slots against ``capacity + overflow``);
- the same per (cohort, bucket) with the cohort's available slots, and per
  (instructor set, week) for the requests whose usable instructors all lie in the set,
  with each instructor's available slots capped by ``max_slots_per_week``;
- per week at most one session of a ``weekly`` request and ``max_per_week`` of a free
  one; at most one a day for ``block`` and ``min_days_apart >= 1``; a ``weekly`` or
  ``block`` request at most the longest run its starts allow;
- a ``split`` session's parts at least the fewest of its candidates whose rooms hold
  its headcount (:func:`fewest_parts`), its starts only where that many are open and,
  with instructors, as many are free (:meth:`_Build.together`);
- internships placed or not by first week, the interns on a set of posts within its
  room each week, at most ``m`` at once of more than ``room / (m + 1)`` interns
  (:mod:`solver.cpsat.posts`);
- along every ``after`` chain, the requests' runs of weeks follow one another, sharing
  at most a boundary week per link (:mod:`solver.cpsat.chains`);
- objective: demand and fairness exactly; travel, preferred resources and overflow per
  part at the least any member of the class would cost, preferred windows only in
  buckets with no preferred start; other penalties dropped.

Why it is a bound: map any valid schedule by counting, for each request, class and
bucket, its sessions (parts) that start there. A session stays within one day, so it
occupies slots only in its own bucket, all inside the request's occupancy mask there;
the hard rules then give every row above (two parts never share an exclusive resource
slot, people never exceed ``capacity + overflow``, a cohort and an instructor are in
one place at a time, the weekly rules, the order of ``after``). Demand and fairness
are the schedule's; every penalty kept is at most what the schedule pays and all
dropped ones are non-negative. So the mapped point is feasible with an objective at
least the schedule's, and the LP optimum (solved by GLOP, rounded down after a relative
1e-6 margin for floating point) is a proven upper bound.
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial

import numpy as np
from ortools.linear_solver import linear_solver_pb2 as pb
from ortools.linear_solver import pywraplp

from scheduler.problem import CSessionRequest, Problem
from solver.cpsat import chains
from solver.cpsat.constraints.cuts import as_bits, occupancy
from solver.cpsat.params import CpSatParams
from solver.cpsat.posts import post_rows, usable_firsts
from solver.cpsat.split_parts import fewest_parts, held_together

log = logging.getLogger(__name__)

#: Above this many ``w`` columns a finer layout is skipped for the next coarser one
#: (weekly patterns by slot -> by day, days -> weeks, resources -> classes). GLOP
#: does not solve the M tier by days (~100k columns) in 100 s; by weeks (~42k) in 4 s.
MAX_COLUMNS = 60_000

Pairs = list[tuple[int, float]]  # (variable, coefficient)
Row = Sequence[tuple[int, float]]  # a row as read: lists of int coefficients too
#: (occupancy bits within the bucket, duration, weight per slot, expression)
Item = tuple[int, int, int, Pairs]


class _Lp:
    """Columns and rows collected in lists, handed to GLOP as one proto."""

    def __init__(self) -> None:
        self.ub: list[float] = []
        self.gain: list[float] = []
        #: whether a schedule maps to a whole number there (counts, choices)
        self.integer: list[bool] = []
        self.rows: list[tuple[float, Row]] = []
        self.values: list[float] = []  # the solution, once solved

    def var(self, ub: float, gain: float = 0.0, integer: bool = True) -> int:
        """Add a column in ``[0, ub]`` with objective ``gain``; ``integer`` marks it whole in every
        schedule (used only by :meth:`request` with ``integer=True``). Returns its index.
        """
        self.ub.append(float(ub))
        self.gain.append(float(gain))
        self.integer.append(integer)
        return len(self.ub) - 1

    def le(self, pairs: Row, rhs: float) -> None:
        """Add ``sum(c * x) <= rhs``; a variable listed twice is summed when the proto is built."""
        self.rows.append((float(rhs), pairs))

    def top(self, pairs: Pairs) -> float:
        """Value of ``pairs`` with every column at its upper bound: the most it can reach with
        non-negative coefficients, so a row whose top fits its right-hand side is left out.
        """
        return sum(c * self.ub[v] for v, c in pairs)

    def request(self, seconds: float, integer: bool = False) -> pb.MPModelRequest:
        """The model as a GLOP request, or with ``integer`` a CP-SAT one over whole numbers."""
        req = pb.MPModelRequest()
        req.solver_type = (
            pb.MPModelRequest.SAT_INTEGER_PROGRAMMING
            if integer
            else pb.MPModelRequest.GLOP_LINEAR_PROGRAMMING
        )
        req.solver_time_limit_seconds = max(0.1, seconds)
        model = req.model
        model.maximize = True
        for ub, gain, whole in zip(self.ub, self.gain, self.integer, strict=True):
            v = model.variable.add()
            v.lower_bound, v.upper_bound, v.objective_coefficient = 0.0, ub, gain
            v.is_integer = integer and whole
        for rhs, pairs in self.rows:
            ct = model.constraint.add()
            ct.lower_bound, ct.upper_bound = -math.inf, rhs
            merged: dict[int, float] = defaultdict(float)
            for v, c in pairs:
                merged[v] += c
            ct.var_index.extend(merged.keys())
            ct.coefficient.extend(merged.values())
        return req

    def solve(self, seconds: float) -> float | None:
        """Solve the LP with GLOP within ``seconds``: its optimum (not yet rounded down), or
        ``None`` when not proven optimal. Keeps the column values for the resource hint.
        """
        resp = pb.MPSolutionResponse()
        pywraplp.Solver.SolveWithProto(self.request(seconds), resp)
        if resp.status != pb.MPSOLVER_OPTIMAL:
            log.info("indexed bound: LP not solved (status %s)", resp.status)
            return None
        self.values = list(resp.variable_value)
        return resp.objective_value


@dataclass(frozen=True, slots=True)
class IndexedRelaxation:
    """The LP's proven bound and its hint: per request position, the resource positions
    the LP books it in, most sessions first (requests it leaves out are absent).

    The search tries those resources first, so requests spread over resources as the
    relaxation spreads them, week by week, instead of crowding the first candidates
    (M/1, 60 s of ruin and recreate from greedy, seeds 1-4: +0.5 % on average and
    better on every seed; the aggregated relaxation's, which has no weeks, +0.15 %).
    """

    bound: float
    resource_order: dict[int, tuple[int, ...]] = field(default_factory=dict)


def indexed_bound(problem: Problem, params: CpSatParams) -> float | None:
    """A proven upper bound of the objective, or ``None`` when the LP is not solved in time."""
    found = indexed_relaxation(problem, params)
    return None if found is None else found.bound


def indexed_relaxation(
    problem: Problem, params: CpSatParams, deadline: float | None = None
) -> IndexedRelaxation | None:
    """:func:`indexed_bound` with the LP's resource hint; ``None`` too when the build
    runs past ``deadline`` (a reading of ``params.now``), which also caps the LP (a
    second at least)."""
    t0 = time.perf_counter()
    layout = _layout(problem)
    if layout is None:
        return None
    merge, days, weekly_slots = layout
    build = _Build(problem, merge, days, weekly_slots)
    lp = build.run(None if deadline is None else lambda: params.now() > deadline)
    if lp is None:
        log.info("indexed bound: not built before its deadline")
        return None
    built = time.perf_counter() - t0
    log.info(
        "indexed bound: %d columns, %d rows (%s, %d-day buckets, weekly by %s) built in %.1f s",
        len(lp.ub),
        len(lp.rows),
        "classes" if merge else "resources",
        days,
        "slot" if weekly_slots else "day",
        built,
    )
    seconds = params.time_limit - built
    if deadline is not None:
        seconds = min(seconds, max(1.0, deadline - params.now()))
    value = lp.solve(params.clock.lp_seconds(seconds))
    if value is None:
        params.clock.lp_unsolved()
        return None
    return IndexedRelaxation(_floored(value), build.resource_order())


def _floored(value: float) -> float:
    """A solver's bound as a whole objective, after a relative 1e-6 margin for floats."""
    return float(math.floor(value + 1e-6 * abs(value) + 1e-6))


@dataclass(frozen=True, slots=True)
class WholeNumbers:
    """The relaxation with its counts and choices whole (:func:`in_whole_numbers`).

    ``point`` is the best whole-number solution CP-SAT found: no bound from this
    relaxation, however it is solved, can be below it. ``bound`` is what CP-SAT proved,
    a bound of the term too: below the LP's ``lp`` once its search has gone far enough,
    above it when cut short (CP-SAT's own relaxation is weaker than GLOP's optimum).
    """

    lp: float | None
    point: float | None
    bound: float | None
    optimal: bool
    columns: int
    rows: int


def in_whole_numbers(problem: Problem, seconds: float, workers: int = 1) -> WholeNumbers | None:
    """The relaxation solved by GLOP and then over whole numbers by CP-SAT in ``seconds``.

    A schedule maps to whole numbers (sessions per class and bucket, a weekly run's one
    pattern position, an internship's one first week), so the whole-number optimum is a
    bound too; how far it lies below the LP's measures what integrality can still give
    (``benchmarks/bound_integrality.py``). ``None`` when no layout fits.
    """
    layout = _layout(problem)
    if layout is None:
        return None
    lp = _Build(problem, *layout).run()
    assert lp is not None  # built whole: no deadline
    value = lp.solve(seconds)
    req = lp.request(seconds, integer=True)
    req.solver_specific_parameters = f"num_workers:{max(1, workers)},random_seed:1"
    resp = pb.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(req, resp)
    found = resp.status in (pb.MPSOLVER_OPTIMAL, pb.MPSOLVER_FEASIBLE)
    return WholeNumbers(
        lp=None if value is None else _floored(value),
        point=float(resp.objective_value) if found else None,
        bound=_floored(resp.best_objective_bound) if found else None,
        optimal=resp.status == pb.MPSOLVER_OPTIMAL,
        columns=len(lp.ub),
        rows=len(lp.rows),
    )


# --------------------------------------------------------------------------- layout


def _classes(problem: Problem, merge: bool) -> list[int]:
    """Class of each resource: itself, or one per (shareable, requests it serves)."""
    if not merge:
        return list(range(len(problem.resources)))
    serves: dict[int, list[int]] = defaultdict(list)
    for r, req in enumerate(problem.requests):
        if isinstance(req, CSessionRequest):
            for k in req.resources.tolist():
                serves[k].append(r)
    keys: dict[tuple, int] = {}
    return [
        keys.setdefault((res.shareable, tuple(serves.get(k, ()))), len(keys))
        for k, res in enumerate(problem.resources)
    ]


def _columns(problem: Problem, merge: bool, days: int, weekly_slots: bool) -> int:
    cal = problem.calendar
    cls = _classes(problem, merge)
    total = 0
    for req in problem.session_requests:
        if not len(req.resources):
            continue
        width = 1 if weekly_slots and req.pattern == "weekly" else days * cal.slots_per_day
        used = np.asarray(req.resource_starts.reshape(len(req.resources), -1, width).any(axis=2))
        per: dict[int, np.ndarray] = {}
        for k, res in enumerate(req.resources.tolist()):
            c = cls[res]
            per[c] = used[k] | per[c] if c in per else used[k]
        total += sum(int(m.sum()) for m in per.values())
    return total


def _layout(problem: Problem) -> tuple[bool, int, bool] | None:
    """The finest (merge, bucket days, weekly by slot) whose columns fit :data:`MAX_COLUMNS`."""
    week = problem.calendar.days_per_week
    for layout in ((False, 1, True), (False, 1, False), (False, week, False), (True, week, False)):
        n = _columns(problem, *layout)
        if n <= MAX_COLUMNS:
            return layout
        log.info("indexed bound: %d columns with (merge, days, weekly by slot) %s", n, layout)
    return None


# --------------------------------------------------------------------------- model


def _fit_all(avail: Sequence[int], per_day: int, bits: int, quantum: int, lanes: int = 1) -> int:
    """:func:`_fit` summed over the open slots ``avail`` of a class's resources, within
    ``bits``, times ``lanes`` (parts that may stand side by side)."""
    return lanes * sum(_fit(a & bits, quantum, per_day) for a in avail)


@lru_cache(maxsize=65536)
def _fit(bits: int, quantum: int, per_day: int) -> int:
    """How many blocks of ``quantum`` consecutive slots fit, day by day, in ``bits``.

    ``k`` disjoint sessions inside the slots of ``bits`` hold at most this many sum of
    ``duration // quantum`` (a run of ``L`` slots takes ``floor(L / quantum)``): for two
    slot sessions in a five-slot day, 2 rather than the 2.5 the slot count allows.
    """
    if quantum == 1:
        return bits.bit_count()
    total, run = 0, 0
    pos = 0
    while bits:
        if bits & 1:
            run += 1
        else:
            total, run = total + run // quantum, 0
        bits >>= 1
        pos += 1
        if pos % per_day == 0:
            total, run = total + run // quantum, 0
    return total + run // quantum


class _Build:
    """State of one relaxation: the LP and the items each capacity row will sum."""

    def __init__(self, problem: Problem, merge: bool, days: int, weekly_slots: bool) -> None:
        cal = problem.calendar
        self.weekly_slots = weekly_slots
        self.problem = problem
        self.lp = _Lp()
        self.w = problem.weights
        self.spd = cal.slots_per_day
        self.width = days * cal.slots_per_day
        self.n_buckets = cal.n_slots // self.width
        self.per_week = cal.days_per_week // days  # buckets per week
        self.cls = _classes(problem, merge)
        self.per_inst: dict[int, Pairs] = defaultdict(list)
        self.res_items: dict[tuple[int, int], list[Item]] = defaultdict(list)
        self.coh_items: dict[tuple[int, int], list[Item]] = defaultdict(list)
        self.teach_items: dict[tuple[frozenset[int], int], list[Item]] = defaultdict(list)
        #: (cohort, week) -> slots its sessions take that week (internships block it)
        self.coh_week: dict[tuple[int, int], Pairs] = defaultdict(list)
        self.runs: dict[int, chains.Run] = {}  # request position -> its run, for chains
        #: request position -> (column, its resources' positions), for the hint
        self.in_class: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        self._span: dict[tuple[int, int], np.ndarray] = {}

    def span_ok(self, i: int, d: int) -> np.ndarray:
        """Starts from which instructor ``i`` is available for ``d`` slots, cached per (instructor,
        duration) since many requests share them.
        """
        if (i, d) not in self._span:
            cal = self.problem.calendar
            self._span[i, d] = cal.span_ok(self.problem.instructors[i].available, d)
        return self._span[i, d]

    def run(self, late: Callable[[], bool] | None = None) -> _Lp | None:
        """Build the whole LP: session request columns, internships, capacity, ``after`` chain and
        fairness rows; ``None`` once ``late`` says so (asked between requests).
        """
        for req in self.problem.requests:
            if late is not None and late():
                return None
            if isinstance(req, CSessionRequest):
                self.session_request(req)
        if late is not None and late():
            return None
        self.internships()
        self.capacity_rows()
        self.chain_rows()
        self.fairness()
        return self.lp

    # ---------------------------------------------------------------- requests

    def session_request(self, req: CSessionRequest) -> None:
        """Columns of one session request, its starts restricted to those some usable instructor can
        teach. A request no instructor can teach, or with no start left, gets none (it adds nothing
        to the bound).
        """
        d = req.duration
        rs = req.resource_starts
        teachers: frozenset[int] = frozenset()
        if req.needs_instructor:
            any_start = rs.any(axis=0)
            usable = [i for i in req.instructors.tolist() if (self.span_ok(i, d) & any_start).any()]
            if not usable:
                return
            rs = rs & np.logical_or.reduce([self.span_ok(i, d) for i in usable])
            teachers = frozenset(usable)
        if req.split:
            rs = self.together(req, rs, teachers)
        by_class: dict[int, list[int]] = defaultdict(list)
        for k, res in enumerate(req.resources.tolist()):
            if rs[k].any():
                by_class[self.cls[res]].append(k)
        if by_class:
            self.columns(req, rs, by_class, teachers)

    def together(
        self, req: CSessionRequest, rs: np.ndarray, teachers: frozenset[int]
    ) -> np.ndarray:
        """A ``split`` request's starts where its parts can be held at once, counting its
        usable instructors (:func:`solver.cpsat.split_parts.held_together`). Buckets of a
        week otherwise let one part fall on a day only one room is open and the other on
        another day.
        """
        if req.needs_instructor:
            free = np.sum([self.span_ok(i, req.duration) for i in sorted(teachers)], axis=0)
        else:
            free = None
        return held_together(self.problem, req, rs, free)

    def caps(self, req: CSessionRequest, union: np.ndarray) -> tuple[int, int, bool]:
        """(sessions at most, sessions per week at most, at most one a day)."""
        cal = self.problem.calendar
        weeks = int(union.reshape(cal.n_weeks, -1).any(axis=1).sum())
        one_a_day = req.pattern in ("weekly", "block") or req.min_days_apart >= 1
        week_cap = chains.weekly_rate(req, cal)
        most = min(req.n_sessions, week_cap * weeks)
        # a weekly or block request holds one run: no more sessions than the longest
        # run its starts allow (the buckets alone would let it pick any weeks or days)
        if req.pattern == "weekly":
            most = min(most, cal.longest_weekly_run(union))
        elif req.pattern == "block":
            most = min(most, cal.longest_block_run(union))
        return most, week_cap, one_a_day

    def class_terms(
        self, req: CSessionRequest, rs: np.ndarray, ks: list[int]
    ) -> tuple[np.ndarray, float, int, int, bool]:
        """Starts of a class, the least penalty of a part there, members, room, shareable."""
        w = self.w
        res = [self.problem.resources[int(req.resources[k])] for k in ks]
        cost = w.get("travel", 0) * min(int(req.travel_minutes[k]) for k in ks)
        if not req.split:
            pref = req.prefer_resources
            if pref is not None and not any(int(req.resources[k]) in pref for k in ks):
                cost += w.get("prefer", 0) * req.prefer_weight
            if not any(x.shareable for x in res):
                over = min(max(0, req.headcount - x.capacity) for x in res)
                cost += w.get("overflow", 0) * over * req.duration
        room = max(x.capacity + x.overflow for x in res)
        return np.asarray(rs[ks].any(axis=0)), cost, len(ks), room, res[0].shareable

    def columns(
        self,
        req: CSessionRequest,
        rs: np.ndarray,
        by_class: dict[int, list[int]],
        teachers: frozenset[int],
    ) -> None:
        """Columns and per-request rows of one session request; its capacity items."""
        lp, w, d, width, nb = self.lp, self.w, req.duration, self.width, self.n_buckets
        union = np.asarray(rs.any(axis=0))
        top, week_cap, one_a_day = self.caps(req, union)
        if top <= 0:
            return
        ups = req.units_per_session
        days_used = union.reshape(nb, -1, self.spd).any(axis=2).sum(axis=1)
        occ_union = occupancy(union, d).reshape(nb, width)
        prefer = w.get("prefer", 0) * req.prefer_weight
        missed = np.zeros(nb, dtype=bool)
        if req.prefer_starts is not None and prefer:
            missed = ~np.asarray((union & req.prefer_starts).reshape(nb, width).any(axis=1))
        data = {}
        members = {c: tuple(int(req.resources[k]) for k in ks) for c, ks in by_class.items()}
        resources = self.problem.resources
        rooms = {
            c: [resources[k].capacity + resources[k].overflow for k in m]
            for c, m in members.items()
        }
        for c, ks in by_class.items():
            starts, cost, many, room, shareable = self.class_terms(req, rs, ks)
            occ = occupancy(starts, d).reshape(nb, width)
            data[c] = (starts, occ, cost, many, room, shareable)
        weekly = req.pattern == "weekly"
        if weekly and self.weekly_slots:  # a cell per start: (day, slot) is chosen once
            cells = [(t // width, t) for t in np.flatnonzero(union).tolist()]
        else:
            cells = [(b, -1) for b in range(nb) if occ_union[b].any()]
        position: dict[int, int] = {}
        everything: Pairs = []
        by_week: dict[int, Pairs] = defaultdict(list)
        for b, t in cells:
            offset = t - b * width
            if t >= 0:
                classes = [c for c, x in data.items() if x[0][t]]
                cap = 1
                occ_b = ((1 << d) - 1) << offset
                miss = prefer if req.prefer_starts is not None and not req.prefer_starts[t] else 0
            else:
                classes = [c for c, x in data.items() if x[1][b].any()]
                cap = min(top, week_cap, int(days_used[b]) if one_a_day else top)
                occ_b = as_bits(occ_union[b])
                miss = prefer if missed[b] else 0
            if not classes:
                continue
            gain = w.get("demand", 0) * ups - miss
            parts: Pairs = []
            if req.split:
                n_b = lp.var(cap, gain)
                sessions: Pairs = [(n_b, 1)]
                cover: Pairs = [(n_b, req.headcount)]
                fewest = fewest_parts(req.headcount, [r for c in classes for r in rooms[c]])
                for c in classes:
                    _, occ, cost, many, room, shareable = data[c]
                    y = lp.var(cap * many, -cost)
                    self.in_class[req.index].append((y, members[c]))
                    parts.append((y, 1))
                    cover.append((y, -room))
                    lp.le([(y, 1), (n_b, -many)], 0)
                    if not shareable:
                        bits = occ_b if t >= 0 else as_bits(occ[b])
                        self.res_items[c, b].append((bits, d, 1, [(y, 1)]))
                lp.le([(n_b, fewest)] + [(y, -1) for y, _ in parts], 0)
                lp.le(cover, 0)
            else:
                for c in classes:
                    _, occ, cost, _, _, shareable = data[c]
                    y = lp.var(cap, gain - cost)
                    self.in_class[req.index].append((y, members[c]))
                    parts.append((y, 1))
                    per = req.headcount if shareable else 1
                    bits = occ_b if t >= 0 else as_bits(occ[b])
                    self.res_items[c, b].append((bits, d, per, [(y, 1)]))
                sessions = parts
                if len(parts) > 1 and t < 0:
                    lp.le(parts, cap)
            if weekly and (t >= 0 or self.per_week > 1):
                # the pattern's (day, slot), or its day with day buckets
                pos = t % self.problem.calendar.slots_per_week if t >= 0 else b % self.per_week
                if pos not in position:
                    position[pos] = lp.var(1)
                lp.le(sessions + [(position[pos], -1)], 0)
            everything += sessions
            wk = b // self.per_week
            by_week[wk] += sessions
            for i in req.institutions:
                self.per_inst[i] += [(v, ups * x) for v, x in sessions]
            for co in req.cohorts:
                self.coh_items[co, b].append((occ_b, d, 1, sessions))
                self.coh_week[co, wk] += [(v, d * x) for v, x in sessions]
            if teachers:
                shift = (b - wk * self.per_week) * width
                self.teach_items[teachers, wk].append((occ_b << shift, d, 1, parts))
        if position and len(position) > 1:
            lp.le([(z, 1) for z in position.values()], 1)
        elif self.per_week > 1:
            for pairs in by_week.values():
                if lp.top(pairs) > week_cap:
                    lp.le(pairs, week_cap)
        if lp.top(everything) > top:
            lp.le(everything, top)
        self.runs[req.index] = chains.Run(everything, frozenset(by_week), top, week_cap, True)

    def resource_order(self) -> dict[int, tuple[int, ...]]:
        """Per request, the resources of the classes its solved columns use, the class
        holding most sessions first (ties: the class first met), members in request order."""
        x = self.lp.values
        out: dict[int, tuple[int, ...]] = {}
        for r, cols in self.in_class.items():
            held: dict[tuple[int, ...], float] = defaultdict(float)
            for v, members in cols:
                held[members] += x[v]
            ranked = sorted(
                (m for m, amount in held.items() if amount > 1e-6), key=lambda m: -held[m]
            )
            if ranked:
                out[r] = tuple(dict.fromkeys(k for m in ranked for k in m))
        return out

    def internships(self) -> None:
        """Placed or not, by first week; posts' weekly room and cohorts' weeks shared.

        Per set of posts and week, the interns of the internships whose posts all lie in
        the set fit in the set's ``capacity + overflow``; a cohort holds one internship
        a week and no session in a week it is interned.

        The posts' rows, knapsack covers included, are :func:`solver.cpsat.posts.post_rows`.
        """
        problem, lp = self.problem, self.lp
        cal = problem.calendar
        demand = self.w.get("demand", 0)
        cohort_cover: dict[tuple[int, int], Pairs] = defaultdict(list)
        post_items: dict[tuple[frozenset[int], int], list[tuple[int, int]]] = defaultdict(list)
        for req in problem.internships:
            firsts = [(f, lp.var(1, demand * req.units)) for f in usable_firsts(problem, req)]
            if not firsts:
                continue
            placed: Pairs = [(y, 1) for _, y in firsts]
            lp.le(placed, 1)
            for i in req.institutions:
                self.per_inst[i] += [(y, req.units) for y, _ in placed]
            key = frozenset(req.posts.tolist())
            starts = [f for f, _ in firsts]
            self.runs[req.index] = chains.internship_run(placed, starts, req.weeks, cal.n_weeks)
            for f, y in firsts:
                for wk in range(f, min(f + req.weeks, cal.n_weeks)):
                    post_items[key, wk].append((y, req.headcount))
                    for co in req.cohorts:
                        cohort_cover[co, wk].append((y, 1))
        for row, rhs in post_rows(problem, post_items):
            lp.le(row, rhs)
        spw = cal.slots_per_week
        for (co, wk), cover in cohort_cover.items():
            if len(cover) > 1:
                lp.le(cover, 1)
            free = int(problem.cohorts[co].available[wk * spw : (wk + 1) * spw].sum())
            taught = self.coh_week.get((co, wk))
            if taught:
                lp.le(taught + [(y, free * x) for y, x in cover], free)

    # ---------------------------------------------------------------- capacity

    def capacity_rows(self) -> None:
        """Capacity rows per (resource class, bucket) and per (cohort, bucket), then the
        instructors' (:meth:`instructor_rows`).
        """
        problem, spd, width = self.problem, self.spd, self.width
        members: dict[int, list[int]] = defaultdict(list)
        for k, c in enumerate(self.cls):
            members[c].append(k)
        for (c, b), items in self.res_items.items():
            lo = b * width
            res = [problem.resources[k] for k in members[c]]
            avail = [as_bits(x.available[lo : lo + width]) for x in res]
            if res[0].shareable:
                self.shared_rows(b, res, avail, items)
            else:
                _cuts(self.lp, items, partial(_fit_all, avail, spd))
        for (co, b), items in self.coh_items.items():
            lo = b * width
            a = as_bits(problem.cohorts[co].available[lo : lo + width])
            _cuts(self.lp, items, partial(_fit_all, [a], spd))
        self.instructor_rows()

    def shared_rows(self, b: int, res: list, avail: list[int], items: list[Item]) -> None:
        """A shareable resource (class) in bucket ``b``.

        People-slots fit in ``capacity + overflow``; those beyond ``capacity`` cost
        ``overflow`` (one variable per bucket: the bucket's overflow is at least the
        excess over any slot set inside it); and at a slot at most ``m`` parts larger
        than ``(capacity + overflow) / (m + 1)`` are present, so those fit in ``m``
        lanes of the open slots (blocks of ``duration`` counted as for exclusive ones).
        """
        lp, spd = self.lp, self.spd
        full = [x.capacity + x.overflow for x in res]
        base = [x.capacity for x in res]

        def people(m: int, q: int, pers: list[int]) -> int:
            """People-slots inside ``m`` at ``pers`` people per available slot of each member; ``q``
            is unused (these rows count single slots).
            """
            return sum(p * (a & m).bit_count() for a, p in zip(avail, pers, strict=True))

        _cuts(lp, items, lambda m, q: people(m, q, full), quanta=(1,))
        cost = self.w.get("overflow", 0)
        if cost and any(full[n] > base[n] for n in range(len(res))):
            excess = lp.var(math.inf, -cost, integer=False)
            _cuts(lp, items, lambda m, q: people(m, q, base), quanta=(1,), slack=excess)
        largest = max(full)
        for lanes in (1, 2, 3):
            big = [(bits, d, 1, pairs) for bits, d, h, pairs in items if h * (lanes + 1) > largest]
            if big:
                _cuts(lp, big, partial(_fit_all, avail, spd, lanes=lanes))

    def instructor_rows(self) -> None:
        """Hall's condition per week for each set of usable instructors: the requests
        whose usable instructors all lie in the set share those instructors' time."""
        problem, spd = self.problem, self.spd
        spw = problem.calendar.slots_per_week
        by_week: dict[int, dict[frozenset[int], list[Item]]] = defaultdict(dict)
        for (s, wk), its in self.teach_items.items():
            by_week[wk][s] = its
        sets = {s for s, _ in self.teach_items}
        within = {s: [s2 for s2 in sets if s2 <= s] for s in sets}
        for s in sets:
            for week, groups in by_week.items():
                items = [it for s2 in within[s] for it in groups.get(s2, ())]
                if not items:
                    continue
                caps: list[tuple[int, int]] = []
                for i in s:
                    t = problem.instructors[i]
                    most = t.max_slots_per_week if t.max_slots_per_week is not None else spw
                    caps.append((as_bits(t.available[week * spw : (week + 1) * spw]), most))

                def room(m: int, q: int, caps: list[tuple[int, int]] = caps) -> int:
                    """Blocks of ``q`` slots the set's instructors can teach inside ``m``: per
                    instructor the blocks that fit its available slots, capped by its weekly
                    maximum.
                    """
                    return sum(min(_fit(a & m, q, spd), x // q) for a, x in caps)

                _cuts(self.lp, items, room)

    def chain_rows(self) -> None:
        """``after`` chains take their weeks one after another (:mod:`solver.cpsat.chains`)."""
        for row, rhs in chains.chain_rows(self.problem, self.runs):
            if self.lp.top(row) > rhs:
                self.lp.le(row, rhs)

    def fairness(self) -> None:
        """The fairness column: a worst share in permille (at most 1000, gaining ``fairness`` per
        permille), bounded by the fulfilled share of every institution with demand.
        """
        w = self.w.get("fairness", 0)
        if not w:
            return
        share = self.lp.var(1000, w, integer=False)
        for i, d_i in enumerate(self.problem.demand_units().tolist()):
            if d_i > 0:
                pairs = [(v, -1000 * c) for v, c in self.per_inst.get(i, [])]
                self.lp.le([(share, d_i)] + pairs, 0)


def _cuts(
    lp: _Lp,
    items: list[Item],
    capacity: Callable[[int, int], float],
    quanta: tuple[int, ...] | None = None,
    slack: int | None = None,
) -> None:
    """For each distinct occupancy (and their union) and block length ``q``: the items
    only inside it fit there, each counting ``duration // q`` blocks of ``q`` slots.

    With ``slack`` (a variable) every row is kept and may exceed ``capacity`` by it."""
    masks = {bits for bits, _, _, _ in items}
    union = 0
    for m in masks:
        union |= m
    masks.add(union)
    qs = quanta if quanta is not None else tuple(sorted({1} | {d for _, d, _, _ in items}))
    seen: set[tuple[int, ...]] = set()
    for mask in masks:
        inside = tuple(n for n, (bits, _, _, _) in enumerate(items) if not bits & ~mask)
        if not inside or inside in seen:
            continue
        seen.add(inside)
        for q in qs:
            pairs = [
                (v, (items[n][1] // q) * items[n][2] * c) for n in inside for v, c in items[n][3]
            ]
            pairs = [(v, c) for v, c in pairs if c]
            cap = capacity(mask, q)
            if slack is not None and pairs:
                lp.le(pairs + [(slack, -1)], cap)
            elif pairs and lp.top(pairs) > cap:
                lp.le(pairs, cap)
