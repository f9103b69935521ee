"""Finding a small set of required requests that cannot all hold: groups that share
nothing tried alone, CP-SAT's assumption core, then a deletion pass."""

from __future__ import annotations

import networkx as nx
from ortools.sat.python import cp_model

from scheduler.problem import CSessionRequest, Problem, UnmetAssignment
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.words import say

#: Groups of at most this many required requests skip the assumption core: deleting one
#: request at a time costs as many quick solves, where the core may stall
DELETION_ONLY = 8


def find_core(problem: Problem, params: CpSatParams, seconds: float) -> list[int]:
    """Positions of required requests that cannot all be met together.

    The required requests split into groups that share nothing (no cohort, candidate
    resource or instructor, no ``after`` link): a conflict lies inside one, so the
    groups are tried alone, smallest first. A group of more than :data:`DELETION_ONLY`
    is first shrunk by CP-SAT's assumption core, for at most a quarter of the time
    (without presolve it can stall: a spec audit's shared base and joint triangle ran
    out its 30 s); then a deletion pass over models that force the rest with presolve
    on (proven in hundredths of a second where the assumption core stalled). Falls back
    to every required request when nothing is proven in time.
    """
    required = [r for r, req in enumerate(problem.requests) if req.required]
    if len(required) <= 1:
        return required
    deadline = params.now() + seconds
    core = None
    for group in sorted(linked_groups(problem, required), key=len):
        if forced_status(problem, group, params, deadline) == cp_model.INFEASIBLE:
            core = group
            break
    if core is None:
        return required
    if len(core) <= 1:
        return core
    cm = CpSatModel(problem, requests=core)
    cm.model.clear_objective()
    if len(core) > DELETION_ONLY:
        lits = {cm.vars.required[r].index: r for r in core}
        quarter = params.now() + 0.25 * max(0.0, deadline - params.now())
        status, core_idx = _solve_with(cm, [cm.vars.required[r] for r in core], params, quarter)
        if status == cp_model.INFEASIBLE:
            core = sorted(lits[i] for i in core_idx if i in lits) or core
        cm.model.clear_assumptions()
    # deletion pass: drop each request whose removal keeps the rest infeasible; a trial
    # gets at most twice its share of the time left, so that one slow trial (the rest
    # feasible but hard to place) does not end the pass, and is kept when undecided
    candidates = list(core)
    for n, r in enumerate(candidates):
        left = deadline - params.now()
        if len(core) <= 1 or left <= 0:
            break
        trial = [q for q in core if q != r]
        until = params.now() + max(0.5, 2 * left / (len(candidates) - n))
        if forced_status(problem, trial, params, min(deadline, until), cm) == cp_model.INFEASIBLE:
            core = trial
    return core


def linked_groups(problem: Problem, required: list[int]) -> list[list[int]]:
    """Groups of required requests joined by a shared cohort, candidate resource or
    instructor, or an ``after`` link between them."""
    graph = nx.Graph()
    graph.add_nodes_from(required)
    users: dict[tuple[str, int], list[int]] = {}
    for r in required:
        req = problem.requests[r]
        pool = req.resources if isinstance(req, CSessionRequest) else req.posts
        keys = [("cohort", c) for c in req.cohorts]
        keys += [("resource", int(k)) for k in pool]
        if isinstance(req, CSessionRequest):
            keys += [("instructor", int(i)) for i in req.instructors]
        for key in keys:
            users.setdefault(key, []).append(r)
        graph.add_edges_from((r, a) for a in req.after if a in graph)
    for group in users.values():
        graph.add_edges_from(zip(group, group[1:], strict=False))
    return [sorted(c) for c in nx.connected_components(graph)]


def forced_status(
    problem: Problem,
    core: list[int],
    params: CpSatParams,
    deadline: float,
    cm: CpSatModel | None = None,
) -> cp_model.CpSolverStatus:
    """Whether the required requests ``core`` can all hold, forced as hard constraints
    (presolve on) in ``cm`` (a model of a superset) or a model of their own."""
    left = deadline - params.now()
    if left <= 0.05:
        return cp_model.UNKNOWN
    if cm is None:
        cm = CpSatModel(problem, requests=core)
    model = cm.model.clone()
    model.clear_objective()
    model.clear_assumptions()
    model.add_bool_and(
        [model.get_bool_var_from_proto_index(cm.vars.required[r].index) for r in core]
    )
    solver = cp_model.CpSolver()
    limited = params.with_time(left)
    limited.apply(solver)
    solver.parameters.stop_after_first_solution = True
    return limited.solve(solver, model)


def _solve_with(
    cm: CpSatModel, assumptions: list, params: CpSatParams, deadline: float
) -> tuple[cp_model.CpSolverStatus, list[int]]:
    left = deadline - params.now()
    if left <= 0.05:
        return cp_model.UNKNOWN, []
    cm.model.clear_assumptions()
    cm.model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    core_params = params.for_core(left)
    core_params.apply(solver)
    solver.parameters.stop_after_first_solution = True
    status = core_params.solve(solver, cm.model)
    core: list[int] = []
    if status == cp_model.INFEASIBLE:
        core = list(solver.sufficient_assumptions_for_infeasibility())
    return status, core


def infeasible_unmet(problem: Problem, core: list[int]) -> list[UnmetAssignment]:
    """Nothing is scheduled: every request is unmet with reason ``infeasible``."""
    out = []
    in_core = set(core)
    for r, req in enumerate(problem.requests):
        missing = req.n_sessions if isinstance(req, CSessionRequest) else req.headcount
        if missing <= 0:
            continue
        text = say("in_core" if r in in_core else "outside_core")
        out.append(UnmetAssignment(r, missing, "infeasible", text.en, text.others()))
    return out
