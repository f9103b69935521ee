"""``solve_cpsat``: build, warm-start, solve, and never return worse than greedy.

Steps
-----
1. Greedy (:func:`solver.greedy.solve_greedy`) gives a baseline schedule and the hint;
   the best of it and the other service orders of :mod:`solver.construct` is the floor
   (and where the search of large terms starts).
2. Independent parts of the problem are solved separately (:mod:`solver.cpsat.decompose`);
   a single part is solved here. Terms over :data:`FULL_MODEL_SESSIONS`, or whose whole
   model would be too large to build (:mod:`solver.cpsat.model_size`), go to the large
   terms' search instead.
3. Required requests are forced by one assumption literal each; when CP-SAT proves the
   set infeasible, :mod:`solver.cpsat.conflicts` names a small conflicting subset.
4. The objective reported is recomputed by :func:`solver.scoring.objective_of` (the
   checker's reading); the answer is greedy's when that is better (the bound stays
   CP-SAT's).

``stop`` (``threading.Event``-like) ends the search early; the best schedule so far is
returned. ``progress`` receives a :class:`solver.options.Progress` per improving
solution.

The routes live apart: :mod:`solver.cpsat.whole_model` (one model),
:mod:`solver.cpsat.large_search` (independent parts, large terms, the last pass),
:mod:`solver.cpsat.bound_budget` (the relaxations' time) and :mod:`solver.cpsat.answer`
(the answer's objective, bound and status).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from scheduler.problem import Problem, Solution
from solver.cpsat.answer import pick_best, settle_status, tighten, trivial_bound, true_objective
from solver.cpsat.bound_budget import bound_deadline, indexed_relaxation_of
from solver.cpsat.large_search import book_what_pays_last, solve_lns, solve_parts
from solver.cpsat.model_size import too_big
from solver.cpsat.moves import count_moved
from solver.cpsat.params import CpSatParams
from solver.cpsat.required_check import (
    infeasible_solution,
    required_few,
    required_proven_short,
)
from solver.cpsat.whole_model import solve_whole
from solver.greedy import meets_required, solve_greedy
from solver.options import gap_of

log = logging.getLogger(__name__)

#: Above this many sessions in one independent part, the whole model is not built: ruin
#: and recreate on every core (:mod:`solver.parallel_recreate`; the large-neighbourhood
#: search of :mod:`solver.cpsat.lns` once it stalls) improves the start schedule, and
#: the aggregated and time-indexed relaxations give the bound. Measured on the
#: generated tiers: S (~400 sessions) gains as much either way; at M (~4,700) the whole
#: model spends the two minutes in presolve.
FULL_MODEL_SESSIONS = 1500


#: Share of the time limit for building other first schedules (:mod:`solver.construct`).
CONSTRUCT_SHARE = 0.1


def run_greedy(problem: Problem) -> Solution | None:
    """Greedy's solution (the hint and the floor), or ``None`` if the baseline failed."""
    try:
        return solve_greedy(problem, explain=False)
    except Exception:  # a baseline failure must not sink the optimiser
        log.exception("greedy baseline failed; CP-SAT continues without a hint")
        return None


def solve_cpsat(
    problem: Problem,
    options: Any = None,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    reference: Solution | None = None,
    move_penalty: int = 0,
    initial: Solution | None = None,
) -> Solution:
    """Schedule ``problem`` with CP-SAT (see the module docstring).

    Parameters
    ----------
    problem
        The compiled problem.
    options
        ``solver.options.SolveOptions`` (time_limit, seed, workers, log).
    progress
        Called with a ``Progress`` at each improving solution.
    stop
        ``threading.Event``-like; when set, the best schedule so far is returned.
    reference
        A published solution to stay close to (minimal perturbation).
    move_penalty
        Objective cost of each reference session not kept at its start and resources.
    initial
        A whole schedule of ``problem`` to start from, and never end below, when it
        scores better than greedy's (a re-solve's published timetable, fitted to the
        changed term: :func:`solver.fitted.fitted_schedule`).
    """
    params = CpSatParams.from_options(options)
    # t0: where reported seconds count from; c0: the clock's reading at the start, what
    # deadlines are set from (the same on a wall clock; 0 work units on a work clock)
    t0, c0 = params.clock.wall0, params.clock.origin
    greedy = run_greedy(problem)
    greedy_seconds = params.now() - c0
    greedy_obj = true_objective(problem, greedy) if greedy is not None else None
    if reference is None or move_penalty <= 0:
        reference, move_penalty = None, 0
    # the floor the answer never goes below, and where large terms start: greedy's
    # schedule, or a better one from another service order; with a reference, greedy's
    start, start_obj, start_name = greedy, greedy_obj, "greedy"
    if initial is not None:
        initial_obj = true_objective(problem, initial)

        def rank(sol: Solution | None, obj: float | None) -> tuple[bool, float]:
            """Which start is better: meeting every required request first, then the objective less
            the moved sessions' penalty; a missing schedule or score ranks last.
            """
            if sol is None or obj is None:
                return (False, float("-inf"))
            moves = move_penalty * count_moved(reference, sol) if reference is not None else 0
            return (meets_required(problem, sol), obj - moves)

        if rank(initial, initial_obj) >= rank(start, start_obj):
            start, start_obj, start_name = initial, initial_obj, "published"
    if greedy is not None and greedy_obj is not None and reference is None:
        from solver.construct import best_start

        # a run as long as greedy's must fit in the share or, with a short limit, one
        # such run (and half as much again) in half the time left: the first order used
        # to run whatever the share (on L at 3 s, 1.2 s of a 0.3 s share)
        left = params.time_limit - (params.now() - c0)
        built = best_start(
            problem,
            greedy,
            greedy_obj,
            max(CONSTRUCT_SHARE * params.time_limit, min(1.5 * greedy_seconds, 0.5 * left)),
            now=params.now,
            expected=greedy_seconds,
        )
        if built.order != "fcfs":
            start, start_obj = built.solution, built.objective
            start_name = f"construction {built.order}"

    from solver.cpsat import decompose

    parts = decompose.components(problem)
    groups = decompose.group(problem, parts)
    largest = max((decompose.size_of(problem, g) for g in groups), default=0)
    # the whole problem's time-indexed bound (component bounds hold with a background)
    # and its resource order, which leads ruin and recreate (see IndexedRelaxation)
    indexed = None
    if largest <= FULL_MODEL_SESSIONS:
        indexed = indexed_relaxation_of(problem, params, deadline=bound_deadline(params, c0))
    lp_bound = None if indexed is None else indexed.bound
    order = None if indexed is None else indexed.resource_order
    # Whole models are hinted with greedy's schedule all the same: S/1 at 120 s reached
    # 1,543,080 and 1,545,310 from it, 1,532,140 and 1,533,700 from the best construction.
    # few sessions, but a model too large to build in time (see model_size)
    oversized = largest <= FULL_MODEL_SESSIONS and any(too_big(problem, g) for g in groups)
    if largest > FULL_MODEL_SESSIONS or oversized:
        sol = solve_lns(problem, params, c0, start, progress, stop, reference, move_penalty)
        if oversized:
            sol.metrics["oversized_model"] = True
    elif required_proven_short(problem, params, start, 0.05, by_model=required_few(problem)):
        sol = infeasible_solution(problem, params, c0, {"mode": "required"})
    elif len(groups) > 1 and reference is None:
        sol = solve_parts(
            problem, groups, params, c0, greedy, start, start_obj, order, progress, stop
        )
    else:
        sol = solve_whole(
            problem, params, c0, greedy, progress, stop, reference, move_penalty, start, order
        )
    sol.metrics["components"] = len(parts)
    clock = params.clock.report()
    sol.metrics["clock"] = clock
    if clock.get("wall_cut"):
        log.warning("the time limit ended the search before the work limit: not reproducible")
    if sol.status == "infeasible":
        from solver.cpsat.rest import with_the_rest

        sol = with_the_rest(
            problem, sol, start, params, c0, solve_cpsat, progress, stop, reference, move_penalty
        )
        if sol.objective is not None:
            # the relaxation and the trivial bound ignore `required`: they bound the rest
            if lp_bound is not None:
                tighten(sol, lp_bound)
            if sol.bound is None:
                sol.bound = max(trivial_bound(problem), sol.objective)
            sol.metrics["greedy_objective"] = greedy_obj
            sol.metrics["gap"] = gap_of(sol.objective, sol.bound)
        sol.metrics["clock"] = params.clock.report()  # the rest's solve counted in
        sol.solve_seconds = time.perf_counter() - t0
        return sol
    sol = pick_best(problem, sol, start, start_obj, reference, move_penalty, start_name)
    if sol.status == "feasible" and "filled_requests" not in sol.metrics:
        # large terms did it in their search's time
        book_what_pays_last(problem, sol, params, reference, move_penalty)
    if start is not greedy:
        sol.metrics["start"] = {"order": start_name, "objective": start_obj}
    if lp_bound is not None:
        # the relaxation bounds the term's objective, moves or not: a re-solve's answer
        # reports that objective, not the penalised one CP-SAT maximised
        tighten(sol, lp_bound)
    if sol.bound is None and sol.objective is not None:
        # neither CP-SAT nor the LP gave one in time (a short solve whose presolve ate
        # the proof phase): every unit of demand met, no penalty
        sol.bound = max(trivial_bound(problem), sol.objective)
    settle_status(problem, sol)
    sol.solve_seconds = time.perf_counter() - t0
    sol.metrics["greedy_objective"] = greedy_obj
    sol.metrics["gap"] = gap_of(sol.objective, sol.bound)
    return sol
