"""The large terms' search: ruin and recreate, then CP-SAT neighbourhood steps, then a
last pass booking what pays, from a start schedule until the limit; and the solves that
hand over to it (independent parts, terms too large for one model)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scheduler.problem import Problem, Solution
from solver.cpsat.answer import trivial_bound, true_objective
from solver.cpsat.bound_budget import MIN_BOUND_SECONDS, bound_deadline, indexed_relaxation_of
from solver.cpsat.local_search import recreate_search
from solver.cpsat.moves import count_moved, moved_sessions, teachers_of
from solver.cpsat.params import CpSatParams
from solver.cpsat.phases import proof_phase_end
from solver.cpsat.reporting import value_reporter
from solver.cpsat.required_check import infeasible_solution, required_proven_short
from solver.greedy import meets_required, missing_counts

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
#: Most of the limit the last pass is given (see :data:`FILL_SECONDS_PER_SHORT`).
FILL_MAX_SHARE = 0.1


def solve_parts(
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


def solve_lns(
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
