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
stage, shared by all requests), so the whole explanation costs about one greedy run.
``time_limit`` is never chosen here; solvers that stop early decide it themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np

from scheduler.objective_terms import TERM_WEIGHTS
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

#: How a trade-off's message names the penalty terms a booking would raise.
_TERM_WORDS = {
    "preference_misses": "preference misses",
    "extra_resources": "extra resources",
    "travel_minutes": "travel minutes",
    "overflow_person_slots": "people over capacity (per slot)",
    "missing_days": "missing days",
    "isolated_sessions": "isolated sessions",
}

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Stage:
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
        self, problem: Problem, solution: Solution, occupancy: Occupancy | None = None
    ) -> None:
        self.problem = problem
        self.solution = solution
        self.full = (
            occupancy if occupancy is not None else Occupancy.from_solution(problem, solution)
        )
        self._states: dict[frozenset[str], Occupancy] = {ALL_FAMILIES: self.full}
        self.missing = missing_counts(problem, solution)
        self._score: DeltaScore | None = None  # built at the first trade-off

    def state(self, families: frozenset[str]) -> Occupancy:
        if families not in self._states:
            self._states[families] = self.full.restricted(families)
        return self._states[families]

    # ------------------------------------------------------------------ public

    def explain(self, request: int) -> UnmetAssignment | None:
        """Reason for the shortfall of ``request``, or None when it is met in full."""
        missing = self.missing[request]
        if missing <= 0:
            return None
        code, message = self.reason(request)
        return UnmetAssignment(request, missing, code, message)

    def reason(self, request: int) -> tuple[str, str]:
        req = self.problem.requests[request]
        static = self._no_resource(req)
        if static is not None:
            return "no_resource", static
        want = req.n_sessions if isinstance(req, CSessionRequest) else 1
        drops: list[tuple[str, int]] = []  # (stage, fit) each time the fit gets smaller
        for stage in STAGES:
            if not self.stage_applies(req, stage.code):
                continue  # adds no constraint to this request: it cannot newly fail here
            if drops and (drops[-1][1] == 0 or isinstance(req, CInternship)):
                break  # nothing left to take away (an internship fits whole or not)
            fit = self.fit_alone(request, stage)
            if fit < (drops[-1][1] if drops else want):
                drops.append((stage.code, fit))
        if not drops:
            return "trade_off", self._trade_off_text(request)
        code, fit = drops[0]
        message = self._message(code, req, fit, want)
        for later, fewer in drops[1:]:
            assert isinstance(req, CSessionRequest)  # an internship fits whole or not: one drop
            message += f"; {self._also(later, req)}, {_sessions_fit(req, fewer)}"
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

    def _travel_may_bind(self, req: CSessionRequest) -> bool:
        """Some candidate site is a non-zero trip from a site the cohorts or candidate
        instructors visit on some day (or from another candidate site, for split)."""
        full = self.full
        cand = {full.res_site[int(r)] for r in req.resources}
        other: set[int] = set(cand) if req.split else set()
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

    def booking_change(self, request: int) -> tuple[float, dict[str, int]]:
        """What booking ``request`` where the greedy rules put it in the final schedule
        changes: the objective, and each term that moves (its own sessions aside)."""
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
        return after - value, moved

    def _trade_off_text(self, request: int) -> str:
        """It fits as the schedule stands: say whether its penalties outweigh what it
        gains under the scenario's weights, or the search ended before booking it."""
        req = self.problem.requests[request]
        if isinstance(req, CSessionRequest):
            n = req.n_sessions
            sessions = f"{n} session{'' if n == 1 else 's'}"
            fits = f"it would fit on its own ({sessions} against the final schedule)"
        else:
            fits = f"it would fit on its own ({req.headcount} interns for {req.weeks} weeks)"
        change, moved = self.booking_change(request)
        if change > 0:
            return f"{fits} and raise the objective by {change:,.0f}; the search ended first"
        costs = [
            f"{_TERM_WORDS[t]} +{v:,}"
            for t, v in moved.items()
            if t in _TERM_WORDS and v > 0 and self.problem.weights[TERM_WEIGHTS[t][0]] > 0
        ]
        why = f" ({', '.join(costs)})" if costs else ""
        return (
            f"{fits}, but booking it there would cost more in penalties{why} than its "
            f"demand is worth under the scenario's weights (objective {change:+,.0f})"
        )

    # ------------------------------------------------------------------ messages

    def _no_resource(self, req: CSessionRequest | CInternship) -> str | None:
        full = self.full
        if isinstance(req, CInternship):
            if len(req.posts) == 0:
                return (
                    f"no internship post matches '{req.id}' (features, candidate list, "
                    f"open_to of the hosts)"
                )
            room = int(full.res_limit[req.posts].sum())
            if room < req.headcount:
                return (
                    f"the matching posts ({resource_ids(self.problem, req.posts)}) take only "
                    f"{room} of the {req.headcount} interns at once"
                )
            return None
        # Only what holds whatever the time: a resource left no start time is 'window'.
        if len(req.matching) == 0:
            return (
                f"no resource matches '{req.id}': none has the needed kind and features, is "
                f"on its candidate list, is open to {_inst(self.problem, req.institutions)} "
                f"and holds its {req.headcount} people" + ("" if req.split else " in one room")
            )
        if req.split:
            room = int(full.res_limit[req.matching].sum())
            if room < req.headcount:
                return (
                    f"the matching resources ({resource_ids(self.problem, req.matching)}) hold "
                    f"only {room} of the {req.headcount} people even all together"
                )
        return None

    def _message(self, code: str, req: CSessionRequest | CInternship, fit: int, want: int) -> str:
        p = self.problem
        if isinstance(req, CInternship):
            return self._internship_message(code, req)
        some = _sessions_fit(req, fit)
        cohorts = _ids_of(p.cohorts, req.cohorts)
        if code == "window":
            return self._window_text(req, cohorts, some)
        if code == "precedence":
            return f"{self._precedence_text(req)}; {some} in between"
        if code == "conflict":
            busy = self._cohort_busy_with(req)
            return (
                f"{cohorts} {'is' if len(req.cohorts) == 1 else 'are'} busy whenever a "
                f"matching resource is free{busy}: {some}"
            )
        if code == "capacity":
            taken = self._resources_taken_by(req)
            return (
                f"every candidate ({resource_ids(p, req.resources)}) is occupied whenever "
                f"{cohorts} could come{taken}: {some}"
            )
        if code == "instructor":
            if len(req.instructors) == 0:
                return f"no instructor has the skills and is on the list '{req.id}' asks for"
            return (
                f"no qualified instructor ({_ids_of(p.instructors, req.instructors)}) is "
                f"available, free and under the weekly load when room and cohort are free: "
                f"{some}"
            )
        if code == "travel":
            return (
                f"the travel time between sites leaves no gap on the days room, cohort and "
                f"instructor are free: {some}"
            )
        assert code == "pattern", code  # trade_off has its own text
        return f"single sessions would fit, but {some} {_shape(req)}"

    def _window_text(self, req: CSessionRequest, cohorts: str, some: str) -> str:
        """Name what leaves no time: the window and cohorts alone, or with the resources."""
        p = self.problem
        if not req.starts.any():
            return (
                f"the window, closed days and the availability of {cohorts} leave no start "
                f"time: {some}"
            )
        weeks = np.flatnonzero(
            req.resource_starts.any(axis=0).reshape(p.calendar.n_weeks, -1).any(axis=1)
        )
        where = f" (possible weeks: {week_ranges(weeks)})" if len(weeks) else ""
        return (
            f"the window, closed days and the availability of {cohorts} and of "
            f"{resource_ids(p, req.matching)} leave too little room: {some}{where}"
        )

    def _also(self, code: str, req: CSessionRequest) -> str:
        """What a later stage adds, for the sentence's tail: the reason's stage is where
        the request stops fitting in full; a later family may take away more of it."""
        p = self.problem
        if code == "precedence":
            return "and " + self._precedence_text(req).removeprefix("it ")
        if code == "conflict":
            who = self._cohort_takers(req)
            by = f" (busy with {who})" if who else ""
            return f"counting the other sessions of {_ids_of(p.cohorts, req.cohorts)} too{by}"
        if code == "capacity":
            who = self._resource_takers(req)
            by = f" (taken by {who})" if who else ""
            return f"counting the bookings of {resource_ids(p, req.resources)} too{by}"
        if code == "instructor":
            return f"counting the instructors ({_ids_of(p.instructors, req.instructors)}) too"
        if code == "travel":
            return "counting the travel between sites too"
        return f"keeping to its pattern ({_shape(req)})"

    def _internship_message(self, code: str, req: CInternship) -> str:
        p = self.problem
        posts = resource_ids(p, req.posts)
        if code == "window":
            return (
                f"no run of {req.weeks} consecutive weeks lies in the window and in the "
                f"availability of enough posts ({posts})"
            )
        if code == "precedence":
            return f"{self._precedence_text(req)}; no run of {req.weeks} weeks fits in between"
        if code == "conflict":
            return (
                f"{_ids_of(p.cohorts, req.cohorts)} has sessions or another internship in every "
                f"possible run of {req.weeks} weeks{self._cohort_busy_with(req)}"
            )
        if code == "capacity":
            who = _tally(self.full.post_who[req.posts], req.index)
            by = f" (taken by {_top(p, who)})" if who else ""
        assert code == "capacity", code  # trade_off has its own text
        return f"the posts ({posts}) are full in every possible run{by}"

    def _precedence_text(self, req: CSessionRequest | CInternship) -> str:
        p, full = self.problem, self.full
        parts = []
        for q in req.after:
            span = full.span_of(q)
            if span is not None:
                parts.append(f"start after '{p.requests[q].id}' ends ({_when(p, span[1] - 1)})")
        for q in full.successors[req.index]:
            span = full.span_of(q)
            if span is not None:
                parts.append(f"end before '{p.requests[q].id}' starts ({_when(p, span[0])})")
        return "it must " + " and ".join(parts) if parts else "its order constraints bind"

    def _window_slots(self, req: CSessionRequest | CInternship) -> np.ndarray:
        """bool (n_slots,): slots a session of ``req`` could cover (internships: its weeks)."""
        full = self.full
        if isinstance(req, CInternship):
            weeks = np.zeros(full.n_weeks, dtype=bool)
            for w in np.flatnonzero(req.first_weeks):
                weeks[w : w + req.weeks] = True
            return np.repeat(weeks, full.spw)
        starts = np.asarray(req.resource_starts.any(axis=0))
        cover = starts.copy()
        for k in range(1, req.duration):
            cover[k:] |= starts[:-k]
        return cover

    def _cohort_busy_with(self, req: CSessionRequest | CInternship) -> str:
        who = self._cohort_takers(req)
        return f" (with {who})" if who else ""

    def _resources_taken_by(self, req: CSessionRequest) -> str:
        who = self._resource_takers(req)
        return f", by {who}" if who else ""

    def _cohort_takers(self, req: CSessionRequest | CInternship) -> str:
        """The requests keeping the cohorts busy in the window, most slots first ('' if none)."""
        full = self.full
        slots = self._window_slots(req)
        weeks = slots.reshape(full.n_weeks, -1).any(axis=1)
        who: Counter[int] = Counter()
        for c in req.cohorts:
            who.update(_tally(full.cohort_who[c, slots], req.index))
            who.update(_tally(full.cohort_intern_who[c, weeks], req.index))
        return _top(self.problem, who) if who else ""

    def _resource_takers(self, req: CSessionRequest) -> str:
        """The requests holding the candidate resources in the window ('' if none)."""
        full = self.full
        slots = self._window_slots(req)
        who = _tally(full.res_who[np.ix_(req.resources, np.flatnonzero(slots))], req.index)
        return _top(self.problem, who) if who else ""


def _shape(req: CSessionRequest) -> str:
    if req.pattern == "weekly":
        return "on one day and slot in consecutive weeks"
    if req.pattern == "block":
        return "on consecutive open days"
    rules = []
    if req.max_per_week is not None:
        rules.append(f"at most {req.max_per_week} a week")
    if req.min_days_apart:
        rules.append(f"{req.min_days_apart} days apart")
    return " and ".join(rules) or "in its pattern"


@contextmanager
def _set_aside(
    occ: Occupancy, request: int
) -> Iterator[tuple[list[SessionAssignment], list[PlacementAssignment]]]:
    """Take ``request``'s own bookings out of ``occ`` (its loaded families) for the
    block, and put them back after it."""
    own_s = list(occ.sessions.get(request, {}).values())
    own_p = list(occ.placements.get(request, []))
    for s in own_s:
        occ.remove_session(s, occ.families)
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
            for s in reversed(sessions):
                occ.remove_session(s)
        return sessions, []
    placed = place_internship(occ, req, rules)
    for p in placed:
        occ.remove_placement(p)
    return [], placed


def _sessions_fit(req: CSessionRequest, fit: int) -> str:
    return f"only {fit} of {req.n_sessions} sessions fit" if fit else "no session fits"


def _tally(occupants: np.ndarray, exclude: int) -> Counter[int]:
    """How often each request index occurs in ``occupants`` (-1 = nobody), but ``exclude``."""
    vals = occupants[(occupants >= 0) & (occupants != exclude)].ravel()
    if vals.size == 0:
        return Counter()
    counts = np.bincount(vals)
    return Counter({int(r): int(counts[r]) for r in np.flatnonzero(counts)})


# --------------------------------------------------------------------------- text helpers


def resource_ids(problem: Problem, resources: Iterable[int], limit: int = 4) -> str:
    return _ids_of(problem.resources, resources, limit)


def _ids_of(items: tuple, indices: Iterable[int], limit: int = 4) -> str:
    ids = [f"'{items[int(i)].id}'" for i in indices]
    if len(ids) > limit:
        return ", ".join(ids[:limit]) + f" and {len(ids) - limit} more"
    return ", ".join(ids)


def _inst(problem: Problem, institutions: Iterable[int]) -> str:
    return ", ".join(f"'{problem.institutions[i]}'" for i in institutions)


def _top(problem: Problem, who: Counter[int], limit: int = 3) -> str:
    names = []
    for r, _n in who.most_common(limit):
        req = problem.requests[r]
        kind = "internship " if isinstance(req, CInternship) else ""
        names.append(f"{kind}'{req.id}'")
    more = len(who) - limit
    if more <= 0:
        return ", ".join(names)
    return ", ".join(names) + f" and {more} other request{'s' if more > 1 else ''}"


def _when(problem: Problem, t: int) -> str:
    week, day, slot = problem.calendar.human(t)
    name = _DAY_NAMES[day - 1] if day <= len(_DAY_NAMES) else f"day {day}"
    return f"week {week}, {name}, slot {slot}"


def week_ranges(values: Iterable[int]) -> str:
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
    return ", ".join(out)
