"""The problem of a mid-term re-solve: which requests are under way, what of them still
holds in the term as it is now, and the requests the solver sees instead."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from scheduler.problem import (
    CInternship,
    CRequest,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
    UnmetAssignment,
)
from solver.fitted import fit_into
from solver.kept_past.headcounts import placements_resized, resized
from solver.kept_past.kept import KeptPast
from solver.kept_past.pieces import (
    from_day,
    more_sessions,
    never_placed,
    one_run,
    one_session,
    run_on,
    sessions_from,
)
from solver.kept_past.reasons import PATTERN_WORDS, kept_entry
from solver.occupancy import Occupancy
from solver.words import Text, names, say


def keep_past(problem: Problem, reference: Solution, day: int, dropped: int = 0) -> KeptPast:
    """The problem of a re-solve that may change nothing before 0-based term ``day``.

    ``dropped`` counts published bookings before the day already left out (naming a
    resource the term no longer has): they add to :attr:`KeptPast.dropped`.
    """
    cal = problem.calendar
    spd, dpw = cal.slots_per_day, cal.days_per_week
    day = max(0, min(day, cal.n_days))
    first_slot, first_week = day * spd, -(-day // dpw)  # the first that may change
    by_request: dict[int, list[SessionAssignment]] = defaultdict(list)
    for s in reference.sessions:
        by_request[s.request].append(s)
    placed: dict[int, list[PlacementAssignment]] = defaultdict(list)
    for p in reference.placements:
        placed[p.request].append(p)
    for r, ps in placed.items():
        req = problem.requests[r]
        if isinstance(req, CInternship):
            placed[r] = placements_resized(problem, req, ps)
    started = {r for r, ss in by_request.items() if any(s.start // spd < day for s in ss)}
    started |= {r for r, ps in placed.items() if any(p.first_week * dpw < day for p in ps)}
    kept = with_predecessors(problem, started)

    # kept request -> one kept request that comes after it, as a sentence names it
    successor_kept: dict[int, Text] = {}
    for q in sorted(kept, reverse=True):
        for a in problem.requests[q].after:
            successor_kept[a] = names.request(problem.requests[q])
    unmet: list[UnmetAssignment] = []  # kept requests' missing parts no one may book
    pinned_sessions: list[SessionAssignment] = []
    pinned_placements: list[PlacementAssignment] = []

    requests: list[CRequest] = []
    origin: list[int] = []
    pinned: list[int] = []
    renumber: list[tuple[int, ...] | None] = []
    linked: list[bool] = []  # whether its ``after`` links still bind
    ref_sessions: list[SessionAssignment] = []
    ref_placements: list[PlacementAssignment] = []
    new_of: dict[int, list[int]] = defaultdict(list)  # original -> positions in the new problem

    def add(
        req: CRequest,
        orig: int,
        number: int = 0,
        numbers: tuple[int, ...] | None = None,
        links: bool = False,
    ) -> int:
        """Append ``req`` to the re-solve's problem for original request ``orig``; returns its
        position.

        ``number`` is the published session number it pins (0: none), ``numbers`` the original
        session numbers its sessions take, ``links`` whether its ``after`` links still bind.
        """
        pos = len(requests)
        requests.append(dataclasses.replace(req, index=pos))
        origin.append(orig)
        pinned.append(number)
        renumber.append(numbers)
        linked.append(links)
        new_of[orig].append(pos)
        return pos

    holding, runs_holding = holding_bookings(problem, kept, by_request, placed)
    for req in problem.requests:
        r = req.index
        if r not in kept:
            pos = add(from_day(req, first_slot, first_week), r, links=True)
            ref_sessions += [dataclasses.replace(s, request=pos) for s in by_request.get(r, [])]
            ref_placements += [dataclasses.replace(p, request=pos) for p in placed.get(r, [])]
            continue
        if isinstance(req, CSessionRequest):
            held: list[SessionAssignment] = []
            # later sessions of a run the term still allows where they are, lost only
            # with a link before them (its lab withdrawn that week): where the run goes
            # on, they are where it should go
            waiting: list[SessionAssignment] = []
            lost = 0
            for published in sorted(by_request.get(r, []), key=lambda s: s.index):
                now = holding.get((r, published.index))
                one = None if now is None else one_session(problem, req, now)
                if now is None or one is None:
                    alone = resized(problem, req, published)
                    if (
                        req.pattern != "free"
                        and alone.start >= first_slot
                        and one_session(problem, req, alone) is not None
                    ):
                        waiting.append(alone)
                    else:
                        lost += 1
                    continue
                pos = add(one, r, now.index)
                ref_sessions.append(dataclasses.replace(now, request=pos, index=1))
                pinned_sessions.append(now)
                held.append(now)
            missing = req.n_sessions - len(held)
            starts = [s.start for s in held]
            more = None
            if missing > 0 and r not in successor_kept:
                # a request under way may still gain sessions from the day on, where its
                # rules allow them beside its published ones
                if req.pattern == "free":
                    more = more_sessions(req, missing, starts, first_slot, cal)
                elif held:
                    # what it still holds is a run (the full rules fitted it link by
                    # link), even where a session the term no longer allows was lost
                    more = run_on(req, missing, starts, first_slot, cal)
                else:
                    # the changed term allows none of its run: nothing of it is kept, and
                    # like a begun internship its posts no longer hold, it starts afresh
                    more = sessions_from(req, first_slot)
            if more is not None:
                used = {s.index for s in held}
                free = tuple(n for n in range(1, req.n_sessions + 1) if n not in used)
                pos = add(more, r, numbers=free, links=True)
                ref_sessions += [
                    dataclasses.replace(s, request=pos, index=k) for k, s in enumerate(waiting, 1)
                ]
            else:
                lost += len(waiting)  # the run stops before them
            dropped += lost
            if more is None and missing > 0:
                add(never_placed(req, missing), r)
                why = (
                    say("kept_before", id=successor_kept[r])
                    if r in successor_kept
                    else say("kept_run", pattern=PATTERN_WORDS[req.pattern])
                )
                code = "precedence" if r in successor_kept else "pattern"
                unmet.append(kept_entry(r, missing, code, why, day, dpw))
        else:
            ps = placed.get(r, [])
            run = one_run(req, ps) if ps and r in runs_holding else None
            dropped += len(ps) if ps and run is None else 0
            if run is not None:
                pos = add(run, r)
                ref_placements += [dataclasses.replace(p, request=pos) for p in ps]
                pinned_placements.extend(ps)
            elif r not in successor_kept:  # begun, but its posts no longer hold it
                add(from_day(req, first_slot, first_week), r, links=True)
            else:
                add(never_placed(req), r)
                why = say("kept_before", id=successor_kept[r])
                unmet.append(kept_entry(r, req.headcount, "precedence", why, day, dpw))
    # ``after`` links of the requests planned on (a link to a kept request reads its
    # pinned sessions); a kept request's own are met by its published timetable
    final: list[CRequest] = []
    for req in requests:
        if linked[req.index]:
            after = tuple(sorted({p for a in req.after for p in new_of[a]}))
            final.append(dataclasses.replace(req, after=after))
        else:
            final.append(dataclasses.replace(req, after=()))
    return KeptPast(
        problem=dataclasses.replace(problem, requests=tuple(final)),
        reference=dataclasses.replace(
            reference, sessions=ref_sessions, placements=ref_placements, unmet=[]
        ),
        origin=tuple(origin),
        pinned=tuple(pinned),
        renumber=tuple(renumber),
        kept=frozenset(kept),
        day=day,
        pinned_sessions=tuple(pinned_sessions),
        pinned_placements=tuple(pinned_placements),
        pinned_runs=frozenset(p.request for p in pinned_placements),
        kept_unmet=tuple(unmet),
        dropped=dropped,
    )


def holding_bookings(
    problem: Problem,
    kept: set[int],
    by_request: dict[int, list[SessionAssignment]],
    placed: dict[int, list[PlacementAssignment]],
) -> tuple[dict[tuple[int, int], SessionAssignment], set[int]]:
    """The kept requests' published bookings that still hold together in the term as it
    is now, by the full rules: the sessions (resized, :func:`resized`) by (request,
    session number), and the internships.

    A rule tightened since publication (a capacity cut, a teacher's hours, a weekly cap,
    a new ``after`` link, a cohort resized) can leave a kept booking invalid; those are
    dropped (counted in ``kept_dropped``) rather than pinned.
    """
    occ = Occupancy(problem)
    both = [
        (s, resized(problem, req, s))
        for r in sorted(kept)
        if isinstance(req := problem.requests[r], CSessionRequest)
        for s in by_request.get(r, [])
    ]
    # the bookings that did not change go in first: where a grown cohort no longer fits
    # a shared room beside them, its own sessions are the ones that cannot stand, not
    # another college's that were there as published
    steady = [new for old, new in both if new is old]
    fit_into(occ, steady, [p for r in sorted(kept) for p in placed.get(r, [])])
    fit_into(occ, [new for old, new in both if new is not old], [])
    holding = {(r, n): s for r, held in occ.sessions.items() for n, s in held.items()}
    return holding, {r for r, ps in occ.placements.items() if ps}


def with_predecessors(problem: Problem, started: set[int]) -> set[int]:
    kept = set(started)
    todo = list(started)
    while todo:
        for a in problem.requests[todo.pop()].after:
            if a not in kept:
                kept.add(a)
                todo.append(a)
    return kept
