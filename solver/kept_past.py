"""Re-solving mid-term: what has happened stays as published, the rest is planned on.

A re-solve in week 13 must not move a session of week 2, nor book a new one there.
:func:`keep_past` turns the problem, a published reference and the first day that may
still change into the problem a solver sees:

- a request *under way* (a reference session, or an internship begun, before that day)
  keeps its published timetable, future sessions included: its patterns, weekly caps,
  spacing and ``after`` links were met by that timetable and are kept met by keeping
  it. So do the requests it comes ``after`` (adding to one now would break the link).
  Each of its sessions becomes a one-session required request that can only start
  where it was, in its published resources, with its published instructors (an
  internship: its week and posts), with its cohorts' people as they are now. A
  ``free`` one may gain its missing sessions from the day on, as a request kept clear
  of its published sessions' weeks (under a weekly cap) and days (``min_days_apart``);
  a weekly or block run may go on in its next cells (one the changed term allows none
  of starts afresh from the day, nothing of it being kept); otherwise what it missed stays
  missing, as a request that can never be placed, so each institution's demand, and so
  fairness, are unchanged;
- every other request keeps its rules and may start only from that day on.

:meth:`KeptPast.restore` maps the answer back onto the problem's requests with the kept
bookings exactly as published (the solver may have split a session's people or an
internship's interns otherwise), the solver's other bookings where they still fit
beside them, and greedy booking of what is left.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from scheduler.calendar import CalendarIndex
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
from solver.fitted import fill, fit_into
from solver.greedy import solution_of
from solver.occupancy import Occupancy
from solver.words import Text, names, say


@dataclass(frozen=True, slots=True)
class KeptPast:
    """The problem a mid-term re-solve hands the solver, and how to read its answer."""

    problem: Problem  # what the solver sees
    reference: Solution  # the published reference in ``problem``'s indices
    origin: tuple[int, ...]  # per request of ``problem``: the original request position
    #: per request of ``problem``: the published session number it pins (0: none)
    pinned: tuple[int, ...]
    #: per request of ``problem``: the original numbers of its sessions 1, 2, ... (None:
    #: the same numbers; a kept request's sessions still to book take the numbers left)
    renumber: tuple[tuple[int, ...] | None, ...]
    kept: frozenset[int]  # original positions kept as published
    day: int  # 0-based first term day that may change
    #: the kept requests' published sessions and placements booked as they were
    #: (original indices), and the internships among them
    pinned_sessions: tuple[SessionAssignment, ...]
    pinned_placements: tuple[PlacementAssignment, ...]
    pinned_runs: frozenset[int]
    #: kept requests' missing parts that may not be booked, with why (original indices)
    kept_unmet: tuple[UnmetAssignment, ...]
    dropped: int  # published sessions and placements the current term no longer allows

    def restore(self, original: Problem, solution: Solution) -> Solution:
        """``solution`` (of :attr:`problem`) in ``original``'s indices, kept as published.

        The kept requests' sessions and placements are the published ones, exactly (the
        solver may have split a session's people or an internship's interns otherwise,
        or, cut short, not booked one). The solver's other bookings follow where they
        still fit beside them, then greedy booking fills what is left from :attr:`day`
        on. ``unmet`` holds :attr:`kept_unmet` only: the caller completes the rest
        (:func:`solver.pipeline.complete_unmet` on :meth:`explaining`).
        """
        conflicts = [
            ([re.sub(r"requests\[(\d+)\]", self._item, i) for i in items], message, others)
            for items, message, others in solution.conflicts
        ]
        metrics = {
            **solution.metrics,
            "kept_requests": len(self.kept),
            "kept_before_day": self.day,
            "kept_dropped": self.dropped,
        }
        if solution.status == "infeasible":  # an infeasible answer holds nothing
            return dataclasses.replace(
                solution, sessions=[], placements=[], conflicts=conflicts, metrics=metrics
            )
        view = self.explaining(original)
        occ = Occupancy(view)
        occ.load_sessions(list(self.pinned_sessions))
        for p in self.pinned_placements:
            occ.apply_placement(p)
        own = [
            dataclasses.replace(s, request=self.origin[s.request], index=self._number(s))
            for s in solution.sessions
            if not self.pinned[s.request]
        ]
        runs = [
            dataclasses.replace(p, request=self.origin[p.request])
            for p in solution.placements
            if self.origin[p.request] not in self.pinned_runs
        ]
        kept_back = fit_into(occ, own, runs)
        closed = {u.request for u in self.kept_unmet} | self.pinned_runs
        filled = fill(occ, view, closed, fixed=self.kept)
        booked = solution_of(occ)
        status = solution.status
        if (kept_back or filled or not self._exact(solution)) and status == "optimal":
            status = "feasible"
        metrics["kept_merge"] = {"left_out": kept_back, "filled": filled}
        return dataclasses.replace(
            solution,
            status=status,
            sessions=booked.sessions,
            placements=booked.placements,
            unmet=list(self.kept_unmet),
            conflicts=conflicts,
            metrics=metrics,
        )

    def grown_requests(self) -> set[int]:
        """Requests under way (of the original problem) that may still gain sessions:
        split into their pinned sessions and a piece for the rest."""
        return {
            self.origin[p]
            for p, numbers in enumerate(self.renumber)
            if numbers is not None and self.origin[p] in self.kept
        }

    @property
    def pinned_requests(self) -> frozenset[int]:
        """Requests of :attr:`problem` that can only be booked as published."""
        kept_runs = self.pinned_runs
        runs = {p.request for p in self.reference.placements if self.origin[p.request] in kept_runs}
        return frozenset(r for r, n in enumerate(self.pinned) if n) | runs

    def _number(self, s: SessionAssignment) -> int:
        numbers = self.renumber[s.request]
        return numbers[s.index - 1] if numbers else s.index

    def _exact(self, solution: Solution) -> bool:
        """Whether ``solution`` booked every kept session and internship as published."""
        got = {
            (self.origin[s.request], self.pinned[s.request]): s
            for s in solution.sessions
            if self.pinned[s.request]
        }
        same = all(
            (g := got.get((s.request, s.index))) is not None
            and g.start == s.start
            and g.parts == s.parts
            for s in self.pinned_sessions
        )
        placed = sorted(
            (self.origin[p.request], p.resource, p.headcount, p.first_week)
            for p in solution.placements
            if self.origin[p.request] in self.pinned_runs
        )
        published = sorted(
            (p.request, p.resource, p.headcount, p.first_week) for p in self.pinned_placements
        )
        return same and placed == published

    def explaining(self, original: Problem) -> Problem:
        """``original`` with every request starting from :attr:`day` on: what is missing
        is explained against the days a re-solve could still use."""
        first_slot = self.day * original.calendar.slots_per_day
        first_week = -(-self.day // original.calendar.days_per_week)
        return dataclasses.replace(
            original,
            requests=tuple(_from_day(r, first_slot, first_week) for r in original.requests),
        )

    def _item(self, m: re.Match[str]) -> str:
        return f"requests[{self.origin[int(m.group(1))]}]"


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
            placed[r] = _placements_resized(problem, req, ps)
    started = {r for r, ss in by_request.items() if any(s.start // spd < day for s in ss)}
    started |= {r for r, ps in placed.items() if any(p.first_week * dpw < day for p in ps)}
    kept = _with_predecessors(problem, started)

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

    holding, runs_holding = _holding(problem, kept, by_request, placed)
    for req in problem.requests:
        r = req.index
        if r not in kept:
            pos = add(_from_day(req, first_slot, first_week), r, links=True)
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
                one = None if now is None else _one_session(problem, req, now)
                if now is None or one is None:
                    alone = _resized(problem, req, published)
                    if (
                        req.pattern != "free"
                        and alone.start >= first_slot
                        and _one_session(problem, req, alone) is not None
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
                    more = _more(req, missing, starts, first_slot, cal)
                elif held:
                    # what it still holds is a run (the full rules fitted it link by
                    # link), even where a session the term no longer allows was lost
                    more = _run_on(req, missing, starts, first_slot, cal)
                else:
                    # the changed term allows none of its run: nothing of it is kept, and
                    # like a begun internship its posts no longer hold, it starts afresh
                    more = _sessions_from(req, first_slot)
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
                add(_never(req, missing), r)
                why = (
                    say("kept_before", id=successor_kept[r])
                    if r in successor_kept
                    else say("kept_run", pattern=_PATTERN_WORDS[req.pattern])
                )
                code = "precedence" if r in successor_kept else "pattern"
                unmet.append(_kept_entry(r, missing, code, why, day, dpw))
        else:
            ps = placed.get(r, [])
            run = _one_run(req, ps) if ps and r in runs_holding else None
            dropped += len(ps) if ps and run is None else 0
            if run is not None:
                pos = add(run, r)
                ref_placements += [dataclasses.replace(p, request=pos) for p in ps]
                pinned_placements.extend(ps)
            elif r not in successor_kept:  # begun, but its posts no longer hold it
                add(_from_day(req, first_slot, first_week), r, links=True)
            else:
                add(_never(req), r)
                why = say("kept_before", id=successor_kept[r])
                unmet.append(_kept_entry(r, req.headcount, "precedence", why, day, dpw))
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


_PATTERN_WORDS = {
    "weekly": Text("weekly", "每周"),
    "block": Text("block", "连续多日"),
    "free": Text("", ""),
}


def explain_runs_under_way(problem: Problem, kept: KeptPast, solution: Solution) -> None:
    """The unmet entry of a weekly or block run under way that went on short: why, in
    the words of a run kept as published (the explanations of a fresh request re-book
    it whole from the day on, ignoring its held weeks, and said more would fit)."""
    dpw = problem.calendar.days_per_week
    given = {u.request for u in kept.kept_unmet}
    for k, u in enumerate(solution.unmet):
        req = problem.requests[u.request]
        if (
            u.request in kept.kept
            and u.request not in given
            and isinstance(req, CSessionRequest)
            and req.pattern in ("weekly", "block")
            and u.missing < req.n_sessions  # it keeps some of its run: else the term's reason
        ):
            why = say("kept_run", pattern=_PATTERN_WORDS[req.pattern])
            solution.unmet[k] = _kept_entry(u.request, u.missing, "pattern", why, kept.day, dpw)


def _kept_entry(
    request: int, missing: int, code: str, why: Text, day: int, days_per_week: int
) -> UnmetAssignment:
    week, weekday = divmod(day, days_per_week)
    text = say("kept", why=why, week=week + 1, day=weekday + 1)
    return UnmetAssignment(request, missing, code, text.en, text.others())


def _holding(
    problem: Problem,
    kept: set[int],
    by_request: dict[int, list[SessionAssignment]],
    placed: dict[int, list[PlacementAssignment]],
) -> tuple[dict[tuple[int, int], SessionAssignment], set[int]]:
    """The kept requests' published bookings that still hold together in the term as it
    is now, by the full rules: the sessions (resized, :func:`_resized`) by (request,
    session number), and the internships.

    A rule tightened since publication (a capacity cut, a teacher's hours, a weekly cap,
    a new ``after`` link, a cohort resized) can leave a kept booking invalid; those are
    dropped (counted in ``kept_dropped``) rather than pinned.
    """
    occ = Occupancy(problem)
    both = [
        (s, _resized(problem, req, s))
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


def _with_predecessors(problem: Problem, started: set[int]) -> set[int]:
    kept = set(started)
    todo = list(started)
    while todo:
        for a in problem.requests[todo.pop()].after:
            if a not in kept:
                kept.add(a)
                todo.append(a)
    return kept


def _from_day(req: CRequest, first_slot: int, first_week: int) -> CRequest:
    """``req`` starting no earlier than ``first_slot`` (an internship: week ``first_week``)."""
    if isinstance(req, CInternship):
        if first_week <= 0:
            return req
        first = req.first_weeks.copy()
        first[:first_week] = False
        return dataclasses.replace(req, first_weeks=first)
    return _sessions_from(req, first_slot)


def _sessions_from(req: CSessionRequest, first_slot: int) -> CSessionRequest:
    """A session request starting no earlier than ``first_slot``."""
    if first_slot <= 0:
        return req
    starts = req.starts.copy()
    starts[:first_slot] = False
    resource_starts = req.resource_starts.copy()
    resource_starts[:, :first_slot] = False
    return dataclasses.replace(req, starts=starts, resource_starts=resource_starts)


def _resized(problem: Problem, req: CSessionRequest, s: SessionAssignment) -> SessionAssignment:
    """``s`` for its cohorts' sizes now, in the same resources.

    A cohort that lost or gained people since publication still had its sessions; the
    timetable keeps them where they were, with the people it has now (:func:`spread_headcounts`).
    Whether the resources hold the result is for :func:`_one_session` and the full
    rules to say.
    """
    heads = [p.headcount for p in s.parts]
    if sum(heads) == req.headcount:
        return s
    rooms = [_room(problem, p.resource) for p in s.parts]
    heads = spread_headcounts(heads, rooms, req.headcount)
    parts = tuple(
        dataclasses.replace(p, headcount=h) for p, h in zip(s.parts, heads, strict=True) if h > 0
    )
    return dataclasses.replace(s, parts=parts)


def _placements_resized(
    problem: Problem, req: CInternship, ps: list[PlacementAssignment]
) -> list[PlacementAssignment]:
    """An internship's placements ``ps`` for its cohorts' size now, in the same posts and
    weeks (:func:`spread_headcounts`), as :func:`_resized` does for a session's parts. Whether the
    posts hold them beside the other internships is for the full rules."""
    heads = [p.headcount for p in ps]
    if sum(heads) == req.headcount:
        return ps
    heads = spread_headcounts(heads, [_room(problem, p.resource) for p in ps], req.headcount)
    return [dataclasses.replace(p, headcount=h) for p, h in zip(ps, heads, strict=True) if h > 0]


def _room(problem: Problem, resource: int) -> int:
    res = problem.resources[resource]
    return res.capacity + res.overflow


def spread_headcounts(heads: list[int], rooms: list[int], total: int) -> list[int]:
    """Headcounts of the same parts for ``total`` people: one part takes them all;
    several gain people where they have room (``rooms``), in order, and lose them from
    the largest part (a part left with none goes). With no room left the last part
    overfills, and fails the full rules' check."""
    heads = list(heads)
    diff = total - sum(heads)
    if len(heads) == 1:
        return [total]
    if diff > 0:
        for k, room in enumerate(rooms):
            take = min(diff, max(0, room - heads[k]))
            heads[k] += take
            diff -= take
        heads[-1] += diff
    else:
        for k in sorted(range(len(heads)), key=lambda k: -heads[k]):
            give = min(-diff, heads[k])
            heads[k] -= give
            diff += give
    return heads


def _one_session(
    problem: Problem, req: CSessionRequest, s: SessionAssignment
) -> CSessionRequest | None:
    """A required one-session request that can only be ``s``; None when ``req`` no longer
    allows ``s`` (a resource, a start or an instructor the term has since withdrawn, or
    parts that no longer hold the cohorts' people)."""
    room = {p.resource: problem.resources[p.resource] for p in s.parts}
    held = sum(p.headcount for p in s.parts)
    if held != req.headcount or any(
        p.headcount > room[p.resource].capacity + room[p.resource].overflow for p in s.parts
    ):
        return None
    columns = {int(r): k for k, r in enumerate(req.resources.tolist())}
    ks = sorted(columns.get(p.resource, -1) for p in s.parts)
    if not ks or ks[0] < 0 or len(set(ks)) != len(ks) or (len(ks) > 1 and not req.split):
        return None
    if not all(bool(req.resource_starts[k, s.start]) for k in ks):
        return None
    teachers = sorted({p.instructor for p in s.parts if p.instructor is not None})
    if req.needs_instructor:
        allowed = set(req.instructors.tolist())
        if len(teachers) != len(s.parts) or not set(teachers) <= allowed:
            return None
    starts = np.zeros_like(req.starts)
    starts[s.start] = True
    resource_starts = np.zeros((len(ks), starts.size), dtype=bool)
    resource_starts[:, s.start] = True
    resources = req.resources[ks]
    return dataclasses.replace(
        req,
        id=f"{req.id}#{s.index}",
        n_sessions=1,
        required=True,
        pattern="free",
        max_per_week=None,
        min_days_apart=0,
        min_days=0,
        starts=starts,
        resources=resources,
        resource_starts=resource_starts,
        matching=resources.copy(),
        travel_minutes=req.travel_minutes[ks],
        instructors=np.array(teachers, dtype=np.int64) if req.needs_instructor else req.instructors,
    )


def _one_run(req: CInternship, ps: list[PlacementAssignment]) -> CInternship | None:
    """A required internship that can only take its published week and posts."""
    first = {p.first_week for p in ps}
    columns = {int(r): j for j, r in enumerate(req.posts.tolist())}
    js = sorted(columns.get(p.resource, -1) for p in ps)
    if len(first) != 1 or not js or js[0] < 0 or len(set(js)) != len(js):
        return None
    (w,) = first
    if not (0 <= w < req.first_weeks.size and req.first_weeks[w]):
        return None
    if not all(bool(req.post_weeks[j, w : w + req.weeks].all()) for j in js):
        return None
    only = np.zeros_like(req.first_weeks)
    only[w] = True
    return dataclasses.replace(
        req,
        id=f"{req.id}#1",
        required=True,
        first_weeks=only,
        posts=req.posts[js],
        post_weeks=req.post_weeks[js],
    )


def _more(
    req: CSessionRequest, missing: int, held: list[int], first_slot: int, cal: CalendarIndex
) -> CSessionRequest:
    """The ``missing`` sessions of a free request under way, from ``first_slot`` on.

    Its own ``max_per_week`` and ``min_days_apart`` hold among them; against the
    ``held`` (published, kept) starts, they keep ``min_days_apart`` calendar days away
    and, under a weekly cap, out of the weeks those already use.
    """
    ok = np.ones(req.starts.size, dtype=bool)
    ok[:first_slot] = False
    spd, spw = cal.slots_per_day, cal.slots_per_week
    slots = np.arange(ok.size)
    if req.min_days_apart > 0 and held:
        days = np.array([cal.calendar_day(d) for d in range(cal.n_days)])
        slot_day = days[slots // spd]
        for t in held:
            ok &= np.abs(slot_day - days[t // spd]) >= req.min_days_apart
    if req.max_per_week is not None:
        for t in held:
            w = t // spw
            ok[w * spw : (w + 1) * spw] = False
    return _part_to_book(req, missing, ok)


def _run_on(
    req: CSessionRequest, missing: int, held: list[int], first_slot: int, cal: CalendarIndex
) -> CSessionRequest | None:
    """The ``missing`` sessions of a weekly or block run under way, where it goes on.

    A weekly run goes on at its slot in the next weeks whose day is open, a block on the
    next open days; None when the next of those is before ``first_slot`` (the run has
    stopped and cannot start again) or the term has no such cell left (the cells there
    are, when fewer than ``missing``). Booked in part, the run may
    leave a gap: the answer is read back session by session against the full rules
    (:func:`solver.fitted.fit_into`), which keep only what extends the run.
    """
    spd, spw, n = cal.slots_per_day, cal.slots_per_week, cal.n_slots
    ok = np.zeros(n, dtype=bool)
    last = max(held)
    if req.pattern == "weekly":
        found, t = 0, last
        while found < missing:
            t += spw
            if t >= n:
                break  # the term ends first: the cells there are
            if cal.open_day[t // spd]:
                if t < first_slot:
                    return None
                ok[t] = True
                found += 1
    else:  # block: one session a day on consecutive open days
        found, d = 0, last // spd
        while found < missing:
            d += 1
            if d >= cal.n_days:
                break
            if cal.open_day[d]:
                if d * spd < first_slot:
                    return None
                ok[d * spd : (d + 1) * spd] = True
                found += 1
    return _part_to_book(req, missing, ok) if found else None


def _part_to_book(req: CSessionRequest, missing: int, ok: np.ndarray) -> CSessionRequest:
    """``req``'s ``missing`` sessions, to start only where ``ok``."""
    return dataclasses.replace(
        req,
        id=f"{req.id}#more",
        n_sessions=missing,
        starts=req.starts & ok,
        resource_starts=req.resource_starts & ok[None, :],
    )


def _never(req: CRequest, missing: int = 0) -> CRequest:
    """What a kept request missed: its demand counts, it can never be placed."""
    if isinstance(req, CInternship):
        return dataclasses.replace(
            req,
            id=f"{req.id}#missed",
            required=False,
            first_weeks=np.zeros_like(req.first_weeks),
        )
    return dataclasses.replace(
        req,
        id=f"{req.id}#missed",
        n_sessions=missing,
        required=False,
        starts=np.zeros_like(req.starts),
        resources=req.resources[:0],
        resource_starts=req.resource_starts[:0],
        travel_minutes=req.travel_minutes[:0],
    )
