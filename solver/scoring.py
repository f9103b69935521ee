"""The objective of docs/objective.md, computed on the compiled problem.

Solvers report this value so that it can be compared across solvers (greedy vs
CP-SAT) without building documents; the independent checker
(:mod:`scheduler.evaluate`) recomputes the same number from the schedule document
and the tests assert both agree.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.objective_terms import TERM_WEIGHTS, travel_cost_minutes
from scheduler.problem import CInternship, CSessionRequest, Problem, SessionAssignment, Solution


def fulfilled_by_institution(problem: Problem, solution: Solution) -> np.ndarray:
    """int (n_institutions,): priority-weighted units each institution received."""
    out = np.zeros(len(problem.institutions), dtype=np.int64)
    for s in solution.sessions:
        req = problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        for i in req.institutions:
            out[i] += req.units_per_session
    for r in _placed_internships(problem, solution):
        for i in r.institutions:
            out[i] += r.units
    return out


def shares(problem: Problem, solution: Solution) -> dict[str, float]:
    """Fulfilled share per institution id (1.0 when it demands nothing)."""
    demanded = problem.demand_units()
    fulfilled = fulfilled_by_institution(problem, solution)
    return {
        inst: (float(fulfilled[i]) / float(demanded[i]) if demanded[i] else 1.0)
        for i, inst in enumerate(problem.institutions)
    }


def trivial_bound(problem: Problem) -> int:
    """Every demanded unit fulfilled, every institution fully served, no penalty."""
    w = problem.weights
    units = sum(
        r.units_per_session * r.n_sessions if isinstance(r, CSessionRequest) else r.units
        for r in problem.requests
    )
    return int(w["demand"]) * units + int(w["fairness"]) * 1000


def objective_of(problem: Problem, solution: Solution) -> tuple[int, dict[str, int]]:
    """The maximised score and its terms (unweighted), exactly as docs/objective.md defines."""
    terms = compute_terms(problem, solution)
    w = problem.weights
    value = sum(sign * int(w[name]) * terms[t] for t, (name, sign) in TERM_WEIGHTS.items())
    return int(value), terms


def compute_terms(problem: Problem, solution: Solution) -> dict[str, int]:
    """The unweighted terms of docs/objective.md, recomputed from the whole schedule.

    ``fulfilled_units`` is in priority-weighted units, ``worst_share_permille`` in permille,
    ``travel_minutes`` in minutes, ``overflow_person_slots`` in people over capacity per slot
    (interns per week for posts); the others are counts. :class:`solver.delta_score.DeltaScore`
    keeps the same numbers up to date step by step.
    """
    cal = problem.calendar
    spd = cal.slots_per_day
    demanded = problem.demand_units()
    fulfilled = fulfilled_by_institution(problem, solution)

    units = 0
    for s in solution.sessions:
        req = problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        units += req.units_per_session
    units += sum(r.units for r in _placed_internships(problem, solution))

    permille = [
        (1000 * int(fulfilled[i])) // int(demanded[i]) if demanded[i] else 1000
        for i in range(len(problem.institutions))
    ]
    worst = min(permille) if permille else 1000

    prefer = 0
    travel = 0
    used_by_request: dict[int, set[int]] = defaultdict(set)
    days_by_request: dict[int, set[int]] = defaultdict(set)
    people = np.zeros((len(problem.resources), cal.n_slots), dtype=np.int64)
    cohort_slots: dict[int, np.ndarray] = {}
    for s in solution.sessions:
        req = problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        dur = req.duration
        prefer += preference_misses_of(req, s)
        travel += travel_minutes_of(problem, req, s)
        for p in s.parts:
            used_by_request[s.request].add(p.resource)
            people[p.resource, s.start : s.start + dur] += p.headcount
        days_by_request[s.request].add(s.start // spd)
        for c in req.cohorts:
            occ = cohort_slots.setdefault(c, np.zeros(cal.n_slots, dtype=np.int64))
            occ[s.start : s.start + dur] += 1

    extra = sum(max(0, len(used) - 1) for used in used_by_request.values())

    capacity = np.array([r.capacity for r in problem.resources], dtype=np.int64)
    overflow = int(np.maximum(people - capacity[:, None], 0).sum()) if len(capacity) else 0
    interns = np.zeros((len(problem.resources), cal.n_weeks), dtype=np.int64)
    for pl in solution.placements:
        interns[pl.resource, pl.first_week : pl.first_week + pl.weeks] += pl.headcount
    if len(capacity):
        overflow += int(np.maximum(interns - capacity[:, None], 0).sum())

    missing_days = 0
    for r, days in days_by_request.items():
        req = problem.requests[r]
        assert isinstance(req, CSessionRequest)
        missing_days += max(0, req.min_days - len(days))

    isolated = 0
    for s in solution.sessions:
        req = problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        first, last = s.start, s.start + req.duration - 1
        for c in req.cohorts:
            occ = cohort_slots[c]
            before = first % spd != 0 and occ[first - 1] > 0
            after = (last + 1) % spd != 0 and occ[last + 1] > 0
            if not before and not after:
                isolated += 1

    return {
        "fulfilled_units": int(units),
        "worst_share_permille": int(worst),
        "preference_misses": int(prefer),
        "extra_resources": int(extra),
        "travel_minutes": int(travel),
        "overflow_person_slots": int(overflow),
        "missing_days": int(missing_days),
        "isolated_sessions": int(isolated),
    }


def preference_misses_of(req: CSessionRequest, s: SessionAssignment) -> int:
    """Weighted misses of one session: a part outside ``prefer_resources``, a start
    outside the preferred windows."""
    misses = 0
    if req.prefer_resources is not None and any(
        p.resource not in req.prefer_resources for p in s.parts
    ):
        misses += req.prefer_weight
    if req.prefer_starts is not None and not req.prefer_starts[s.start]:
        misses += req.prefer_weight
    return misses


def travel_minutes_of(problem: Problem, req: CSessionRequest, s: SessionAssignment) -> int:
    """Minutes from each cohort's home site to each part's site, unreachable capped."""
    total = 0
    for p in s.parts:
        site = problem.resources[p.resource].site
        for c in req.cohorts:
            total += travel_cost_minutes(float(problem.travel[problem.cohorts[c].home_site, site]))
    return total


def _placed_internships(problem: Problem, solution: Solution) -> list[CInternship]:
    placed = dict.fromkeys(p.request for p in solution.placements)
    out = []
    for r in placed:
        req = problem.requests[r]
        assert isinstance(req, CInternship)
        out.append(req)
    return out
