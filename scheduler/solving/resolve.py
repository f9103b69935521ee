"""Re-solves on documents: the API's ``resolve`` jobs and ``trainshare solve --published``.

Reads the published schedule into the changed term's indices, re-solves it with
:func:`solver.resolve.resolve_problem` and writes the schedule document.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from scheduler.calendar import day_of_date, term_day
from scheduler.compile import compile_scenario
from scheduler.models import Scenario, Schedule
from scheduler.problem import (
    PartAssignment,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from scheduler.solving.scenario import schedule_document
from scheduler.weights import resolved_weights
from solver.resolve import resolve_problem


def default_move_penalty(scenario: Scenario) -> int:
    """The cost of one moved session when none is given: one priority-slot of the term's
    ``demand`` weight, so a published session moves only to fit more demand in."""
    return resolved_weights(scenario)["demand"]


def resolve_with_reference(
    scenario: Scenario,
    options: Any,
    reference: dict[str, Any] | Schedule,
    move_penalty: int,
    progress: Any = None,
    stop: Any = None,
    keep_before: dt.date | None = None,
) -> Schedule:
    """Re-solve ``scenario`` close to ``reference``; mid-term, keep what has happened.

    With ``keep_before`` inside the term, nothing before that date changes: requests
    under way keep their published timetable and the rest start from that day on
    (:mod:`solver.kept_past`). The objective is the term's; the bound is the solver's
    on what it could change, plus what the kept part scores.
    """
    began = time.perf_counter()
    problem = compile_scenario(scenario)
    published = reference if isinstance(reference, Schedule) else Schedule.model_validate(reference)
    ref = published_solution(problem, published)
    day = 0 if keep_before is None else day_of_date(scenario.calendar, keep_before)
    left_out = 0
    if day:
        dpw = scenario.calendar.days_per_week
        before = sum(1 for s in published.sessions if term_day(dpw, s.week, s.day) < day) + sum(
            1 for p in published.placements if term_day(dpw, p.first_week, 1) < day
        )
        spd, dpw = problem.calendar.slots_per_day, problem.calendar.days_per_week
        kept_before = sum(1 for s in ref.sessions if s.start // spd < day) + sum(
            1 for p in ref.placements if p.first_week * dpw < day
        )
        left_out = before - kept_before
    solution = resolve_problem(problem, ref, day, options, move_penalty, progress, stop, left_out)
    # the changed scenario it answers: `check` notes a schedule read with another
    return schedule_document(
        scenario, problem, solution, began, {"move_penalty": int(move_penalty)}
    )


def published_solution(problem: Problem, schedule: Schedule) -> Solution:
    """The schedule's sessions and placements in ``problem``'s indices.

    Items naming a request, resource or instructor the problem does not have (e.g. a
    request withdrawn since publication), or a time outside its calendar (a term
    shortened, fewer days or slots), are left out: they cannot be kept, and read as
    indices they would land on another day or past the term's end.
    """
    req = {r.id: i for i, r in enumerate(problem.requests)}
    res = {r.id: i for i, r in enumerate(problem.resources)}
    ins = {t.id: i for i, t in enumerate(problem.instructors)}
    cal = problem.calendar
    sessions = []
    for s in schedule.sessions:
        if s.request not in req or any(p.resource not in res for p in s.parts):
            continue
        if not (
            1 <= s.week <= cal.n_weeks
            and 1 <= s.day <= cal.days_per_week
            and 1 <= s.slot <= cal.slots_per_day
        ):
            continue
        parts = tuple(
            PartAssignment(
                resource=res[p.resource],
                headcount=p.headcount,
                instructor=ins.get(p.instructor) if p.instructor is not None else None,
            )
            for p in s.parts
        )
        sessions.append(
            SessionAssignment(
                request=req[s.request],
                index=s.index,
                start=cal.slot(s.week, s.day, s.slot),
                parts=parts,
            )
        )
    placements = [
        PlacementAssignment(
            request=req[p.request],
            resource=res[p.resource],
            headcount=p.headcount,
            first_week=p.first_week - 1,
            weeks=p.weeks,
        )
        for p in schedule.placements
        if p.request in req
        and p.resource in res
        and p.first_week >= 1
        and p.weeks >= 1
        and p.first_week + p.weeks - 1 <= cal.n_weeks
    ]
    return Solution(
        status=schedule.status.value,
        sessions=sessions,
        placements=placements,
        objective=schedule.objective,
        bound=schedule.bound,
    )
