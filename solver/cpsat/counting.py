"""Required requests that cannot all hold, proven by counting slots.

A cohort attends one session at a time, an exclusive resource holds one, an instructor
teaches one: when the required sessions that must all take one of them ask more slots
than it has open where they can run, no schedule holds them. CP-SAT finds such a
pigeonhole hard: with every request time-indexed, presolve reads the per-slot cliques
as implications and drops the counting row as implied by them, so the LP never sees
the sum. Two required requests asking 50 slots of a cohort open for 40 went unproven
for a whole minute with two workers (the answer took the full time limit, in the
required requests' check, the repair and the conflict search alike), where this count
takes a millisecond. It is sound because every capacity is an upper bound: the slots
where some session of the set could sit, whatever else is booked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scheduler.problem import CSessionRequest, Problem
from solver.cpsat.constraints.cuts import as_bits, occupancy

#: (occupancy mask, slots asked, request position): one required request's certain
#: use of one entity
Demand = tuple[np.ndarray, int, int]

#: slots an entity offers within a mask
Room = Callable[[np.ndarray], int]


@dataclass(frozen=True, slots=True)
class Pigeonhole:
    """Required ``requests`` asking ``need`` slots of ``units`` (one cohort, a pool of
    exclusive resources or instructors, or one shareable resource: ``what``), which
    offer ``room`` in ``slots``, the slots where any of their sessions could sit (a
    shareable resource's room counts a slot once per session it can hold at once)."""

    requests: list[int]
    what: str  # cohort | resources | shared | instructors
    units: tuple[int, ...]
    need: int
    room: int
    slots: np.ndarray
    #: a shareable resource: its sessions at once, from the smallest headcount among
    #: the requests that can only use it
    at_once: int = 1
    smallest: int = 0


#: The last problem counted and its answer: a term proven short by counting is counted
#: again to name the conflict (1.4 s on L with every request required). Only the last
#: one is held, by identity; a thread that misses it counts again.
_last_count: tuple[Problem, Pigeonhole | None] | None = None


def counting_core(problem: Problem) -> Pigeonhole | None:
    """:func:`count_core`, remembered for the last problem asked about."""
    global _last_count
    last = _last_count
    if last is not None and last[0] is problem:
        return last[1]
    found = count_core(problem)
    _last_count = (problem, found)
    return found


def count_core(problem: Problem) -> Pigeonhole | None:
    """Required requests that overfill a cohort, a pool of exclusive resources or a pool
    of instructors (the fewest requests found), or ``None`` when counting proves nothing.

    A pool is a required request's whole candidate set, the union of the sets sharing
    a unit, or the union of all: the requests whose candidates all lie inside it must
    share its slots (each session takes at least one resource and, if it needs one, at
    least one instructor). A shareable resource that is some requests' only candidate
    holds as many of their sessions at once as its capacity (and overflow) takes of
    the smallest of them.
    """
    required = [
        req
        for req in problem.requests
        if req.required and isinstance(req, CSessionRequest) and len(req.resources)
    ]
    demand = {req.index: _demand(req) for req in required}
    by_cohort: dict[int, list[Demand]] = defaultdict(list)
    for req in required:
        for c in req.cohorts:
            by_cohort[c].append(demand[req.index])
    checks: list[tuple[str, tuple[int, ...], list[Demand], Room]] = [
        ("cohort", (c,), demands, _open_in([problem.cohorts[c].available]))
        for c, demands in by_cohort.items()
    ]
    exclusive = [req for req in required if not _any_shareable(problem, req)]
    for pool, demands in _pools(exclusive, lambda req: req.resources, demand).items():
        room = _open_in([problem.resources[k].available for k in pool])
        checks.append(("resources", pool, demands, room))
    shared: dict[int, list[CSessionRequest]] = defaultdict(list)
    for req in required:
        if len(req.resources) == 1 and problem.resources[int(req.resources[0])].shareable:
            shared[int(req.resources[0])].append(req)
    sharing: dict[int, tuple[int, int]] = {}  # sessions at once, smallest headcount
    for k, users in shared.items():
        res = problem.resources[k]
        smallest = min(req.headcount for req in users)
        sharing[k] = ((res.capacity + res.overflow) // smallest, smallest)
        room = _open_in([res.available] * sharing[k][0])
        checks.append(("shared", (k,), [demand[req.index] for req in users], room))
    teaching = [req for req in required if req.needs_instructor and len(req.instructors)]
    for pool, demands in _pools(teaching, lambda req: req.instructors, demand).items():
        checks.append(("instructors", pool, demands, _teachers_room(problem, pool)))
    best: Pigeonhole | None = None
    for what, units, demands, room in checks:
        core = _overfilled(demands, room)
        if core is None or (best is not None and len(core) >= len(best.requests)):
            continue
        slots = np.logical_or.reduce([occ for occ, _, _ in core])
        at_once, smallest = sharing[units[0]] if what == "shared" else (1, 0)
        best = Pigeonhole(
            requests=sorted(r for _, _, r in core),
            what=what,
            units=units,
            need=sum(n for _, n, _ in core),
            room=room(slots),
            slots=slots,
            at_once=at_once,
            smallest=smallest,
        )
    return best


def _demand(req: CSessionRequest) -> Demand:
    starts = np.asarray(req.resource_starts.any(axis=0))
    occ = occupancy(starts, req.duration)
    return occ, req.n_sessions * req.duration, req.index


def _any_shareable(problem: Problem, req: CSessionRequest) -> bool:
    return any(problem.resources[int(k)].shareable for k in req.resources)


def _pools(
    reqs: list[CSessionRequest],
    units: Callable[[CSessionRequest], np.ndarray],
    demand: dict[int, Demand],
) -> dict[tuple[int, ...], list[Demand]]:
    """Candidate pools with the requests whose candidates lie inside: each request's own
    set, for each unit the union of the sets that hold it (t0-t1, t1-t2 and t2-t3 asked
    14 slots of t0-t2, which teach 12: neither a set nor the union of all overfills),
    and the union of all."""
    mine = [(req, frozenset(int(u) for u in units(req))) for req in reqs]
    own = {pool for _, pool in mine}
    sets = set(own)
    for unit in frozenset().union(*own):
        sets.add(frozenset().union(*(pool for pool in own if unit in pool)))
    if own:
        sets.add(frozenset().union(*own))
    return {
        tuple(sorted(pool)): [demand[req.index] for req, theirs in mine if pool.issuperset(theirs)]
        for pool in sets
    }


def _open_in(available: list[np.ndarray]) -> Room:
    return lambda mask: sum(int((a & mask).sum()) for a in available)


def _teachers_room(problem: Problem, pool: tuple[int, ...]) -> Room:
    per_week = problem.calendar.slots_per_week

    def room(mask: np.ndarray) -> int:
        """Slots the instructors of ``pool`` can teach inside ``mask``: each one's available slots
        there, capped by its ``max_slots_per_week`` times the weeks ``mask`` touches.
        """
        weeks = len(np.unique(np.flatnonzero(mask) // per_week))
        total = 0
        for i in pool:
            teacher = problem.instructors[i]
            free = int((teacher.available & mask).sum())
            if teacher.max_slots_per_week is not None:
                free = min(free, teacher.max_slots_per_week * weeks)
            total += free
        return total

    return room


def _overfilled(demands: list[Demand], room: Room) -> list[Demand] | None:
    """The fewest requests of one entity asking more than the room where they can run.

    Each request's own slots, and the union of all, bound a candidate set: the requests
    that can only run inside it. A set that overfills is then thinned, request by
    request, while what is left still overfills the room of its own slots.
    """
    if not demands:
        return None
    masks = {occ.tobytes(): occ for occ, _, _ in demands}
    union = np.logical_or.reduce([occ for occ, _, _ in demands])
    masks.setdefault(union.tobytes(), union)
    bits = [as_bits(occ) for occ, _, _ in demands]  # subset tests on Python ints: L's 4,181
    best: list[Demand] | None = None
    for mask in masks.values():
        outside = ~as_bits(mask)
        inside = [d for d, b in zip(demands, bits, strict=True) if not b & outside]
        if sum(n for _, n, _ in inside) <= room(mask):
            continue
        core = _thin(inside, room)
        if best is None or len(core) < len(best):
            best = core
    return best


def _thin(demands: list[Demand], room: Room) -> list[Demand]:
    """Drop requests, largest slot sets first, while the rest still overfill."""

    def overfills(ds: list[Demand]) -> bool:
        """Whether ``ds`` ask more slots than the room of their own slots (never when empty)."""
        if not ds:
            return False
        union = np.logical_or.reduce([occ for occ, _, _ in ds])
        return sum(n for _, n, _ in ds) > room(union)

    core = list(demands)
    for d in sorted(demands, key=lambda d: -int(d[0].sum())):
        trial = [x for x in core if x is not d]
        if overfills(trial):
            core = trial
    return core
