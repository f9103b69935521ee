"""Independent parts of a problem, solved one by one and merged.

Two requests interact only through a cohort, a candidate resource (or post), a
candidate instructor or an ``after`` link; the connected components of the graph
linking requests to those (networkx) can be scheduled separately. Small components are
grouped (one CP-SAT model each group, still independent inside) so that a term with
hundreds of tiny parts does not pay a solver start per part.

Fairness couples the parts through institutions: the worst share is a minimum over
institutions that may span several parts. It is handled in two phases:

1. Each group is solved for every *other* term (all additive over parts), with a time
   share proportional to its size. Its bound ``B_g`` is then a true bound of that part,
   so ``sum_g B_g + fairness * S`` is a valid bound of the whole objective, where ``S``
   is the best worst share the requests could reach at all (1000 when every request
   has a place to go).
2. With the time kept back (a fifth), the groups holding the worst-served institutions
   are solved again *with* the fairness term, the units other groups fulfil entering as
   constants (:func:`solver.cpsat.objective.worst_share`), starting from the current
   schedule: block-coordinate ascent on the exact objective, which never gets worse.

The merged objective is recomputed with :func:`solver.scoring.objective_of`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import CSessionRequest, Problem, Solution
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import run_model, wall_start
from solver.cpsat.params import CpSatParams
from solver.cpsat.reporting import make_progress
from solver.scoring import fulfilled_by_institution

log = logging.getLogger(__name__)

#: Components smaller than this many sessions are grouped into one model.
MIN_GROUP_SIZE = 200
#: Share of the time limit kept for the fairness pass when fairness has weight.
FAIRNESS_SHARE = 0.2
#: Least time a group's model gets while the parts' time lasts.
MIN_GROUP_SECONDS = 0.2
#: Progress (the merged term scored) at most once per this many times its own cost.
SCORE_SPACING = 10.0


def components(problem: Problem) -> list[list[int]]:
    """Request positions of each connected component, in order of their first request."""
    g = nx.Graph()
    for r, req in enumerate(problem.requests):
        node = ("q", r)
        g.add_node(node)
        for c in req.cohorts:
            g.add_edge(node, ("c", c))
        pool = req.resources if isinstance(req, CSessionRequest) else req.posts
        for k in pool.tolist():
            g.add_edge(node, ("r", int(k)))
        if isinstance(req, CSessionRequest):
            for i in req.instructors.tolist():
                g.add_edge(node, ("i", int(i)))
        for a in req.after:
            g.add_edge(node, ("q", a))
    comps = [sorted(n[1] for n in comp if n[0] == "q") for comp in nx.connected_components(g)]
    return sorted((c for c in comps if c), key=lambda c: c[0])


def size_of(problem: Problem, requests: list[int]) -> int:
    """Model size proxy: sessions plus internships."""
    return sum(
        r.n_sessions if isinstance(r, CSessionRequest) else 1
        for r in (problem.requests[q] for q in requests)
    )


def group(problem: Problem, comps: list[list[int]]) -> list[list[int]]:
    """Merge small components so that each model has at least ``MIN_GROUP_SIZE`` sessions."""
    groups: list[list[int]] = []
    current: list[int] = []
    for comp in sorted(comps, key=lambda c: (-size_of(problem, c), c[0])):
        if size_of(problem, comp) >= MIN_GROUP_SIZE:
            groups.append(comp)
            continue
        current += comp
        if size_of(problem, current) >= MIN_GROUP_SIZE:
            groups.append(sorted(current))
            current = []
    if current:
        groups.append(sorted(current))
    return groups


# --------------------------------------------------------------------------- shares


def worst_permille(problem: Problem, fulfilled: np.ndarray) -> int:
    """The worst fulfilled share among institutions with demand, in permille rounded down (the
    fairness term's value); 1000 when none has demand.
    """
    demand = problem.demand_units()
    shares = [1000 * int(f) // int(d) for f, d in zip(fulfilled, demand, strict=True) if d > 0]
    return min(shares, default=1000)


def reachable_permille(problem: Problem) -> int:
    """Worst share if every request with a possible place were met: a fairness bound."""
    reach = np.zeros(len(problem.institutions), dtype=np.int64)
    for req in problem.requests:
        if isinstance(req, CSessionRequest):
            ok = len(req.resources) and req.resource_starts.any()
            units = req.units_per_session * req.n_sessions if ok else 0
        else:
            units = req.units if (len(req.posts) and req.first_weeks.any()) else 0
        for i in req.institutions:
            reach[i] += units
    return worst_permille(problem, reach)


# --------------------------------------------------------------------------- solve


def _restrict(solution: Solution | None, requests: set[int]) -> Solution:
    if solution is None:
        return Solution(status="unknown")
    return Solution(
        status=solution.status,
        sessions=[s for s in solution.sessions if s.request in requests],
        placements=[p for p in solution.placements if p.request in requests],
    )


def solve_components(
    problem: Problem,
    groups: list[list[int]],
    params: CpSatParams,
    *,
    t0: float,
    greedy: Solution | None,
    progress: Callable[[Any], None] | None,
    stop: Any,
) -> Solution:
    """Solve ``groups`` (see :func:`group`) in turn and merge (see the module docstring).

    ``t0`` is a reading of ``params.clock`` (the solve's start).
    """
    from solver.cpsat.required_check import infeasible_solution
    from solver.greedy import meets_required

    wall0 = wall_start(params, t0)  # reported seconds count from here

    w_fair = problem.weights.get("fairness", 0)
    sizes = [size_of(problem, g) for g in groups]
    keep_back = FAIRNESS_SHARE * params.time_limit if w_fair else 0.0
    # incumbent per group: (sessions, placements), greedy's to start with
    incumbent = {n: _restrict(greedy, set(g)) for n, g in enumerate(groups)}
    bounds: dict[int, float] = {}
    statuses: dict[int, cp_model.CpSolverStatus] = {}
    traces: list[tuple[float, float, float]] = []
    n_vars = n_cons = 0
    first_solution: float | None = None
    nofair = dict(problem.weights, fairness=0)
    plain = _with_weights(problem, nofair)
    scored_at, score_cost = float("-inf"), 0.0
    for n in sorted(range(len(groups)), key=lambda n: (-sizes[n], n)):
        if stop is not None and stop.is_set():
            break
        elapsed = params.now() - t0
        remaining = params.time_limit - keep_back - elapsed
        if remaining <= 0:
            break  # the groups left keep greedy's bookings (islands-2000: 98 groups)
        rest = sum(sizes[m] for m in range(len(groups)) if m not in statuses) or 1
        share = min(remaining, max(MIN_GROUP_SECONDS, remaining * sizes[n] / rest))
        cm = CpSatModel(plain, requests=groups[n])
        n_vars += cm.num_variables
        n_cons += cm.num_constraints
        group_t0 = params.now()
        res = run_model(
            cm,
            params.with_time(share),
            t0=group_t0,
            hint=incumbent[n] if greedy is not None else None,
            progress=None,
            stop=stop,
        )
        statuses[n] = res.status
        if res.status == cp_model.INFEASIBLE:
            return infeasible_solution(problem, params, t0, {"groups": len(groups)})
        if res.bound is not None:
            bounds[n] = res.bound
        if res.values is not None:
            sessions, placements = sessions_and_placements(cm.vars, res.values)
            incumbent[n] = Solution(status="feasible", sessions=sessions, placements=placements)
            if first_solution is None and res.first_solution is not None:
                # the run's seconds count from its own start (see wall_start)
                found = wall_start(params, group_t0) + res.first_solution
                first_solution = round(found - wall0, 3)
        # scoring the merged term reads every session: at most a tenth of the time
        # (islands-2000: 100 scorings of 20,000 sessions were 35 s of a 10 s solve)
        if time.perf_counter() - scored_at < SCORE_SPACING * score_cost:
            continue
        scored_at = time.perf_counter()
        merged = _merge(incumbent)
        obj = _score(problem, merged)
        ub = _bound(problem, bounds, len(groups))
        score_cost = time.perf_counter() - scored_at
        if obj is not None:
            seconds = time.perf_counter() - wall0
            traces.append((round(seconds, 3), obj, ub if ub is not None else obj))
            if progress is not None and ub is not None:
                progress(make_progress(obj, ub, seconds))

    merged = _merge(incumbent)
    if w_fair and len(groups) > 1 and not (stop is not None and stop.is_set()):
        merged = _fairness_pass(problem, groups, incumbent, params, t0, stop)
    obj = _score(problem, merged)
    ub = _bound(problem, bounds, len(groups))
    all_optimal = len(statuses) == len(groups) and all(
        s == cp_model.OPTIMAL for s in statuses.values()
    )
    fair_done = not w_fair or worst_permille(
        problem, fulfilled_by_institution(problem, merged)
    ) >= reachable_permille(problem)
    if not meets_required(problem, merged):
        status = "unknown"
    elif all_optimal and fair_done:
        status = "optimal"
    else:
        status = "feasible"
    if ub is not None and obj is not None and ub < obj:
        ub = obj
    merged.status = status
    merged.objective = obj
    merged.bound = ub
    merged.solver = "cpsat"
    merged.metrics.update(
        {
            "groups": len(groups),
            "variables": n_vars,
            "constraints": n_cons,
            "first_solution_seconds": first_solution,
            "trace": traces,
        }
    )
    return merged


def _with_weights(problem: Problem, weights: dict[str, int]) -> Problem:
    from dataclasses import replace

    return replace(problem, weights=weights)


def _merge(incumbent: dict[int, Solution]) -> Solution:
    sessions, placements = [], []
    for n in sorted(incumbent):
        sessions += incumbent[n].sessions
        placements += incumbent[n].placements
    sessions.sort(key=lambda s: (s.request, s.index))
    placements.sort(key=lambda p: (p.request, p.resource))
    return Solution(status="feasible", sessions=sessions, placements=placements)


def _score(problem: Problem, solution: Solution) -> float | None:
    from solver.cpsat.answer import true_objective

    return true_objective(problem, solution)


def _bound(problem: Problem, bounds: dict[int, float], n_groups: int) -> float | None:
    if len(bounds) < n_groups:
        return None
    w_fair = problem.weights.get("fairness", 0)
    return float(sum(bounds.values()) + w_fair * reachable_permille(problem))


def _fairness_pass(
    problem: Problem,
    groups: list[list[int]],
    incumbent: dict[int, Solution],
    params: CpSatParams,
    t0: float,
    stop: Any,
) -> Solution:
    """Re-solve the groups of the worst-served institutions with the fairness term."""
    merged = _merge(incumbent)
    best = _score(problem, merged)
    fulfilled = fulfilled_by_institution(problem, merged)
    demand = problem.demand_units()
    shares = {
        i: 1000 * int(fulfilled[i]) // int(demand[i]) for i in range(len(demand)) if demand[i] > 0
    }
    if not shares:
        return merged
    worst = min(shares.values())
    worst_inst = {i for i, s in shares.items() if s == worst}
    todo = [
        n
        for n, g in enumerate(groups)
        if any(i in worst_inst for q in g for i in problem.requests[q].institutions)
    ]
    for k, n in enumerate(todo):
        left = params.time_limit - (params.now() - t0)
        if left <= 0.2 or (stop is not None and stop.is_set()):
            break
        members = set(groups[n])
        others = _merge({m: s for m, s in incumbent.items() if m != n})
        offsets = fulfilled_by_institution(problem, others)
        cm = CpSatModel(problem, requests=groups[n], offsets=offsets)
        res = run_model(
            cm,
            params.with_time(left / (len(todo) - k)),
            t0=params.now(),
            hint=_restrict(merged, members),
            stop=stop,
        )
        if res.values is None:
            continue
        sessions, placements = sessions_and_placements(cm.vars, res.values)
        trial = dict(incumbent)
        trial[n] = Solution(status="feasible", sessions=sessions, placements=placements)
        candidate = _merge(trial)
        score = _score(problem, candidate)
        if best is None or (score is not None and score >= best):
            incumbent, merged, best = trial, candidate, score
    return merged
