"""The answer's objective, bound and status as the checker reads them: the scoring's
objective, the tightest bound known, and greedy's schedule when it scores better."""

from __future__ import annotations

import logging

from scheduler.problem import Problem, Solution
from solver.cpsat.moves import count_moved, penalty_of
from solver.greedy import meets_required
from solver.scoring import objective_of

log = logging.getLogger(__name__)


def trivial_bound(problem: Problem) -> float:
    """Every unit of demand met, every institution fully served, no penalty."""
    from solver.scoring import trivial_bound as bound

    return float(bound(problem))


def true_objective(problem: Problem, solution: Solution) -> float:
    """The checker's objective of ``solution`` (:func:`solver.scoring.objective_of`)."""
    value, _ = objective_of(problem, solution)
    return float(value)


def settle_status(problem: Problem, sol: Solution) -> None:
    """``optimal`` exactly when the answer's objective reaches its bound, and ``optimal`` or
    ``feasible`` only when it meets every required request.

    CP-SAT's ``OPTIMAL`` is about its own objective: with a reference to stay close to,
    that includes the move penalty, while the answer reports the trainshare objective
    and its bound (the relaxation's, or CP-SAT's with every session counted as moved);
    the two need not meet. Such an answer is ``feasible`` (CP-SAT's word is kept in
    ``metrics.cpsat_status``).
    A bound a hair under or over the objective is CP-SAT's scaled objective read back
    as a float (112,499.99999999999 for 112,500, 61,890.00000000001 for 61,890): it is
    the objective, so an optimal answer states the two equal (gap 0).
    """
    if sol.status in ("optimal", "feasible") and not meets_required(problem, sol):
        # every search keeps required requests met; this guards the spec's rule anyway
        log.error("the answer misses a required request: reported as unknown")
        sol.status = "unknown"
    obj, bound = sol.objective, sol.bound
    if obj is not None and bound is not None:
        scale = max(1.0, abs(obj))
        # under: a bound below the schedule it bounds can only be rounding; over: only
        # float noise (1e-6 of a 23 M objective would be 23, a session left to find)
        if obj - 1e-6 * scale <= bound <= obj + 1e-9 * scale:
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
