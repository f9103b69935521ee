"""Resources [rules 5, 6]: one part per candidate, exclusive rooms, shared capacity.

The choice of candidate (exactly one without ``split``, headcounts summing to the
session's with it) is made in :mod:`solver.cpsat.variables`; here the parts of all
sessions meet per resource:

- ``shareable: false``: ``no_overlap`` of the parts' intervals (slot cliques when every
  part has one possible start, see :mod:`solver.cpsat.constraints.disjoint`);
- ``shareable: true``: ``cumulative`` with the parts' headcounts as (possibly variable)
  demands and ``capacity + overflow`` as capacity, added only when the candidate parts
  could exceed it at all;
- overflow (``weights.overflow > 0``): people beyond ``capacity``. In an exclusive
  resource only one part is present at a time, so a part's overflow is
  ``max(0, headcount - capacity) x duration``. In a shareable one the load of a slot
  sums over parts: each slot that could be over capacity holds back the tolerated
  places with capacity tokens in the cumulative (see :func:`capacity_tokens`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.background import runs
from solver.cpsat.bundles import PartVars, SessionVars, only_start
from solver.cpsat.constraints.disjoint import add_disjoint
from solver.cpsat.context import BuildContext, TokenSet
from solver.cpsat.terms import Term, weighted_sum


def applies(problem: Problem) -> bool:
    """Whether there are session requests (posts of internships are
    :mod:`~solver.cpsat.constraints.internships`').
    """
    return bool(problem.session_requests)


def parts_by_resource(ctx: BuildContext) -> dict[int, list[tuple[SessionVars, PartVars]]]:
    """Resource -> every candidate part (with its session) that may be held there."""
    out: dict[int, list[tuple[SessionVars, PartVars]]] = defaultdict(list)
    for sv in ctx.vars.all_sessions():
        for part in sv.parts:
            out[part.resource].append((sv, part))
    return out


def add(ctx: BuildContext) -> list[Term]:
    """``no_overlap`` per exclusive resource; per shareable one a ``cumulative`` with the
    background's people, added only when it could bind (the parts could exceed ``capacity +
    overflow``, or fixed loads or tokens join them). Returns the overflow terms when
    ``weights.overflow`` is set.
    """
    model, problem = ctx.model, ctx.problem
    weigh_overflow = problem.weights.get("overflow", 0) > 0
    terms: list[Term] = []
    for r_idx, parts in sorted(parts_by_resource(ctx).items()):
        res = problem.resources[r_idx]
        limit = res.capacity + res.overflow
        if not res.shareable:
            add_disjoint(
                model,
                [(p.interval, p.present, only_start(p.starts), sv.duration) for sv, p in parts],
            )
            if weigh_overflow and res.overflow > 0:
                terms.extend(_exclusive_overflow(model, res.capacity, parts))
            continue
        intervals = [p.interval for _, p in parts]
        demands: list[cp_model.LinearExprT] = [p.headcount for _, p in parts]
        fixed = ctx.background.resource_load.get(r_idx)
        if fixed is not None:  # people the requests outside the model put there
            for start, length, people in runs(fixed):
                intervals.append(model.new_fixed_size_interval_var(start, length, ""))
                demands.append(people)
        if weigh_overflow and res.overflow > 0:
            extra_iv, extra_d, extra_terms = _shared_overflow(ctx, r_idx, parts, fixed)
            intervals += extra_iv
            demands += extra_d
            terms += extra_terms
        top = sum(p.max_headcount for _, p in parts)
        top += int(fixed.max()) if fixed is not None else 0
        if top > limit or len(demands) > len(parts):
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


def binary_parts(n: int) -> list[int]:
    """1, 2, 4, ... and a remainder, summing to ``n``: any amount 0..n is a subset sum."""
    out, k = [], 1
    while n > 0:
        out.append(min(k, n))
        n -= out[-1]
        k *= 2
    return out


def capacity_tokens(
    ctx: BuildContext,
    units: list[tuple[int, int]],
    capacity: int,
    overflow: int,
    kind: str,
    resource: int,
) -> tuple[list[cp_model.IntervalVar], list[int], cp_model.LinearExprT]:
    """Overflow as tolerated capacity handed back, unit by unit of time.

    ``units`` lists (time unit, most the load can exceed capacity there). The cumulative
    runs at ``capacity + overflow``; at each listed unit the ``overflow`` places are
    withheld by fixed one-unit intervals: a mandatory one for what can never be needed
    and optional "tokens" (binary sizes) for the rest. A token the parts need is
    dropped, and the people over capacity at that unit are the sizes of the dropped
    tokens. Cumulative timetabling makes a token absent as soon as the load leaves no
    room for it, so the overflow follows the placement by propagation (a variable
    demand would not be propagated and left to search).

    Returns the intervals, their demands and the overflow (people over capacity, summed
    over the units) as an expression. Each unit's tokens are recorded in ``ctx.tokens``
    so that a warm start can hold exactly the right ones.
    """
    model = ctx.model
    intervals: list[cp_model.IntervalVar] = []
    demands: list[int] = []
    held: list[tuple[cp_model.LinearExprT, int]] = []
    tolerated = 0
    for u, top in units:
        top = max(0, min(overflow, top))
        if overflow - top > 0:
            intervals.append(model.new_fixed_size_interval_var(u, 1, ""))
            demands.append(overflow - top)
        tokens: list[tuple[cp_model.IntVar, int]] = []
        for size in binary_parts(top):
            lit = model.new_bool_var("")
            intervals.append(model.new_optional_fixed_size_interval_var(u, 1, lit, ""))
            demands.append(size)
            held.append((lit, size))
            tokens.append((lit, size))
            tolerated += size
        if tokens:
            ctx.tokens.append(TokenSet(kind, resource, u, capacity, top, tokens))
    return intervals, demands, tolerated - weighted_sum(held)


def _shared_overflow(
    ctx: BuildContext,
    resource: int,
    parts: list[tuple[SessionVars, PartVars]],
    fixed: np.ndarray | None,
) -> tuple[list[cp_model.IntervalVar], list[int], list[Term]]:
    """Overflow of a shareable resource, slot by slot (see :func:`capacity_tokens`)."""
    res = ctx.problem.resources[resource]
    capacity = res.capacity
    n = ctx.problem.calendar.n_slots
    potential = np.zeros(n, dtype=np.int64) if fixed is None else fixed.astype(np.int64)
    for sv, p in parts:
        cov = np.zeros(n, dtype=bool)
        for k in range(sv.duration):
            cov[k:] |= p.starts[: n - k]
        potential += cov * p.max_headcount
    units = [(int(u), int(potential[u]) - capacity) for u in np.flatnonzero(potential > capacity)]
    intervals, demands, over = capacity_tokens(ctx, units, capacity, res.overflow, "slot", resource)
    return intervals, demands, [Term("overflow_person_slots", over)] if units else []
