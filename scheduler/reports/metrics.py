"""Every number of the schedule report, computed once from a scenario and a schedule.

Renderers (Markdown, HTML, JSON, plots) and the web timetable only format what
:func:`compute_metrics` returns, so the numbers never disagree between outputs.

Units and readings
------------------
- A *slot-hour* is one slot of ``calendar.slot_minutes / 60`` hours.
- *Person-hours* of a session part: ``headcount x duration x slot_hours``. A joint
  session's person-hours go to the institutions of its cohorts in proportion to the
  cohorts' sizes (a split part does not say whose people sit in it).
- An internship *person-week* is one intern for one week; in person-hours it counts
  full time, the week's open slots (closed days excluded) x ``slot_hours``. The
  person-hours an internship *requests* use the term's average open week, since an
  unplaced internship has no weeks yet.
- *Person-times* (人次): one person attending one session; a session of a cohort of
  ``n`` people adds ``n`` (with the ``headcount`` extension, the cohorts' share of the
  session's headcount).
- *Demand units* follow ``docs/objective.md``: ``priority x duration`` per session,
  ``priority x weeks`` per internship placed in full; a request counts in full for
  every distinct institution among its cohorts. The fulfilled share is 1.0 when an
  institution demands nothing.
- *Utilisation* of a lab, workshop or training base: the share of its available
  slot-hours (its ``available`` windows on open days) in which at least one session
  uses it. Seat utilisation also weighs by headcount against capacity. An internship
  post's utilisation is intern-weeks over ``capacity x`` available weeks.
- *Cross-institution teaching*: a session part whose instructor belongs to an
  institution that none of the session's cohorts belong to.
- *Travel* of a cohort: per session part, the shortest minutes from its institution's
  site to the part's site, one way, capped at a day (the objective's travel term);
  cohorts that never leave their site are not listed.
"""

from __future__ import annotations

import re

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import Scenario, Schedule
from scheduler.reports.context import ScheduleContext
from scheduler.reports.measures.fulfilment import (
    institution_fulfilment,
    request_fulfilment,
    unmet_items,
)
from scheduler.reports.measures.people import (
    cohort_travel,
    instructor_load,
    trainee_cohorts,
    trainee_institutions,
)
from scheduler.reports.measures.resources import internship_hosts, resource_usage, sharing_matrix
from scheduler.reports.records import (
    ConflictItem,
    ReportMetrics,
    Summary,
)

_ITEM = re.compile(r"^(\w+)\[(\d+)\]$")


def _item_id(scenario: Scenario, item: str) -> str:
    """``requests[0]`` -> that request's id; anything else stays as written."""
    m = _ITEM.match(item)
    entries = getattr(scenario, m.group(1), None) if m else None
    if m and isinstance(entries, list | tuple) and int(m.group(2)) < len(entries):
        return str(getattr(entries[int(m.group(2))], "id", item))
    return item


def _conflicts(scenario: Scenario, schedule: Schedule) -> list[ConflictItem]:
    return [
        ConflictItem(
            list(c.items),
            [_item_id(scenario, i) for i in c.items],
            c.message,
            dict(c.messages or {}),
        )
        for c in schedule.conflicts
    ]


def compute_metrics(scenario: Scenario, schedule: Schedule) -> ReportMetrics:
    """All report numbers for ``schedule`` of ``scenario`` (see the module docstring).

    Raises
    ------
    ScheduleReferenceError
        When the schedule names ids or positions the scenario does not have.
    """
    ctx = ScheduleContext.build(scenario, schedule)
    cal = CalendarIndex.from_calendar(scenario.calendar)
    requests = request_fulfilment(ctx, cal)
    unmet = unmet_items(ctx, requests)
    institutions = institution_fulfilment(ctx, requests, unmet)
    resources = resource_usage(ctx, cal)
    sharing = sharing_matrix(ctx, cal)
    trainees = trainee_cohorts(ctx)
    instructors = instructor_load(ctx)
    worst = min(institutions, key=lambda f: f.share, default=None)
    time_resources = [r for r in resources if r.available > 0]
    summary = Summary(
        scenario=scenario.name,
        status=str(schedule.status),
        objective=schedule.objective,
        solver=schedule.solver,
        slot_minutes=scenario.calendar.slot_minutes,
        weeks=scenario.calendar.weeks,
        requests=len(scenario.requests),
        sessions_requested=sum(r.requested for r in requests if r.unit == "sessions"),
        sessions_granted=sum(r.granted for r in requests if r.unit == "sessions"),
        person_hours_requested=sum(r.person_hours_requested for r in requests),
        person_hours_granted=sum(r.person_hours_granted for r in requests),
        internship_people_requested=sum(r.requested for r in requests if r.unit == "people"),
        internship_people_placed=sum(r.granted for r in requests if r.unit == "people"),
        unmet_requests=len({u.request for u in unmet}),
        worst_share=worst.share if worst is not None else 1.0,
        worst_institution=worst.institution if worst is not None else None,
        mean_utilisation=(
            float(np.mean([r.utilisation for r in time_resources])) if time_resources else 0.0
        ),
        non_owner_share=sharing.non_owner_share,
        trainee_person_hours=sum(t.person_hours for t in trainees),
        trainee_person_times=sum(t.person_times for t in trainees),
        teaching_hours=sum(i.hours for i in instructors),
        cross_institution_teaching_hours=sum(i.cross_institution_hours for i in instructors),
    )
    names = {i.id: i.name or i.id for i in scenario.institutions}
    names.update({r.id: r.name or r.id for r in scenario.resources})
    names.update({c.id: c.name or c.id for c in scenario.cohorts})
    names.update({i.id: i.name or i.id for i in scenario.instructors})
    return ReportMetrics(
        summary=summary,
        institutions=institutions,
        requests=requests,
        resources=resources,
        sharing=sharing,
        trainees=trainees,
        trainee_institutions=trainee_institutions(ctx, trainees),
        internship_hosts=internship_hosts(ctx, cal),
        instructors=instructors,
        weeks=list(range(1, scenario.calendar.weeks + 1)),
        names=names,
        conflicts=_conflicts(scenario, schedule),
        travel=cohort_travel(ctx),
    )
