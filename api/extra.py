"""Answering an extra request on documents (the solver's ``insert_into_schedule``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduler.models import Scenario, Schedule


@dataclass(frozen=True, slots=True)
class ExtraAnswer:
    outcome: str  # granted | partial | rejected
    sessions: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    reasons: list[dict[str, Any]]  # the request's unmet entry, if any
    alternatives: list[dict[str, Any]]
    seconds: float


def answer_extra_request(
    scenario: dict[str, Any], schedule: dict[str, Any] | Schedule, request_index: int
) -> ExtraAnswer:
    """Grant what fits of ``scenario.requests[request_index]`` around ``schedule``.

    Nothing already in ``schedule`` moves. CPU-bound but short (greedy placement), so it
    runs in a request thread and answers at once.
    """
    from solver.insert import insert_into_schedule

    answer = insert_into_schedule(
        Scenario.model_validate(scenario),
        schedule if isinstance(schedule, Schedule) else Schedule.model_validate(schedule),
        request_index,
    )
    return ExtraAnswer(
        outcome=answer.outcome,
        sessions=[s.model_dump(mode="json", exclude_none=True) for s in answer.sessions],
        placements=[p.model_dump(mode="json", exclude_none=True) for p in answer.placements],
        reasons=[answer.unmet.model_dump(mode="json")] if answer.unmet is not None else [],
        alternatives=list(answer.suggestions),
        seconds=answer.seconds,
    )
