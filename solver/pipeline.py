"""A compiled term through the chosen solver, its unmet entries explained, its metrics.

:func:`scheduler.solving.scenario.solve_scenario` wraps this for documents (the one
entry point the CLI, the API and the benchmarks call); solvers only see the compiled
:class:`~scheduler.problem.Problem`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from scheduler.problem import Problem, Solution, UnmetAssignment
from solver.options import Progress, SolveOptions
from solver.words import say

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]


class StopFlag(Protocol):
    """Anything with ``is_set()`` (a ``threading.Event``): set it to stop a solve early."""

    def is_set(self) -> bool:
        """True once the caller wants the solve to end; solvers poll it between steps."""
        ...


class SolverUnavailable(RuntimeError):
    """The chosen solver is not installed in this build."""


def run_solver(
    problem: Problem,
    options: SolveOptions,
    progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> Solution:
    """Dispatch to the solver ``options.solver`` names."""
    if options.solver == "greedy":
        from solver.greedy import solve_greedy

        solution = solve_greedy(problem)
        if progress is not None:
            progress(
                Progress(
                    objective=solution.objective,
                    bound=solution.bound,
                    gap=Progress.gap_of(solution.objective, solution.bound),
                    elapsed=solution.solve_seconds,
                )
            )
        return solution
    try:
        from solver.cpsat import solve_cpsat  # type: ignore[attr-defined]
    except ImportError as exc:
        raise SolverUnavailable(
            "the CP-SAT solver is not available in this build (solver.cpsat.solve_cpsat "
            f"could not be imported: {exc}); use --solver greedy"
        ) from exc
    from solver.deadline import solve_cpsat_guarded

    return solve_cpsat_guarded(problem, options, progress, stop, solve=solve_cpsat)


def complete_unmet(problem: Problem, solution: Solution) -> None:
    """Exactly one ``unmet`` entry per request not met in full (docs/rules.md 14).

    Entries a solver gave are kept (their ``missing`` recomputed from what is
    scheduled); the rest are explained by :mod:`solver.explain`. An ``infeasible``
    answer with nothing scheduled gives every missing request the reason ``infeasible``.
    """
    from solver.explain.explainer import Explainer
    from solver.greedy import missing_counts

    given = {u.request: u for u in solution.unmet}
    nothing = not solution.sessions and not solution.placements
    explainer: Explainer | None = None
    out: list[UnmetAssignment] = []
    counts = missing_counts(problem, solution)
    for req in problem.requests:
        missing = counts[req.index]
        if missing <= 0:
            if req.index in given:
                log.warning("dropping unmet entry of '%s': it is met in full", req.id)
            continue
        u = given.get(req.index)
        if u is not None:
            out.append(replace(u, request=req.index, missing=missing))
        elif solution.status == "infeasible" and nothing:
            text = say("nothing_held")
            out.append(UnmetAssignment(req.index, missing, "infeasible", text.en, text.others()))
        else:
            if explainer is None:
                # a CP-SAT answer not proven optimal (for its own objective too: a
                # re-solve's counts moves) comes from a search its limit cut short
                proven = "optimal" in (solution.status, solution.metrics.get("cpsat_status"))
                stopped = solution.solver == "cpsat" and not proven
                explainer = Explainer(problem, solution, search_stopped=stopped)
            code, text = explainer.reason(req.index)
            out.append(UnmetAssignment(req.index, missing, code, text.en, text.others()))
    solution.unmet = out


def solution_metrics(problem: Problem, solution: Solution) -> dict[str, object]:
    """Shares, fulfilled units, objective terms and unmet counts, keyed by ids."""
    from solver.scoring import fulfilled_by_institution, objective_of, shares

    value, terms = objective_of(problem, solution)
    share = shares(problem, solution)
    fulfilled = fulfilled_by_institution(problem, solution)
    demanded = problem.demand_units()
    metrics: dict[str, object] = {
        "shares": share,
        "worst_share": min(share.values(), default=1.0),
        "fulfilled_units": {i: int(fulfilled[k]) for k, i in enumerate(problem.institutions)},
        "demanded_units": {i: int(demanded[k]) for k, i in enumerate(problem.institutions)},
        "terms": terms,
        "objective_recomputed": value,
        "unmet_by_reason": dict(sorted(Counter(u.reason for u in solution.unmet).items())),
    }
    greedy = solution.metrics.get("greedy_objective")
    if greedy is not None:
        metrics["greedy_objective"] = greedy
    return metrics
