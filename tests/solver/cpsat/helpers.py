"""Tiny scenarios built in code, and the solve -> unmet -> build -> check round trip.

``base()`` is one site, one institution, one week of two days with three 60-minute
slots, no weights but demand (so optima are easy to compute by hand); tests add what
their family needs with :func:`scenario`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.evaluate import evaluate
from scheduler.models import Scenario, Schedule, Session
from scheduler.problem import Problem, Solution
from solver.cpsat import solve_cpsat
from solver.greedy import solve_greedy
from solver.options import SolveOptions
from solver.pipeline import complete_unmet

#: Only demand counts unless a test switches a term on.
PLAIN_WEIGHTS = {
    "demand": 1000,
    "fairness": 0,
    "prefer": 0,
    "stability": 0,
    "travel": 0,
    "overflow": 0,
    "min_days": 0,
    "isolated": 0,
}

#: Two labs of 30 at the one site, and two cohorts of 20: what most families build on.
TWO_LABS = [
    {"id": "lab1", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
    {"id": "lab2", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
]
TWO_COHORTS = [
    {"id": "c1", "institution": "col", "size": 20},
    {"id": "c2", "institution": "col", "size": 20},
]


def base() -> dict[str, Any]:
    return {
        "format": "trainshare/scenario@1",
        "name": "micro",
        "calendar": {
            "weeks": 1,
            "days_per_week": 2,
            "slots_per_day": 3,
            "slot_minutes": 60,
            "first_monday": "2026-09-07",
        },
        "sites": [{"id": "s1"}],
        "institutions": [{"id": "col", "kind": "college", "site": "s1"}],
        "resources": [{"id": "lab", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30}],
        "instructors": [],
        "cohorts": [{"id": "c1", "institution": "col", "size": 20}],
        "requests": [],
        "weights": dict(PLAIN_WEIGHTS),
    }


def scenario(**changes: Any) -> Scenario:
    """``base()`` with top-level keys replaced (``calendar`` and ``weights`` merged)."""
    doc = base()
    for key, value in changes.items():
        if key in ("calendar", "weights"):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = copy.deepcopy(value)
    return Scenario.model_validate(doc)


@dataclass
class Result:
    problem: Problem
    solution: Solution
    schedule: Schedule

    @property
    def objective(self) -> float:
        """The answer's objective; every answer a test compares has one."""
        assert self.schedule.objective is not None, "the answer has no objective"
        return self.schedule.objective

    def sessions_of(self, request: str) -> list[Session]:
        return [s for s in self.schedule.sessions if s.request == request]


def solve(
    sc: Scenario,
    time_limit: float = 5.0,
    workers: int = 1,
    seed: int = 0,
    work_limit: float | None = None,
    **kw: Any,
) -> Result:
    """Solve with CP-SAT, fill ``unmet`` as the pipeline does, build and check."""
    problem = compile_scenario(sc)
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, work_limit=work_limit)
    solution = solve_cpsat(problem, options, **kw)
    return Result(problem, solution, assert_answer_valid(sc, problem, solution))


def assert_valid(sc: Scenario, schedule: Schedule) -> None:
    """The independent checker passes and the objective is the evaluator's."""
    report = check_schedule(sc, schedule)
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]
    if schedule.status.value in ("optimal", "feasible") or (
        # an infeasible answer that schedules the rest states the rest's objective
        schedule.status.value == "infeasible" and schedule.objective is not None
    ):
        assert schedule.objective == evaluate(sc, schedule).objective


def assert_answer_valid(sc: Scenario, problem: Problem, solution: Solution) -> Schedule:
    """``solution`` completed as the solve completes it (an ``unmet`` entry with its reason
    for whatever is missing), built and passed by :func:`assert_valid`: the schedule."""
    complete_unmet(problem, solution)
    schedule = build_schedule(problem, solution)
    assert_valid(sc, schedule)
    return schedule


def greedy_objective(sc: Scenario) -> float:
    """Greedy's objective worked out here, not read off a solve's metrics: greedy's
    schedule of ``sc`` (compiled as :func:`solve` compiles it), built as the pipeline
    builds it, passed by the independent checker and scored by the evaluator."""
    problem = compile_scenario(sc)
    return float(checked_objective(sc, problem, solve_greedy(problem, explain=False)))


def checked_objective(sc: Scenario, problem: Problem, solution: Solution) -> int:
    """The evaluator's objective of ``solution`` (its ``unmet`` completed as the pipeline
    does), once the independent checker passed its schedule."""
    complete_unmet(problem, solution)
    schedule = build_schedule(problem, solution)
    report = check_schedule(sc, schedule)
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]
    return evaluate(sc, schedule).objective


def sessions_req(
    rid: str, n: int, duration: int = 1, cohort: str = "c1", **extra: Any
) -> dict[str, Any]:
    return {"id": rid, "cohort": cohort, "sessions": n, "duration": duration, **extra}
