"""Minimal-perturbation re-solve of a compiled term against its published reference.

The published (effective) schedule is the reference; CP-SAT pays ``move_penalty`` for
each reference session it does not keep, and starts from (and never ends below) the
reference fitted to the changed term (:mod:`solver.fitted`). Mid-term, the past is kept
(:mod:`solver.kept_past`). The documents (reading the published schedule, writing the
answer) are :mod:`scheduler.solving.resolve`'s.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scheduler.problem import CSessionRequest, Problem, Solution


def resolve_problem(
    problem: Problem,
    reference: Solution,
    day: int,
    options: Any,
    move_penalty: int,
    progress: Any = None,
    stop: Any = None,
    left_out: int = 0,
) -> Solution:
    """Re-solve ``problem`` close to ``reference``; with ``day`` (0-based, > 0) keep what
    lies before it. ``left_out`` counts published items before ``day`` that ``reference``
    could not hold (they name what the changed term no longer has)."""
    from solver.fitted import fitted_schedule
    from solver.pipeline import complete_unmet

    if day == 0:
        initial, _, _ = fitted_schedule(problem, reference)
        solution = _search(problem, options, progress, stop, reference, move_penalty, initial)
        complete_unmet(problem, solution)
        return solution
    return _keeping_the_past(
        problem, reference, day, options, progress, stop, move_penalty, left_out
    )


def _search(
    problem: Problem,
    options: Any,
    progress: Any,
    stop: Any,
    reference: Solution,
    move_penalty: int,
    initial: Solution,
) -> Solution:
    """CP-SAT from ``initial``; with ``solver: greedy`` (a term solve asked for greedy
    booking), the better of greedy's schedule and ``initial``, scored as they stand."""
    from solver.cpsat import solve_cpsat
    from solver.greedy import solve_greedy

    if getattr(options, "solver", "cpsat") != "greedy":
        return solve_cpsat(
            problem,
            options,
            progress,
            stop,
            reference=reference,
            move_penalty=int(move_penalty),
            initial=initial,
        )
    greedy = solve_greedy(problem, explain=False)
    ranked = [(_rank(problem, sol), sol) for sol in (greedy, initial)]
    (met, value), best = max(ranked, key=lambda pair: pair[0])
    best.objective = value
    best.solver = "greedy"
    best.status = "feasible" if met else "unknown"
    return best


def _rank(problem: Problem, solution: Solution) -> tuple[bool, float]:
    from solver.greedy import meets_required
    from solver.scoring import objective_of

    return meets_required(problem, solution), float(objective_of(problem, solution)[0])


def _keeping_the_past(
    problem: Problem,
    reference: Solution,
    day: int,
    options: Any,
    progress: Any,
    stop: Any,
    move_penalty: int,
    left_out: int = 0,
) -> Solution:
    from solver.cpsat.answer import settle_status
    from solver.fitted import fitted_schedule
    from solver.greedy import meets_required
    from solver.kept_past.keep import keep_past
    from solver.kept_past.reasons import explain_runs_under_way
    from solver.options import gap_of
    from solver.pipeline import complete_unmet
    from solver.scoring import objective_of

    kept = keep_past(problem, reference, day, left_out)
    initial, _, _ = fitted_schedule(kept.problem, kept.reference, first=kept.pinned_requests)
    initial.status = "feasible" if meets_required(kept.problem, initial) else "unknown"
    fallback = kept.restore(problem, dataclasses.replace(initial, metrics={}))
    # the kept problem scores a kept request by its parts (one resource each, its days);
    # the search does not change those terms (but a free request under way growing into
    # another resource): progress is shown on the term's scale
    fallback_rank = _rank(problem, fallback)
    shift = fallback_rank[1] - float(objective_of(kept.problem, initial)[0])
    answer = _search(
        kept.problem, options, _shifted(progress, shift), stop, kept.reference, move_penalty,
        initial,
    )  # fmt: skip
    if answer.status == "infeasible":
        # what is left to book from the day on cannot meet every required request (a
        # window over, a run that cannot go on): the past stands all the same, and the
        # schedule of the rest (solver/cpsat/rest.py), or else the one fitted to the
        # past, says what is missing; the fitted one is taken below if it scores higher
        metrics = _term_ids(problem, kept, answer.metrics)
        if answer.sessions or answer.placements:
            answer = dataclasses.replace(
                answer, status="unknown", unmet=[], conflicts=[], metrics=metrics
            )
        else:
            answer = dataclasses.replace(initial, status="unknown", metrics=metrics)
    solution = kept.restore(problem, answer)
    # the fitted start may score higher on the term itself
    if fallback_rank > _rank(problem, solution):
        solution = dataclasses.replace(
            fallback, metrics={**solution.metrics, "returned": "published"}, bound=solution.bound
        )
    complete_unmet(kept.explaining(problem), solution)
    explain_runs_under_way(problem, kept, solution)
    value, _ = objective_of(problem, solution)
    # the kept part scores the same whatever the solver does with the rest: the bound on
    # what it could change, moved by what the term's objective adds to the solver's
    solution.objective = float(value)
    if answer.bound is not None and answer.objective is not None:
        shifted = answer.bound + (float(value) - answer.objective) + _split_slack(problem, kept)
        solution.bound = max(float(value), shifted)
    else:
        solution.bound = None
    settle_status(problem, solution)
    solution.metrics["gap"] = gap_of(solution.objective, solution.bound)
    return solution


def _term_ids(problem: Problem, kept: Any, metrics: dict[str, object]) -> dict[str, object]:
    """``metrics`` with the conflicting requests named by the term's ids: the kept
    problem splits a request under way into pieces ('r#5', 'r#more') that the answer
    does not have (a re-solve audit found 'dlvtc-cnc-basics#5')."""
    from solver.cpsat.rest import conflicting_requests

    named = conflicting_requests(Solution(status="infeasible", metrics=metrics))
    if not named:
        return metrics
    pieces = enumerate(kept.problem.requests)
    term_id = {r.id: problem.requests[kept.origin[k]].id for k, r in pieces}
    ids = list(dict.fromkeys(term_id.get(r, r) for r in named))
    return {**metrics, "conflicting_requests": ids}


def _split_slack(problem: Problem, kept: Any) -> float:
    """What the term may score beyond the kept problem's bound shifted by the answer's
    difference: a request under way that may still gain sessions is two pieces there
    (its published sessions, and the ones to come), and the pieces do not see each
    other's resources and days. Its ``stability`` and ``min_days`` terms on the term can
    then differ from the pieces' by up to their whole range, either way, so each such
    request adds twice that range (a re-solve said ``optimal`` at 103,990 while a valid
    timetable scored 104,000; a re-solve audit)."""
    weights = problem.weights
    slack = 0.0
    for r in kept.grown_requests():
        req = problem.requests[r]
        if isinstance(req, CSessionRequest):
            spread = weights["stability"] * max(0, len(req.resources) - 1)
            spread += weights["min_days"] * req.min_days
            slack += 2 * spread
    return slack


def _shifted(progress: Any, shift: float) -> Any:
    """``progress`` called with objective and bound moved by ``shift`` (gap recomputed)."""
    if progress is None or not shift:
        return progress
    from solver.options import Progress

    def report(p: Any) -> None:
        """Pass ``p`` on with objective and bound moved by ``shift``, gap recomputed."""
        objective = None if p.objective is None else p.objective + shift
        bound = None if p.bound is None else p.bound + shift
        progress(Progress(objective, bound, Progress.gap_of(objective, bound), p.elapsed))

    return report
