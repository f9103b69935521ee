"""First-come-first-served baseline: what a planner does with a spreadsheet.

Requests are served one after the other — required first, then by priority
(descending), then in submission order (position in the scenario); a request whose
``after`` predecessors have not been served yet pulls them forward, so that a
successor is never booked before what it must follow. Each request gets the
earliest feasible times (how: :mod:`solver.greedy_placement`).

This module holds the service order, the whole run (:func:`solve_greedy`) and what a
schedule still lacks; nothing placed is ever moved, so the result is a valid (possibly
partial) schedule.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import networkx as nx

from scheduler.problem import CInternship, CSessionRequest, Problem, Solution
from solver.greedy_placement import place_internship, place_sessions
from solver.occupancy import Occupancy

log = logging.getLogger(__name__)


def request_order(
    problem: Problem,
    within: Callable[[int], Any] | None = None,
    among: Iterable[int] | None = None,
    groups: list[int] | None = None,
) -> list[int]:
    """Service order: required, priority descending, submission order; predecessors first.

    Requests on one ``after`` cycle are pulled forward together, in rank order.

    ``within`` (request index -> sort key) replaces submission order inside a priority
    (:mod:`solver.construct` tries other orders for the optimizer's first schedule);
    ``among`` orders only those requests (predecessors outside it are already booked);
    ``groups`` is :func:`cycle_groups` of the problem when the caller keeps it (ruin and
    recreate orders a neighbourhood many times a second).
    """
    reqs = problem.requests
    tie = within if within is not None else (lambda i: i)
    pool = range(len(reqs)) if among is None else among
    ranked = sorted(pool, key=lambda i: (not reqs[i].required, -reqs[i].priority, tie(i), i))
    inside = None if among is None else set(ranked)
    group = groups if groups is not None else cycle_groups(problem)
    members: dict[int, list[int]] = {}
    for i in ranked:
        members.setdefault(group[i], []).append(i)
    order: list[int] = []
    seen: set[int] = set()

    def preds(g: int) -> Iterator[int]:
        """Groups holding the predecessors of ``g``'s members that are still to order."""
        for m in members[g]:
            for p in reqs[m].after:
                if group[p] != g and group[p] not in seen and (inside is None or p in inside):
                    yield group[p]

    def visit(g: int) -> None:
        """Depth-first from group ``g`` (iterative: long ``after`` chains would exceed the recursion
        limit); a group's members are appended after its predecessors' groups.
        """
        stack = [(g, preds(g))]
        seen.add(g)
        while stack:
            node, todo = stack[-1]
            nxt = next((q for q in todo if q not in seen), None)
            if nxt is None:
                stack.pop()
                order.extend(members[node])
            else:
                seen.add(nxt)
                stack.append((nxt, preds(nxt)))

    for i in ranked:
        if group[i] not in seen:
            visit(group[i])
    return order


def cycle_groups(problem: Problem) -> list[int]:
    """Request index -> its strongly connected component of the ``after`` graph.

    A cycle (validation warns; one of its requests stays empty) is ordered as one unit:
    its members in rank order, so a required one is booked before the others block it.
    """
    g = nx.DiGraph()
    g.add_nodes_from(range(len(problem.requests)))
    g.add_edges_from((p, r.index) for r in problem.requests for p in r.after if p != r.index)
    group = [0] * len(problem.requests)
    for k, comp in enumerate(nx.strongly_connected_components(g)):
        for i in comp:
            group[i] = k
    return group


def solve_greedy(problem: Problem, *, explain: bool = True, unproven: str = "unproven") -> Solution:
    """Serve every request first-come-first-served; see the module docstring for the rules.

    ``status`` is ``feasible``, or ``unknown`` when a required request could not be met in
    full: greedy cannot tell a scenario that has no schedule from one it booked badly
    (the partial schedule is still valid). With ``explain`` the ``unmet`` entries carry
    reason codes (:mod:`solver.explain`), a required request's led by the sentence
    ``unproven`` of :mod:`solver.words` (the CP-SAT fallback says why it is greedy's).
    """
    from solver.scoring import objective_of, trivial_bound

    began = time.perf_counter()
    solution = serve(problem, request_order(problem))
    missing = missing_counts(problem, solution)
    short = [r for r in problem.requests if r.required and missing[r.index]]
    if short:
        # booking in order proves nothing about the scenario: CP-SAT may still meet them
        # all, so the answer is ``unknown`` (``infeasible`` says the requirements cannot
        # hold together), and each short request's entry says so
        solution.status = "unknown"
    if explain:
        from solver.explain.explainer import explain_unmet
        from solver.words import prefixed, say

        required = {r.index for r in short}
        solution.unmet = [
            prefixed(u, say(unproven)) if u.request in required else u
            for u in explain_unmet(problem, solution)
        ]
    value, terms = objective_of(problem, solution)
    solution.objective = float(value)
    solution.bound = float(trivial_bound(problem))
    solution.solve_seconds = time.perf_counter() - began
    solution.metrics["terms"] = terms
    solution.metrics["greedy_objective"] = value
    log.info("greedy: objective %d in %.2fs", value, solution.solve_seconds)
    return solution


def serve(problem: Problem, order: Iterable[int]) -> Solution:
    """Place the requests one after the other in ``order`` (see the module docstring)."""
    occ = Occupancy(problem)
    book(occ, order)
    solution = solution_of(occ)
    solution.solver = "greedy"
    return solution


def solution_of(occ: Occupancy) -> Solution:
    """The bookings of ``occ`` as a feasible :class:`Solution`, in request order."""
    return Solution(
        status="feasible",
        sessions=sorted(occ.solution_sessions(), key=lambda s: (s.request, s.index)),
        placements=sorted(occ.solution_placements(), key=lambda p: (p.request, p.resource)),
    )


def book(occ: Occupancy, order: Iterable[int]) -> None:
    """Book each request of ``order`` in turn, as far as it fits, into ``occ``."""
    for i in order:
        req = occ.problem.requests[i]
        if isinstance(req, CSessionRequest):
            place_sessions(occ, req)
        else:
            place_internship(occ, req)


def missing_of(problem: Problem, solution: Solution, request: int) -> int:
    """Sessions (or people, for an internship) of ``request`` that ``solution`` lacks."""
    return missing_counts(problem, solution, (request,))[request]


def missing_counts(
    problem: Problem, solution: Solution, requests: Iterable[int] | None = None
) -> dict[int, int]:
    """:func:`missing_of` for many requests (default: all) in one pass over ``solution``."""
    have = Counter(s.request for s in solution.sessions)
    placed = {p.request for p in solution.placements}
    out = {}
    for i in range(len(problem.requests)) if requests is None else requests:
        req = problem.requests[i]
        if isinstance(req, CInternship):
            out[i] = 0 if i in placed else req.headcount
        else:
            out[i] = max(0, req.n_sessions - have[i])
    return out


def meets_required(problem: Problem, solution: Solution) -> bool:
    """Every required request is met in full (a schedule that is not is no answer)."""
    missing = missing_counts(problem, solution, [r.index for r in problem.requests if r.required])
    return not any(missing.values())
