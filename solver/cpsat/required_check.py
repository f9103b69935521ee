"""Whether the required requests can hold together at all, checked before a search.

A term's start schedule that misses a required request sends these checks first: a
count of the slots they need against those a cohort or a pool offers
(:mod:`solver.cpsat.counting`), then a model of only the required requests. When they
cannot hold, :func:`infeasible_solution` names a small conflicting set in words.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import CSessionRequest, Problem, Solution
from solver.cpsat.conflicts.core import find_core, forced_status, infeasible_unmet, linked_groups
from solver.cpsat.conflicts.describe import describe, describe_count
from solver.cpsat.counting import counting_core
from solver.cpsat.params import CpSatParams
from solver.greedy import meets_required

#: Least time for proving that the required requests cannot hold together when the
#: start misses one (:func:`required_proven_short`).
REQUIRED_CHECK_SECONDS = 1.0
#: Most share of the requests that may be required for that check before a whole model.
REQUIRED_CHECK_MAX_SHARE = 0.5
#: Required sessions (an internship counts one) few enough for that check whatever
#: their share: ITC-2007's instances, every lecture required, have 30 (toy) and 160-434
REQUIRED_CHECK_SMALL = 100


def required_few(problem: Problem) -> bool:
    """Whether the required requests are few enough for a model of their own to be
    quicker than the whole one: at most :data:`REQUIRED_CHECK_MAX_SHARE` of the
    requests, or at most :data:`REQUIRED_CHECK_SMALL` sessions. Where all are (ITC-2007:
    every lecture), it is the whole model, built and solved once more for nothing
    (comp07 at 20 s: 3.5 s of 20, UD2 3,500 against 1,750). A small term with most of
    its requests required is cheap to check, and its whole model's repair may not tell
    (a spec audit's three required requests, a joint session among them: 7.3 s of
    repair unproven, 0.23 s for their own model)."""
    required = [r for r in problem.requests if r.required]
    if len(required) <= REQUIRED_CHECK_MAX_SHARE * len(problem.requests):
        return True
    sessions = sum(r.n_sessions if isinstance(r, CSessionRequest) else 1 for r in required)
    return sessions <= REQUIRED_CHECK_SMALL


def required_proven_short(
    problem: Problem,
    params: CpSatParams,
    start: Solution | None,
    share: float = 0.2,
    *,
    by_model: bool = True,
) -> bool:
    """Whether the required requests, in a model of only them, were proven unable to
    hold together within ``share`` of the limit (at least :data:`REQUIRED_CHECK_SECONDS`);
    asked only when ``start`` misses one of them (:func:`infeasible_solution` then names
    the smallest conflicting set it can).

    A whole model's search may not tell within its limit: a spec audit's term of 280
    sessions ended ``unknown`` after 10 s where the required requests' own model was
    infeasible in 0.4 s (a required block request needing two rooms at once on
    consecutive days that only one weekday offers)."""
    required = [r.index for r in problem.requests if r.required]
    if not required or (start is not None and meets_required(problem, start)):
        return False
    if counting_core(problem) is not None:  # a pigeonhole CP-SAT may not refute in time
        return True
    if not by_model:
        return False
    seconds = max(REQUIRED_CHECK_SECONDS, share * params.time_limit)
    return _core_is_proven(problem, params, required, seconds)


def _core_is_proven(problem: Problem, params: CpSatParams, core: list[int], seconds: float) -> bool:
    """Whether the required requests of ``core`` were proven unable to hold together.

    Each group of them that shares nothing with the others is tried alone, smallest
    first (:func:`~.conflicts.core.linked_groups`): a conflict lies inside one group, and a
    small group's model is settled without the others' around it.
    """
    deadline = params.now() + seconds
    for group in sorted(linked_groups(problem, core), key=len):
        if forced_status(problem, group, params, deadline) == cp_model.INFEASIBLE:
            return True
    return False


def infeasible_solution(
    problem: Problem, params: CpSatParams, t0: float, metrics: dict[str, object]
) -> Solution:
    """Status ``infeasible`` with a small conflicting set of required requests."""
    counted = counting_core(problem)
    if counted is not None and len(counted.requests) == 1:  # described on its own
        core, conflict = counted.requests, describe(problem, counted.requests)
    elif counted is not None:  # said in its own terms; CP-SAT may not refute it in time
        core, conflict = counted.requests, describe_count(problem, counted)
    else:
        left = max(1.0, min(30.0, params.time_limit - (params.now() - t0)))
        core = find_core(problem, params, left)
        conflict = describe(problem, core)
    return Solution(
        status="infeasible",
        solver="cpsat",
        conflicts=[conflict],
        unmet=infeasible_unmet(problem, core),
        metrics={**metrics, "conflicting_requests": [problem.requests[r].id for r in core]},
    )
