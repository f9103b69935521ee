"""CB-CTT instance -> trainshare scenario, and trainshare schedule <-> ``.sol`` solution.

The mapping keeps UD2 exact, so that for a timetable with every lecture placed

    objective = 1000 x lectures - UD2 cost

(``docs/objective.md``), where the objective is what :func:`scheduler.evaluate.evaluate`
computes from the schedule. Element by element:

===================  ====================================================================
CB-CTT               trainshare
===================  ====================================================================
days x periods       one week, ``days_per_week = Days``, ``slots_per_day = Periods_per_day``
room                 resource ``kind: lab``, exclusive, ``capacity`` = size, ``overflow``
                     large enough never to block: RoomCapacity is the overflow term
curriculum           cohort: its courses never overlap (Conflicts) and ``isolated`` counts
                     per cohort, as IsolatedLectures counts per curriculum
teacher              instructor, fixed on the course by ``instructors: [teacher]``
course               request: ``sessions`` = lectures, ``duration`` 1, ``required``,
                     ``min_days`` = minimum working days, ``window`` = complement of its
                     unavailability, ``cohorts`` = its curricula, ``headcount`` = its
                     students (format extension, ``docs/format-extensions.md``)
UD2 weights          ``overflow 1, min_days 5, isolated 2, stability 1`` (RoomStability is
                     ``extra_resources`` per request); ``demand 1000``; the rest 0
===================  ====================================================================

Why ``headcount``: RoomCapacity counts the course's students, but a joint session's
headcount is the sum of its cohorts' sizes, which cannot equal the students of every
course when courses share curricula. Two corner cases stay exact by construction:
a course with 0 students gets headcount 1 (rooms hold at least 1, so no overflow either
way), and if some room has size 0 every capacity and headcount is shifted up by one
(``max(0, s - c)`` is unchanged).

Not expressible without approximation: a course in no curriculum needs a cohort of its
own, whose lectures the ``isolated`` term then counts although UD2 does not
(:attr:`Conversion.exact` is False; none of comp01-comp21 has such a course). UD2 ignores
ROOM_CONSTRAINTS, Min_Max_Daily_Lectures and the double-lecture flag, and so do we.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import ValidationError

from benchmarks.itc2007.cost import Assignment
from benchmarks.itc2007.instance import Instance
from scheduler.error_messages import issues_from_validation_error
from scheduler.models import (
    MAX_CALENDAR_DAYS,
    MAX_CALENDAR_SLOTS,
    MAX_PEOPLE,
    MAX_SLOTS_PER_DAY,
    Calendar,
    Cohort,
    Institution,
    InstitutionKind,
    Instructor,
    Request,
    Resource,
    ResourceKind,
    Scenario,
    Schedule,
    Session,
    SessionPart,
    Site,
    Status,
    Unmet,
    UnmetReason,
    Weights,
    Window,
)

logger = logging.getLogger(__name__)

#: A Monday, only to anchor the one-week calendar (the first ITC-2007 term week).
FIRST_MONDAY = dt.date(2007, 10, 1)
SITE_ID = "campus"
INSTITUTION_ID = "university"
#: The reward per lecture placed: UD2's cost is this x lectures - objective.
UD2_DEMAND = 1000
#: UD2 as trainshare weights (docs/objective.md, last paragraph).
UD2_WEIGHTS = Weights(
    demand=UD2_DEMAND,
    fairness=0,
    prefer=0,
    stability=1,
    travel=0,
    overflow=1,
    min_days=5,
    isolated=2,
)
#: Default slots run from 08:00; this many minutes fit before midnight.
_DAY_MINUTES = 16 * 60


class ConversionError(ValueError):
    """The instance or solution cannot be expressed as asked; the message says why."""


@dataclass(frozen=True)
class Conversion:
    """A converted instance and what is needed to map answers back."""

    instance: Instance
    scenario: Scenario
    headcount: dict[str, int]  # course -> people per session
    cohorts_of: dict[str, tuple[str, ...]]  # course -> cohort ids
    exact: bool = True
    notes: tuple[str, ...] = field(default=())

    @property
    def lectures(self) -> int:
        """Lectures the instance requires: the count that turns an objective into a UD2 cost."""
        return self.instance.lectures

    def ud2_cost_of(self, objective: float) -> float:
        """UD2 cost implied by a trainshare objective with every lecture placed."""
        return UD2_DEMAND * self.lectures - objective


def instance_to_scenario(instance: Instance) -> Conversion:
    """Express ``instance`` as a trainshare scenario whose objective is UD2 (see module doc).

    Raises :class:`ConversionError` when it cannot be one (a number the scenario format
    does not take, say)."""
    try:
        return _convert(instance)
    except ValidationError as e:
        problems = "; ".join(str(i) for i in issues_from_validation_error(e))
        raise ConversionError(f"{instance.name}: not a trainshare scenario: {problems}") from None


def _refuse_beyond_limits(instance: Instance) -> None:
    """Name the course or room whose number the scenario format does not take, in the
    instance's words (validation would say ``size: must be at most 100000``)."""
    for c in instance.courses:
        for value, what, most in (
            (c.students, "students", MAX_PEOPLE - 1),  # headcounts may shift up by one
            (c.lectures, "lectures", MAX_CALENDAR_SLOTS),
            (c.min_working_days, "min working days", MAX_CALENDAR_DAYS),
        ):
            if value > most:
                raise ConversionError(
                    f"{instance.name}: course '{c.name}' has {value:,} {what}; a trainshare "
                    f"scenario takes at most {most:,}"
                )
    for r in instance.rooms:
        if r.capacity > MAX_PEOPLE - 1:
            raise ConversionError(
                f"{instance.name}: room '{r.name}' holds {r.capacity:,}; a trainshare resource "
                f"takes at most {MAX_PEOPLE - 1:,}"
            )


def _convert(instance: Instance) -> Conversion:
    if instance.days > 7:
        raise ConversionError(
            f"{instance.where('Days')}: {instance.days} days do not fit a week (days_per_week <= 7)"
        )
    ppd = instance.periods_per_day
    if ppd > _DAY_MINUTES:
        raise ConversionError(
            f"{instance.where('Periods_per_day')}: {ppd} periods per day do not fit in a day"
        )
    if ppd > MAX_SLOTS_PER_DAY:
        raise ConversionError(
            f"{instance.where('Periods_per_day')}: {ppd} periods per day; a trainshare day has "
            f"at most {MAX_SLOTS_PER_DAY} slots"
        )
    _refuse_beyond_limits(instance)
    notes: list[str] = []

    shift = 1 if any(r.capacity == 0 for r in instance.rooms) else 0
    if shift:
        notes.append("a room has size 0: capacities and headcounts shifted up by one")
    headcount = {c.name: max(1, c.students + shift) for c in instance.courses}

    cohort_ids = {q.name for q in instance.curricula}
    cohorts_of: dict[str, tuple[str, ...]] = {}
    solo: list[str] = []
    for c in instance.courses:
        qs = instance.curricula_of[c.name]
        if not qs:
            cid = _unique(f"{c.name}-alone", cohort_ids)
            cohort_ids.add(cid)
            solo.append(cid)
            qs = (cid,)
        cohorts_of[c.name] = qs
    exact = not solo
    if solo:
        notes.append(
            f"{len(solo)} course(s) in no curriculum get a cohort of their own; the "
            "isolated term counts their lectures although UD2 does not"
        )

    members: dict[str, list[str]] = defaultdict(list)
    for course, qs in cohorts_of.items():
        for q in qs:
            members[q].append(course)
    cohort_order = [q.name for q in instance.curricula] + solo
    cohorts = [
        Cohort(
            id=q,
            institution=INSTITUTION_ID,
            size=max((headcount[c] for c in members[q]), default=1),
        )
        for q in cohort_order
    ]

    # RoomCapacity is soft: tolerate any course in any room. The sum of a course's cohorts'
    # sizes is covered too, for readers that ignore `headcount`.
    most_people = _largest_joint(cohorts_of, cohorts, max(headcount.values(), default=1))
    resources = [
        Resource(
            id=r.name,
            kind=ResourceKind.LAB,
            owner=INSTITUTION_ID,
            site=SITE_ID,
            capacity=r.capacity + shift,
            overflow=max(0, most_people - (r.capacity + shift)),
        )
        for r in instance.rooms
    ]

    teachers = list(dict.fromkeys(c.teacher for c in instance.courses))
    instructors = [Instructor(id=t, institution=INSTITUTION_ID, site=SITE_ID) for t in teachers]

    requests = []
    for c in instance.courses:
        if c.lectures == 0:
            notes.append(f"course {c.name} has no lectures: no request")
            continue
        qs = cohorts_of[c.name]
        requests.append(
            Request(
                id=c.name,
                cohort=qs[0] if len(qs) == 1 else None,
                cohorts=list(qs) if len(qs) > 1 else None,
                headcount=headcount[c.name],
                title=f"{c.name} ({c.teacher})",
                sessions=c.lectures,
                duration=1,
                min_days=c.min_working_days,
                instructors=[c.teacher],
                required=True,
                window=_window(instance, c.name),
            )
        )
    if any(c.lectures == 0 and c.min_working_days > 0 for c in instance.courses):
        exact = False
        notes.append("a course without lectures has a minimum of working days: UD2 counts it")

    scenario = _scenario(instance, ppd, resources, instructors, cohorts, requests)
    for note in notes:
        logger.info("%s: %s", instance.name, note)
    return Conversion(
        instance=instance,
        scenario=scenario,
        headcount=headcount,
        cohorts_of=cohorts_of,
        exact=exact,
        notes=tuple(notes),
    )


def _scenario(
    instance: Instance,
    ppd: int,
    resources: list[Resource],
    instructors: list[Instructor],
    cohorts: list[Cohort],
    requests: list[Request],
) -> Scenario:
    return Scenario(
        name=instance.name,
        calendar=Calendar(
            weeks=1,
            days_per_week=instance.days,
            slots_per_day=ppd,
            slot_minutes=min(60, _DAY_MINUTES // ppd),
            first_monday=FIRST_MONDAY,
        ),
        sites=[Site(id=SITE_ID, name="campus")],
        institutions=[
            Institution(
                id=INSTITUTION_ID, name=instance.name, kind=InstitutionKind.COLLEGE, site=SITE_ID
            )
        ],
        resources=resources,
        instructors=instructors,
        cohorts=cohorts,
        requests=requests,
        weights=UD2_WEIGHTS,
    )


def _unique(base: str, taken: set[str]) -> str:
    name, k = base, 1
    while name in taken:
        k += 1
        name = f"{base}-{k}"
    return name


def _largest_joint(
    cohorts_of: dict[str, tuple[str, ...]], cohorts: list[Cohort], biggest: int
) -> int:
    size = {c.id: c.size for c in cohorts}
    return max([biggest, *(sum(size[q] for q in qs) for qs in cohorts_of.values())])


def _window(instance: Instance, course: str) -> list[Window] | None:
    """The complement of the course's unavailability, one window per set of equal days."""
    banned = instance.unavailable[course]
    if not banned:
        return None
    by_slots: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for d in range(instance.days):
        slots = tuple(p + 1 for p in range(instance.periods_per_day) if (d, p) not in banned)
        if slots:
            by_slots[slots].append(d + 1)
    return [Window(days=days, slots=list(slots)) for slots, days in by_slots.items()]


# --------------------------------------------------------------------------- answers


def solution_to_schedule(conversion: Conversion, assignments: list[Assignment]) -> Schedule:
    """A ``.sol`` timetable as a trainshare schedule document of the converted scenario.

    Entries the validator would skip (unknown course or room, day or period outside the
    instance, a course twice in one period) are errors here: a schedule document must
    not silently drop what it was given.
    """
    inst = conversion.instance
    seen: set[tuple[str, int, int]] = set()
    per_course: dict[str, list[Assignment]] = defaultdict(list)
    for n, a in enumerate(assignments, start=1):
        where = f"lecture {n} '{a.course} {a.room} {a.day} {a.period}'"
        if a.course not in inst.course_by_name:
            raise ConversionError(f"{where}: unknown course")
        if a.room not in inst.room_by_name:
            raise ConversionError(f"{where}: unknown room")
        if not (0 <= a.day < inst.days and 0 <= a.period < inst.periods_per_day):
            raise ConversionError(f"{where}: day or period outside the instance")
        if (a.course, a.day, a.period) in seen:
            raise ConversionError(f"{where}: the course already has a lecture then")
        seen.add((a.course, a.day, a.period))
        per_course[a.course].append(a)

    sessions: list[Session] = []
    unmet: list[Unmet] = []
    complete = True
    for course in inst.courses:
        lectures = sorted(per_course.get(course.name, []), key=lambda a: (a.day, a.period))
        for index, a in enumerate(lectures, start=1):
            sessions.append(
                Session(
                    request=course.name,
                    index=index,
                    week=1,
                    day=a.day + 1,
                    slot=a.period + 1,
                    duration=1,
                    parts=[
                        SessionPart(
                            resource=a.room,
                            headcount=conversion.headcount[course.name],
                            instructor=course.teacher,
                        )
                    ],
                )
            )
        if len(lectures) != course.lectures:
            complete = False
        if len(lectures) < course.lectures:
            unmet.append(
                Unmet(
                    request=course.name,
                    missing=course.lectures - len(lectures),
                    reason=UnmetReason.TIME_LIMIT,
                    message="the solution file does not place every lecture",
                )
            )
    return Schedule(
        scenario=conversion.scenario.name,
        status=Status.FEASIBLE if complete else Status.UNKNOWN,
        solver="itc2007-solution",
        sessions=sessions,
        unmet=unmet,
    )


def schedule_to_solution(schedule: Schedule) -> list[Assignment]:
    """The lectures of a schedule of a converted scenario, as ``.sol`` assignments.

    One line per part and slot, with 0-based day and period; the order is by day,
    period, course so that files are stable across runs.
    """
    out: list[Assignment] = []
    for s in schedule.sessions:
        if s.week != 1:
            raise ConversionError(
                f"session {s.request}#{s.index} is in week {s.week}; ITC-2007 has one week"
            )
        for part in s.parts:
            for k in range(s.slot, s.slot + s.duration):
                out.append(Assignment(s.request, part.resource, s.day - 1, k - 1))
    return sorted(out, key=lambda a: (a.day, a.period, a.course, a.room))
