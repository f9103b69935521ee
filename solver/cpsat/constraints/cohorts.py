"""Cohorts [rule 7]: one session at a time, nothing during an internship's weeks.

Per cohort one ``no_overlap`` over the intervals of every session it attends (joint
sessions appear for each listed cohort) and of its internships, which occupy whole weeks
in slot units: a session in an internship week, or two internships sharing a week,
overlap there. Where every item of a cohort has one possible start, the rule is a
clique per slot instead (see :mod:`solver.cpsat.constraints.disjoint`).
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.problem import Problem
from solver.cpsat.bundles import only_start
from solver.cpsat.constraints.disjoint import Item, add_disjoint
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    """Whether there is any request: sessions and internships alike occupy cohorts."""
    return bool(problem.requests)


def add(ctx: BuildContext) -> list[Term]:
    """One ``no_overlap`` (or slot cliques) per cohort over the sessions it attends and its
    internships' weeks. Hard constraints only: returns no terms.
    """
    by_cohort: dict[int, list[Item]] = defaultdict(list)
    problem, v = ctx.problem, ctx.vars
    for r, svs in v.sessions.items():
        for c in problem.requests[r].cohorts:
            by_cohort[c].extend(
                (sv.interval, sv.present, only_start(sv.starts), sv.duration)
                for sv in svs
                if sv.parts
            )
    for r, iv in v.internships.items():
        if iv.cohort_interval is None:
            continue
        for c in problem.requests[r].cohorts:
            by_cohort[c].append((iv.cohort_interval, iv.placed, None, 0))
    for c in sorted(by_cohort):
        add_disjoint(ctx.model, by_cohort[c])
    return []
