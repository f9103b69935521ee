"""Scenario -> :class:`~scheduler.problem.Problem`: resolve ids, expand windows, precompute sets.

Run only on a scenario that :func:`scheduler.validation.validate` accepted: every id
here is assumed to resolve.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import Cohort, Request, RequestKind, Resource, ResourceKind, Scenario
from scheduler.objective_terms import travel_cost_minutes
from scheduler.problem import (
    CCohort,
    CInstructor,
    CInternship,
    CRequest,
    CResource,
    CSessionRequest,
    Problem,
)
from scheduler.sites import travel_matrix
from scheduler.weights import resolved_weights


def compile_scenario(scenario: Scenario) -> Problem:
    """Compile ``scenario`` into the solvers' :class:`~scheduler.problem.Problem`.

    Only for a scenario that :func:`scheduler.validation.validate` accepted: ids are looked
    up without checks, so a dangling one raises ``KeyError``.
    """
    cal = CalendarIndex.from_calendar(scenario.calendar)
    open_slots = cal.open_slots()
    site_pos = {s.id: i for i, s in enumerate(scenario.sites)}
    inst_pos = {s.id: i for i, s in enumerate(scenario.institutions)}
    coh_pos = {c.id: i for i, c in enumerate(scenario.cohorts)}
    req_pos = {r.id: i for i, r in enumerate(scenario.requests)}

    resources = tuple(
        CResource(
            id=r.id,
            kind=r.kind.value,
            capacity=r.capacity,
            overflow=r.overflow,
            shareable=r.shareable,
            site=site_pos[r.site],
            owner=inst_pos[r.owner],
            available=cal.window_mask(r.available) & open_slots,
            owner_only=(
                cal.window_mask(r.owner_windows)
                if r.owner_windows is not None
                else np.zeros(cal.n_slots, dtype=bool)
            ),
            week_available=cal.week_mask(r.available),
            name=r.name,
        )
        for r in scenario.resources
    )
    instructors = tuple(
        CInstructor(
            id=t.id,
            institution=inst_pos[t.institution],
            site=site_pos[t.site],
            available=cal.window_mask(t.available) & open_slots,
            max_slots_per_week=t.max_slots_per_week,
            name=t.name,
        )
        for t in scenario.instructors
    )
    inst_site = {i.id: site_pos[i.site] for i in scenario.institutions}
    cohorts = tuple(
        CCohort(
            id=c.id,
            institution=inst_pos[c.institution],
            size=c.size,
            home_site=inst_site[c.institution],
            available=cal.window_mask(c.available) & open_slots,
            name=c.name,
        )
        for c in scenario.cohorts
    )
    travel = travel_matrix(scenario)

    shell = Problem(
        name=scenario.name,
        calendar=cal,
        weights=resolved_weights(scenario),
        institutions=tuple(i.id for i in scenario.institutions),
        sites=tuple(s.id for s in scenario.sites),
        travel=travel,
        resources=resources,
        instructors=instructors,
        cohorts=cohorts,
        requests=(),
        institution_names=tuple(i.name for i in scenario.institutions),
        site_names=tuple(s.name for s in scenario.sites),
    )
    memo = _Memo(scenario, shell)
    requests = tuple(
        _request(scenario, shell, req, idx, coh_pos, req_pos, memo)
        for idx, req in enumerate(scenario.requests)
    )
    return dataclasses.replace(shell, requests=requests)


def compile_request(
    scenario: Scenario, problem: Problem, request: Request, index: int | None = None
) -> CRequest:
    """``request`` compiled against ``problem``, the compiled ``scenario``, alone.

    Gives what :func:`compile_scenario` gives for ``request`` at position ``index``
    (default: appended after ``problem.requests``) of a scenario with the same calendar,
    sites, institutions, resources, instructors and cohorts as ``scenario``; its
    ``after`` ids resolve among ``problem.requests`` (and ``request`` itself). A mid-term
    extra request is compiled this way against the published term, once per request
    rather than the whole term again.
    """
    idx = len(problem.requests) if index is None else index
    coh_pos = {c.id: i for i, c in enumerate(problem.cohorts)}
    req_pos = {r.id: i for i, r in enumerate(problem.requests)}
    req_pos.setdefault(request.id, idx)
    return _request(scenario, problem, request, idx, coh_pos, req_pos, _Memo(scenario, problem))


def _request(
    scenario: Scenario,
    problem: Problem,
    req: Request,
    idx: int,
    coh_pos: dict[str, int],
    req_pos: dict[str, int],
    memo: _Memo,
) -> CRequest:
    """One request compiled; ``problem`` holds everything but the requests."""
    coh = tuple(coh_pos[c] for c in req.cohort_ids)
    insts = tuple(dict.fromkeys(problem.cohorts[c].institution for c in coh))
    who = _Asker(
        index=idx,
        cohorts=coh,
        institutions=insts,
        institution_ids={scenario.institutions[i].id for i in insts},
        after=tuple(req_pos[a] for a in req.after),
    )
    if req.kind is RequestKind.INTERNSHIP:
        return _internship(memo, req, who)
    return _sessions(memo, req, who)


def resource_admits(
    res: Resource, req: Request, institutions: set[str], *, internship: bool
) -> bool:
    """Static eligibility of ``res`` for ``req``: kind, features, lists, ``open_to``.

    Shared with :mod:`scheduler.validation` so that "no candidate resource" means the
    same thing when the scenario is checked and when it is compiled.
    """
    if internship != (res.kind is ResourceKind.INTERNSHIP_POST):
        return False
    if req.resource_kinds is not None and res.kind not in req.resource_kinds:
        return False
    if req.resources is not None and res.id not in req.resources:
        return False
    if not set(req.needs) <= set(res.features):
        return False
    if res.open_to is not None:
        allowed = set(res.open_to) | {res.owner}
        if not institutions <= allowed:
            return False
    return True


def intern_weeks(cal: CalendarIndex, post: Resource, institutions: set[str]) -> np.ndarray:
    """bool (n_weeks,): weeks ``post`` may hold interns of ``institutions``: its
    availability read by week, less the weeks its ``owner_windows`` touch unless they
    are all the owner's (an internship takes every slot of its weeks).

    Shared with :mod:`scheduler.validation`, like :func:`resource_admits`.
    """
    weeks = cal.week_mask(post.available)
    if post.owner_windows is not None and institutions != {post.owner}:
        weeks &= ~cal.week_mask(post.owner_windows)
    return weeks


def intern_run_weeks(cal: CalendarIndex, req: Request, cohorts: Sequence[Cohort]) -> np.ndarray:
    """bool (n_weeks,): weeks an internship's run may cover whatever the posts: inside
    its ``window`` and every attending cohort's ``available``, all read by week (an
    internship takes every slot of the cohort's weeks, so a week the cohort is away
    throughout, its exams say, holds none of it).

    Shared with :mod:`scheduler.validation`, like :func:`intern_weeks`.
    """
    weeks = cal.week_mask(req.window)
    for c in cohorts:
        weeks &= cal.week_mask(c.available)
    return weeks


def closed_weeks_in_window(
    cal: CalendarIndex, req: Request, cohorts: Sequence[Cohort]
) -> list[int]:
    """1-based weeks of an internship's ``window`` that the calendar closes throughout,
    when they are what leaves it no run of weeks: nobody trains in them (docs/rules.md
    12), which a planner reading only of the window would not guess. Empty when the
    window and the cohorts' weeks hold no run even with those weeks open."""
    weeks = cal.week_mask(req.window, closed_days_matter=False)
    for c in cohorts:
        weeks &= cal.week_mask(c.available, closed_days_matter=False)
    closed = [w for w in cal.closed_weeks() if weeks[w - 1]]
    n = req.weeks or 0
    first = cal.first_bookable_week
    if not closed or not any(weeks[w : w + n].all() for w in range(first, cal.n_weeks - n + 1)):
        return []
    return closed


class Admission:
    """The resources :func:`resource_admits` for requests, worked out once per kind of request.

    What that function reads of a request is its ``resource_kinds``, ``resources`` and
    ``needs`` and the requesting institutions: requests alike in those share one answer,
    and only resources listing every needed feature are asked. A large term has thousands
    of requests but far fewer such kinds; compiling and validating it asked every
    resource about every request.
    """

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.resources = resources
        self._answers: dict[tuple[object, ...], list[int]] = {}
        self._having: dict[str, list[int]] | None = None

    def admitted(self, req: Request, institutions: set[str], *, internship: bool) -> list[int]:
        """Positions of the admitted resources, ascending (a list of the caller's own)."""
        key = (
            internship,
            None if req.resource_kinds is None else tuple(req.resource_kinds),
            None if req.resources is None else tuple(req.resources),
            tuple(req.needs),
            frozenset(institutions),
        )
        if key not in self._answers:
            res = self.resources
            pool: Sequence[int] = self.having(req.needs[0]) if req.needs else range(len(res))
            for f in req.needs[1:]:
                having = set(self.having(f))
                pool = [k for k in pool if k in having]
            self._answers[key] = [
                k for k in pool if resource_admits(res[k], req, institutions, internship=internship)
            ]
        return list(self._answers[key])

    def having(self, feature: str) -> list[int]:
        """Positions of the resources listing ``feature``, ascending."""
        if self._having is None:
            self._having = {}
            for k, r in enumerate(self.resources):
                for f in dict.fromkeys(r.features):
                    self._having.setdefault(f, []).append(k)
        return self._having.get(feature, [])


@dataclasses.dataclass(frozen=True)
class _Asker:
    """Where a request stands and who asks for it, as positions: what requests of both kinds
    compile alike (``institution_ids`` are the ids of ``institutions``)."""

    index: int
    cohorts: tuple[int, ...]
    institutions: tuple[int, ...]
    institution_ids: set[str]
    after: tuple[int, ...]


class _Memo:
    """What compiling one scenario's requests shares between them: the scenario, the problem
    without its requests, and what is worked out once for all."""

    def __init__(self, scenario: Scenario, problem: Problem) -> None:
        self.admission = Admission(scenario.resources)
        self._spans: dict[tuple[int, int, bool], np.ndarray] = {}
        self.scenario = scenario
        self.problem = problem

    def resource_span(self, r: int, duration: int, guest: bool) -> np.ndarray:
        """``span_ok`` of resource ``r``'s availability, or (``guest``) of the slots outside
        its ``owner_windows`` (shared: do not change)."""
        key = (r, duration, guest)
        if key not in self._spans:
            res, cal = self.problem.resources[r], self.problem.calendar
            self._spans[key] = cal.span_ok(~res.owner_only if guest else res.available, duration)
        return self._spans[key]


def _sessions(memo: _Memo, req: Request, who: _Asker) -> CSessionRequest:
    scenario, problem = memo.scenario, memo.problem
    cal, cohorts = problem.calendar, problem.cohorts
    resources, travel = problem.resources, problem.travel
    coh, inst_ids = who.cohorts, who.institution_ids
    dur = req.duration
    headcount = req.headcount or sum(cohorts[c].size for c in coh)
    base = cal.window_mask(req.window) & cal.open_slots()
    for c in coh:
        base &= cohorts[c].available
    starts = cal.span_ok(base, dur)

    matching: list[int] = []
    cand: list[int] = []
    cand_starts: list[np.ndarray] = []
    cand_travel: list[int] = []
    for r_idx in memo.admission.admitted(req, inst_ids, internship=False):
        res = scenario.resources[r_idx]
        cres = resources[r_idx]
        if not req.split and headcount > cres.capacity + cres.overflow:
            continue
        matching.append(r_idx)
        ok = starts & memo.resource_span(r_idx, dur, False)
        if inst_ids != {res.owner}:
            ok &= memo.resource_span(r_idx, dur, True)
        if not ok.any():
            continue
        cand.append(r_idx)
        cand_starts.append(ok)
        cand_travel.append(
            sum(travel_cost_minutes(float(travel[cohorts[c].home_site, cres.site])) for c in coh)
        )

    instructors: list[int] = []
    if req.needs_instructor:
        skills = set(req.instructor_skills or [])
        allowed = set(req.instructors) if req.instructors is not None else None
        for t_idx, t in enumerate(scenario.instructors):
            if allowed is not None and t.id not in allowed:
                continue
            if skills <= set(t.skills):
                instructors.append(t_idx)

    prefer = req.prefer
    prefer_resources = None
    prefer_starts = None
    if prefer is not None:
        if prefer.resources is not None:
            pos = {r.id: i for i, r in enumerate(scenario.resources)}
            prefer_resources = frozenset(pos[r] for r in prefer.resources if r in pos)
        if prefer.windows is not None:
            prefer_starts = cal.span_ok(cal.window_mask(prefer.windows), dur)

    n_slots = cal.n_slots
    return CSessionRequest(
        index=who.index,
        id=req.id,
        cohorts=coh,
        institutions=who.institutions,
        n_sessions=req.sessions or 0,
        duration=dur,
        headcount=headcount,
        priority=req.priority,
        required=req.required,
        pattern=req.pattern.value,
        # the spec applies both to free requests only: the solvers and bounds read them
        # without looking at the pattern
        max_per_week=req.max_per_week if req.pattern.value == "free" else None,
        min_days_apart=req.min_days_apart if req.pattern.value == "free" else 0,
        min_days=req.min_days,
        split=req.split,
        needs_instructor=req.needs_instructor,
        starts=starts,
        resources=np.array(cand, dtype=np.int64),
        resource_starts=(
            np.array(cand_starts, dtype=bool) if cand else np.zeros((0, n_slots), dtype=bool)
        ),
        travel_minutes=np.array(cand_travel, dtype=np.int64),
        matching=np.array(matching, dtype=np.int64),
        instructors=np.array(instructors, dtype=np.int64),
        after=who.after,
        prefer_resources=prefer_resources,
        prefer_starts=prefer_starts,
        prefer_weight=prefer.weight if prefer is not None else 0,
        title=req.title,
    )


def _internship(memo: _Memo, req: Request, who: _Asker) -> CInternship:
    scenario, cal, cohorts = memo.scenario, memo.problem.calendar, memo.problem.cohorts
    coh, inst_ids = who.cohorts, who.institution_ids
    weeks = req.weeks or 0
    members = [scenario.cohorts[c] for c in coh]
    in_window = intern_run_weeks(cal, req, members)
    first = np.zeros(cal.n_weeks, dtype=bool)
    for w in range(cal.first_bookable_week, cal.n_weeks - weeks + 1):
        first[w] = bool(in_window[w : w + weeks].all())
    posts = memo.admission.admitted(req, inst_ids, internship=True)
    post_weeks = np.zeros((len(posts), cal.n_weeks), dtype=bool)
    for j, k in enumerate(posts):
        post_weeks[j] = intern_weeks(cal, scenario.resources[k], inst_ids)
    return CInternship(
        index=who.index,
        id=req.id,
        cohorts=coh,
        institutions=who.institutions,
        headcount=sum(cohorts[c].size for c in coh),
        weeks=weeks,
        priority=req.priority,
        required=req.required,
        first_weeks=first,
        posts=np.array(posts, dtype=np.int64),
        after=who.after,
        post_weeks=post_weeks,
        closed_weeks=tuple(closed_weeks_in_window(cal, req, members)),
        title=req.title,
    )
