"""Cohorts [rule 7]: one session at a time, nothing during an internship's weeks.

Per cohort one ``no_overlap`` over the intervals of every session it attends (joint
sessions appear for each listed cohort) and of its internships, which occupy whole weeks
in slot units: a session in an internship week, or two internships sharing a week,
overlap there.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    return bool(problem.requests)


def add(ctx: BuildContext) -> list[Term]:
    by_cohort: dict[int, list[cp_model.IntervalVar]] = defaultdict(list)
    problem, v = ctx.problem, ctx.vars
    for r, svs in v.sessions.items():
        for c in problem.requests[r].cohorts:
            by_cohort[c].extend(sv.interval for sv in svs if sv.parts)
    for r, iv in v.internships.items():
        if iv.cohort_interval is None:
            continue
        for c in problem.requests[r].cohorts:
            by_cohort[c].append(iv.cohort_interval)
    for c in sorted(by_cohort):
        if len(by_cohort[c]) > 1:
            ctx.model.add_no_overlap(by_cohort[c])
    return []
