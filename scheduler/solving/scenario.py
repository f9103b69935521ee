"""Scenario in, schedule out: validate -> compile -> solve -> explain -> build -> metrics.

The one entry point the CLI, the API and the benchmarks call. Everything
document-shaped happens here; the solver (:mod:`solver.pipeline`) sees only the
compiled :class:`~scheduler.problem.Problem`.
"""

from __future__ import annotations

import time
from typing import Any

from scheduler.build import build_schedule
from scheduler.compile import compile_scenario
from scheduler.io import scenario_digest
from scheduler.models import Scenario, Schedule
from scheduler.problem import Problem, Solution
from solver.options import SolveOptions
from solver.pipeline import (
    ProgressCallback,
    SolverUnavailable,
    StopFlag,
    complete_unmet,
    run_solver,
    solution_metrics,
)

__all__ = ["SolverUnavailable", "solve_scenario"]


def solve_scenario(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
    *,
    validate: bool = True,
) -> Schedule:
    """Solve ``scenario`` and return the schedule document with its metrics.

    With ``validate`` (default) the scenario is checked first and a
    :class:`scheduler.issues.ScenarioError` listing every error with its path is raised,
    because the compile step assumes every id resolves. Pass ``validate=False`` when
    the caller has just validated (``scheduler.io.load_scenario`` does).
    """
    options = options or SolveOptions()
    began = time.perf_counter()
    if validate:
        _raise_on_errors(scenario)
    problem = compile_scenario(scenario)
    solution = run_solver(problem, options, progress, stop)
    complete_unmet(problem, solution)
    return schedule_document(scenario, problem, solution, began)


def schedule_document(
    scenario: Scenario,
    problem: Problem,
    solution: Solution,
    began: float,
    extra_metrics: dict[str, Any] | None = None,
) -> Schedule:
    """The schedule document of a solve or re-solve begun at ``began`` (a
    ``time.perf_counter`` reading): the solution's metrics, then ``extra_metrics``, the
    total seconds, and the digest of the scenario it answers (beyond its name: `check`
    tells an edited one apart)."""
    solution.metrics.update(solution_metrics(problem, solution))
    solution.metrics.update(extra_metrics or {})
    solution.metrics.setdefault("total_seconds", round(time.perf_counter() - began, 3))
    schedule = build_schedule(problem, solution)
    schedule.metrics["scenario_sha256"] = scenario_digest(scenario)
    return schedule


def _raise_on_errors(scenario: Scenario) -> None:
    from scheduler.issues import ScenarioError
    from scheduler.validation import validate

    report = validate(scenario)
    if report.errors:
        raise ScenarioError(report.errors, report.warnings)
