"""The reason code of a request's shortfall and its sentence: the first stage at which it
stops fitting in full, what later stages take away, or why it was left out though it fits."""

from __future__ import annotations

from collections import Counter

import numpy as np

from scheduler.objective_terms import TERM_WEIGHTS
from scheduler.problem import CInternship, CSessionRequest, Problem, Solution, UnmetAssignment
from solver.explain.facts import ScheduleFacts
from solver.explain.phrases import (
    cohort_names,
    instructor_names,
    resource_names,
    sessions_fit,
    shape_text,
    top_requests,
    weeks_text,
)
from solver.explain.stages import STAGES
from solver.explain.static_reasons import no_instructor, no_resource
from solver.explain.trial import tally
from solver.occupancy import COHORT, INSTRUCTOR, RESOURCE
from solver.words import EMPTY, Text, join, plain, say

#: The penalty terms a trade-off's message names (each has a ``term_*`` template).
_TERMS = frozenset(t for t, (_, sign) in TERM_WEIGHTS.items() if sign < 0)


def explain_unmet(problem: Problem, solution: Solution) -> list[UnmetAssignment]:
    """One :class:`UnmetAssignment` per request ``solution`` does not meet in full."""
    explainer = Explainer(problem, solution)
    out = []
    for req in problem.requests:
        u = explainer.explain(req.index)
        if u is not None:
            out.append(u)
    return out


class Explainer(ScheduleFacts):
    """Re-tests requests against one schedule; the per-stage occupancies are built lazily."""

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
        static = no_resource(self.full, self.names, req)
        if static is not None:
            return "no_resource", static
        static = no_instructor(self.problem, self.names, req)
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
            message += say("tail", also=also, some=sessions_fit(req, fewer))
        if isinstance(req, CSessionRequest) and drops[-1][1] > want - self.missing[request]:
            # more fits than the schedule holds: say why the rest was left out too
            message += self._left_out(req)
        return code, message

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

    def _cut_text(self, req: CSessionRequest, family: str) -> Text:
        if family == "order":
            return self._precedence_text(req)
        if family == COHORT:
            be = say("cohorts_is" if len(req.cohorts) == 1 else "cohorts_are")
            cohorts = cohort_names(self.names, req.cohorts)
            return say("cut_cohort", cohorts=cohorts, be=be, busy=self._cohort_busy_with(req))
        if family == RESOURCE:
            who = self._resource_takers(req)
            by = say("taken_by", who=who) if who else EMPTY
            return say("cut_resources", resources=resource_names(self.names, req.resources), by=by)
        return say("cut_instructors", instructors=instructor_names(self.names, req.instructors))

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
        some = sessions_fit(req, fit)
        if code == "window":
            return self._window_text(req, cohort_names(self.names, req.cohorts), some)
        if code == "precedence":
            return say("precedence", order=self._precedence_text(req), some=some)
        if code == "conflict":
            be = say("cohorts_is" if len(req.cohorts) == 1 else "cohorts_are")
            cohorts = cohort_names(self.names, req.cohorts)
            busy = self._cohort_busy_with(req)
            return say("conflict", cohorts=cohorts, be=be, busy=busy, some=some)
        if code == "capacity":
            resources = resource_names(self.names, req.resources)
            cohorts = cohort_names(self.names, req.cohorts)
            taken = self._resources_taken_by(req)
            return say("capacity", resources=resources, cohorts=cohorts, taken=taken, some=some)
        if code == "instructor":
            if len(req.instructors) == 0:
                return say("instructor_none", id=self.names("request", req.index))
            instructors = instructor_names(self.names, req.instructors)
            return say("instructor", instructors=instructors, some=some)
        if code == "travel":
            key = "travel" if req.needs_instructor else "travel_no_instructor"
            return say(key, some=some, trip=self._nearest_trip(req))
        assert code == "pattern", code  # trade_off has its own text
        return say("pattern", some=some, shape=shape_text(req), order=self._pattern_cut(req, drops))

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

    def _also(self, code: str, req: CSessionRequest, drops: list[tuple[str, int]]) -> Text:
        """What a later stage adds, for the sentence's tail: the reason's stage is where
        the request stops fitting in full; a later family may take away more of it."""
        if code == "precedence":
            clauses = self._precedence_clauses(req)
            return say("also_must", clauses=clauses) if clauses else say("also_order_binds")
        if code == "conflict":
            who = self._cohort_takers(req)
            by = say("busy_with_also", who=who) if who else EMPTY
            return say("also_conflict", cohorts=cohort_names(self.names, req.cohorts), by=by)
        if code == "capacity":
            who = self._resource_takers(req)
            by = say("taken_by", who=who) if who else EMPTY
            return say("also_capacity", resources=resource_names(self.names, req.resources), by=by)
        if code == "instructor":
            return say("also_instructor", instructors=instructor_names(self.names, req.instructors))
        if code == "travel":
            return say("also_travel", trip=self._nearest_trip(req))
        return say("also_pattern", shape=shape_text(req), order=self._pattern_cut(req, drops))

    def _internship_message(self, code: str, req: CInternship) -> Text:
        p = self.problem
        posts = resource_names(self.names, req.posts)
        if code == "window":
            cohorts = cohort_names(self.names, req.cohorts)
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
                cohorts=cohort_names(self.names, req.cohorts),
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
            who.update(tally(full.post_who[int(post), usable], req.index))
        by = say("taken_by", who=top_requests(self.names, who)) if who else EMPTY
        return say("intern_capacity", posts=posts, by=by)
