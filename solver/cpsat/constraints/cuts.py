"""Redundant capacity cuts: what the LP relaxation cannot see through intervals.

``no_overlap`` and ``cumulative`` say nothing to CP-SAT's linear relaxation about a
room that is open 200 of the term's 540 slots, or a cohort that is free only on
Saturdays: its energy cuts span the whole horizon. Without that, the proven bound stays
near "every session is held" and the gap cannot close. These cuts add, for a set ``T``
of slots, "the sessions that can only take place inside ``T`` fit in the open slots of
``T``":

- exclusive resource: ``sum duration * part <= open slots of the resource in T``;
- shareable resource: ``sum duration * headcount <= (capacity + overflow) * open slots``;
- cohort: ``sum duration * session <= slots the cohort is available in T``;
- instructor: ``sum duration * teaches <= min(available slots in T, max per week *
  weeks of T)``.

``T`` ranges over the occupancy masks of the items themselves (every request gives
one per resource it may use) and the whole term; what the background has booked is
taken off the capacity. All cuts are implied by the hard constraints, so they remove
no schedule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import CInstructor, CResource, Problem
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term, weighted_sum
from solver.occupancy.spans import covered as occupancy

#: (occupancy mask, coefficient, literal or headcount variable): energy = coef * expr
Item = tuple[np.ndarray, int, cp_model.LinearExprT]


def applies(problem: Problem) -> bool:
    """Whether there are session requests: the cuts bound sessions only."""
    return bool(problem.session_requests)


def add(ctx: BuildContext) -> list[Term]:
    """Add the redundant cuts per resource, cohort and instructor, net of what the background
    booked. Exclusive resources, cohorts and instructors whose items all have one start are skipped
    (their slot cliques say it all). Returns no terms.
    """
    problem, v = ctx.problem, ctx.vars
    cal = problem.calendar
    by_res: dict[int, list[Item]] = defaultdict(list)
    by_coh: dict[int, list[Item]] = defaultdict(list)
    by_teacher: dict[int, list[Item]] = defaultdict(list)
    occ_cache: dict[tuple[bytes, int], np.ndarray] = {}

    def occ_of(mask: np.ndarray, duration: int) -> np.ndarray:
        """Occupancy of ``mask`` for ``duration``, cached by the mask's content: many sessions share
        their start masks.
        """
        key = (mask.tobytes(), duration)  # the bytes: two masks must never share a hash
        if key not in occ_cache:
            occ_cache[key] = occupancy(mask, duration)
        return occ_cache[key]

    for sv in v.all_sessions():
        if not sv.parts:
            continue
        d = sv.duration
        req = problem.requests[sv.request]
        for c in req.cohorts:
            by_coh[c].append((occ_of(sv.starts, d), d, sv.present))
        for p in sv.parts:
            res = problem.resources[p.resource]
            if res.shareable and isinstance(p.headcount, int):
                by_res[p.resource].append((occ_of(p.starts, d), d * p.headcount, p.present))
            elif res.shareable:
                by_res[p.resource].append((occ_of(p.starts, d), d, p.headcount))
            else:
                by_res[p.resource].append((occ_of(p.starts, d), d, p.present))
        for t in sv.all_teach():
            starts = t.part.starts if t.part is not None else sv.starts
            by_teacher[t.instructor].append((occ_of(starts, d), d, t.literal))

    bg = ctx.background

    def open_(avail: np.ndarray, busy: np.ndarray | None) -> np.ndarray:
        """Available slots less those the background has booked (``busy`` None: none)."""
        return avail if busy is None else avail & ~busy

    for k, items in sorted(by_res.items()):
        res = problem.resources[k]
        if res.shareable:
            load = bg.resource_load.get(k)

            def room_shared(
                mask: np.ndarray, res: CResource = res, load: np.ndarray | None = load
            ) -> int:
                """People-slots a shareable resource offers inside ``mask`` (``capacity + overflow``
                per available slot), less the background's people there.
                """
                energy = (res.capacity + res.overflow) * int((res.available & mask).sum())
                return energy - (int(load[mask].sum()) if load is not None else 0)

            _cuts(ctx, items, room_shared)
        elif not _all_fixed(items):
            avail = open_(res.available, bg.resource_busy.get(k))
            _cuts(ctx, items, partial(_open_in, avail))
    for c, items in sorted(by_coh.items()):
        if _all_fixed(items):
            continue
        avail = open_(problem.cohorts[c].available, bg.cohort_busy.get(c))
        _cuts(ctx, items, partial(_open_in, avail))
    for i, items in sorted(by_teacher.items()):
        if _all_fixed(items):
            continue
        teacher = problem.instructors[i]
        avail = open_(teacher.available, bg.teacher_busy.get(i))
        taught = bg.teacher_week_load.get(i)

        def room(
            mask: np.ndarray,
            t: CInstructor = teacher,
            avail: np.ndarray = avail,
            taught: np.ndarray | None = taught,
        ) -> int:
            """Slots the instructor can still teach inside ``mask``: free slots, capped by
            ``max_slots_per_week`` over the weeks of ``mask`` less what the background already has
            them teach in those weeks.
            """
            free = int((avail & mask).sum())
            if t.max_slots_per_week is None:
                return free
            weeks = np.unique(np.flatnonzero(mask) // cal.slots_per_week)
            weekly = t.max_slots_per_week * len(weeks)
            if taught is not None:
                weekly -= int(taught[weeks].sum())
            return min(free, weekly)

        _cuts(ctx, items, room)
    return []


def _open_in(avail: np.ndarray, mask: np.ndarray) -> int:
    """Slots of ``avail`` open inside ``mask``."""
    return int((avail & mask).sum())


def _all_fixed(items: list[Item]) -> bool:
    """Whether every item of a one-at-a-time entity has one possible start.

    Its cuts are then the slot cliques :mod:`solver.cpsat.constraints.disjoint` already
    adds, and their sums: nothing to add.
    """
    return all(int(occ.sum()) == d for occ, d, _ in items)


def as_bits(mask: np.ndarray) -> int:
    """A bool mask as a Python integer bitset (bit ``t`` set for slot ``t``)."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def cut_sets(
    items: Sequence[tuple[np.ndarray, int, object]],
) -> list[tuple[np.ndarray, tuple[int, ...]]]:
    """(slot set ``T``, items only inside ``T``) for each distinct occupancy and the union.

    Subset tests run on Python integers used as bitsets: a resource with hundreds of
    candidate requests needs hundreds squared of them.
    """
    if not items:
        return []
    masks: dict[bytes, np.ndarray] = {}
    for occ, _, _ in items:
        masks.setdefault(occ.tobytes(), occ)
    union = np.zeros_like(items[0][0])
    for m in masks.values():
        union |= m
    masks.setdefault(union.tobytes(), union)
    item_bits = [as_bits(occ) for occ, _, _ in items]
    out = []
    seen: set[tuple[int, ...]] = set()
    for mask in masks.values():
        outside = ~as_bits(mask)
        inside = tuple(n for n, b in enumerate(item_bits) if not (b & outside))
        if inside and inside not in seen:
            seen.add(inside)
            out.append((mask, inside))
    return out


def _cuts(ctx: BuildContext, items: list[Item], capacity: Callable[[np.ndarray], int]) -> None:
    """One cut per distinct occupancy mask of the items, plus the whole term."""
    if len(items) < 2:
        return
    for mask, inside in cut_sets(items):
        if len(inside) < 2:
            continue
        demand = sum(items[n][1] * _top(items[n][2]) for n in inside)
        cap = capacity(mask)
        if demand <= cap:
            continue  # cannot bind
        ctx.model.add(weighted_sum([(items[n][2], items[n][1]) for n in inside]) <= cap)


def _top(expr: cp_model.LinearExprT) -> int:
    """Largest value of a literal (1) or of a headcount variable (its upper bound)."""
    if isinstance(expr, int):
        return expr
    dom = expr.proto.domain if isinstance(expr, cp_model.IntVar) else None
    return int(dom[len(dom) - 1]) if dom is not None and len(dom) else 1
