"""What a re-solve keeps of the published timetable, and what it charges for the rest.

A published session is kept when the new schedule holds a session of its request at
the same start, in the same resources, each taught by the same instructor; every other
one has moved and costs ``move_penalty``. The CP-SAT model's ``kept`` literals
(:meth:`solver.cpsat.model.CpSatModel`) and the searches' scores read it the same way.
"""

from __future__ import annotations

from scheduler.problem import Problem, SessionAssignment, Solution


def penalty_of(sol: Solution, move_penalty: int) -> float:
    """The penalty of the moves a solve listed in ``metrics.moved_sessions`` (0 without)."""
    moved = sol.metrics.get("moved_sessions")
    return float(move_penalty * len(moved)) if isinstance(moved, list) else 0.0


def moved_sessions(problem: Problem, reference: Solution, sol: Solution) -> list[dict[str, object]]:
    """The reference sessions ``sol`` does not hold at the same start in the same
    resources with the same instructors (the model's ``kept`` reading), as
    ``{"request": id, "index": i}``."""
    have = {held_as(s) for s in sol.sessions}
    return [
        {"request": problem.requests[s.request].id, "index": s.index}
        for s in sorted(reference.sessions, key=lambda s: (s.request, s.index))
        if held_as(s) not in have
    ]


def count_moved(reference: Solution, other: Solution) -> int:
    """How many reference sessions ``other`` does not hold as :func:`held_as` reads them."""
    have = {held_as(s) for s in other.sessions}
    return sum(held_as(s) not in have for s in reference.sessions)


def teachers_of(reference: Solution) -> dict[tuple[int, int, int], int]:
    """(request, start, resource) -> the instructor teaching there in ``reference``: what
    the searches try first when they book a session again at its published place
    (:attr:`solver.occupancy.Occupancy.teacher_hint`), so that it stays kept."""
    return {
        (s.request, s.start, p.resource): p.instructor
        for s in reference.sessions
        for p in s.parts
        if p.instructor is not None
    }


def held_as(s: SessionAssignment) -> tuple[int, int, frozenset[tuple[int, int | None]]]:
    """What a re-solve keeps of a published session: its request, its start, and each
    resource with the instructor teaching there. A session held by another teacher has
    moved for the teacher, whose week changes, and pays ``move_penalty`` like one moved
    in time."""
    return s.request, s.start, frozenset((p.resource, p.instructor) for p in s.parts)
