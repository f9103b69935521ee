"""Mid-term extra requests: grant what fits around a published schedule, move nothing.

After publication an institution asks for more (one more CNC session, an extra
internship). :func:`insert_request` books as many of the request's sessions as fit
*on top of* the published schedule — the greedy placement of :mod:`solver.greedy`
against the published occupancy, so no published session or placement moves — and,
when not everything fits, says why (:mod:`solver.explain`) and what the nearest
alternatives would give: other weeks outside the window, other resources with the
same features (ignoring the request's ``resources`` list and ``prefer``), or both. A
``required`` request is granted in full or not at all, and is offered only alternatives
that would hold all of it.

:func:`scheduler.solving.extra.insert_into_schedule` does the same on documents
(scenario + schedule JSON models), for the API.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

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
from solver.explain.explainer import Explainer
from solver.explain.phrases import resource_names, weeks_text
from solver.greedy import missing_of
from solver.greedy_placement import place_internship, place_sessions
from solver.occupancy import Occupancy
from solver.words import Text, names, say
from solver.words.names import Namer

#: Alternative resources tried one by one (scenario order); keeps the answer fast.
MAX_ALTERNATIVE_RESOURCES = 8

#: ``(request, keep_window)`` -> the request compiled again without its ``resources``
#: list, ``prefer`` and ``after`` (and window unless kept), in the same indices; None
#: when that leaves nothing. The caller compiles it from its documents.
Variants = Callable[[CRequest, bool], CRequest | None]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What relaxing the request one way would give, on top of what was granted."""

    kind: str  # "weeks" | "resources" | "weeks_and_resources"
    message: str  # English
    gain: int  # extra sessions (internships: people placed)
    sessions: tuple[SessionAssignment, ...] = ()
    placements: tuple[PlacementAssignment, ...] = ()
    messages: dict[str, str] = field(default_factory=dict, hash=False)  # other languages


@dataclass(slots=True)
class InsertResult:
    """What :func:`insert_request` gave one request: bookings granted now (nothing else moved), what
    is still missing (sessions, or people for an internship) and why, suggestions, the amended
    schedule and the seconds it took.
    """

    request: int
    sessions: list[SessionAssignment]  # granted now
    placements: list[PlacementAssignment]  # granted now
    missing: int
    unmet: UnmetAssignment | None
    suggestions: list[Suggestion]
    solution: Solution  # published + granted, with this request's unmet entry updated
    seconds: float = 0.0

    @property
    def outcome(self) -> str:
        """``granted`` (in full), ``partial`` or ``rejected`` (nothing fits)."""
        if self.missing == 0:
            return "granted"
        return "partial" if self.sessions or self.placements else "rejected"


def insert_request(
    problem: Problem,
    published: Solution,
    request_index: int,
    *,
    variants: Variants | None = None,
    max_suggestions: int = 5,
    occupancy: Occupancy | None = None,
    score: bool = True,
) -> InsertResult:
    """Grant as much of ``problem.requests[request_index]`` as fits around ``published``.

    ``published`` is in the indices of ``problem`` (the published scenario with the extra
    request added, usually appended last). Sessions of the request already in
    ``published`` are kept and only the missing ones are added. Give ``variants`` (see
    :data:`Variants`) to also get suggestions of other resources with the same features;
    without it only other weeks are suggested.

    ``occupancy`` is the occupancy of ``published`` for ``problem`` when the caller holds
    one (:class:`scheduler.solving.published.PublishedTerm` copies a cached one); it is changed.
    ``score=False`` leaves the amended solution's objective, bound and ``terms`` unset:
    scoring the whole schedule is wasted when only the granted sessions are answered.
    """
    began = time.perf_counter()
    req = problem.requests[request_index]
    occ = occupancy if occupancy is not None else Occupancy.from_solution(problem, published)
    if isinstance(req, CSessionRequest):
        granted: list[SessionAssignment] = _grant_sessions(occ, req)
        placed: list[PlacementAssignment] = []
    else:
        granted, placed = [], place_internship(occ, req)

    solution = _amended(problem, published, request_index, granted, placed, score=score)
    missing = missing_of(problem, solution, request_index)
    if req.required and missing > 0 and (granted or placed):
        # a required request is held in full or not at all (docs/rules.md 13): granting
        # part of it would publish a schedule that breaks the rule
        for sa in granted:
            occ.remove_session(sa)
        for pa in placed:
            occ.remove_placement(pa)
        granted, placed = [], []
        solution = _amended(problem, published, request_index, granted, placed, score=score)
        missing = missing_of(problem, solution, request_index)
    unmet = None
    suggestions: list[Suggestion] = []
    if missing > 0:
        code, text = Explainer(problem, solution, occ).reason(request_index)
        unmet = UnmetAssignment(request_index, missing, code, text.en, text.others())
        solution.unmet.append(unmet)
        if req.required:
            # A required request left short makes the answer infeasible (docs/rules.md 13).
            solution.status = "infeasible"
            # the reason is the unmet entry's (its code there, its words on the pages):
            # a bare code ("capacity") read as English in the Chinese sentence
            why = say("required_short", id=names.request(req), message=text)
            solution.conflicts.append(([f"requests[{request_index}]"], why.en, why.others()))
        if max_suggestions > 0:
            suggestions = _suggestions(problem, occ, req, missing, variants)
            if req.required:
                # a required request is taken in full or not at all: only offers that
                # would hold all of it help the planner
                suggestions = [s for s in suggestions if s.gain >= missing]
            suggestions = suggestions[:max_suggestions]
    solution.unmet.sort(key=lambda u: u.request)
    return InsertResult(
        request=request_index,
        sessions=granted,
        placements=placed,
        missing=missing,
        unmet=unmet,
        suggestions=suggestions,
        solution=solution,
        seconds=time.perf_counter() - began,
    )


def _grant_sessions(occ: Occupancy, req: CSessionRequest) -> list[SessionAssignment]:
    """A free request's sessions where its soft wishes hold first (its preferred times,
    one a day while ``min_days`` asks for more days), then wherever the rules allow.

    Greedy booking takes the earliest fit: an extra request with a slot-1 preference and
    ``min_days`` 2 got Tuesday slots 1 and 2, where the next Tuesday's slot 1 met both (a
    college-user audit). The wishes only order the search; nothing is refused for them."""
    wishes: dict[str, object] = {}
    if req.prefer_starts is not None:
        wishes["starts"] = req.starts & req.prefer_starts
        wishes["resource_starts"] = req.resource_starts & req.prefer_starts
    if req.min_days > 1 and req.min_days_apart == 0:
        wishes["min_days_apart"] = 1
    if req.pattern != "free" or not wishes:
        return place_sessions(occ, req)
    first = place_sessions(occ, dataclasses.replace(req, **wishes))  # type: ignore[arg-type]
    return first + place_sessions(occ, req)


def _amended(
    problem: Problem,
    published: Solution,
    request: int,
    sessions: list[SessionAssignment],
    placements: list[PlacementAssignment],
    *,
    score: bool = True,
) -> Solution:
    from solver.scoring import objective_of, trivial_bound

    # a published answer that misses a required request stays what it was (an amendment
    # cannot make it meet the rule); otherwise adding bookings keeps it feasible
    status = published.status if published.status in ("infeasible", "unknown") else "feasible"
    solution = Solution(
        status=status,
        sessions=[*published.sessions, *sessions],
        placements=[*published.placements, *placements],
        solver=published.solver or "insert",
        unmet=[u for u in published.unmet if u.request != request],
        conflicts=list(published.conflicts),
        metrics=dict(published.metrics),
    )
    if not score:
        solution.metrics.pop("terms", None)
        return solution
    value, terms = objective_of(problem, solution)
    solution.objective = float(value)
    solution.bound = float(trivial_bound(problem))
    solution.metrics["terms"] = terms
    return solution


# --------------------------------------------------------------------------- suggestions


def _suggestions(
    problem: Problem,
    occ: Occupancy,
    req: CRequest,
    missing: int,
    variants: Variants | None,
) -> list[Suggestion]:
    """Try each relaxation on the amended occupancy (trials are undone), best gain first."""
    out: list[Suggestion] = []
    relaxed_window = _without_window(problem, req)
    out += _trial(problem, occ, relaxed_window, missing, "weeks", req)
    if variants is not None:
        alt = variants(req, True)
        if alt is not None:
            cands = _new_candidates(req, alt)
            for r in cands[:MAX_ALTERNATIVE_RESOURCES]:
                one = _only_candidate(alt, r)
                out += _trial(problem, occ, one, missing, "resources", req)
            both = variants(req, False)
            if both is not None and _new_candidates(req, both):
                out += _trial(problem, occ, both, missing, "weeks_and_resources", req)
    out.sort(key=lambda s: (-s.gain, ("resources", "weeks", "weeks_and_resources").index(s.kind)))
    seen: set[tuple] = set()
    unique = []
    for s in out:
        key = (s.sessions, s.placements)
        if s.gain > 0 and key not in seen:
            seen.add(key)
            unique.append(s)
    return unique


def _trial(
    problem: Problem,
    occ: Occupancy,
    variant: CRequest | None,
    missing: int,
    kind: str,
    original: CRequest,
) -> list[Suggestion]:
    if variant is None:
        return []
    if isinstance(variant, CSessionRequest):
        trial = place_sessions(occ, variant, want=missing)
        for s in reversed(trial):
            occ.remove_session(s)
        if not trial:
            return []
        return [
            _suggestion(kind, _describe(problem, kind, original, trial, []), len(trial), trial, [])
        ]
    assert isinstance(variant, CInternship)
    placed = place_internship(occ, variant)
    for p in placed:
        occ.remove_placement(p)
    if not placed:
        return []
    return [
        _suggestion(
            kind, _describe(problem, kind, original, [], placed), variant.headcount, [], placed
        )
    ]


def _suggestion(
    kind: str,
    text: Text,
    gain: int,
    sessions: list[SessionAssignment],
    placements: list[PlacementAssignment],
) -> Suggestion:
    return Suggestion(
        kind, text.en, gain, tuple(sessions), tuple(placements), messages=text.others()
    )


def _describe(
    problem: Problem,
    kind: str,
    req: CRequest,
    sessions: list[SessionAssignment],
    placements: list[PlacementAssignment],
) -> Text:
    spw = problem.calendar.slots_per_week
    if sessions:
        weeks = sorted({s.start // spw for s in sessions})
        used = list(dict.fromkeys(p.resource for s in sessions for p in s.parts))
        n = len(sessions)
        what = say("offer_sessions", n=n, s="s" if n != 1 else "")
    else:
        p0 = placements[0]
        weeks = list(range(p0.first_week, p0.first_week + p0.weeks))
        used = [p.resource for p in placements]
        what = say("offer_internship", n=sum(p.headcount for p in placements))
    where = say(
        "offer_where",
        resources=resource_names(Namer(problem), used),
        s="s" if len(weeks) != 1 else "",
        weeks=weeks_text(weeks),
    )
    return say("offer", how=say(f"offer_{kind}"), what=what, where=where)


def _without_window(problem: Problem, req: CRequest) -> CRequest:
    """``req`` with its window lifted (cohorts', resources' availability and closed days stay)."""
    cal = problem.calendar
    if isinstance(req, CInternship):
        first = np.zeros(cal.n_weeks, dtype=bool)
        first[cal.first_bookable_week : max(0, cal.n_weeks - req.weeks + 1)] = True
        return dataclasses.replace(req, first_weeks=first)
    base = cal.open_slots()
    for c in req.cohorts:
        base = base & problem.cohorts[c].available
    starts = cal.span_ok(base, req.duration)
    insts = set(req.institutions)
    rows = []
    for r in req.resources:
        res = problem.resources[int(r)]
        ok = starts & cal.span_ok(res.available, req.duration)
        if insts != {res.owner}:
            ok &= cal.span_ok(~res.owner_only, req.duration)
        rows.append(ok)
    resource_starts = np.array(rows, dtype=bool).reshape(len(rows), cal.n_slots)
    return dataclasses.replace(req, starts=starts, resource_starts=resource_starts)


def _new_candidates(req: CRequest, variant: CRequest) -> list[int]:
    old = set((req.posts if isinstance(req, CInternship) else req.resources).tolist())
    new = variant.posts if isinstance(variant, CInternship) else variant.resources
    return [int(r) for r in new if int(r) not in old]


def _only_candidate(variant: CRequest, resource: int) -> CRequest:
    if isinstance(variant, CInternship):
        j = int(np.flatnonzero(variant.posts == resource)[0])
        return dataclasses.replace(
            variant, posts=variant.posts[j : j + 1], post_weeks=variant.post_weeks[j : j + 1]
        )
    k = int(np.flatnonzero(variant.resources == resource)[0])
    return dataclasses.replace(
        variant,
        resources=variant.resources[k : k + 1],
        resource_starts=variant.resource_starts[k : k + 1],
        travel_minutes=variant.travel_minutes[k : k + 1],
        matching=np.array([resource], dtype=np.int64),
    )
