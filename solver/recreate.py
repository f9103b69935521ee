"""Ruin and recreate: a fast local search on the greedy placement rules, for large terms.

A CP-SAT step of :mod:`solver.cpsat.lns` re-schedules ~150 sessions in 8 s; the greedy
placement (:mod:`solver.greedy`) books a request in about a millisecond. Here a step
*ruins* a neighbourhood of competing requests (grown from an unmet one along shared
cohorts, resources and instructors, :class:`~solver.sharing.SharingGraph`), takes all
their bookings out and *recreates* them with the greedy placement in a new order:
priority first, then a randomised least-flexible-first or a random order. The step is
kept when the score is at least as good (equal moves let the search drift across
plateaus) and every required request is still met in full, else undone. Every booking
goes through the greedy's exact checks, so each intermediate schedule keeps every rule.

Measured from the best construction (:mod:`solver.construct`), 60 s, seed 1, by
neighbourhood size in sessions (M starts at 21,716,855, L at 108,107,090):

====  ==========  ===========  ===========  ===========  ==========
tier  25          40           60           100          160
====  ==========  ===========  ===========  ===========  ==========
M     22,271,460  22,298,855   22,418,170   22,266,265   22,145,415
L     -           109,868,060  110,050,520  109,736,285  -
====  ==========  ===========  ===========  ===========  ==========

Two minutes of CP-SAT steps had gained 79,000 on M from greedy's schedule.

Recreating puts a request back at its earliest fit, often where it was. Passing over a
fitting start now and then (the "blinks" of Christiaens and Vanden Berghe's SISR, with
probability 0.05) helped before targeted steps (M/1, 60 s, one chain, seeds 0-2: 22,346,000
without, 22,435,000 with); with them it costs (seeds 0-4: 23,081,000 without, 23,035,000
at 0.05, 22,965,000 at 0.15 on seeds 0-2), so recreating places at the earliest fit.

A neighbourhood grown at random around a missing request seldom holds what stands in
its way: a shared resource has hundreds of requests. A *targeted* step draws one start
of a missing request (with the rest of its weekly run) and one candidate resource
there, ruins the requests booked in that resource and attended by its cohorts at those
slots, and books the missing request first. M/1, 60 s, one chain with blinks, mean over
seeds 0-2, by share of steps targeted while something is missing: 22,452,610 at 0,
22,715,945 at 0.3, 22,879,000 at 0.6, 22,995,000 at 0.9, 23,052,657 at 1 (every such
step; the grown neighbourhood stays for when nothing is missing).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scheduler.problem import (
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.construct import options
from solver.delta_score import DeltaScore
from solver.greedy import book, cycle_groups, request_order, solution_of
from solver.occupancy import Occupancy
from solver.sharing import SharingGraph, asks_of, short_by, units_short

#: Sessions in one neighbourhood (see the measurements above).
NEIGHBOURHOOD_SESSIONS = 60
#: Share of steps recreating least-flexible-first (with noise); the rest in random order.
LEAST_FLEXIBLE_SHARE = 0.5
#: Share of steps (while something is missing) that ruin what stands where a missing
#: request could go and book it first (see the module docstring).
TARGETED_SHARE = 1.0


@dataclass(slots=True)
class RecreateStats:
    """What a ruin-and-recreate run did: steps tried, steps kept (no worse), improvements, and
    (``perf_counter`` seconds, score) at each improvement.
    """

    steps: int = 0
    kept: int = 0
    improvements: int = 0
    trace: list[tuple[float, float]] = field(default_factory=list)


class _Search:
    """The occupancy of the current schedule and the bookings a step took out."""

    def __init__(
        self,
        problem: Problem,
        start: Solution,
        seed: int,
        hint: Mapping[int, Sequence[int]] | None = None,
        teachers: Mapping[tuple[int, int, int], int] | None = None,
    ) -> None:
        self.problem = problem
        self.occ = Occupancy.from_solution(problem, start)
        if hint:
            self.occ.resource_hint = hint
        if teachers:
            self.occ.teacher_hint = teachers
        self.graph = SharingGraph(problem)
        self.rnd = random.Random(seed)
        self.options = options(problem)
        self.groups = cycle_groups(problem)
        self.asks = asks_of(problem)
        #: request -> units it lacks, kept up to date by :meth:`note` (reading every
        #: request each step cost ~7 % of a step on M)
        self.missing = units_short(problem, self.held, self.asks)

    def held(self, r: int) -> int:
        """What ``r`` holds now: sessions booked, or 1 for a placed internship."""
        req = self.problem.requests[r]
        if isinstance(req, CSessionRequest):
            return self.occ.count(r)
        return 1 if self.occ.placements.get(r) else 0

    def note(self, requests: list[int]) -> None:
        """Bring :attr:`missing` up to date after ``requests`` were booked again."""
        for r in requests:
            miss = short_by(self.asks[r], self.held(r))
            if miss > 0:
                self.missing[r] = miss
            else:
                self.missing.pop(r, None)

    def neighbourhood(self, size: int) -> tuple[list[int], int | None]:
        """Requests to ruin, and the one to book first (None: the usual order)."""
        missing = self.missing
        rnd = self.rnd
        if missing:
            keys = sorted(missing)
            seed = rnd.choices(keys, weights=[missing[k] for k in keys])[0]
            if TARGETED_SHARE > 0 and rnd.random() < TARGETED_SHARE:
                way = self.in_the_way(seed)
                if way:
                    return sorted({seed, *way}), seed
            seeds = [seed]
        else:
            seeds = [rnd.randrange(len(self.problem.requests))]
        return self.graph.grow(seeds, size, rnd), None

    def in_the_way(self, r: int) -> list[int]:
        """The requests booked where request ``r`` could go at one of its starts (drawn
        at random, with the rest of a weekly run): in one candidate resource, and
        attended by its cohorts."""
        req = self.problem.requests[r]
        if not isinstance(req, CSessionRequest) or not len(req.resources):
            return []
        rnd, occ = self.rnd, self.occ
        starts = np.flatnonzero(req.starts)
        if not len(starts):
            return []
        t: int | None = int(starts[rnd.randrange(len(starts))])
        ks = np.flatnonzero(req.resource_starts[:, t])
        if not len(ks):
            return []
        res = int(req.resources[int(ks[rnd.randrange(len(ks))])])
        times: list[int] = []
        want = req.n_sessions - occ.count(r) if req.pattern == "weekly" else 1
        while t is not None and len(times) < want:
            times.append(t)
            t = occ.weekly_step(t, +1)
        d = req.duration
        way: set[int] = set()
        for u in times:
            way.update(occ.res_who[res, u : u + d].tolist())
            for c in req.cohorts:
                way.update(occ.cohort_who[c, u : u + d].tolist())
        way.discard(-1)
        way.discard(r)
        return list(way)

    def bookings(
        self, chosen: list[int]
    ) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
        """The current sessions and placements of the ``chosen`` requests."""
        occ = self.occ
        sessions = [s for r in chosen for s in occ.sessions.get(r, {}).values()]
        placements = [p for r in chosen for p in occ.placements.get(r, [])]
        return sessions, placements

    def take_out(
        self, chosen: list[int]
    ) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
        """Remove the bookings of ``chosen`` and return them, so that an undone step can put them
        back.
        """
        occ = self.occ
        sessions, placements = self.bookings(chosen)
        occ.remove_sessions(sessions)
        for p in placements:
            occ.remove_placement(p)
        return sessions, placements

    def put_back(
        self, sessions: list[SessionAssignment], placements: list[PlacementAssignment]
    ) -> None:
        """Re-book what :meth:`take_out` returned (no rule checked: it held before)."""
        for s in sessions:
            self.occ.apply_session(s)
        for p in placements:
            self.occ.apply_placement(p)

    def recreate(self, chosen: list[int], first: int | None = None) -> None:
        """Book ``chosen`` again: ``first`` if given, then required, priority, then least
        flexible first (with noise) or at random; a predecessor in ``chosen`` before its
        successors."""
        rnd = self.rnd
        noise = {r: rnd.random() for r in chosen}
        by_options = rnd.random() < LEAST_FLEXIBLE_SHARE

        def tie(r: int) -> float:
            """Order within a priority: options scaled by noise in [0.5, 1.5) when this step books
            least flexible first, else the noise alone (a random order).
            """
            return self.options(r) * (0.5 + noise[r]) if by_options else noise[r]

        order = request_order(self.problem, tie, chosen, self.groups)
        if first is not None:
            order = [first, *(r for r in order if r != first)]
        book(self.occ, order)


class Chain:
    """One ruin-and-recreate search, resumable: its schedule, score and statistics.

    :func:`improve` runs one to the end; :mod:`solver.parallel_recreate` runs one per
    core in rounds and hands the best schedule to the others (:meth:`adopt`).
    """

    def __init__(
        self,
        problem: Problem,
        start: Solution,
        seed: int,
        score: Callable[[Solution], float] | None = None,
        size: int = NEIGHBOURHOOD_SESSIONS,
        hint: Mapping[int, Sequence[int]] | None = None,
        teachers: Mapping[tuple[int, int, int], int] | None = None,
    ) -> None:
        self.search = _Search(problem, start, seed, hint, teachers)
        self.score = score
        self.size = size
        self.delta = DeltaScore(problem, start) if score is None else None
        self.stats = RecreateStats()
        self.best = self.delta.value() if self.delta is not None else score(start)  # type: ignore[misc]
        self.required = {r.index for r in problem.requests if r.required}
        self.since = 0  # steps since the last improvement

    def solution(self) -> Solution:
        """The chain's current schedule, which is its best: steps not kept are undone."""
        return solution_of(self.search.occ)

    def run(
        self,
        deadline: float,
        *,
        progress: Callable[[float], None] | None = None,
        stop: Any = None,
        max_steps: int | None = None,
        patience: int | None = None,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        """Steps until ``deadline`` (a reading of ``now``: wall seconds, or a work clock's,
        :mod:`solver.clock`), ``stop``, ``max_steps`` steps in all, or ``patience``
        steps in a row without an improvement."""
        search, stats = self.search, self.stats
        while now() < deadline and not (stop is not None and stop.is_set()):
            if max_steps is not None and stats.steps >= max_steps:
                break
            if self.stalled(patience):
                break
            stats.steps += 1
            self.since += 1
            self.step(*search.neighbourhood(self.size), progress=progress)

    def step(
        self,
        chosen: list[int],
        first: int | None,
        *,
        progress: Callable[[float], None] | None = None,
        strict: bool = False,
    ) -> bool:
        """Ruin ``chosen`` and recreate it (``first`` first); keep the result when the
        score is at least as good (``strict``: better) and every required request stays
        met, else undo. Returns whether it was kept."""
        search, delta, stats = self.search, self.delta, self.stats
        before = {r: search.held(r) for r in chosen if r in self.required}
        old = search.take_out(chosen)
        search.recreate(chosen, first)
        new = search.bookings(chosen)
        # the whole schedule is read only when a score callable is given
        value = (
            delta.swap(chosen, *old, *new)
            if delta is not None
            else self.score(solution_of(search.occ))  # type: ignore[misc]
        )
        kept_required = all(search.held(r) >= n for r, n in before.items())
        better = value > self.best
        if (better or (value >= self.best and not strict)) and kept_required:
            search.note(chosen)  # undone steps leave what is missing as it was
            stats.kept += 1
            if better:
                self.since = 0
                stats.improvements += 1
                stats.trace.append((time.perf_counter(), value))
                if progress is not None:
                    progress(value)
            self.best = value
            return True
        if delta is not None:
            delta.swap(chosen, *new, *old)
        search.take_out(chosen)
        search.put_back(*old)
        return False

    def stalled(self, patience: int | None) -> bool:
        """Whether ``patience`` steps in a row went without an improvement (never with ``patience``
        None).
        """
        return patience is not None and self.since >= patience

    def adopt(self, solution: Solution) -> float:
        """Take over ``solution`` (another chain's, keeping every rule): re-book only
        the requests whose bookings differ. Returns its score."""
        search = self.search
        occ = search.occ
        theirs_s: dict[int, set[SessionAssignment]] = {}
        theirs_p: dict[int, set[PlacementAssignment]] = {}
        for s in solution.sessions:
            theirs_s.setdefault(s.request, set()).add(s)
        for p in solution.placements:
            theirs_p.setdefault(p.request, set()).add(p)
        touched = set(occ.sessions) | set(occ.placements) | set(theirs_s) | set(theirs_p)
        changed = sorted(
            r
            for r in touched
            if set(occ.sessions.get(r, {}).values()) != theirs_s.get(r, set())
            or set(occ.placements.get(r, [])) != theirs_p.get(r, set())
        )
        old = search.take_out(changed)
        new_s = [s for r in changed for s in sorted(theirs_s.get(r, ()), key=_index)]
        new_p = [p for r in changed for p in theirs_p.get(r, ())]
        search.put_back(new_s, new_p)
        search.note(changed)
        if self.delta is not None:
            self.best = self.delta.swap(changed, *old, new_s, new_p)
        else:
            self.best = self.score(solution_of(occ))  # type: ignore[misc]
        self.since = 0
        return self.best


def book_what_pays(
    problem: Problem,
    start: Solution,
    *,
    deadline: float,
    score: Callable[[Solution], float] | None = None,
    now: Callable[[], float] = time.perf_counter,
    hint: Mapping[int, Sequence[int]] | None = None,
    teachers: Mapping[tuple[int, int, int], int] | None = None,
) -> tuple[Solution, float, RecreateStats]:
    """Each request still short, the largest shortfall first: its own bookings taken out
    and booked again alone at the earliest fit, kept when the score rises; rounds over
    those still short while a round books something (a request booked again elsewhere
    can free the place another needed).

    A search its limit cut short can leave a request that fits as the schedule stands and
    would raise the objective (``time_limit`` in docs/reasons.md); this last pass books
    such requests, until ``deadline`` (a reading of ``now``). ``score`` as for
    :func:`improve`. Returns the schedule, its score and the statistics (``improvements``:
    requests booked further)."""
    chain = Chain(problem, start, seed=0, score=score, hint=hint, teachers=teachers)
    missing = chain.search.missing
    booked = -1
    while chain.stats.improvements > booked:
        booked = chain.stats.improvements
        for r in sorted(missing, key=lambda r: (-missing[r], r)):
            if now() >= deadline:
                return chain.solution(), chain.best, chain.stats
            chain.stats.steps += 1
            chain.step([r], r, strict=True)
    return chain.solution(), chain.best, chain.stats


def _index(s: SessionAssignment) -> int:
    return s.index


def improve(
    problem: Problem,
    start: Solution,
    *,
    deadline: float,
    score: Callable[[Solution], float] | None = None,
    seed: int = 0,
    size: int = NEIGHBOURHOOD_SESSIONS,
    progress: Callable[[float], None] | None = None,
    stop: Any = None,
    max_steps: int | None = None,
    patience: int | None = None,
    now: Callable[[], float] = time.perf_counter,
    hint: Mapping[int, Sequence[int]] | None = None,
    teachers: Mapping[tuple[int, int, int], int] | None = None,
) -> tuple[Solution, float, RecreateStats]:
    """Ruin and recreate from ``start`` until ``deadline`` (a reading of ``now``),
    ``max_steps`` steps, or ``patience`` steps in a row without an improvement.

    ``score`` defaults to the objective, kept up to date step by step
    (:class:`~solver.delta_score.DeltaScore`); a callable given instead is applied to
    the whole schedule at every step. ``hint`` gives requests resources to try first
    (:attr:`~solver.occupancy.Occupancy.resource_hint`), ``teachers`` instructors to try
    first (:attr:`~solver.occupancy.Occupancy.teacher_hint`). Returns the best schedule,
    its score and statistics; never worse than ``start``, which must keep every rule (a
    greedy or CP-SAT schedule does).
    """
    chain = Chain(problem, start, seed, score, size, hint, teachers)
    chain.run(
        deadline, progress=progress, stop=stop, max_steps=max_steps, patience=patience, now=now
    )
    return chain.solution(), chain.best, chain.stats
