"""Internship posts in both linear relaxations: which first weeks hold an internship, and
how many interns a set of posts holds in a week.

An internship is placed whole or not at all (spec: precise readings): all its interns
from one first week for its ``weeks``, spread over its candidate posts by whole
headcounts, a post holding at most ``capacity + overflow`` interns a week (the checker's
hard limit). A relaxation that places it by a 0/1 column per first week keeps that.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from scheduler.problem import CInternship, Problem

#: Internships of more than ``room / (m + 1)`` interns get an ``at most m`` row for
#: ``m`` up to this (:func:`post_rows`).
INTERN_LANES = 4

Pairs = list[tuple[int, float]]  # (variable, coefficient)


def usable_firsts(problem: Problem, req: CInternship) -> list[int]:
    """First weeks (0-based) from which the posts open through the whole run hold the
    headcount: a placement needs every intern on a post open all its weeks."""
    posts = [problem.resources[k] for k in req.posts.tolist()]
    out = []
    for f in np.flatnonzero(req.first_weeks).tolist():
        run = slice(f, f + req.weeks)
        room = sum(
            p.capacity + p.overflow for j, p in enumerate(posts) if req.post_weeks[j, run].all()
        )
        if room >= req.headcount:
            out.append(f)
    return out


def post_rows(
    problem: Problem, items: dict[tuple[frozenset[int], int], list[tuple[int, int]]]
) -> Iterator[tuple[Pairs, float]]:
    """``(row, right-hand side)`` per set of posts and week, from ``items``: (posts of an
    internship, week) -> (its 0/1 placement column covering that week, its headcount).

    The interns of the internships whose posts all lie in the set fit in the set's
    ``capacity + overflow`` that week. The LP fills that knapsack with fractions (S/1:
    two internships of 33-39 interns half placed in the same weeks on posts for 59),
    so also, for ``m`` up to :data:`INTERN_LANES`, at most ``m`` internships of more
    than ``room / (m + 1)`` interns each: ``m + 1`` of them would hold more than
    ``room``. Valid for every schedule, where each placement is 0 or 1 and the
    internships present in a week are those whose run covers it.
    """
    cal = problem.calendar
    sets = {s for s, _ in items}
    for s in sets:
        inner = [s2 for s2 in sets if s2 <= s]
        for wk in range(cal.n_weeks):
            pairs = [p for s2 in inner for p in items.get((s2, wk), ())]
            room = sum(
                problem.resources[k].capacity + problem.resources[k].overflow
                for k in s
                if problem.resources[k].week_available[wk]
            )
            if pairs and sum(h for _, h in pairs) > room:
                yield [(y, float(h)) for y, h in pairs], room
                for lanes in range(1, INTERN_LANES + 1):
                    big: Pairs = [(y, 1.0) for y, h in pairs if h * (lanes + 1) > room]
                    if len(big) > lanes:
                        yield big, lanes
