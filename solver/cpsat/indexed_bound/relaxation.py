"""The time-indexed bound and its resource hint, and the same relaxation over whole
numbers (how much integrality could still give)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from ortools.linear_solver import linear_solver_pb2 as pb
from ortools.linear_solver import pywraplp

from scheduler.problem import Problem
from solver.cpsat.indexed_bound.build import Build
from solver.cpsat.indexed_bound.layout import choose_layout
from solver.cpsat.indexed_bound.lp import floored
from solver.cpsat.params import CpSatParams

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IndexedRelaxation:
    """The LP's proven bound and its hint: per request position, the resource positions
    the LP books it in, most sessions first (requests it leaves out are absent).

    The search tries those resources first, so requests spread over resources as the
    relaxation spreads them, week by week, instead of crowding the first candidates
    (M/1, 60 s of ruin and recreate from greedy, seeds 1-4: +0.5 % on average and
    better on every seed; the aggregated relaxation's, which has no weeks, +0.15 %).
    """

    bound: float
    resource_order: dict[int, tuple[int, ...]] = field(default_factory=dict)


def indexed_bound(problem: Problem, params: CpSatParams) -> float | None:
    """A proven upper bound of the objective, or ``None`` when the LP is not solved in time."""
    found = indexed_relaxation(problem, params)
    return None if found is None else found.bound


def indexed_relaxation(
    problem: Problem, params: CpSatParams, deadline: float | None = None
) -> IndexedRelaxation | None:
    """:func:`indexed_bound` with the LP's resource hint; ``None`` too when the build
    runs past ``deadline`` (a reading of ``params.now``), which also caps the LP (a
    second at least)."""
    t0 = time.perf_counter()
    layout = choose_layout(problem)
    if layout is None:
        return None
    merge, days, weekly_slots = layout
    build = Build(problem, merge, days, weekly_slots)
    lp = build.run(None if deadline is None else lambda: params.now() > deadline)
    if lp is None:
        log.info("indexed bound: not built before its deadline")
        return None
    built = time.perf_counter() - t0
    log.info(
        "indexed bound: %d columns, %d rows (%s, %d-day buckets, weekly by %s) built in %.1f s",
        len(lp.ub),
        len(lp.rows),
        "classes" if merge else "resources",
        days,
        "slot" if weekly_slots else "day",
        built,
    )
    seconds = params.time_limit - built
    if deadline is not None:
        seconds = min(seconds, max(1.0, deadline - params.now()))
    value = lp.solve(params.clock.lp_seconds(seconds))
    if value is None:
        params.clock.lp_unsolved()
        return None
    return IndexedRelaxation(floored(value), build.resource_order())


@dataclass(frozen=True, slots=True)
class WholeNumbers:
    """The relaxation with its counts and choices whole (:func:`in_whole_numbers`).

    ``point`` is the best whole-number solution CP-SAT found: no bound from this
    relaxation, however it is solved, can be below it. ``bound`` is what CP-SAT proved,
    a bound of the term too: below the LP's ``lp`` once its search has gone far enough,
    above it when cut short (CP-SAT's own relaxation is weaker than GLOP's optimum).
    """

    lp: float | None
    point: float | None
    bound: float | None
    optimal: bool
    columns: int
    rows: int


def in_whole_numbers(problem: Problem, seconds: float, workers: int = 1) -> WholeNumbers | None:
    """The relaxation solved by GLOP and then over whole numbers by CP-SAT in ``seconds``.

    A schedule maps to whole numbers (sessions per class and bucket, a weekly run's one
    pattern position, an internship's one first week), so the whole-number optimum is a
    bound too; how far it lies below the LP's measures what integrality can still give
    (``benchmarks/bound_integrality.py``). ``None`` when no layout fits.
    """
    layout = choose_layout(problem)
    if layout is None:
        return None
    lp = Build(problem, *layout).run()
    assert lp is not None  # built whole: no deadline
    value = lp.solve(seconds)
    req = lp.request(seconds, integer=True)
    req.solver_specific_parameters = f"num_workers:{max(1, workers)},random_seed:1"
    resp = pb.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(req, resp)
    found = resp.status in (pb.MPSOLVER_OPTIMAL, pb.MPSOLVER_FEASIBLE)
    return WholeNumbers(
        lp=None if value is None else floored(value),
        point=float(resp.objective_value) if found else None,
        bound=floored(resp.best_objective_bound) if found else None,
        optimal=resp.status == pb.MPSOLVER_OPTIMAL,
        columns=len(lp.ub),
        rows=len(lp.rows),
    )
