"""Why a request is not met: reason codes of docs/reasons.md, derived from the data.

Each request not met in full is re-tested *alone* against the final schedule (its
own sessions taken out). The rule families are switched on one at a time, in the
order of docs/reasons.md; the first stage at which the request can no longer be
met in full names the reason::

    no_resource -> window -> precedence -> conflict -> capacity -> instructor
                -> travel -> pattern -> trade_off (it would fit on its own)

The later stages still run: each one that takes away more of the request is named in
the message's tail ("...: only 7 of 9 sessions fit in between; counting the bookings
of 'lab-2' too (taken by 'r-12'), no session fits"), so a planner sees what to relax
first and what would still block after it.

The stages re-run the greedy placement (:mod:`solver.greedy`) on copies of the
schedule's occupancy that hold only the families switched on so far (built once per
stage, shared by all requests). Naming what shortens a pattern's run re-places the
request once per set of families relaxed, so the explanation costs one to three greedy
runs (greedy's L/1 schedule, 1,469 requests unmet: 4.2 s against 1.4 s of placement).
A request that fits on its own and would raise the objective was left out by a search
that stopped first: ``time_limit`` when the explainer is told the search was cut
short (a CP-SAT answer not proven optimal), else ``trade_off``.

Every sentence is a :class:`solver.words.Text`: the facts (what things are called, week
ranges, counts, who takes the rooms) are gathered once and worded by each language's template, so
``message`` (English) and ``messages["zh"]`` cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np

from scheduler.objective_terms import TERM_WEIGHTS, minutes_text
from scheduler.problem import (
    CInternship,
    CSessionRequest,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
    UnmetAssignment,
)
from solver.delta_score import DeltaScore
from solver.greedy import missing_counts, place_internship, place_sessions
from solver.occupancy import (
    ALL_FAMILIES,
    COHORT,
    FULL_RULES,
    INSTRUCTOR,
    RESOURCE,
    Occupancy,
    Rules,
)
from solver.occupancy.spans import covered
from solver.words import EMPTY, Text, join, plain, say
from solver.words.names import Namer

#: The penalty terms a trade-off's message names (each has a ``term_*`` template).
_TERMS = frozenset(t for t, (_, sign) in TERM_WEIGHTS.items() if sign < 0)


@dataclass(frozen=True, slots=True)
class Stage:
    """One re-test of the explanation: its reason code, the occupancy families whose bookings count,
    and the placement rules checked.
    """

    code: str
    families: frozenset[str]
    rules: Rules


_NO_RULES = Rules(precedence=False, instructors=False, travel=False, pattern=False)
_PRECEDENCE = Rules(precedence=True, instructors=False, travel=False, pattern=False)

STAGES: tuple[Stage, ...] = (
    Stage("window", frozenset(), _NO_RULES),
    Stage("precedence", frozenset(), _PRECEDENCE),
    Stage("conflict", frozenset({COHORT}), _PRECEDENCE),
    Stage("capacity", frozenset({COHORT, RESOURCE}), _PRECEDENCE),
    Stage(
        "instructor",
        frozenset({COHORT, RESOURCE, INSTRUCTOR}),
        Rules(precedence=True, instructors=True, travel=False, pattern=False),
    ),
    Stage("travel", ALL_FAMILIES, Rules(precedence=True, instructors=True, pattern=False)),
    Stage("pattern", ALL_FAMILIES, FULL_RULES),
)


def explain_unmet(problem: Problem, solution: Solution) -> list[UnmetAssignment]:
    """One :class:`UnmetAssignment` per request ``solution`` does not meet in full."""
    explainer = Explainer(problem, solution)
    out = []
    for req in problem.requests:
        u = explainer.explain(req.index)
        if u is not None:
            out.append(u)
    return out


class Explainer:
    """Re-tests requests against one schedule; the per-stage occupancies are built lazily."""

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        occupancy: Occupancy | None = None,
        search_stopped: bool = False,
    ) -> None:
        self.problem = problem
        self.solution = solution
        #: the schedule comes from a search cut short by its limit (see the module)
        self.search_stopped = search_stopped
        self.full = (
            occupancy if occupancy is not None else Occupancy.from_solution(problem, solution)
        )
        self._states: dict[frozenset[str], Occupancy] = {ALL_FAMILIES: self.full}
        self.missing = missing_counts(problem, solution)
        self._score: DeltaScore | None = None  # built at the first trade-off
        #: names things in the sentence being built (each in full once)
        self.names = Namer(problem)

    def state(self, families: frozenset[str]) -> Occupancy:
        """The schedule's occupancy holding only ``families``, built on first use and shared by
        every request explained.
        """
        if families not in self._states:
            self._states[families] = self.full.restricted(families)
        return self._states[families]

    # ------------------------------------------------------------------ public

    def explain(self, request: int) -> UnmetAssignment | None:
        """Reason for the shortfall of ``request``, or None when it is met in full."""
        missing = self.missing[request]
        if missing <= 0:
            return None
        code, text = self.reason(request)
        return UnmetAssignment(request, missing, code, text.en, text.others())

    def reason(self, request: int) -> tuple[str, Text]:
        """The reason code of ``request``'s shortfall and its sentence in every language."""
        req = self.problem.requests[request]
        self.names.new_sentence()
        static = self._no_resource(req)
        if static is not None:
            return "no_resource", static
        static = self._no_instructor(req)
        if static is not None:
            # whatever the schedule: a stage before 'instructor' that left nothing would
            # read as if moving other bookings could help
            return "instructor", static
        want = req.n_sessions if isinstance(req, CSessionRequest) else 1
        drops: list[tuple[str, int]] = []  # (stage, fit) each time the fit gets smaller
        for stage in STAGES:
            if not self.stage_applies(req, stage.code):
                continue  # adds no constraint to this request: it cannot newly fail here
            if drops and (drops[-1][1] == 0 or isinstance(req, CInternship)):
                break  # nothing left to take away (an internship fits whole or not)
            # the request's own bookings in the final schedule keep every rule: at least
            # those fit at any stage (a greedy re-test giving the wrong teacher a slot
            # said 2 fit where the schedule held 3; a reasons audit)
            fit = max(self.fit_alone(request, stage), want - self.missing[request])
            if fit < (drops[-1][1] if drops else want):
                drops.append((stage.code, fit))
        if not drops:
            return self._fits_alone(request)
        code, fit = drops[0]
        # what shortens a pattern's run is worked out where the sentence says it, so that
        # the names it gives come in the order they are read (each in full the first time)
        message = self._message(code, req, fit, want, drops)
        for later, fewer in drops[1:]:
            assert isinstance(req, CSessionRequest)  # an internship fits whole or not: one drop
            also = self._also(later, req, drops)
            message += say("tail", also=also, some=_sessions_fit(req, fewer))
        if isinstance(req, CSessionRequest) and drops[-1][1] > want - self.missing[request]:
            # more fits than the schedule holds: say why the rest was left out too
            message += self._left_out(req)
        return code, message

    def stage_applies(self, req: CSessionRequest | CInternship, code: str) -> bool:
        """Whether switching on ``code``'s family can change what fits of ``req``.

        Skipping the stages that cannot saves most of the re-testing on large schedules.
        """
        full = self.full
        if code == "precedence":
            return full.precedence_bounds(req.index) != (0, full.n_slots)
        if isinstance(req, CInternship):
            return code in ("window", "conflict", "capacity")
        if code == "instructor":
            return req.needs_instructor
        if code == "pattern":
            return req.pattern != "free" or req.max_per_week is not None or req.min_days_apart > 0
        if code == "travel":
            return self._travel_may_bind(req)
        return True

    def _pattern_cut(
        self, req: CSessionRequest | CInternship, drops: list[tuple[str, int]]
    ) -> Text:
        """What shortens the pattern's run, when single sessions still fit: a weekly run
        squeezed between its cohort's internship and the order that puts it first reads
        as a pattern limit unless both are named.

        The families (the order of ``after``, the cohorts' other bookings, the resources',
        the instructors') are relaxed together; if more would then fit in the pattern,
        each is switched back on in turn and stays on when more still fits: the ones
        left relaxed are a smallest set to name (none, when nothing relaxed helps)."""
        fits = dict(drops)
        if "pattern" not in fits or isinstance(req, CInternship):
            return EMPTY
        least = fits["pattern"]
        relaxed = [COHORT, RESOURCE]
        if req.needs_instructor:
            relaxed.append(INSTRUCTOR)
        if "precedence" not in fits and self.stage_applies(req, "precedence"):
            relaxed.insert(0, "order")
        if self._fits_relaxing(req, relaxed) <= least:
            return EMPTY
        for family in list(relaxed):
            rest = [f for f in relaxed if f != family]
            if rest and self._fits_relaxing(req, rest) > least:
                relaxed = rest
        if "order" in relaxed:
            # the requests of the order hold the earlier or later weeks themselves: name
            # a family too only for what others hold there (instructors' holders are
            # not recorded, so the order is said alone)
            linked = set(req.after) | set(self.full.successors[req.index])
            held = {COHORT: self._cohort_who, RESOURCE: self._resource_who}
            relaxed = [
                f for f in relaxed if f == "order" or (f in held and set(held[f](req)) - linked)
            ]
        return say("pattern_cut", why=join((self._cut_text(req, f) for f in relaxed), "and"))

    def _fits_relaxing(self, req: CSessionRequest, relaxed: list[str]) -> int:
        families = ALL_FAMILIES - set(relaxed)
        rules = Rules(precedence="order" not in relaxed)
        return self.fit_alone(req.index, Stage("pattern", families, rules))

    def _cut_text(self, req: CSessionRequest, family: str) -> Text:
        if family == "order":
            return self._precedence_text(req)
        if family == COHORT:
            be = say("cohorts_is" if len(req.cohorts) == 1 else "cohorts_are")
            cohorts = _cohorts(self.names, req.cohorts)
            return say("cut_cohort", cohorts=cohorts, be=be, busy=self._cohort_busy_with(req))
        if family == RESOURCE:
            who = self._resource_takers(req)
            by = say("taken_by", who=who) if who else EMPTY
            return say("cut_resources", resources=resource_names(self.names, req.resources), by=by)
        return say("cut_instructors", instructors=_instructors(self.names, req.instructors))

    def _travel_may_bind(self, req: CSessionRequest) -> bool:
        """Some candidate site is a non-zero trip from a site the cohorts or candidate
        instructors visit on some day, or from another candidate site when its own
        sessions (or parts) may share a day."""
        full = self.full
        cand = {full.res_site[int(r)] for r in req.resources}
        other: set[int] = set(cand) if _own_sessions_meet(req) else set()
        people = [full.cohort_visits[c] for c in req.cohorts]
        if req.needs_instructor:
            people += [full.instr_visits[int(i)] for i in req.instructors]
        for by_day in people:
            for visits in by_day.values():
                for v in visits:
                    if v.request != req.index:
                        other.update(v.sites)
        travel = self.problem.travel
        return any(travel[a, b] > 0 for a in cand for b in other)

    def fit_alone(self, request: int, stage: Stage) -> int:
        """Sessions (internships: 1 or 0) of ``request`` that fit alone at ``stage``."""
        occ = self.state(stage.families)
        req = self.problem.requests[request]
        rules = stage.rules
        dry = isinstance(req, CSessionRequest) and not (
            rules.instructors or rules.travel or rules.pattern
        )
        # With no family loaded the request's own sessions occupy nothing but their list,
        # which only patterns read: then they can stay.
        aside = _set_aside(occ, request) if occ.families or rules.pattern else nullcontext()
        with aside:
            sessions, placements = _trial(occ, req, rules, dry)
        return len(sessions) if isinstance(req, CSessionRequest) else int(bool(placements))

    def booking_change(self, request: int) -> tuple[float, dict[str, int], int]:
        """What booking ``request`` where the greedy rules put it in the final schedule
        changes: the objective, each term that moves (its own sessions aside), and the
        sessions (internships: placements) it then holds."""
        occ, req = self.full, self.problem.requests[request]
        with _set_aside(occ, request) as (own_s, own_p):
            new_s, new_p = _trial(occ, req, FULL_RULES)
        if self._score is None:
            self._score = DeltaScore(self.problem, self.solution)
        score = self._score
        value, terms = score.value(), score.terms()
        after = score.swap([request], own_s, own_p, new_s, new_p)
        moved = {t: v - terms[t] for t, v in score.terms().items() if v != terms[t]}
        score.swap([request], new_s, new_p, own_s, own_p)
        return after - value, moved, len(new_s) + len(new_p)

    def _fits_alone(self, request: int) -> tuple[str, Text]:
        """It fits as the schedule stands: ``trade_off`` when its penalties outweigh (or
        just match) what it gains under the scenario's weights; when booking it would
        raise the objective, ``time_limit`` if the search was cut short, else
        ``trade_off`` (it ended first)."""
        req = self.problem.requests[request]
        if isinstance(req, CSessionRequest):
            n = req.n_sessions
            fits = say("fits_sessions", n=n, s="" if n == 1 else "s")
        else:
            fits = say("fits_internship", headcount=req.headcount, weeks=req.weeks)
        change, moved, _ = self.booking_change(request)
        if change > 0 and self.search_stopped:
            return "time_limit", say("time_limit_search", fits=fits, change=change)
        if change > 0:
            return "trade_off", say("trade_off_search", fits=fits, change=change)
        key = "trade_off_tie" if change == 0 else "trade_off_penalty"
        return "trade_off", say(key, fits=fits, why=self._costs(moved), change=change)

    def _left_out(self, req: CSessionRequest) -> Text:
        """The tail of a message whose request would hold more on its own than the
        schedule gives it (fewer than it asks for, so its reason is a rule): why the
        sessions that do fit are not booked."""
        held = req.n_sessions - self.missing[req.index]
        change, moved, booked = self.booking_change(req.index)
        more = booked - held
        if more <= 0:  # the greedy rules place no more than the schedule holds
            return EMPTY
        n = {"n": more, "s": "" if more == 1 else "s"}
        if change > 0:
            key = "left_out_time_limit" if self.search_stopped else "left_out_search"
            return say(key, change=change, **n)
        key = "left_out_tie" if change == 0 else "left_out_penalty"
        return say(key, why=self._costs(moved), change=change, **n)

    def _costs(self, moved: dict[str, int]) -> Text:
        """The penalty terms booking raises, in brackets (or nothing)."""
        costs = [
            say("term_cost", term=say(f"term_{t}"), value=v)
            for t, v in moved.items()
            if t in _TERMS and v > 0 and self.problem.weights[TERM_WEIGHTS[t][0]] > 0
        ]
        return say("paren", x=join(costs, "list")) if costs else EMPTY

    # ------------------------------------------------------------------ messages

    def _no_resource(self, req: CSessionRequest | CInternship) -> Text | None:
        full = self.full
        if isinstance(req, CInternship):
            if len(req.posts) == 0:
                return say("no_post", id=self.names("request", req.index))
            room = int(full.res_limit[req.posts].sum())
            if room < req.headcount:
                posts = resource_names(self.names, req.posts)
                return say("posts_too_small", posts=posts, room=room, headcount=req.headcount)
            return None
        # Only what holds whatever the time: a resource left no start time is 'window'.
        if len(req.matching) == 0:
            return say(
                "no_resource",
                id=self.names("request", req.index),
                institutions=_inst(self.names, req.institutions),
                headcount=req.headcount,
                one_room=EMPTY if req.split else say("in_one_room"),
            )
        if req.split:
            room = int(full.res_limit[req.matching].sum())
            if room < req.headcount:
                return say(
                    "split_too_small",
                    resources=resource_names(self.names, req.matching),
                    room=room,
                    headcount=req.headcount,
                )
        return None

    def _no_instructor(self, req: CSessionRequest | CInternship) -> Text | None:
        """A session request whose instructors can never teach it: none qualifies, or
        none is available over a whole session at any time it could start."""
        if not isinstance(req, CSessionRequest) or not req.needs_instructor:
            return None
        if len(req.instructors) == 0:
            return say("instructor_none", id=self.names("request", req.index))
        starts = np.asarray(req.resource_starts.any(axis=0))
        if not starts.any():
            return None  # no time at all: the window stage says so, not the instructors
        for i in req.instructors:
            free = self.problem.instructors[int(i)].available
            windows = np.lib.stride_tricks.sliding_window_view(free, req.duration)
            spans = np.asarray(windows.all(axis=1))  # free over a whole session from t
            if (starts[: spans.size] & spans).any():
                return None
        instructors = _instructors(self.names, req.instructors)
        return say("instructor_never", instructors=instructors)

    def _message(
        self,
        code: str,
        req: CSessionRequest | CInternship,
        fit: int,
        want: int,
        drops: list[tuple[str, int]],
    ) -> Text:
        if isinstance(req, CInternship):
            return self._internship_message(code, req)
        some = _sessions_fit(req, fit)
        if code == "window":
            return self._window_text(req, _cohorts(self.names, req.cohorts), some)
        if code == "precedence":
            return say("precedence", order=self._precedence_text(req), some=some)
        if code == "conflict":
            be = say("cohorts_is" if len(req.cohorts) == 1 else "cohorts_are")
            cohorts = _cohorts(self.names, req.cohorts)
            busy = self._cohort_busy_with(req)
            return say("conflict", cohorts=cohorts, be=be, busy=busy, some=some)
        if code == "capacity":
            resources = resource_names(self.names, req.resources)
            cohorts = _cohorts(self.names, req.cohorts)
            taken = self._resources_taken_by(req)
            return say("capacity", resources=resources, cohorts=cohorts, taken=taken, some=some)
        if code == "instructor":
            if len(req.instructors) == 0:
                return say("instructor_none", id=self.names("request", req.index))
            instructors = _instructors(self.names, req.instructors)
            return say("instructor", instructors=instructors, some=some)
        if code == "travel":
            key = "travel" if req.needs_instructor else "travel_no_instructor"
            return say(key, some=some, trip=self._nearest_trip(req))
        assert code == "pattern", code  # trade_off has its own text
        return say("pattern", some=some, shape=_shape(req), order=self._pattern_cut(req, drops))

    def _window_text(self, req: CSessionRequest, cohorts: Text, some: Text) -> Text:
        """Name what leaves no time: the window and cohorts alone, or with the resources."""
        p = self.problem
        if not req.starts.any():
            return say("window_no_start", cohorts=cohorts, some=some)
        weeks = np.flatnonzero(
            req.resource_starts.any(axis=0).reshape(p.calendar.n_weeks, -1).any(axis=1)
        )
        where = say("possible_weeks", weeks=weeks_text(weeks)) if len(weeks) else EMPTY
        resources = resource_names(self.names, req.matching)
        return say(
            "window_too_little",
            cohorts=cohorts,
            resources=resources,
            some=some,
            where=where,
            owners=self._owners_keep(req),
        )

    def _owners_keep(self, req: CSessionRequest) -> Text:
        """Whether the candidates' ``owner_windows`` take starts away from a request not
        entirely their owner's (a college-user audit: the sentence named the window and
        availability, both open at the times the owner keeps for itself)."""
        p = self.problem
        cal = p.calendar
        free = np.zeros(cal.n_slots, dtype=bool)
        for r in req.matching:  # the candidates with no start left are not in 'resources'
            free |= req.starts & cal.span_ok(p.resources[int(r)].available, req.duration)
        kept = int(free.sum()) > int(req.resource_starts.any(axis=0).sum())
        return say("owners_keep") if kept else EMPTY

    def _also(self, code: str, req: CSessionRequest, drops: list[tuple[str, int]]) -> Text:
        """What a later stage adds, for the sentence's tail: the reason's stage is where
        the request stops fitting in full; a later family may take away more of it."""
        if code == "precedence":
            clauses = self._precedence_clauses(req)
            return say("also_must", clauses=clauses) if clauses else say("also_order_binds")
        if code == "conflict":
            who = self._cohort_takers(req)
            by = say("busy_with_also", who=who) if who else EMPTY
            return say("also_conflict", cohorts=_cohorts(self.names, req.cohorts), by=by)
        if code == "capacity":
            who = self._resource_takers(req)
            by = say("taken_by", who=who) if who else EMPTY
            return say("also_capacity", resources=resource_names(self.names, req.resources), by=by)
        if code == "instructor":
            return say("also_instructor", instructors=_instructors(self.names, req.instructors))
        if code == "travel":
            return say("also_travel", trip=self._nearest_trip(req))
        return say("also_pattern", shape=_shape(req), order=self._pattern_cut(req, drops))

    def _nearest_trip(self, req: CSessionRequest) -> Text:
        """The shortest trip that takes time, between a candidate's site and a site its
        cohorts (or candidate instructors) go to on a day it could use, or another
        candidate's when its own sessions may share a day: every trip that blocks it is
        at least that long (a 0-minute trip, or one on a day it cannot use, was named;
        a reasons audit)."""
        full, p = self.full, self.problem
        here = {full.res_site[int(r)] for r in req.resources}
        there: set[int] = set(here) if _own_sessions_meet(req) else set()
        days = set((np.flatnonzero(req.resource_starts.any(axis=0)) // full.spd).tolist())
        people = [full.cohort_visits[c] for c in req.cohorts]
        if req.needs_instructor:
            people += [full.instr_visits[int(i)] for i in req.instructors]
        for by_day in people:
            for day, visits in by_day.items():
                if day in days:
                    there.update(s for v in visits if v.request != req.index for s in v.sites)
        trips = sorted(
            (p.travel[a, b], a, b) for a in here for b in there if a != b and p.travel[a, b] > 0
        )
        if not trips:
            return EMPTY
        minutes, a, b = trips[0]
        sites = {"a": self.names("site", a), "b": self.names("site", b)}
        if not np.isfinite(minutes):
            return say("trip_no_path", **sites)
        return say("trip", minutes=minutes_text(minutes), **sites)

    def _internship_message(self, code: str, req: CInternship) -> Text:
        p = self.problem
        posts = resource_names(self.names, req.posts)
        if code == "window":
            cohorts = _cohorts(self.names, req.cohorts)
            closed = EMPTY
            if req.closed_weeks:
                key = "intern_closed_week" if len(req.closed_weeks) == 1 else "intern_closed_weeks"
                closed = say(key, weeks=join((plain(str(w)) for w in req.closed_weeks), "list"))
            # weeks a post is available but its owner keeps (owner_windows) for its own
            # cohorts: the sentence named only the posts' availability (a spec audit). Weeks
            # before a mid-term request's first bookable week are gone, not kept.
            now = p.calendar.first_bookable_week
            kept = any(
                bool(res.owner_only.any() and (res.week_available & ~weeks)[now:].any())
                for res, weeks in zip(
                    (p.resources[int(r)] for r in req.posts), req.post_weeks, strict=True
                )
            )
            owners = say("owners_keep") if kept else EMPTY
            return say(
                "intern_window",
                weeks=req.weeks,
                cohorts=cohorts,
                posts=posts,
                owners=owners,
                closed=closed,
            )
        if code == "precedence":
            return say("intern_precedence", order=self._precedence_text(req), weeks=req.weeks)
        if code == "conflict":
            return say(
                "intern_conflict",
                cohorts=_cohorts(self.names, req.cohorts),
                weeks=req.weeks,
                busy=self._cohort_busy_with(req),
            )
        assert code == "capacity", code  # trade_off has its own text
        # who holds the posts in the weeks it could take (the whole term named an
        # internship of weeks outside its window; a college-user audit)
        full = self.full
        weeks = self._window_slots(req).reshape(full.n_weeks, -1).any(axis=1)
        who: Counter[int] = Counter()
        for j, post in enumerate(req.posts):
            usable = weeks & np.asarray(req.post_weeks[j], dtype=bool)[: full.n_weeks]
            who.update(_tally(full.post_who[int(post), usable], req.index))
        by = say("taken_by", who=_top(self.names, who)) if who else EMPTY
        return say("intern_capacity", posts=posts, by=by)

    def _precedence_text(self, req: CSessionRequest | CInternship) -> Text:
        clauses = self._precedence_clauses(req)
        return say("must", clauses=clauses) if clauses else say("order_binds")

    def _precedence_clauses(self, req: CSessionRequest | CInternship) -> Text:
        """What the order asks of ``req`` as the schedule stands (empty when nothing is
        booked on either side)."""
        p, full = self.problem, self.full
        parts = []
        for q in req.after:
            span = full.span_of(q)
            if span is not None:
                when = _when(p, span[1] - 1)
                parts.append(say("after_clause", id=self.names("request", q), when=when))
        for q in full.successors[req.index]:
            span = full.span_of(q)
            if span is not None:
                when = _when(p, span[0])
                parts.append(say("before_clause", id=self.names("request", q), when=when))
        return join(parts, "and")

    def _window_slots(self, req: CSessionRequest | CInternship) -> np.ndarray:
        """bool (n_slots,): slots a session of ``req`` could cover (internships: its weeks)."""
        full = self.full
        if isinstance(req, CInternship):
            weeks = np.zeros(full.n_weeks, dtype=bool)
            for w in np.flatnonzero(req.first_weeks):
                weeks[w : w + req.weeks] = True
            return np.repeat(weeks, full.spw)
        return covered(np.asarray(req.resource_starts.any(axis=0)), req.duration)

    def _cohort_busy_with(self, req: CSessionRequest | CInternship) -> Text:
        who = self._cohort_takers(req)
        return say("busy_with", who=who) if who else EMPTY

    def _resources_taken_by(self, req: CSessionRequest) -> Text:
        who = self._resource_takers(req)
        return say("taken_comma", who=who) if who else EMPTY

    def _cohort_takers(self, req: CSessionRequest | CInternship) -> Text:
        """The requests keeping the cohorts busy in the window, most slots first (empty if
        none)."""
        who = self._cohort_who(req)
        return _top(self.names, who) if who else EMPTY

    def _cohort_who(self, req: CSessionRequest | CInternship) -> Counter[int]:
        full = self.full
        slots = self._window_slots(req)
        weeks = slots.reshape(full.n_weeks, -1).any(axis=1)
        who: Counter[int] = Counter()
        for c in req.cohorts:
            who.update(_tally(full.cohort_who[c, slots], req.index))
            who.update(_tally(full.cohort_intern_who[c, weeks], req.index))
        return who

    def _resource_takers(self, req: CSessionRequest) -> Text:
        """The requests holding the candidate resources in the window (empty if none)."""
        who = self._resource_who(req)
        return _top(self.names, who) if who else EMPTY

    def _resource_who(self, req: CSessionRequest) -> Counter[int]:
        """Who holds each candidate at the slots a session could cover *there* (its own
        starts: a booking in the owner's kept times blocks no guest; a reasons audit)."""
        full = self.full
        who: Counter[int] = Counter()
        for k, r in enumerate(req.resources):
            cover = covered(req.resource_starts[k], req.duration)
            who.update(_tally(full.res_who[int(r), cover], req.index))
        return who


def _own_sessions_meet(req: CSessionRequest) -> bool:
    """Whether two sessions (or parts) of ``req`` may be on one day, at two candidates."""
    one_a_day = req.pattern != "free" or req.min_days_apart > 0
    return req.split or (req.n_sessions > 1 and not one_a_day)


def _shape(req: CSessionRequest) -> Text:
    if req.pattern == "weekly":
        return say("shape_weekly")
    if req.pattern == "block":
        return say("shape_block")
    rules = []
    if req.max_per_week is not None:
        rules.append(say("shape_max", n=req.max_per_week))
    if req.min_days_apart:
        rules.append(say("shape_apart", n=req.min_days_apart))
    return join(rules, "and") if rules else say("shape_any")


@contextmanager
def _set_aside(
    occ: Occupancy, request: int
) -> Iterator[tuple[list[SessionAssignment], list[PlacementAssignment]]]:
    """Take ``request``'s own bookings out of ``occ`` (its loaded families) for the
    block, and put them back after it."""
    own_s = list(occ.sessions.get(request, {}).values())
    own_p = list(occ.placements.get(request, []))
    occ.remove_sessions(own_s, occ.families)
    for p in own_p:
        occ.remove_placement(p, occ.families)
    try:
        yield own_s, own_p
    finally:
        for s in own_s:
            occ.apply_session(s, occ.families)
        for p in own_p:
            occ.apply_placement(p, occ.families)


def _trial(
    occ: Occupancy, req: CSessionRequest | CInternship, rules: Rules, dry: bool = False
) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
    """What the greedy placement would book for ``req`` now, left unbooked again."""
    if isinstance(req, CSessionRequest):
        sessions = place_sessions(occ, req, rules, want=req.n_sessions, dry=dry)
        if not dry:
            occ.remove_sessions(sessions)
        return sessions, []
    placed = place_internship(occ, req, rules)
    for p in placed:
        occ.remove_placement(p)
    return [], placed


def _sessions_fit(req: CSessionRequest, fit: int) -> Text:
    return say("sessions_fit", fit=fit, n=req.n_sessions) if fit else say("no_session_fits")


def _tally(occupants: np.ndarray, exclude: int) -> Counter[int]:
    """How often each request index occurs in ``occupants`` (-1 = nobody), but ``exclude``."""
    vals = occupants[(occupants >= 0) & (occupants != exclude)].ravel()
    if vals.size == 0:
        return Counter()
    counts = np.bincount(vals)
    return Counter({int(r): int(counts[r]) for r in np.flatnonzero(counts)})


# --------------------------------------------------------------------------- text helpers


def resource_names(names: Namer, resources: Iterable[int], limit: int = 4) -> Text:
    """Resources for a sentence, by name and id (``“CNC lab” (lab-3), 'lab-4' and 3 more``)."""
    return _listed(names, "resource", resources, limit)


def _cohorts(names: Namer, cohorts: Iterable[int], limit: int = 4) -> Text:
    return _listed(names, "cohort", cohorts, limit)


def _instructors(names: Namer, instructors: Iterable[int], limit: int = 4) -> Text:
    return _listed(names, "instructor", instructors, limit)


def _listed(names: Namer, kind: str, indices: Iterable[int], limit: int) -> Text:
    """The first few of ``indices`` named, the rest counted (:meth:`Namer.listed`): a pool
    of hundreds of labs reads as a few of them and a number."""
    shown, more = names.listed(kind, indices, limit)
    if more:
        return say("ids_more", ids=join(shown, "list"), n=more)
    return join(shown, "list")


def _inst(names: Namer, institutions: Iterable[int]) -> Text:
    return join((names("institution", i) for i in institutions), "list")


def _top(names: Namer, who: Counter[int], limit: int = 3) -> Text:
    """The requests holding what ``who`` counts, most first, by title (internships said so)."""
    top = [r for r, _n in who.most_common(limit)]
    shown, _ = names.listed("request", top, limit)
    requests = names.problem.requests
    named = [
        say("internship_id", id=name) if isinstance(requests[r], CInternship) else name
        for r, name in zip(top, shown, strict=False)
    ]
    more = len(who) - len(named)
    if more <= 0:
        return join(named, "list")
    return say("top_more", names=join(named, "list"), n=more, s="s" if more > 1 else "")


def _when(problem: Problem, t: int) -> Text:
    week, day, slot = problem.calendar.human(t)
    name = say(f"day_{day}") if day <= 7 else say("day_n", day=day)
    return say("when", week=week, day=name, slot=slot)


def weeks_text(values: Iterable[int]) -> Text:
    """0-based weeks as 1-based ranges, in each language's list style."""
    vals = list(values)
    return Text(week_ranges(vals), week_ranges(vals, sep="、"))


def week_ranges(values: Iterable[int], sep: str = ", ") -> str:
    """0-based sorted ints -> '1-3, 7' (1-based)."""
    out: list[str] = []
    vals = [int(v) + 1 for v in values]
    i = 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[j] + 1:
            j += 1
        out.append(str(vals[i]) if i == j else f"{vals[i]}-{vals[j]}")
        i = j + 1
    return sep.join(out)
