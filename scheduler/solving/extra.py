"""Mid-term extra requests on documents: :func:`solver.insert.insert_request` for the API.

The solver works on the compiled term; this module reads the published schedule back
into its indices, compiles the alternatives a suggestion may try (other resources with
the same features, other weeks) and writes the answer as documents.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypedDict

from scheduler.build import build_schedule
from scheduler.compile import compile_request, compile_scenario
from scheduler.models import Placement, Scenario, Schedule, Session, Unmet
from scheduler.problem import (
    CInternship,
    CRequest,
    CSessionRequest,
    PartAssignment,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
    UnmetAssignment,
)
from solver.insert import InsertResult, insert_request


class SuggestionDoc(TypedDict):
    """A suggestion as the API shows it: what relaxing the request one way would give."""

    kind: str
    message: str
    messages: dict[str, str]
    gain: int
    sessions: list[dict[str, Any]]
    placements: list[dict[str, Any]]


@dataclass(slots=True)
class InsertAnswer:
    """:func:`solver.insert.insert_request` in document terms (ids, 1-based weeks), for the API."""

    outcome: str
    sessions: list[Session]
    placements: list[Placement]
    unmet: Unmet | None
    suggestions: list[SuggestionDoc] = field(default_factory=list)
    schedule: Schedule | None = None
    seconds: float = 0.0


def insert_into_schedule(
    scenario: Scenario, schedule: Schedule, request_index: int, *, max_suggestions: int = 5
) -> InsertAnswer:
    """Grant ``scenario.requests[request_index]`` around the published ``schedule``.

    ``scenario`` must already hold the extra request (validated); ``schedule`` is the
    published one, whose ids must all exist in ``scenario``.
    """
    problem = compile_scenario(scenario)
    published = solution_from_schedule(problem, schedule)
    result = insert_request(
        problem,
        published,
        request_index,
        variants=partial(compiled_variant, scenario, problem),
        max_suggestions=max_suggestions,
    )
    return answer_documents(problem, result, schedule=build_schedule(problem, result.solution))


def answer_documents(
    problem: Problem, result: InsertResult, *, schedule: Schedule | None = None
) -> InsertAnswer:
    """:func:`solver.insert.insert_request`'s result as documents; ``schedule`` is passed through.

    Only what the request got is built (its granted sessions, its placements when it got
    some, its unmet entry), not the whole amended schedule.
    """
    request = result.request
    mine = Solution(
        status=result.solution.status,
        sessions=sorted(result.sessions, key=lambda s: s.index),
        placements=(
            [p for p in result.solution.placements if p.request == request]
            if result.placements
            else []
        ),
        unmet=[u for u in result.solution.unmet if u.request == request][:1],
    )
    doc = build_schedule(problem, mine)
    suggestions: list[SuggestionDoc] = []
    for s in result.suggestions:
        alt = build_schedule(
            problem,
            Solution(status="feasible", sessions=list(s.sessions), placements=list(s.placements)),
        )
        suggestions.append(
            {
                "kind": s.kind,
                "message": s.message,
                "messages": dict(s.messages),
                "gain": s.gain,
                "sessions": [x.model_dump(mode="json") for x in alt.sessions],
                "placements": [x.model_dump(mode="json") for x in alt.placements],
            }
        )
    return InsertAnswer(
        outcome=result.outcome,
        sessions=doc.sessions,
        placements=doc.placements,
        unmet=doc.unmet[0] if doc.unmet else None,
        suggestions=suggestions,
        schedule=schedule,
        seconds=result.seconds,
    )


def solution_from_schedule(problem: Problem, schedule: Schedule) -> Solution:
    """A schedule document back in the indices of ``problem`` (ids must resolve).

    Raises ``ValueError`` naming the first item whose id is unknown.
    """
    cal = problem.calendar
    req_pos = {r.id: i for i, r in enumerate(problem.requests)}
    res_pos = {r.id: i for i, r in enumerate(problem.resources)}
    ins_pos = {t.id: i for i, t in enumerate(problem.instructors)}

    def look(table: dict[str, int], key: str, path: str, what: str) -> int:
        if key not in table:
            raise ValueError(f"{path}: unknown {what} '{key}'")
        return table[key]

    sessions = []
    for n, s in enumerate(schedule.sessions):
        parts = tuple(
            PartAssignment(
                look(res_pos, p.resource, f"sessions[{n}].parts[{k}].resource", "resource"),
                p.headcount,
                (
                    look(
                        ins_pos, p.instructor, f"sessions[{n}].parts[{k}].instructor", "instructor"
                    )
                    if p.instructor is not None
                    else None
                ),
            )
            for k, p in enumerate(s.parts)
        )
        r = look(req_pos, s.request, f"sessions[{n}].request", "request")
        if not isinstance(problem.requests[r], CSessionRequest):
            raise ValueError(f"sessions[{n}].request: '{s.request}' is an internship request")
        sessions.append(SessionAssignment(r, s.index, cal.slot(s.week, s.day, s.slot), parts))
    placements = []
    for n, p in enumerate(schedule.placements):
        r = look(req_pos, p.request, f"placements[{n}].request", "request")
        if not isinstance(problem.requests[r], CInternship):
            raise ValueError(f"placements[{n}].request: '{p.request}' is not an internship")
        res = look(res_pos, p.resource, f"placements[{n}].resource", "resource")
        placements.append(PlacementAssignment(r, res, p.headcount, p.first_week - 1, p.weeks))
    unmet = [
        UnmetAssignment(
            look(req_pos, u.request, f"unmet[{n}].request", "request"),
            u.missing,
            str(u.reason),
            u.message,
            dict(u.messages or {}),
        )
        for n, u in enumerate(schedule.unmet)
    ]
    return Solution(
        status=str(schedule.status),
        sessions=sessions,
        placements=placements,
        objective=schedule.objective,
        bound=schedule.bound,
        solve_seconds=schedule.solve_seconds,
        solver=schedule.solver or "",
        unmet=unmet,
        conflicts=[(list(c.items), c.message, dict(c.messages or {})) for c in schedule.conflicts],
        metrics=dict(schedule.metrics),
    )


def compiled_variant(
    scenario: Scenario, problem: Problem, req: CRequest, keep_window: bool
) -> CRequest | None:
    """``req`` compiled again without ``resources``/``prefer`` (and window): same indices."""
    model = scenario.requests[req.index]
    update: dict[str, object] = {"resources": None, "prefer": None, "after": []}
    if not keep_window:
        update["window"] = None
    variant = model.model_copy(update=update)
    compiled = compile_request(scenario, problem, variant, req.index)
    return dataclasses.replace(compiled, after=req.after)
