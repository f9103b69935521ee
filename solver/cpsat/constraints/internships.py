"""Internships [rules 6, 12]: whole weeks, all or nothing, post capacity per week.

The first-week choice, the posts' headcounts (summing to the cohort's when placed, zero
otherwise) and post availability over the run are built in
:mod:`solver.cpsat.variables`. Here the posts meet: per post a ``cumulative`` in week
units with the interns as variable demands and ``capacity + overflow`` as capacity.

Overflow (``weights.overflow > 0``): interns beyond ``capacity`` per week. As for
shareable resources, each week that could be over capacity gets a fixed one-week
interval in the post's cumulative with demand ``overflow - e_w``, so that the interns
fit iff they are at most ``capacity + e_w``: ``e_w`` is the overflow of week ``w``.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term, weighted_sum
from solver.cpsat.variables import InternshipVars, PostVars


def applies(problem: Problem) -> bool:
    return bool(problem.internships)


def add(ctx: BuildContext) -> list[Term]:
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
        if weigh_overflow and res.overflow > 0:
            potential = np.zeros(n_weeks, dtype=np.int64)
            for (iv, _), top in zip(items, tops, strict=True):
                cov = np.zeros(n_weeks, dtype=bool)
                for w in iv.week_choice:
                    cov[w : w + iv.weeks] = True
                potential += cov * top
            pairs = []
            for w in np.flatnonzero(potential > res.capacity):
                e = model.new_int_var(0, min(res.overflow, int(potential[w]) - res.capacity), "")
                intervals.append(model.new_fixed_size_interval_var(int(w), 1, ""))
                demands.append(res.overflow - e)
                pairs.append((e, 1))
            if pairs:
                terms.append(Term("overflow_person_slots", weighted_sum(pairs)))
        if sum(tops) > limit or len(demands) > len(items):
            model.add_cumulative(intervals, demands, limit)
    return terms
