"""Slot-by-slot cliques over start literals: what the LP cannot see through intervals.

Where the objective asked for time-indexed start literals
(:meth:`solver.cpsat.derived.DerivedVariables.start_literals`), the no-overlap constraints
are restated per slot as linear inequalities over them:

- cohort: at most one of its sessions covers a slot (less what the background booked),
  where they come from two requests or more;
- instructor: the same for sessions only one instructor can teach;
- exclusive resources: sessions whose every candidate is an exclusive resource of a set
  ``R`` cover at most ``|R|`` (less booked) at a slot.

They remove no schedule; they let the linear relaxation, and the neighbourhoods
built on it, trade days and neighbours against rooms and cohorts. Applied after the
objective, since the literals exist only once a term has asked for them.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from solver.cpsat.bundles import SessionVars
from solver.cpsat.context import BuildContext

#: Most distinct candidate sets given a room clique (each costs one inequality a slot).
MAX_RESOURCE_SETS = 64

Cover = dict[int, list[cp_model.IntVar]]  # slot -> literals of starts covering it


def add(ctx: BuildContext) -> None:
    """Restate the cohort, single-instructor and exclusive-room rules as per-slot cliques over the
    start literals that exist, less what the background booked.

    Call it after the objective: the literals exist only once a term asked for them.
    """
    covers = _covers(ctx)
    if not covers:
        return
    problem, bg = ctx.problem, ctx.background
    by_cohort: dict[int, list[int]] = defaultdict(list)
    by_teacher: dict[int, list[int]] = defaultdict(list)
    by_set: dict[frozenset[int], list[int]] = defaultdict(list)
    for key, (sv, _) in covers.items():
        for c in problem.requests[sv.request].cohorts:
            by_cohort[int(c)].append(key)
        teach = sv.all_teach()
        if len(teach) == 1 and teach[0].part is None:
            by_teacher[teach[0].instructor].append(key)
        req = problem.requests[sv.request]
        if not getattr(req, "split", False) and all(
            not problem.resources[p.resource].shareable for p in sv.parts
        ):
            by_set[frozenset(p.resource for p in sv.parts)].append(key)
    for c, keys in by_cohort.items():
        _clique(ctx, covers, keys, bg.cohort_busy.get(c), 1)
    for i, keys in by_teacher.items():
        _clique(ctx, covers, keys, bg.teacher_busy.get(i), 1)
    sets = sorted(by_set, key=len, reverse=True)[:MAX_RESOURCE_SETS]
    for rooms in sets:
        keys = [k for s, ks in by_set.items() if s <= rooms for k in ks]
        busy = [bg.resource_busy.get(r) for r in rooms]
        booked = sum((b.astype(np.int64) for b in busy if b is not None), start=0)
        _clique(ctx, covers, keys, booked, len(rooms))


def _covers(ctx: BuildContext) -> dict[int, tuple[SessionVars, Cover]]:
    """Sessions with start literals, and per slot the literals that cover it."""
    out: dict[int, tuple[SessionVars, Cover]] = {}
    v = ctx.vars
    for sv in v.all_sessions():
        lits = v.existing_start_literals(sv)
        if lits is None:
            continue
        cover: Cover = defaultdict(list)
        for t, lit in lits.items():
            for u in range(t, t + sv.duration):
                cover[u].append(lit)
        out[id(sv)] = (sv, cover)
    return out


def _clique(
    ctx: BuildContext,
    covers: dict[int, tuple[SessionVars, Cover]],
    keys: list[int],
    booked: np.ndarray | int | None,
    size: int,
) -> None:
    """``sum(cover of slot u) <= size - booked[u]`` where more than that could meet.

    A single-capacity clique over the sessions of one request is skipped: their ordered
    starts already keep them apart, and the restatement slowed proofs a hundredfold on
    small terms (three cohorts of one request each, 0.1 s -> 15 s).
    """
    if size == 1 and len({covers[k][0].request for k in keys}) < 2:
        return
    at: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for k in keys:
        for u, lits in covers[k][1].items():
            at[u].extend(lits)
    for u, lits in sorted(at.items()):
        room = size - (int(booked[u]) if isinstance(booked, np.ndarray) else 0)
        if len(lits) > room:
            ctx.model.add(sum(lits) <= max(0, room))
