"""Minimal-perturbation re-solve, run inside a job process.

The published (effective) schedule is the reference; CP-SAT pays ``move_penalty`` for
each reference session it does not keep. Everything else is the pipeline's: unmet
reasons, metrics, the schedule document.
"""

from __future__ import annotations

import time
from typing import Any

from scheduler.models import Scenario, Schedule


def resolve_with_reference(
    scenario: Scenario,
    options: Any,
    reference: dict[str, Any],
    move_penalty: int,
    progress: Any = None,
    stop: Any = None,
) -> Schedule:
    from api.convert import solution_from_schedule
    from scheduler.build import build_schedule
    from scheduler.compile import compile_scenario
    from solver.cpsat import solve_cpsat
    from solver.pipeline import complete_unmet, solution_metrics

    began = time.perf_counter()
    problem = compile_scenario(scenario)
    ref = solution_from_schedule(problem, Schedule.model_validate(reference))
    solution = solve_cpsat(
        problem, options, progress, stop, reference=ref, move_penalty=int(move_penalty)
    )
    complete_unmet(problem, solution)
    solution.metrics.update(solution_metrics(problem, solution))
    solution.metrics["move_penalty"] = int(move_penalty)
    solution.metrics.setdefault("total_seconds", round(time.perf_counter() - began, 3))
    return build_schedule(problem, solution)
