"""A published schedule document back into the solver's indexed :class:`Solution`.

Re-solves and extra requests start from what was published; solvers speak indices,
documents speak ids, so the ids are looked up against the compiled problem.
"""

from __future__ import annotations

from scheduler.models import Schedule
from scheduler.problem import (
    PartAssignment,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)


def solution_from_schedule(problem: Problem, schedule: Schedule) -> Solution:
    """The schedule's sessions and placements in ``problem``'s indices.

    Items naming a request, resource or instructor the problem does not have (e.g. a
    request withdrawn since publication) are left out: they cannot constrain anything.
    """
    req = {r.id: i for i, r in enumerate(problem.requests)}
    res = {r.id: i for i, r in enumerate(problem.resources)}
    ins = {t.id: i for i, t in enumerate(problem.instructors)}
    cal = problem.calendar
    sessions = []
    for s in schedule.sessions:
        if s.request not in req or any(p.resource not in res for p in s.parts):
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
        if p.request in req and p.resource in res
    ]
    return Solution(
        status=schedule.status.value,
        sessions=sessions,
        placements=placements,
        objective=schedule.objective,
        bound=schedule.bound,
    )
