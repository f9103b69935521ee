"""An infeasible term's answer that still schedules everything that can hold.

When the required requests cannot all hold, the answer names a conflicting set of them
(:mod:`solver.cpsat.conflicts`). A planner still wants the rest of the term next to it:
which sessions the other requests get, and how much of the conflicting ones fits. So
the conflicting requests become ordinary ones (met as far as they fit) and the term is
solved again in the time left. If the requests still required conflict in another way,
that solve answers ``infeasible`` in turn and relaxes its own conflicting set: every
conflict found is reported, and the answer stays ``infeasible``.

The schedule is the better of that solve's and the start schedule (greedy's or a better
construction's, which never leaves out anything that fits for a required request's
sake); its bound is the relaxed term's, which bounds every schedule of the hard rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from scheduler.problem import Problem, Solution, UnmetAssignment
from solver.clock import METER
from solver.cpsat.params import CpSatParams
from solver.greedy import meets_required, missing_counts
from solver.options import SolveOptions
from solver.scoring import objective_of
from solver.words import prefixed, say

#: Least budget (in the clock's unit) worth solving the rest with CP-SAT; with less,
#: the start schedule is the rest.
REST_MIN_TIME = 1.0

Solve = Callable[..., Solution]

#: What the answer keeps of the rest's own metrics (under ``metrics.rest``): how it was
#: searched, its clock, and its objective over time for the benchmark plots.
REST_METRICS = ("mode", "clock", "trace", "first_solution_seconds", "start")


def conflicting_requests(answer: Solution) -> list[str]:
    """Ids of the required requests an ``infeasible`` answer names as conflicting."""
    named = answer.metrics.get("conflicting_requests", [])
    return [str(r) for r in named] if isinstance(named, list) else []


def with_the_rest(
    problem: Problem,
    answer: Solution,
    start: Solution | None,
    params: CpSatParams,
    c0: float,
    solve: Solve,
    progress: Any = None,
    stop: Any = None,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> Solution:
    """``answer`` (``infeasible``, nothing scheduled) with the best schedule of the rest.

    ``start`` is a schedule of ``problem`` that keeps every hard rule but ``required``;
    ``c0`` is the clock's reading when the solve began; ``solve`` is ``solve_cpsat``.
    """
    named = conflicting_requests(answer)
    relaxed_ids = set(named)
    conflicts = list(answer.conflicts)
    best = start
    bound: float | None = None
    how = "start"
    rest_metrics: dict[str, object] = {}
    left = params.time_limit - (params.now() - c0)
    stopped = stop is not None and stop.is_set()
    if relaxed_ids and left >= REST_MIN_TIME and not stopped:
        units = METER.units
        rest = solve(
            relaxed(problem, relaxed_ids),
            _options_for(params, left),
            progress,
            stop,
            reference=reference,
            move_penalty=move_penalty,
        )
        _count_on(params, rest, METER.units - units)
        rest_metrics = {k: rest.metrics[k] for k in REST_METRICS if k in rest.metrics}
        if rest.status == "infeasible":  # another conflict among the requests still required
            conflicts += rest.conflicts
            named += [r for r in conflicting_requests(rest) if r not in relaxed_ids]
        if rest.sessions or rest.placements:
            if best is None or _value(problem, rest) >= _value(problem, best):
                best, how = rest, "cpsat"
            bound = rest.bound
    out = dataclasses.replace(answer, conflicts=conflicts)
    out.metrics = {**answer.metrics, "conflicting_requests": named, "rest_from": how}
    if rest_metrics:
        out.metrics["rest"] = rest_metrics
    if best is None or not (best.sessions or best.placements):
        return out  # nothing holds at all: pipeline.complete_unmet says so
    out.sessions, out.placements = list(best.sessions), list(best.placements)
    out.objective = _value(problem, best)
    out.bound = None if bound is None else max(bound, out.objective)
    if meets_required(problem, out):  # a proven conflict cannot; never contradict it
        out.status, out.conflicts, out.unmet = "feasible", [], []
        return out
    out.unmet = _unmet_in_conflicts(problem, out, set(named))
    return out


def _count_on(params: CpSatParams, rest: Solution, metered: float) -> None:
    """The rest's solve on the solve's own clock: its CP-SAT and annealing work (the
    occupancy scans are counted by the process-wide meter already), and a wall cut,
    so that ``metrics.clock`` says whether the whole answer can be reproduced."""
    clock = rest.metrics.get("clock")
    if not isinstance(clock, dict):
        return
    work = clock.get("work")
    if isinstance(work, int | float):
        params.clock.spend(float(work) - metered)
    if clock.get("wall_cut"):
        params.clock.wall_cut = True


def relaxed(problem: Problem, ids: set[str]) -> Problem:
    """``problem`` with the requests ``ids`` no longer required (same positions)."""
    requests = tuple(
        dataclasses.replace(r, required=False) if r.id in ids else r for r in problem.requests
    )
    return dataclasses.replace(problem, requests=requests)


def _value(problem: Problem, solution: Solution) -> float:
    return float(objective_of(problem, solution)[0])


def _options_for(params: CpSatParams, left: float) -> SolveOptions:
    """The solve's own options with the budget that is left (work units on a work clock)."""
    clock = params.clock
    wall_left = max(0.05, clock.wall_left()) if clock.by_work else left
    return SolveOptions(
        solver="cpsat",
        time_limit=min(wall_left, 24 * 3600.0),
        seed=params.seed,
        workers=params.workers,
        log=params.log,
        work_limit=left if clock.by_work else None,
    )


def _unmet_in_conflicts(
    problem: Problem, solution: Solution, named: set[str]
) -> list[UnmetAssignment]:
    """Reason ``infeasible`` for the conflicting requests the schedule leaves short, with
    what keeps each out of this schedule.

    A required request short outside every conflict found is one the time left did not
    settle (the rest's solve was cut short, or there was no time for it): its ordinary
    reason, led by a sentence saying so. The other requests short are explained as in
    any answer (:func:`pipeline.complete_unmet`)."""
    from solver.explain.explainer import Explainer

    counts = missing_counts(problem, solution)
    out: list[UnmetAssignment] = []
    explainer: Explainer | None = None
    for req in problem.requests:
        missing = int(counts[req.index])
        if missing <= 0:
            continue
        if req.id in named or req.required:
            explainer = explainer or Explainer(problem, solution, search_stopped=True)
            code, why = explainer.reason(req.index)
        if req.id in named:
            # what keeps it out of this schedule, which a college asking about it wants
            text = say("in_core_why", why=why)
            out.append(UnmetAssignment(req.index, missing, "infeasible", text.en, text.others()))
        elif req.required:
            entry = UnmetAssignment(req.index, missing, code, why.en, why.others())
            out.append(prefixed(entry, say("unproven_rest")))
    return out
