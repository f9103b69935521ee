"""Plain :class:`~scheduler.problem.Solution` -> ``Schedule`` document."""

from __future__ import annotations

from scheduler.models import (
    Conflict,
    Placement,
    Schedule,
    Session,
    SessionPart,
    Status,
    Unmet,
    UnmetReason,
)
from scheduler.problem import Problem, Solution


def build_schedule(problem: Problem, solution: Solution) -> Schedule:
    """Translate indices back to ids and 1-based calendar positions."""
    cal = problem.calendar
    sessions = []
    for s in sorted(solution.sessions, key=lambda s: (s.request, s.index)):
        req = problem.requests[s.request]
        week, day, slot = cal.human(s.start)
        sessions.append(
            Session(
                request=req.id,
                index=s.index,
                week=week,
                day=day,
                slot=slot,
                duration=req.duration,  # type: ignore[union-attr]
                parts=[
                    SessionPart(
                        resource=problem.resources[p.resource].id,
                        headcount=p.headcount,
                        instructor=(
                            problem.instructors[p.instructor].id
                            if p.instructor is not None
                            else None
                        ),
                    )
                    for p in s.parts
                ],
            )
        )
    placements = [
        Placement(
            request=problem.requests[p.request].id,
            resource=problem.resources[p.resource].id,
            headcount=p.headcount,
            first_week=p.first_week + 1,
            weeks=p.weeks,
        )
        for p in sorted(solution.placements, key=lambda p: (p.request, p.resource))
    ]
    unmet = [
        Unmet(
            request=problem.requests[u.request].id,
            missing=u.missing,
            reason=UnmetReason(u.reason),
            message=u.message,
            messages=dict(u.messages) or None,
        )
        for u in sorted(solution.unmet, key=lambda u: u.request)
    ]
    gap = None
    objective, bound = _signless(solution.objective), _signless(solution.bound)
    if solution.objective is not None and solution.bound is not None:
        gap = max(0.0, solution.bound - solution.objective) / max(abs(solution.bound), 1.0)
    return Schedule(
        scenario=problem.name,
        status=Status(solution.status),
        objective=objective,
        bound=bound,
        gap=gap,
        solve_seconds=round(solution.solve_seconds, 3),
        solver=solution.solver or None,
        sessions=sessions,
        placements=placements,
        unmet=unmet,
        conflicts=[
            Conflict(items=items, message=msg, messages=dict(others) or None)
            for items, msg, others in solution.conflicts
        ],
        # the weights scored with, the resolved demand among them (scheduler/weights.py)
        metrics={**solution.metrics, "weights": dict(problem.weights)},
    )


def _signless(value: float | None) -> float | None:
    """``-0.0`` as ``0.0``: CP-SAT's bound of a maximisation with nothing to gain comes
    back negated as ``-0.0``, and a schedule saying ``"bound": -0.0`` beside
    ``"objective": 0.0`` reads as two different numbers to people and string compares."""
    return None if value is None else value + 0.0
