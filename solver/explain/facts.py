"""What the schedule holds around one request, for its explanation: the occupancies of
each stage, what fits alone there, what booking it would change, and who holds the
cohorts, resources and order in its way."""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext

import numpy as np

from scheduler.objective_terms import minutes_text
from scheduler.problem import CInternship, CSessionRequest, Problem, Solution
from solver.delta_score import DeltaScore
from solver.explain.phrases import top_requests, when_text
from solver.explain.stages import Stage
from solver.explain.trial import set_aside, tally, trial
from solver.greedy import missing_counts
from solver.occupancy import ALL_FAMILIES, FULL_RULES, Occupancy, Rules
from solver.occupancy.spans import covered
from solver.words import EMPTY, Text, join, say
from solver.words.names import Namer


def own_sessions_meet(req: CSessionRequest) -> bool:
    """Whether two sessions (or parts) of ``req`` may be on one day, at two candidates."""
    one_a_day = req.pattern != "free" or req.min_days_apart > 0
    return req.split or (req.n_sessions > 1 and not one_a_day)


class ScheduleFacts:
    """One schedule's occupancies (per stage, built lazily) and the facts a sentence names."""

    def __init__(
        self,
        problem: Problem,
        solution: Solution,
        occupancy: Occupancy | None = None,
        search_stopped: bool = False,
    ) -> None:
        self.problem = problem
        self.solution = solution
        #: the schedule comes from a search cut short by its limit (see :mod:`solver.explain`)
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

    def _travel_may_bind(self, req: CSessionRequest) -> bool:
        """Some candidate site is a non-zero trip from a site the cohorts or candidate
        instructors visit on some day, or from another candidate site when its own
        sessions (or parts) may share a day."""
        full = self.full
        cand = {full.res_site[int(r)] for r in req.resources}
        other: set[int] = set(cand) if own_sessions_meet(req) else set()
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
        aside = set_aside(occ, request) if occ.families or rules.pattern else nullcontext()
        with aside:
            sessions, placements = trial(occ, req, rules, dry)
        return len(sessions) if isinstance(req, CSessionRequest) else int(bool(placements))

    def _fits_relaxing(self, req: CSessionRequest, relaxed: list[str]) -> int:
        families = ALL_FAMILIES - set(relaxed)
        rules = Rules(precedence="order" not in relaxed)
        return self.fit_alone(req.index, Stage("pattern", families, rules))

    def booking_change(self, request: int) -> tuple[float, dict[str, int], int]:
        """What booking ``request`` where the greedy rules put it in the final schedule
        changes: the objective, each term that moves (its own sessions aside), and the
        sessions (internships: placements) it then holds."""
        occ, req = self.full, self.problem.requests[request]
        with set_aside(occ, request) as (own_s, own_p):
            new_s, new_p = trial(occ, req, FULL_RULES)
        if self._score is None:
            self._score = DeltaScore(self.problem, self.solution)
        score = self._score
        value, terms = score.value(), score.terms()
        after = score.swap([request], own_s, own_p, new_s, new_p)
        moved = {t: v - terms[t] for t, v in score.terms().items() if v != terms[t]}
        score.swap([request], new_s, new_p, own_s, own_p)
        return after - value, moved, len(new_s) + len(new_p)

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

    def _nearest_trip(self, req: CSessionRequest) -> Text:
        """The shortest trip that takes time, between a candidate's site and a site its
        cohorts (or candidate instructors) go to on a day it could use, or another
        candidate's when its own sessions may share a day: every trip that blocks it is
        at least that long (a 0-minute trip, or one on a day it cannot use, was named;
        a reasons audit)."""
        full, p = self.full, self.problem
        here = {full.res_site[int(r)] for r in req.resources}
        there: set[int] = set(here) if own_sessions_meet(req) else set()
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
                when = when_text(p, span[1] - 1)
                parts.append(say("after_clause", id=self.names("request", q), when=when))
        for q in full.successors[req.index]:
            span = full.span_of(q)
            if span is not None:
                when = when_text(p, span[0])
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
        return top_requests(self.names, who) if who else EMPTY

    def _cohort_who(self, req: CSessionRequest | CInternship) -> Counter[int]:
        full = self.full
        slots = self._window_slots(req)
        weeks = slots.reshape(full.n_weeks, -1).any(axis=1)
        who: Counter[int] = Counter()
        for c in req.cohorts:
            who.update(tally(full.cohort_who[c, slots], req.index))
            who.update(tally(full.cohort_intern_who[c, weeks], req.index))
        return who

    def _resource_takers(self, req: CSessionRequest) -> Text:
        """The requests holding the candidate resources in the window (empty if none)."""
        who = self._resource_who(req)
        return top_requests(self.names, who) if who else EMPTY

    def _resource_who(self, req: CSessionRequest) -> Counter[int]:
        """Who holds each candidate at the slots a session could cover *there* (its own
        starts: a booking in the owner's kept times blocks no guest; a reasons audit)."""
        full = self.full
        who: Counter[int] = Counter()
        for k, r in enumerate(req.resources):
            cover = covered(req.resource_starts[k], req.duration)
            who.update(tally(full.res_who[int(r), cover], req.index))
        return who
