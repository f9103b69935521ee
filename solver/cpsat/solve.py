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
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from scheduler.problem import Problem, Solution
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.model_size import too_big
from solver.cpsat.moves import count_moved, moved_sessions, penalty_of, teachers_of
from solver.cpsat.params import CpSatParams
from solver.cpsat.phases import (
    gap_of,
    proof_phase_end,
    recreate_search,
    run_phases,
    value_reporter,
)
from solver.cpsat.required_check import (
    infeasible_solution,
    required_few,
    required_proven_short,
)
from solver.greedy import meets_required, missing_counts, solve_greedy
from solver.scoring import objective_of

if TYPE_CHECKING:
    from solver.cpsat.indexed_bound.relaxation import IndexedRelaxation

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

#: Share of a large term's search time for ruin and recreate (:mod:`solver.recreate`)
#: before CP-SAT's neighbourhood steps (:mod:`solver.cpsat.lns`), which also take over
#: when ruin and recreate stalls (``RECREATE_PATIENCE``).
#: M/1 at 120 s: 22,155,335 with 0.6, 22,230,265 with 1.0 (before step-by-step scoring);
#: with two chains, seeds 1 and 2: 22,564,115 and 22,623,180 with 0.8, 22,593,250 and
#: 22,657,485 with 1.0 (in its last 20 s ruin and recreate still gains ~5,000 a second,
#: the CP-SAT steps ~700).
RECREATE_SHARE = 1.0
#: Most of a large term's search time for meeting the required requests its start
#: misses (:func:`solver.cpsat.lns.meet_required`), before anything else; it ends as soon
#: as they are met.
REQUIRED_SHARE = 0.5
#: Time kept for the last pass that books requests the search left out though they fit
#: and pay (:func:`solver.recreate.book_what_pays`): a try costs ~1.2 ms per request still
#: short on L/1 (1,471 tried in 1.7 s after 60 s, 44 booked further, +68,140) and ~0.8 ms
#: on M/1 (202 in 0.16 s); kept per request short at the start, at most a tenth of the time.
FILL_SECONDS_PER_SHORT = 0.002
#: Explaining a request left short (:func:`solver.pipeline.complete_unmet`, after the
#: solve and inside the limit its caller waits for) takes about this long: L/1 4.4 s for
#: 1,459, M/1 0.65 s for 245. The large terms' search keeps it back, with a second for
#: building the answer, at most :data:`EXPLAIN_MAX_SHARE` of the limit.
EXPLAIN_SECONDS_PER_SHORT = 0.003
EXPLAIN_MAX_SHARE = 0.25
#: The relaxation bounds get a fifth of the limit (1-20 s) but at most this share of
#: the time left (and at least a second): greedy and the constructions may have used
#: much of a short limit, and the aggregated relaxation's build alone took 4.6 s on L.
BOUND_SHARE_OF_LEFT = 0.5
#: Least time (clock units) worth starting the second relaxation with.
MIN_BOUND_SECONDS = 0.2
FILL_MAX_SHARE = 0.1
STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
}


# --------------------------------------------------------------------------- helpers


def run_greedy(problem: Problem) -> Solution | None:
    """Greedy's solution (the hint and the floor), or ``None`` if the baseline failed."""
    try:
        return solve_greedy(problem, explain=False)
    except Exception:  # a baseline failure must not sink the optimiser
        log.exception("greedy baseline failed; CP-SAT continues without a hint")
        return None


def trivial_bound(problem: Problem) -> float:
    """Every unit of demand met, every institution fully served, no penalty."""
    from solver.scoring import trivial_bound as bound

    return float(bound(problem))


def true_objective(problem: Problem, solution: Solution) -> float:
    """The checker's objective of ``solution`` (:func:`solver.scoring.objective_of`)."""
    value, _ = objective_of(problem, solution)
    return float(value)


# --------------------------------------------------------------------------- entry


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
        sol = _solve_lns(problem, params, c0, start, progress, stop, reference, move_penalty)
        if oversized:
            sol.metrics["oversized_model"] = True
    elif required_proven_short(problem, params, start, 0.05, by_model=required_few(problem)):
        sol = infeasible_solution(problem, params, c0, {"mode": "required"})
    elif len(groups) > 1 and reference is None:
        sol = _solve_parts(
            problem, groups, params, c0, greedy, start, start_obj, order, progress, stop
        )
    else:
        sol = _solve_whole(
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


def settle_status(problem: Problem, sol: Solution) -> None:
    """``optimal`` exactly when the answer's objective reaches its bound, and ``optimal`` or
    ``feasible`` only when it meets every required request.

    CP-SAT's ``OPTIMAL`` is about its own objective: with a reference to stay close to,
    that includes the move penalty, while the answer reports the trainshare objective
    and its bound (the relaxation's, or CP-SAT's with every session counted as moved);
    the two need not meet. Such an answer is ``feasible`` (CP-SAT's word is kept in
    ``metrics.cpsat_status``).
    A bound a hair under the objective is CP-SAT's scaled objective read back as a
    float (112,499.99999999999 for 112,500): it is the objective.
    """
    if sol.status in ("optimal", "feasible") and not meets_required(problem, sol):
        # every search keeps required requests met; this guards the spec's rule anyway
        log.error("the answer misses a required request: reported as unknown")
        sol.status = "unknown"
    obj, bound = sol.objective, sol.bound
    if obj is not None and bound is not None and obj - 1e-6 * max(1.0, abs(obj)) <= bound < obj:
        sol.bound = obj
    if sol.status == "feasible" and sol.objective is not None and sol.bound is not None:
        # a schedule at its proven bound is optimal whoever proved it (a re-solve's
        # search minimises moves too, and said feasible at gap 0)
        if abs(sol.objective - sol.bound) <= 0.5:  # above its bound, the bound is wrong
            sol.status = "optimal"
        return
    if sol.status != "optimal":
        return
    if sol.objective is None or sol.bound is None or sol.objective < sol.bound - 0.5:
        sol.status = "feasible"
        sol.metrics["cpsat_status"] = "optimal"


def _solve_whole(
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


def _solve_parts(
    problem: Problem,
    groups: list[list[int]],
    params: CpSatParams,
    t0: float,
    greedy: Solution | None,
    start: Solution | None,
    start_obj: float | None,
    resource_order: Mapping[int, Sequence[int]] | None,
    progress: Callable[[Any], None] | None,
    stop: Any,
) -> Solution:
    """Independent parts, a CP-SAT model each (:func:`decompose.solve_components`), for
    the proof phase's share of the time; unless every part was proven optimal, the
    large terms' search (:func:`search_from`) goes on over the whole problem from the
    better of their merged schedule and ``start`` (one meeting every required request
    first) for the rest. S/4 at 60 s, one worker:
    the parts alone never got past the best construction (1,473,840)."""
    from solver.cpsat import decompose

    proof_end = proof_phase_end(params, t0)
    # too short for two phases: the parts take it all
    budget = params if proof_end is None else params.with_time(proof_end)
    parts = decompose.solve_components(
        problem, groups, budget, t0=t0, greedy=greedy, progress=progress, stop=stop
    )
    stopped = stop is not None and stop.is_set()
    # "unknown": a part's required requests were not settled in its share of the proof
    # phase; the search settles them first (it used to end the solve there, half unused)
    if parts.status not in ("feasible", "unknown") or proof_end is None or stopped:
        return parts

    def rank(s: Solution, value: float | None) -> tuple[bool, float]:
        """Which schedule is better: meeting every required request first, then the objective (a
        missing one ranks last).
        """
        return meets_required(problem, s), value if value is not None else float("-inf")

    incumbent = parts
    if start is not None and rank(start, start_obj) > rank(parts, parts.objective):
        incumbent = start
    sol = search_from(problem, params, t0, incumbent, parts.bound, resource_order, progress, stop)
    sol.metrics.update(
        {
            "mode": "parts",
            "groups": parts.metrics["groups"],
            "variables": parts.metrics["variables"],
            "constraints": parts.metrics["constraints"],
            "first_solution_seconds": parts.metrics["first_solution_seconds"],
            "trace": [*parts.metrics["trace"], *sol.metrics["trace"]],  # type: ignore[misc]
        }
    )
    return sol


def _solve_lns(
    problem: Problem,
    params: CpSatParams,
    t0: float,
    start: Solution | None,
    progress: Callable[[Any], None] | None,
    stop: Any,
    reference: Solution | None,
    move_penalty: int,
) -> Solution:
    """Large terms: relaxation bound, then :func:`search_from` the start schedule.
    ``t0`` is the clock's reading at the start."""
    from solver.cpsat import bound as relaxation

    incumbent = start if start is not None else Solution(status="feasible")
    if required_proven_short(problem, params, incumbent):
        return infeasible_solution(problem, params, t0, {"mode": "lns"})
    end = bound_deadline(params, t0)
    ub = relaxation.relaxation_bound(problem, params.with_time(end - params.now()), end)
    indexed = None
    if end - params.now() >= MIN_BOUND_SECONDS:
        indexed = indexed_relaxation_of(problem, params, end - params.now(), end)
    tight = None if indexed is None else indexed.bound
    # the LP's resources lead each request's search (see IndexedRelaxation)
    hint = None if indexed is None else indexed.resource_order
    ub = tight if ub is None else ub if tight is None else min(ub, tight)
    trivial = float(trivial_bound(problem))
    ub = trivial if ub is None else min(ub, trivial)
    return search_from(
        problem, params, t0, incumbent, ub, hint, progress, stop, reference, move_penalty
    )


def search_from(
    problem: Problem,
    params: CpSatParams,
    t0: float,
    incumbent: Solution,
    ub: float | None,
    hint: Mapping[int, Sequence[int]] | None,
    progress: Callable[[Any], None] | None,
    stop: Any,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> Solution:
    """Ruin and recreate, then CP-SAT neighbourhood steps once it stalls, then the last
    pass, from ``incumbent`` until the limit (``t0`` is the clock's reading at the
    solve's start); ``ub`` the bound known, ``hint`` the LP's resource order."""
    from solver import recreate
    from solver.cpsat import lns

    def score(sol: Solution) -> float:
        """The score the search maximises: the true objective, less ``move_penalty`` per reference
        session moved in a re-solve.
        """
        value = true_objective(problem, sol)
        assert value is not None
        if reference is not None:
            value -= move_penalty * count_moved(reference, sol)
        return value

    wall0 = params.clock.wall0
    report = value_reporter(progress, ub, wall0)
    teachers = None if reference is None else teachers_of(reference)

    first = time.perf_counter() - wall0
    # keep back time for scoring, explaining and building the answer, and for the last
    # pass
    short = requests_short(problem, incumbent)
    explain = min(explain_time_for(short), EXPLAIN_MAX_SHARE * params.time_limit)
    answer_end = t0 + params.time_limit - max(1.0 + explain, 0.03 * params.time_limit)
    fill_time = min(fill_time_for(short), FILL_MAX_SHARE * params.time_limit)
    deadline = answer_end - fill_time
    settled = lns.LnsStats()
    if not meets_required(problem, incumbent):
        # the start misses a required request (no conflict proven): that comes first
        settle_end = params.now() + REQUIRED_SHARE * max(0.0, deadline - params.now())
        incumbent, settled = lns.meet_required(
            problem,
            incumbent,
            params,
            deadline=settle_end,
            score=score,
            stop=stop,
            reference=reference,
            move_penalty=move_penalty,
        )
    rr_end = params.now() + RECREATE_SHARE * max(0.0, deadline - params.now())
    # with a reference, the moves are scored on the whole schedule
    incumbent, _, rr_stats = recreate_search(
        problem,
        incumbent,
        params,
        deadline=rr_end,
        progress=report,
        stop=stop,
        hint=hint,
        score=score if reference is not None else None,
        teachers=teachers,
    )
    best, best_score, stats = lns.improve(
        problem,
        incumbent,
        params,
        deadline=deadline,
        score=score,
        progress=report,
        stop=stop,
        reference=reference,
        move_penalty=move_penalty,
    )
    # what a search cut short can leave: requests that fit as the schedule stands and pay
    best, _, filled = recreate.book_what_pays(
        problem,
        best,
        deadline=max(answer_end, params.now() + fill_time),  # searches end a little late
        score=score if reference is not None else None,
        now=params.now,
        hint=hint,
        teachers=teachers,
    )
    status = "feasible" if meets_required(problem, best) else "unknown"
    objective = true_objective(problem, best)
    if ub is not None and objective is not None and ub <= objective:
        status, ub = ("optimal" if status == "feasible" else status), objective
    metrics: dict[str, object] = {
        "mode": "lns",
        "recreate_steps": rr_stats.steps,
        "recreate_improvements": rr_stats.improvements,
        "lns_iterations": stats.iterations,
        "lns_improvements": stats.improvements,
        "filled_requests": filled.improvements,
        "first_solution_seconds": round(first, 3),
        "trace": [
            (round(t - wall0, 3), v, ub if ub is not None else v)
            for t, v in settled.trace + rr_stats.trace + stats.trace + filled.trace
        ],
    }
    if settled.iterations:
        metrics["required_steps"] = settled.iterations
        metrics["required_met"] = settled.improvements
    if reference is not None:
        metrics["moved_sessions"] = moved_sessions(problem, reference, best)
    return Solution(
        status=status,
        sessions=best.sessions,
        placements=best.placements,
        objective=objective,
        bound=ub,
        solver="cpsat",
        metrics=metrics,
    )


def indexed_relaxation_of(
    problem: Problem,
    params: CpSatParams,
    seconds: float | None = None,
    deadline: float | None = None,
) -> IndexedRelaxation | None:
    """:func:`solver.cpsat.indexed_bound.relaxation.indexed_relaxation` in ``seconds`` (by default a
    fifth of the limit, at most 20 s), with the LP's resource hint; ``None`` when not
    solved in time, on failure, or when its build runs past ``deadline`` (a reading of
    ``params.now``)."""
    from solver.cpsat.indexed_bound.relaxation import indexed_relaxation

    if seconds is None:
        seconds = min(20.0, max(1.0, 0.2 * params.time_limit))
    try:
        return indexed_relaxation(problem, params.with_time(seconds), deadline)
    except Exception:  # a bound must not sink the solve
        log.exception("indexed bound failed")
        return None


def bound_deadline(params: CpSatParams, origin: float) -> float:
    """When the relaxation bounds must be done (a reading of ``params.now``; ``origin`` the
    clock's reading at the solve's start): a fifth of the limit (1-20 s) from now, at most
    :data:`BOUND_SHARE_OF_LEFT` of the time left but at least a second. A build still
    going there is given up; a built LP still gets a second."""
    left = params.time_limit - (params.now() - origin)
    share = min(20.0, max(1.0, 0.2 * params.time_limit))
    return params.now() + min(share, max(1.0, BOUND_SHARE_OF_LEFT * left))


def requests_short(problem: Problem, sol: Solution) -> int:
    """How many requests ``sol`` leaves short: what the last pass and the reasons take
    time for."""
    return sum(1 for n in missing_counts(problem, sol).values() if n > 0)


def explain_time_for(short: int) -> float:
    """Time (clock units) to keep for explaining ``short`` requests left short."""
    return EXPLAIN_SECONDS_PER_SHORT * short


def fill_time_for(short: int) -> float:
    """Time (clock units) for the last pass over ``short`` requests left short."""
    return 0.5 + FILL_SECONDS_PER_SHORT * short


def book_what_pays_last(
    problem: Problem,
    sol: Solution,
    params: CpSatParams,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> None:
    """Book into ``sol`` the requests still short that fit as it stands and raise the
    objective (:func:`solver.recreate.book_what_pays`): what a search its limit cut short
    can leave. Given time for each such request on top of the limit (a try takes about a
    millisecond). In a re-solve a rebooking pays only net of the reference sessions it
    moves (``move_penalty`` each), as in the search."""
    from solver import recreate

    score, teachers = None, None
    if reference is not None:
        teachers = teachers_of(reference)

        def score(candidate: Solution) -> float:
            """The true objective less ``move_penalty`` per reference session moved, so a booking
            pays only net of the moves it makes.
            """
            value = true_objective(problem, candidate)
            assert value is not None
            return value - move_penalty * count_moved(reference, candidate)

    deadline = params.now() + fill_time_for(requests_short(problem, sol))
    best, _, filled = recreate.book_what_pays(
        problem, sol, deadline=deadline, score=score, now=params.now, teachers=teachers
    )
    sol.metrics["filled_requests"] = filled.improvements
    if filled.improvements:
        sol.sessions, sol.placements = best.sessions, best.placements
        sol.objective = true_objective(problem, sol)
        if reference is not None:
            sol.metrics["moved_sessions"] = moved_sessions(problem, reference, sol)
        trace = sol.metrics.get("trace")
        if isinstance(trace, list):
            seconds = round(time.perf_counter() - params.clock.wall0, 3)
            bound = sol.objective if sol.bound is None else sol.bound
            trace.append((seconds, sol.objective, bound))


def tighten(sol: Solution, bound: float) -> None:
    """Report ``bound`` when it is below the solution's and not below its objective."""
    if sol.objective is None:
        return
    if bound < sol.objective:  # a relaxation below a checked schedule: a modelling error
        log.warning("LP bound %s below the objective %s: not reported", bound, sol.objective)
        return
    if sol.bound is None or bound < sol.bound:
        sol.bound = bound
        if bound == sol.objective and sol.status == "feasible":
            sol.status = "optimal"


def pick_best(
    problem: Problem,
    sol: Solution,
    greedy: Solution | None,
    greedy_obj: float | None,
    reference: Solution | None,
    move_penalty: int,
    name: str = "greedy",
) -> Solution:
    """CP-SAT's answer with the checker's objective, or greedy's (the start ``name``'s)
    when that is better."""
    if sol.sessions or sol.placements or sol.objective is not None:
        exact = true_objective(problem, sol)
        if exact is not None:
            if sol.objective is not None and abs(exact - sol.objective) > 0.5:
                # Penalty counters are only bounded from below in the model: a schedule
                # CP-SAT has not finished improving may carry slack in them, so its own
                # value can fall short of the schedule's (the bound is still sound). A
                # value *above* the schedule's would mean the model overrates it.
                level = logging.WARNING if exact < sol.objective else logging.DEBUG
                log.log(level, "cpsat objective %s, the scoring's %s", sol.objective, exact)
                sol.metrics["cpsat_objective_mismatch"] = sol.objective
            sol.objective = exact
    if greedy is None or greedy_obj is None:
        return sol
    greedy_ok = meets_required(problem, greedy)
    penalty = 0.0
    if reference is not None:
        penalty = move_penalty * count_moved(reference, greedy)
    cp_score = None if sol.objective is None else sol.objective - penalty_of(sol, move_penalty)
    if cp_score is not None and (not greedy_ok or cp_score >= greedy_obj - penalty):
        # a greedy schedule that misses a required request is no answer, however it scores
        return sol
    if sol.status == "optimal":
        log.error("CP-SAT claims optimal but greedy scores higher: the model disagrees")
    status = "feasible" if greedy_ok else "unknown"
    bound = sol.bound if sol.bound is not None and sol.bound >= greedy_obj else None
    metrics = dict(sol.metrics)
    metrics["returned"] = name
    return Solution(
        status=status,
        sessions=list(greedy.sessions),
        placements=list(greedy.placements),
        objective=greedy_obj,
        bound=bound,
        solver="cpsat",
        metrics=metrics,
    )
