"""Recompute the objective of a schedule document straight from the spec.

This is the independent half of the judge (the other is :mod:`scheduler.checker`): it
reads the pydantic documents only, never the compiled :class:`~scheduler.problem.Problem`,
so that a bug in the compile step or in a solver cannot hide behind a shared helper.
Every term follows ``docs/objective.md`` to the letter, in integer arithmetic.

It is robust to schedules that break the hard rules: sessions or placements naming an
unknown request, and parts naming an unknown resource, are skipped here (the checker
reports them). Two readings keep the score meaningful on such schedules, and agree with
the spec on valid ones:

- a session request counts at most ``sessions`` scheduled sessions
  (``priority x duration`` each, the request's duration);
- an internship counts ``priority x weeks`` once it has any placement (internships are
  all or nothing; a placement whose headcounts are wrong is the checker's business).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from scheduler.models import (
    Cohort,
    Instructor,
    Request,
    RequestKind,
    Resource,
    Scenario,
    Schedule,
    Session,
    Window,
)
from scheduler.objective_terms import TERM_WEIGHTS, travel_cost_minutes
from scheduler.sites import travel_matrix
from scheduler.weights import resolved_weights

# --------------------------------------------------------------------------- windows


def in_windows(windows: Iterable[Window] | None, week: int, day: int, slot: int) -> bool:
    """Whether 1-based (week, day, slot) lies in the union of ``windows``.

    ``None`` is the whole calendar, ``[]`` is never; a window's ``weeks`` is an inclusive
    range and a missing key means everything (spec, "Time windows"). Written here rather
    than reusing the masks of :mod:`scheduler.calendar` to keep the judge independent.
    """
    if windows is None:
        return True
    for w in windows:
        if w.weeks is not None and not (w.weeks[0] <= week <= w.weeks[1]):
            continue
        if w.days is not None and day not in w.days:
            continue
        if w.slots is not None and slot not in w.slots:
            continue
        return True
    return False


def week_in_windows(
    windows: Iterable[Window] | None,
    week: int,
    days_per_week: int,
    slots_per_day: int,
    closed: Container[tuple[int, int]] = (),
) -> bool:
    """Whether ``week`` is in ``windows`` read by week (internship windows, post availability).

    A week counts when some window's week range holds it, its slots are not empty within
    the calendar and its days include a day of that week not in ``closed`` ((week, day)
    pairs): closed days are unavailable to everyone (docs/rules.md, rule 12).
    """
    open_days = [d for d in range(1, days_per_week + 1) if (week, d) not in closed]
    if windows is None:
        return bool(open_days)
    for w in windows:
        if w.weeks is not None and not (w.weeks[0] <= week <= w.weeks[1]):
            continue
        if w.days is not None and not any(d in w.days for d in open_days):
            continue
        if w.days is None and not open_days:
            continue
        if w.slots is not None and not any(1 <= s <= slots_per_day for s in w.slots):
            continue
        return True
    return False


def session_slots(session: Session, slots_per_day: int | None = None) -> range:
    """The 1-based slots of its day that ``session`` occupies (as the document holds it).

    With ``slots_per_day``, only the slots inside the day: a session running past it (the
    checker reports that) must not make scoring walk a billion slots.
    """
    end = session.slot + session.duration
    return range(session.slot, end if slots_per_day is None else min(end, slots_per_day + 1))


# --------------------------------------------------------------------------- lookups


@dataclass(frozen=True)
class Lookup:
    """Id -> object maps of a scenario, tolerant of dangling references."""

    scenario: Scenario
    requests: dict[str, Request]
    resources: dict[str, Resource]
    cohorts: dict[str, Cohort]
    instructors: dict[str, Instructor]
    institution_site: dict[str, str]
    #: ``id()`` of each scenario request -> :meth:`cohorts_of` it, listed once: scoring and
    #: the checker ask for every session (120,000 times for an L term)
    request_cohorts: dict[int, list[Cohort]] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario) -> Lookup:
        """Index ``scenario`` by id; a repeated id (a validation error) keeps its last object."""
        cohorts = {c.id: c for c in scenario.cohorts}
        return cls(
            scenario=scenario,
            requests={r.id: r for r in scenario.requests},
            resources={r.id: r for r in scenario.resources},
            cohorts=cohorts,
            instructors={t.id: t for t in scenario.instructors},
            institution_site={i.id: i.site for i in scenario.institutions},
            request_cohorts={id(r): _known_cohorts(r, cohorts) for r in scenario.requests},
        )

    def cohorts_of(self, req: Request) -> list[Cohort]:
        """The known cohorts attending ``req`` (duplicates removed, order kept; a scenario
        request's list is shared: do not change it)."""
        known = self.request_cohorts.get(id(req))
        return known if known is not None else _known_cohorts(req, self.cohorts)

    def institutions_of(self, req: Request) -> list[str]:
        """Distinct institutions among ``req``'s cohorts: each is credited the request."""
        return list(dict.fromkeys(c.institution for c in self.cohorts_of(req)))

    def headcount(self, req: Request) -> int:
        """People of ``req``'s cohorts: the sum of their sizes (what an internship places)."""
        return sum(c.size for c in self.cohorts_of(req))

    def session_headcount(self, req: Request) -> int:
        """People at each session of ``req``: its ``headcount`` extension when given
        (``docs/format-extensions.md``), else the sum of its cohorts' sizes."""
        return req.headcount or self.headcount(req)

    def session_request(self, request_id: str) -> Request | None:
        """The ``kind: sessions`` request with this id, or ``None`` when unknown or an internship,
        so scoring skips items that name the wrong kind.
        """
        req = self.requests.get(request_id)
        return req if req is not None and req.kind is RequestKind.SESSIONS else None

    def internship_request(self, request_id: str) -> Request | None:
        """The internship request with this id, or ``None`` when unknown or a sessions request,
        so scoring skips items that name the wrong kind.
        """
        req = self.requests.get(request_id)
        return req if req is not None and req.kind is RequestKind.INTERNSHIP else None


def _known_cohorts(req: Request, cohorts: dict[str, Cohort]) -> list[Cohort]:
    """The cohorts of ``req`` that ``cohorts`` knows, each once, in the request's order."""
    return [cohorts[c] for c in dict.fromkeys(req.cohort_ids) if c in cohorts]


def demanded_units(req: Request) -> int:
    """Priority-weighted demand of a request asked in full."""
    if req.kind is RequestKind.INTERNSHIP:
        return req.priority * (req.weeks or 0)
    return req.priority * req.duration * (req.sessions or 0)


def share_text(share: float, demanded: float) -> str:
    """A fulfilled share as people read it (``45.7%``): ``—`` for an institution that
    asked for nothing, whose share is 1.0 by the spec but no service given."""
    return f"{share:.1%}" if demanded > 0 else "—"


def scheduled_counts(lookup: Lookup, schedule: Schedule) -> dict[str, int]:
    """Request id -> sessions (session requests) or placements (internships) in the schedule.

    Items naming an unknown request, or a request of the other kind, are not counted.
    """
    counts: dict[str, int] = defaultdict(int)
    for s in schedule.sessions:
        if lookup.session_request(s.request) is not None:
            counts[s.request] += 1
    for p in schedule.placements:
        if lookup.internship_request(p.request) is not None:
            counts[p.request] += 1
    return counts


def missing_of(lookup: Lookup, req: Request, counts: dict[str, int]) -> int:
    """What the schedule lacks of ``req``: sessions, or the headcount of an unplaced internship.

    Requested sessions minus scheduled sessions (never negative); an internship with any
    placement counts as placed (all or nothing; the checker judges the placements).
    """
    have = counts.get(req.id, 0)
    if req.kind is RequestKind.INTERNSHIP:
        return 0 if have else lookup.headcount(req)
    return max(0, (req.sessions or 0) - have)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Evaluation:
    """The objective of a schedule and every term of it (``docs/objective.md``)."""

    objective: int
    terms: dict[str, int]
    demanded_units: dict[str, int]
    fulfilled_by_institution: dict[str, int]
    shares: dict[str, float]
    worst_share: float
    weights: dict[str, int] = field(default_factory=dict)

    @property
    def fulfilled_units(self) -> dict[str, int]:
        """Alias of :attr:`fulfilled_by_institution` (the name used in the common brief)."""
        return self.fulfilled_by_institution


def evaluate(scenario: Scenario, schedule: Schedule) -> Evaluation:
    """Score ``schedule`` for ``scenario``; the objective is maximised."""
    lookup = Lookup.of(scenario)
    counts = scheduled_counts(lookup, schedule)
    demanded, fulfilled, fulfilled_total = _fulfilment(lookup, counts)

    shares: dict[str, float] = {}
    permille = 1000
    for inst in (i.id for i in scenario.institutions):
        d, f = demanded.get(inst, 0), fulfilled.get(inst, 0)
        shares[inst] = f / d if d else 1.0
        permille = min(permille, (1000 * f) // d if d else 1000)

    terms = {
        "fulfilled_units": fulfilled_total,
        "worst_share_permille": permille,
        "preference_misses": _preference_misses(lookup, schedule),
        "extra_resources": _extra_resources(lookup, schedule),
        "travel_minutes": _travel_minutes(lookup, schedule),
        "overflow_person_slots": _overflow(lookup, schedule),
        "missing_days": _missing_days(lookup, schedule),
        "isolated_sessions": _isolated(lookup, schedule),
    }
    weights = resolved_weights(scenario)
    objective = sum(sign * weights[w] * terms[t] for t, (w, sign) in TERM_WEIGHTS.items())
    return Evaluation(
        objective=objective,
        terms=terms,
        demanded_units={i.id: demanded.get(i.id, 0) for i in scenario.institutions},
        fulfilled_by_institution={i.id: fulfilled.get(i.id, 0) for i in scenario.institutions},
        shares=shares,
        worst_share=min(shares.values(), default=1.0),
        weights=weights,
    )


def _fulfilment(
    lookup: Lookup, counts: dict[str, int]
) -> tuple[dict[str, int], dict[str, int], int]:
    """Demanded and fulfilled units per institution, and the fulfilled total.

    A request counts in full for every distinct institution among its cohorts, but only
    once in the total.
    """
    demanded: dict[str, int] = defaultdict(int)
    fulfilled: dict[str, int] = defaultdict(int)
    total = 0
    for req in lookup.scenario.requests:
        want = demanded_units(req)
        have = counts.get(req.id, 0)
        if req.kind is RequestKind.INTERNSHIP:
            got = want if have else 0
        else:
            got = req.priority * req.duration * min(have, req.sessions or 0)
        total += got
        for inst in lookup.institutions_of(req):
            demanded[inst] += want
            fulfilled[inst] += got
    return demanded, fulfilled, total


def _preference_misses(lookup: Lookup, schedule: Schedule) -> int:
    misses = 0
    for s in schedule.sessions:
        req = lookup.session_request(s.request)
        if req is None or req.prefer is None:
            continue
        pref = req.prefer
        if pref.resources is not None and any(p.resource not in pref.resources for p in s.parts):
            misses += pref.weight
        if pref.windows is not None and not all(
            in_windows(pref.windows, s.week, s.day, k)
            for k in session_slots(s, lookup.scenario.calendar.slots_per_day)
        ):
            misses += pref.weight
    return misses


def _extra_resources(lookup: Lookup, schedule: Schedule) -> int:
    used: dict[str, set[str]] = defaultdict(set)
    for s in schedule.sessions:
        if lookup.session_request(s.request) is None:
            continue
        used[s.request].update(p.resource for p in s.parts if p.resource in lookup.resources)
    return sum(max(0, len(r) - 1) for r in used.values())


def _travel_minutes(lookup: Lookup, schedule: Schedule) -> int:
    scenario = lookup.scenario
    pos = {s.id: i for i, s in enumerate(scenario.sites)}
    matrix = travel_matrix(scenario)
    total = 0
    for s in schedule.sessions:
        req = lookup.session_request(s.request)
        if req is None:
            continue
        homes = [lookup.institution_site.get(c.institution) for c in lookup.cohorts_of(req)]
        for part in s.parts:
            res = lookup.resources.get(part.resource)
            if res is None or res.site not in pos:
                continue
            for home in homes:
                if home not in pos:
                    continue
                total += travel_cost_minutes(float(matrix[pos[home], pos[res.site]]))
    return total


def _overflow(lookup: Lookup, schedule: Schedule) -> int:
    """People beyond ``capacity``: per resource and slot for sessions, per week for posts."""
    per_slot: dict[tuple[str, int, int, int], int] = defaultdict(int)
    for s in schedule.sessions:
        if lookup.session_request(s.request) is None:
            continue
        for part in s.parts:
            if part.resource in lookup.resources:
                for k in session_slots(s, lookup.scenario.calendar.slots_per_day):
                    per_slot[(part.resource, s.week, s.day, k)] += part.headcount
    per_week: dict[tuple[str, int], int] = defaultdict(int)
    for p in schedule.placements:
        if lookup.internship_request(p.request) is None or p.resource not in lookup.resources:
            continue
        last = min(p.first_week + p.weeks - 1, lookup.scenario.calendar.weeks)  # checker flags more
        for w in range(p.first_week, last + 1):
            per_week[(p.resource, w)] += p.headcount
    over = 0
    for (rid, *_), people in per_slot.items():
        over += max(0, people - lookup.resources[rid].capacity)
    for (rid, _), people in per_week.items():
        over += max(0, people - lookup.resources[rid].capacity)
    return over


def _missing_days(lookup: Lookup, schedule: Schedule) -> int:
    days: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in schedule.sessions:
        if lookup.session_request(s.request) is not None:
            days[s.request].add((s.week, s.day))
    return sum(max(0, lookup.requests[rid].min_days - len(held)) for rid, held in days.items())


def _isolated(lookup: Lookup, schedule: Schedule) -> int:
    """Sessions of a cohort with no other session of the cohort right before or after."""
    occupied: dict[tuple[str, int, int, int], set[int]] = defaultdict(set)
    attending: list[tuple[int, Session, list[str]]] = []
    for i, s in enumerate(schedule.sessions):
        req = lookup.session_request(s.request)
        if req is None:
            continue
        cohorts = [c.id for c in lookup.cohorts_of(req)]
        attending.append((i, s, cohorts))
        for c in cohorts:
            for k in session_slots(s, lookup.scenario.calendar.slots_per_day):
                occupied[(c, s.week, s.day, k)].add(i)
    isolated = 0
    for i, s, cohorts in attending:
        for c in cohorts:
            before = occupied.get((c, s.week, s.day, s.slot - 1), set()) - {i}
            after = occupied.get((c, s.week, s.day, s.slot + s.duration), set()) - {i}
            if not before and not after:
                isolated += 1
    return isolated
