"""One CP-SAT model of the whole problem (or of one part), solved in phases, read back
as a schedule with its objective, bound and metrics."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ortools.sat.python import cp_model

from scheduler.problem import Problem, Solution
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.cpsat.phases import run_phases
from solver.cpsat.required_check import infeasible_solution

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
}


def solve_whole(
    problem: Problem,
    params: CpSatParams,
    t0: float,
    start: Solution | None,
    progress: Callable[[Any], None] | None,
    stop: Any,
    reference: Solution | None,
    move_penalty: int,
    local_start: Solution | None = None,
    resource_order: Mapping[int, Sequence[int]] | None = None,
) -> Solution:
    """The whole model built and solved (:func:`solver.cpsat.phases.run_phases`), hinted
    with ``reference`` or else ``start``; with a reference, the objective and bound count
    the moved sessions' penalty back in. ``t0`` is the clock's reading at the start."""
    cm = CpSatModel(problem, reference=reference, move_penalty=move_penalty)
    hint = reference if reference is not None else start
    res = run_phases(
        cm, params, t0=t0, hint=hint, progress=progress, stop=stop,
        local_start=local_start, resource_order=resource_order,
    )  # fmt: skip
    metrics: dict[str, object] = {
        "variables": cm.num_variables,
        "constraints": cm.num_constraints,
        "build_seconds": round(cm.build_seconds, 3),
        "cpsat_seconds": round(res.wall, 3),
        "first_solution_seconds": res.first_solution,
        "trace": res.trace,
    }
    if res.anneal is not None:
        metrics["anneal"] = res.anneal
    if res.recreate is not None:
        metrics["recreate"] = res.recreate
    if res.repair is not None:
        metrics["required_repair"] = {
            "held": res.repair.held,
            "total": res.repair.total,
            "seconds": round(res.repair.seconds, 3),
        }
    if res.status == cp_model.INFEASIBLE:
        return infeasible_solution(problem, params, t0, metrics)
    sol = Solution(status=STATUS.get(res.status, "unknown"), solver="cpsat", metrics=metrics)
    if res.values is None and res.local_best is None:
        sol.bound = res.bound
        return sol
    if res.values is not None:
        sol.sessions, sol.placements = sessions_and_placements(cm.vars, res.values)
    if res.local_best is not None:  # polishing could not take the local search's hint
        sol.sessions, sol.placements = res.local_best.sessions, res.local_best.placements
        metrics["polish_below_local_search"] = True
    if res.values is None:  # only the local search's schedule (see run_phases); no moves
        sol.objective, sol.bound = res.objective, res.bound
        return sol
    assert res.objective is not None and res.bound is not None  # a run with values has both
    moved_total = 0
    if reference is not None:
        kept = {(r, i) for r, i, lit in cm.kept if res.values(lit)}
        moved = [
            {"request": problem.requests[s.request].id, "index": s.index}
            for s in sorted(reference.sessions, key=lambda s: (s.request, s.index))
            if (s.request, s.index) not in kept
        ]
        metrics["moved_sessions"] = moved
        moved_total = len(reference.sessions)
        sol.objective = float(res.objective + move_penalty * len(moved))
        # true objective = cp objective + penalty * moved <= cp bound + penalty * all
        sol.bound = float(res.bound + move_penalty * moved_total)
    else:
        sol.objective = float(res.objective)
        sol.bound = float(res.bound)
    metrics["cpsat_objective"] = res.objective
    return sol
