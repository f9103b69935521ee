"""One CP-SAT call on a built model: the required requests forced, a warm start from a
schedule (repaired first when it misses a required one), then one search that obeys
``stop``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.problem import Solution
from solver.cpsat import hints
from solver.cpsat.extract import Values, sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.cpsat.repair import Repair, holds_required, settle_required
from solver.cpsat.reporting import Tracker

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunResult:
    """What one CP-SAT run of a :class:`CpSatModel` gave."""

    status: cp_model.CpSolverStatus
    values: Values | None
    objective: float | None
    bound: float | None
    wall: float
    first_solution: float | None
    trace: list[tuple[float, float, float]] = field(default_factory=list)
    repair: Repair | None = None
    #: what simulated annealing between the phases did, if it ran
    #: (:func:`~.local_search.run_anneal`)
    anneal: dict[str, float] | None = None
    #: what ruin and recreate between the phases did, if it ran
    #: (:func:`~.local_search.run_recreate`)
    recreate: dict[str, float] | None = None
    #: the annealed or recreated schedule, when polishing ended below it (a hint it
    #: could not take in the time left): the answer instead of ``values``, with
    #: ``objective``
    local_best: Solution | None = None


def run_model(
    cm: CpSatModel,
    params: CpSatParams,
    *,
    t0: float,
    hint: Solution | None = None,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    shift: float = 0.0,
) -> RunResult:
    """Solve ``cm`` once with its required requests forced (:func:`prepare`, then
    :func:`search`); a repair proven short of the required total is infeasible."""
    fixed = prepare(cm, hint, params, t0)
    if fixed is not None and fixed.proven:
        return proven_short(fixed)
    return search(cm, params, t0=t0, progress=progress, stop=stop, shift=shift, repair=fixed)


def prepare(cm: CpSatModel, hint: Solution | None, params: CpSatParams, t0: float) -> Repair | None:
    """Force the required requests and, given a ``hint``, warm-start from it.

    The required literals are fixed true by constraints here, not passed as assumptions:
    CP-SAT solves with assumptions on a single thread only. They become assumptions in
    :func:`solver.cpsat.conflicts.core.find_core`, when the answer is infeasible.
    A hint that misses required sessions is first repaired by
    :func:`solver.cpsat.repair.settle_required` (up to half the time left), whose
    answer becomes the hint. Returns the repair, if one ran.
    """
    cm.model.clear_assumptions()
    if hint is not None:
        return warm_start(cm, hint, params, t0)
    if cm.assumptions:
        cm.model.add_bool_and(cm.assumptions)
    return None


def search(
    cm: CpSatModel,
    params: CpSatParams,
    *,
    t0: float,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    shift: float = 0.0,
    repair: Repair | None = None,
) -> RunResult:
    """One CP-SAT call on the prepared model until ``params.time_limit`` after ``t0``
    (readings of ``params.clock``, like every ``t0`` here).

    ``shift`` is added to objective values in progress reports and the trace (the
    contribution of parts solved elsewhere).
    """
    solver = cp_model.CpSolver()
    left = params.time_limit - (params.now() - t0)
    limited = params.with_time(max(0.1, left))
    limited.apply(solver)
    if params.log:
        solver.log_callback = log.info
    tracker = Tracker(wall_start(params, t0), progress, stop, shift)
    done = threading.Event()
    watcher = None
    if stop is not None:
        watcher = threading.Thread(target=_watch, args=(stop, done, solver), daemon=True)
        watcher.start()
    try:
        status = limited.solve(solver, cm.model, tracker)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    values = None
    objective = bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = Values.of(solver.response_proto)
        objective = solver.objective_value
        bound = solver.best_objective_bound
    # without a solution (UNKNOWN) CP-SAT may report a "bound" of 0: not a bound
    return RunResult(
        status=status,
        values=values,
        objective=objective,
        bound=bound,
        wall=solver.wall_time,
        first_solution=tracker.trace[0][0] if tracker.trace else None,
        trace=tracker.trace,
        repair=repair,
    )


def wall_start(params: CpSatParams, t0: float) -> float:
    """Where reported seconds count from: ``t0`` itself on a wall clock, else the
    solve's start."""
    return params.clock.wall0 if params.clock.by_work else t0


def proven_short(repair: Repair) -> RunResult:
    """The run of a model whose required sessions were proven not to fit together."""
    return RunResult(cp_model.INFEASIBLE, None, None, None, repair.seconds, None, repair=repair)


def warm_start(cm: CpSatModel, hint: Solution, params: CpSatParams, t0: float) -> Repair | None:
    """Force the required requests and hint the model with ``hint``, completed.

    The hint is completed before the forcing, so that one missing required sessions
    still completes; such a hint is repaired first (:mod:`solver.cpsat.repair`, up to
    half the time left) and the repair's answer is completed in the forced model.
    Returns the repair, if one ran (``proven``: the model is infeasible, nothing hinted).
    """
    model = cm.model
    budget = params.with_time(min(10.0, 0.2 * params.time_limit))
    decisions = decisions_of(cm, hint)
    full = hints.complete(model, decisions, budget)
    fixed: Repair | None = None
    if cm.assumptions and (full is None or not holds_required(cm, full)):
        left = params.time_limit - (params.now() - t0)
        fixed = settle_required(cm, full, params, max(0.1, 0.5 * left))
        if fixed.proven:
            return fixed
        if fixed.values is not None:
            decisions = decisions_of(cm, solution_of(cm, Values(fixed.values)))
    if cm.assumptions:
        model.add_bool_and(cm.assumptions)
    if fixed is not None:
        full = hints.complete(model, decisions, budget)
    elif full is not None:
        for lit in cm.assumptions:  # left free by the completion, forced in the solve
            full[lit.index] = 1
    hints.set_hint(model, full if full is not None else decisions)
    return fixed


def solution_of(cm: CpSatModel, values: Values) -> Solution:
    """The schedule a solution vector of ``cm`` holds, as a hint for another run."""
    return Solution("feasible", *sessions_and_placements(cm.vars, values))


def decisions_of(cm: CpSatModel, solution: Solution) -> dict[int, int]:
    decisions = hints.decision_values(cm.vars, solution)
    decisions.update(hints.token_values(cm.ctx, solution))
    return decisions


def _watch(stop: Any, done: threading.Event, solver: cp_model.CpSolver) -> None:
    while not done.is_set():
        if stop.is_set():
            solver.stop_search()
            return
        done.wait(0.05)
