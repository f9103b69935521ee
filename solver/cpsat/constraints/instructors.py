"""Instructors [rule 8]: one part at a time, availability, weekly load.

The assignment literals and their availability domains are built with the sessions
(:mod:`solver.cpsat.variables`); here each instructor's intervals go into one
``no_overlap`` (two parts of one session taught by the same person overlap there).

Weekly load: ``max_slots_per_week`` is a cumulative in *week units*: each assignment is
an interval of length one week at the session's week with the session's duration as
demand and the maximum as capacity. It is added only for instructors whose candidate
teaching in some week could exceed the maximum, and needs the sessions' week variables
only then.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.problem import Problem
from solver.cpsat.background import runs
from solver.cpsat.bundles import SessionVars, Teach, only_start
from solver.cpsat.constraints.disjoint import add_disjoint
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    """Whether any session request needs an instructor."""
    return any(r.needs_instructor for r in problem.session_requests)


def teaching(ctx: BuildContext) -> dict[int, list[tuple[SessionVars, Teach]]]:
    """Instructor -> every (session, assignment) it may take, on sessions and on parts."""
    out: dict[int, list[tuple[SessionVars, Teach]]] = defaultdict(list)
    for sv in ctx.vars.all_sessions():
        for t in sv.all_teach():
            out[t.instructor].append((sv, t))
    return out


def add(ctx: BuildContext) -> list[Term]:
    """One ``no_overlap`` (or slot cliques) per instructor, and the weekly-load cumulative only for
    instructors whose candidate teaching could exceed ``max_slots_per_week`` in some week (the
    background's load included). Returns no terms.
    """
    model, problem = ctx.model, ctx.problem
    cal = problem.calendar
    for i, items in sorted(teaching(ctx).items()):
        add_disjoint(
            model,
            [(t.interval, t.literal, only_start(sv.starts), sv.duration) for sv, t in items],
        )
        cap = problem.instructors[i].max_slots_per_week
        if cap is None:
            continue
        fixed = ctx.background.teacher_week_load.get(i)
        potential = np.zeros(cal.n_weeks, dtype=np.int64) if fixed is None else fixed.copy()
        for sv, _ in items:
            weeks = np.unique(np.flatnonzero(sv.starts) // cal.slots_per_week)
            potential[weeks] += sv.duration
        if potential.max(initial=0) <= cap:
            continue
        intervals, demands = [], []
        for sv, t in items:
            wk = ctx.vars.week(sv)
            intervals.append(model.new_optional_fixed_size_interval_var(wk, 1, t.literal, ""))
            demands.append(sv.duration)
        if fixed is not None:  # slots taught for requests outside the model
            for w, length, taught in runs(fixed):
                intervals.append(model.new_fixed_size_interval_var(w, length, ""))
                demands.append(taught)
        model.add_cumulative(intervals, demands, cap)
    return []
