"""Patterns [rule 10] and the order of a request's sessions.

Sessions of one request are interchangeable, so they are kept in index order: session
``j + 1`` is present only if ``j`` is (prefix presence, which also makes a request met
in part keep its pattern) and starts after ``j`` ends. On top of that order:

- ``weekly``: session ``j + 1`` starts one week after session ``j`` (same day and slot),
  or more weeks when the days in between are closed (skipped without breaking the run,
  rules.md 10) -- never jumping over an open one;
- ``block``: session ``j + 1`` is on the next open day after session ``j``'s;
- ``free``: ``min_days_apart`` between consecutive sessions' calendar days (7 a week);
  ``max_per_week = m``: session ``j + m`` is in a later week than session ``j``.

Time-indexed requests (one optional session per candidate start, see
:mod:`solver.cpsat.variables`) have no order (the variables hold at most ``n`` of them):
``min_days_apart = k`` allows one in any ``k`` consecutive calendar days, ``max_per_week``
caps each week, and sessions of a request never overlap each other.

Both chains are linear: ``next = this + step * (1 + skipped)`` where each skipped unit
must be a closed one (a small domain constraint); no element tables, so presolve does not
expand the start variables into value encodings.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from scheduler.calendar import CalendarIndex
from scheduler.problem import CSessionRequest, Problem
from solver.cpsat.bundles import SessionVars, domain_of, only_start
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    """Whether any request asks for more than one session: only then is there an order or a pattern
    to keep.
    """
    return any(r.n_sessions > 1 for r in problem.session_requests)


def closed_slots(cal: CalendarIndex) -> np.ndarray:
    """bool (n_slots,): slots of closed days."""
    return ~cal.open_slots()


def _skips(starts: np.ndarray, closed: np.ndarray, step: int) -> list[np.ndarray]:
    """For m = 1, 2, ...: starts from which the next m steps all land on closed units.

    Step ``m`` can only be skipped when steps ``1..m`` are all closed; the list stops at
    the first ``m`` no start can skip.
    """
    out: list[np.ndarray] = []
    n = len(closed)
    reach = starts.copy()
    m = 1
    while True:
        shifted = np.zeros(n, dtype=bool)
        if m * step < n:
            shifted[: n - m * step] = closed[m * step :]
        reach = reach & shifted
        if not reach.any():
            return out
        out.append(reach.copy())
        m += 1


def _chain(
    model: cp_model.CpModel,
    a_pos: cp_model.LinearExpr,
    b_pos: cp_model.LinearExpr,
    b_present: cp_model.IntVar,
    step: int,
    closed: np.ndarray,
    a_mask: np.ndarray,
) -> None:
    """``b = a + step * (1 + skipped)``, skipping only closed units, never an open one.

    ``g_m`` ("the m-th unit after ``a`` is skipped") implies ``g_{m-1}`` and that unit
    ``a + m * step`` is closed. An open unit can therefore never be jumped over, and a
    closed one can be (the run continues after the closure).
    """
    skips = _skips(a_mask, closed, step)
    gs: list[cp_model.IntVar] = []
    closed_dom = domain_of(closed)
    for m in range(1, len(skips) + 1):
        g = model.new_bool_var("")
        if gs:
            model.add_implication(g, gs[-1])
        model.add_linear_expression_in_domain(a_pos + m * step, closed_dom).only_enforce_if(g)
        gs.append(g)
    model.add(b_pos == a_pos + step * (1 + sum(gs))).only_enforce_if(b_present)


def add(ctx: BuildContext) -> list[Term]:
    """Order each request's sessions (prefix presence, one after another) and chain them by its
    pattern; time-indexed requests get the rules of :func:`_indexed`. Returns no terms.
    """
    model, problem, v = ctx.model, ctx.problem, ctx.vars
    cal = problem.calendar
    closed = closed_slots(cal)
    closed_days = ~cal.open_day
    for r, svs in sorted(v.sessions.items()):
        req = problem.requests[r]
        assert isinstance(req, CSessionRequest)
        svs = [sv for sv in svs if sv.parts]
        if r in v.indexed:
            _indexed(ctx, req, svs)
            continue
        for a, b in zip(svs, svs[1:], strict=False):
            model.add_implication(b.present, a.present)
            model.add(b.start >= a.start + a.duration).only_enforce_if(b.present)
        if len(svs) < 2:
            continue
        if req.pattern == "weekly":
            for a, b in zip(svs, svs[1:], strict=False):
                _chain(model, a.start, b.start, b.present, cal.slots_per_week, closed, a.starts)
        elif req.pattern == "block":
            for a, b in zip(svs, svs[1:], strict=False):
                a_days = np.zeros(cal.n_days, dtype=bool)
                a_days[np.flatnonzero(a.starts) // cal.slots_per_day] = True
                _chain(model, v.day(a), v.day(b), b.present, 1, closed_days, a_days)
        else:
            if req.min_days_apart > 0:
                for a, b in zip(svs, svs[1:], strict=False):
                    model.add(
                        v.calendar_day(b) >= v.calendar_day(a) + req.min_days_apart
                    ).only_enforce_if(b.present)
            m = req.max_per_week
            if m is not None and m < len(svs):
                for j in range(len(svs) - m):
                    a, b = svs[j], svs[j + m]
                    if _weeks_apart_surely(cal, a.starts, b.starts):
                        continue
                    model.add(v.week(b) >= v.week(a) + 1).only_enforce_if(b.present)
    return []


def _indexed(ctx: BuildContext, req: CSessionRequest, svs: list[SessionVars]) -> None:
    """The free pattern over one optional session per start."""
    model, cal = ctx.model, ctx.problem.calendar
    start: list[int] = []
    for sv in svs:
        t = only_start(sv.starts)
        assert t is not None, "a time-indexed session has one start"
        start.append(t)
    groups: list[list[int]] = []
    if req.min_days_apart > 0:  # one session in any window of k calendar days
        cday = [cal.calendar_day(cal.day_of(t)) for t in start]
        k = req.min_days_apart
        for first in sorted(set(cday)):
            groups.append([j for j, c in enumerate(cday) if first <= c < first + k])
    if req.max_per_week is not None:
        by_week: dict[int, list[int]] = {}
        for j, t in enumerate(start):
            by_week.setdefault(cal.week_of(t), []).append(j)
        for js in by_week.values():
            if len(js) > req.max_per_week:
                model.add(sum(svs[j].present for j in js) <= req.max_per_week)
    if req.duration > 1:  # the request's own sessions never overlap
        for u in sorted({t + k for t in start for k in range(req.duration)}):
            groups.append([j for j, t in enumerate(start) if t <= u < t + req.duration])
    for js in groups:
        if len(js) > 1:
            model.add_at_most_one(svs[j].present for j in js)


def _weeks_apart_surely(cal: CalendarIndex, a: np.ndarray, b: np.ndarray) -> bool:
    """Whether every start of ``b`` is in a later week than every start of ``a``."""
    ta, tb = np.flatnonzero(a), np.flatnonzero(b)
    if not len(ta) or not len(tb):
        return True
    return cal.week_of(int(tb.min())) > cal.week_of(int(ta.max()))
