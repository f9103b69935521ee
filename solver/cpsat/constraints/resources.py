"""Resources [rules 5, 6]: one part per candidate, exclusive rooms, shared capacity.

The choice of candidate (exactly one without ``split``, headcounts summing to the
session's with it) is made in :mod:`solver.cpsat.variables`; here the parts of all
sessions meet per resource:

- ``shareable: false``: ``no_overlap`` of the parts' intervals;
- ``shareable: true``: ``cumulative`` with the parts' headcounts as (possibly variable)
  demands and ``capacity + overflow`` as capacity, added only when the candidate parts
  could exceed it at all;
- overflow (``weights.overflow > 0``): people beyond ``capacity``. In an exclusive
  resource only one part is present at a time, so a part's overflow is
  ``max(0, headcount - capacity) x duration``. In a shareable one the load of a slot
  sums over parts: each slot that could be over capacity gets a fixed interval in the
  cumulative whose demand ``overflow - e_u`` hands back ``e_u`` places, the overflow
  of that slot (see :func:`_shared_overflow`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term, weighted_sum
from solver.cpsat.variables import PartVars, SessionVars


def applies(problem: Problem) -> bool:
    return bool(problem.session_requests)


def parts_by_resource(ctx: BuildContext) -> dict[int, list[tuple[SessionVars, PartVars]]]:
    out: dict[int, list[tuple[SessionVars, PartVars]]] = defaultdict(list)
    for sv in ctx.vars.all_sessions():
        for part in sv.parts:
            out[part.resource].append((sv, part))
    return out


def add(ctx: BuildContext) -> list[Term]:
    model, problem = ctx.model, ctx.problem
    weigh_overflow = problem.weights.get("overflow", 0) > 0
    terms: list[Term] = []
    for r_idx, parts in sorted(parts_by_resource(ctx).items()):
        res = problem.resources[r_idx]
        limit = res.capacity + res.overflow
        if not res.shareable:
            if len(parts) > 1:
                model.add_no_overlap([p.interval for _, p in parts])
            if weigh_overflow and res.overflow > 0:
                terms.extend(_exclusive_overflow(model, res.capacity, parts))
            continue
        intervals = [p.interval for _, p in parts]
        demands: list[cp_model.LinearExprT] = [p.headcount for _, p in parts]
        if weigh_overflow and res.overflow > 0:
            extra_iv, extra_d, extra_terms = _shared_overflow(
                ctx, res.capacity, res.overflow, parts
            )
            intervals += extra_iv
            demands += extra_d
            terms += extra_terms
        if sum(p.max_headcount for _, p in parts) > limit or len(demands) > len(parts):
            model.add_cumulative(intervals, demands, limit)
    return terms


def _exclusive_overflow(
    model: cp_model.CpModel, capacity: int, parts: list[tuple[SessionVars, PartVars]]
) -> list[Term]:
    pairs: list[tuple[cp_model.LinearExprT, int]] = []
    for sv, p in parts:
        if p.max_headcount <= capacity:
            continue
        if isinstance(p.headcount, int):
            pairs.append((p.present, (p.headcount - capacity) * sv.duration))
        else:
            e = model.new_int_var(0, p.max_headcount - capacity, "")
            model.add(e >= p.headcount - capacity)
            pairs.append((e, sv.duration))
    return [Term("overflow_person_slots", weighted_sum(pairs))] if pairs else []


def _shared_overflow(
    ctx: BuildContext, capacity: int, overflow: int, parts: list[tuple[SessionVars, PartVars]]
) -> tuple[list[cp_model.IntervalVar], list[cp_model.LinearExprT], list[Term]]:
    """Overflow of a shareable resource as capacity given back slot by slot.

    For each slot ``u`` whose potential load exceeds ``capacity``, a fixed one-slot
    interval with demand ``overflow - e_u`` joins the resource's cumulative (capacity
    ``capacity + overflow``): the parts then fit iff their load is at most
    ``capacity + e_u``, so ``e_u >= load_u - capacity`` exactly, with no per-start
    literals. The objective pushes ``e_u`` down to the people over capacity.
    """
    model = ctx.model
    n = ctx.problem.calendar.n_slots
    potential = np.zeros(n, dtype=np.int64)
    for sv, p in parts:
        cov = np.zeros(n, dtype=bool)
        for k in range(sv.duration):
            cov[k:] |= p.starts[: n - k]
        potential += cov * p.max_headcount
    intervals: list[cp_model.IntervalVar] = []
    demands: list[cp_model.LinearExprT] = []
    pairs: list[tuple[cp_model.LinearExprT, int]] = []
    for u in np.flatnonzero(potential > capacity):
        u = int(u)
        e = model.new_int_var(0, min(overflow, int(potential[u]) - capacity), "")
        intervals.append(model.new_fixed_size_interval_var(u, 1, ""))
        demands.append(overflow - e)
        pairs.append((e, 1))
    terms = [Term("overflow_person_slots", weighted_sum(pairs))] if pairs else []
    return intervals, demands, terms
