"""Internships [rules 6, 12]: whole weeks, all or nothing, post capacity per week.

The first-week choice, the posts' headcounts (summing to the cohort's when placed, zero
otherwise) and post availability over the run are built in
:mod:`solver.cpsat.variables`. Here the posts meet: per post a ``cumulative`` in week
units with the interns as variable demands and ``capacity + overflow`` as capacity.

Overflow (``weights.overflow > 0``): interns beyond ``capacity`` per week, with the
capacity tokens of :func:`solver.cpsat.constraints.resources.capacity_tokens` in week
units.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.background import runs
from solver.cpsat.bundles import InternshipVars, PostVars
from solver.cpsat.constraints.resources import capacity_tokens
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    """Whether the term has internships."""
    return bool(problem.internships)


def add(ctx: BuildContext) -> list[Term]:
    """Per post a ``cumulative`` over the interns placed (week units, background interns as fixed
    loads), added only when it could bind (the interns could exceed ``capacity + overflow``, or
    fixed loads or tokens join them).

    With a weighed overflow, posts that could exceed ``capacity`` get capacity tokens; returns their
    ``overflow_person_slots`` terms (interns over capacity, per week).
    """
    model, problem = ctx.model, ctx.problem
    weigh_overflow = problem.weights.get("overflow", 0) > 0
    by_post: dict[int, list[tuple[InternshipVars, PostVars]]] = defaultdict(list)
    for r in sorted(ctx.vars.internships):
        iv = ctx.vars.internships[r]
        for pv in iv.posts:
            by_post[pv.resource].append((iv, pv))
    terms: list[Term] = []
    n_weeks = problem.calendar.n_weeks
    for k in sorted(by_post):
        items = by_post[k]
        res = problem.resources[k]
        limit = res.capacity + res.overflow
        intervals = [pv.week_interval for _, pv in items]
        demands: list[cp_model.LinearExprT] = [pv.headcount for _, pv in items]
        tops = [pv.max_headcount for _, pv in items]
        fixed = ctx.background.post_load.get(k)
        if fixed is not None:  # interns of internships outside the model
            for w, length, interns in runs(fixed):
                intervals.append(model.new_fixed_size_interval_var(w, length, ""))
                demands.append(interns)
        if weigh_overflow and res.overflow > 0:
            potential = np.zeros(n_weeks, dtype=np.int64) if fixed is None else fixed.copy()
            for (iv, _), top in zip(items, tops, strict=True):
                cov = np.zeros(n_weeks, dtype=bool)
                for w in iv.week_choice:
                    cov[w : w + iv.weeks] = True
                potential += cov * top
            units = [
                (int(w), int(potential[w]) - res.capacity)
                for w in np.flatnonzero(potential > res.capacity)
            ]
            extra_iv, extra_d, over = capacity_tokens(
                ctx, units, res.capacity, res.overflow, "week", k
            )
            intervals += extra_iv
            demands += extra_d
            if units:
                terms.append(Term("overflow_person_slots", over))
        if sum(tops) > limit or len(demands) > len(items):  # fixed loads need it too
            model.add_cumulative(intervals, demands, limit)
    return terms
