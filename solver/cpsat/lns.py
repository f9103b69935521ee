"""Large-neighbourhood search around an incumbent schedule, for terms too big to model
whole.

A term of thousands of sessions makes a CP-SAT model of hundreds of thousands of
constraints whose presolve alone outlasts a planner's patience. Here the incumbent
(the start schedule, or ruin and recreate's) is improved piece by piece: a *neighbourhood* of
requests that compete with each other is taken out, everything else stays booked
(:class:`~solver.cpsat.background.Background`), and a small CP-SAT model re-schedules
the neighbourhood, warm-started from where it was. The merged schedule is scored with
:func:`solver.scoring.objective_of` and kept when it is at least as good, so the
incumbent never gets worse.

Neighbourhoods, in turn:

- *unmet*: start from a request the incumbent does not meet in full and grow along
  the cohorts, resources and instructors it shares (the requests it competes with);
- *resource*: the requests that may use one resource, picked at random;
- *random*: a random walk over the same sharing graph from a random request.

Their size (in sessions) adapts: it grows while steps improve the schedule (or are
solved to optimality early) and shrinks when they stall or find nothing in time.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.problem import Problem, Solution
from solver.cpsat.background import Background
from solver.cpsat.constraints.travel import teacher_violations
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import run_model
from solver.cpsat.params import CpSatParams
from solver.sharing import SharingGraph, missing_units

log = logging.getLogger(__name__)

#: First neighbourhood size (sessions), and its bounds.
START_SIZE = 150
MIN_SIZE = 60
MAX_SIZE = 1200
#: Time for one sub-model, at most.
STEP_SECONDS = 8.0


@dataclass(slots=True)
class LnsStats:
    """What a neighbourhood search did, for the solve's metrics: steps tried, improvements, and
    (``perf_counter`` seconds, score) at each improvement.
    """

    iterations: int = 0
    improvements: int = 0
    trace: list[tuple[float, float]] = field(default_factory=list)


def _restrict(solution: Solution, requests: set[int]) -> Solution:
    return Solution(
        status="feasible",
        sessions=[s for s in solution.sessions if s.request in requests],
        placements=[p for p in solution.placements if p.request in requests],
    )


def _merge(solution: Solution, requests: set[int], sub: Solution) -> Solution:
    sessions = [s for s in solution.sessions if s.request not in requests] + sub.sessions
    placements = [p for p in solution.placements if p.request not in requests] + sub.placements
    return Solution(
        status="feasible",
        sessions=sorted(sessions, key=lambda s: (s.request, s.index)),
        placements=sorted(placements, key=lambda p: (p.request, p.resource)),
    )


def _solve_step(
    problem: Problem,
    chosen: list[int],
    bg: Background,
    hint: Solution,
    params: CpSatParams,
    step_end: float,
    stop: Any,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> tuple[Solution, bool, bool] | None:
    """Re-schedule ``chosen`` against ``bg``: (sub-schedule, proven optimal, solved fast).

    Instructor travel between the re-scheduled sessions is added lazily: solve, find the
    (instructor, request, request) triples that break it, add them, solve again. Gives
    ``None`` when no sub-schedule keeping every rule is found in time.
    """
    pairs: set[tuple[int, int, int]] = set()
    began = params.now()
    while True:
        round_start = params.now()
        budget = step_end - round_start
        if budget < 0.3:
            return None
        cm = CpSatModel(
            problem,
            requests=chosen,
            background=bg,
            teacher_pairs=pairs,
            reference=reference,
            move_penalty=move_penalty,
        )
        # building the model counts against the step: run_model subtracts it from budget
        res = run_model(cm, params.with_time(budget), t0=round_start, hint=hint, stop=stop)
        if res.values is None:
            return None
        sessions, placements = sessions_and_placements(cm.vars, res.values)
        broken = teacher_violations(problem, sessions) - pairs
        if not broken:
            fast = params.now() - began < 0.5 * (step_end - began)
            return Solution("feasible", sessions, placements), res.status == cp_model.OPTIMAL, fast
        pairs |= broken
        hint = Solution("feasible", sessions, placements)  # mostly right: repair from here


def meet_required(
    problem: Problem,
    incumbent: Solution,
    params: CpSatParams,
    *,
    deadline: float,
    score: Callable[[Solution], float],
    stop: Any = None,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> tuple[Solution, LnsStats]:
    """Neighbourhoods around the required requests ``incumbent`` leaves short, until every
    one is met or ``deadline``: a schedule that misses one is no answer, whatever it
    scores.

    Ruin and recreate keeps a step only when it scores no worse, and books a request at
    its earliest fit: a required request that must come ``after`` a weekly run of the
    whole term is never booked by it (a spec audit's term: 2,768 steps, none kept). A
    CP-SAT sub-model forces the required requests it holds, so each step that solves
    meets its seed; the neighbourhood grows along shared cohorts, resources, instructors
    and ``after`` links, and grows further when a step finds nothing in time.
    """
    required = {r.index for r in problem.requests if r.required}

    def short_of(solution: Solution) -> list[int]:
        """Required requests ``solution`` leaves short, sorted so that the seeded draw is
        reproducible.
        """
        return sorted(r for r in missing_units(problem, solution) if r in required)

    rnd = random.Random(params.seed)
    graph = SharingGraph(problem)
    best, short = incumbent, short_of(incumbent)
    stats = LnsStats()
    size = START_SIZE
    while short and params.now() < deadline - 0.3 and not (stop is not None and stop.is_set()):
        stats.iterations += 1
        chosen = graph.grow([short[rnd.randrange(len(short))]], size, rnd)
        members = set(chosen)
        sub = _solve_step(
            problem,
            chosen,
            Background.of(problem, best, members),
            _restrict(best, members),
            params,
            min(deadline, params.now() + STEP_SECONDS),
            stop,
            reference,
            move_penalty,
        )
        if sub is None:  # no room for it here: look wider
            size = min(MAX_SIZE, int(size * 1.5) + 1)
            continue
        candidate = _merge(best, members, sub[0])
        still = short_of(candidate)
        if len(still) < len(short):
            best, short = candidate, still
            stats.improvements += 1
            stats.trace.append((time.perf_counter(), score(best)))
    return best, stats


def improve(
    problem: Problem,
    incumbent: Solution,
    params: CpSatParams,
    *,
    deadline: float,
    score: Callable[[Solution], float],
    progress: Callable[[float], None] | None = None,
    stop: Any = None,
    reference: Solution | None = None,
    move_penalty: int = 0,
) -> tuple[Solution, float, LnsStats]:
    """Improve ``incumbent`` until ``deadline`` (a reading of ``params.clock``) or ``stop``.

    Returns the best schedule, its score and statistics. ``progress`` is called with
    each improved score. With a ``reference``, sub-models price moved sessions too (and
    ``score`` should).
    """
    rnd = random.Random(params.seed)
    graph = SharingGraph(problem)
    best, best_score = incumbent, score(incumbent)
    stats = LnsStats()
    size = START_SIZE
    strategies = ("unmet", "resource", "random")
    n_requests = len(problem.requests)
    while params.now() < deadline - 0.3 and not (stop is not None and stop.is_set()):
        strategy = strategies[stats.iterations % len(strategies)]
        stats.iterations += 1
        seeds: list[int]
        if strategy == "unmet":
            missing = missing_units(problem, best)
            if not missing:
                strategy = "random"
            else:
                keys = sorted(missing)
                seeds = [rnd.choices(keys, weights=[missing[k] for k in keys])[0]]
        if strategy == "resource":
            k = rnd.randrange(len(problem.resources))
            seeds = graph.by_entity.get(("r", k), []) or [rnd.randrange(n_requests)]
            seeds = rnd.sample(seeds, min(len(seeds), 3))
        if strategy == "random":
            seeds = [rnd.randrange(n_requests)]
        chosen = graph.grow(seeds, size, rnd)
        members = set(chosen)
        bg = Background.of(problem, best, members)
        step_end = min(deadline, params.now() + STEP_SECONDS)
        if step_end - params.now() < 0.5:
            break
        sub = _solve_step(
            problem,
            chosen,
            bg,
            _restrict(best, members),
            params,
            step_end,
            stop,
            reference,
            move_penalty,
        )
        if sub is None:  # nothing found in time: smaller next time
            size = max(MIN_SIZE, int(size * 0.75))
            continue
        sub_solution, optimal, fast = sub
        candidate = _merge(best, members, sub_solution)
        whole = len(members) == n_requests
        value = score(candidate)
        # grow while steps pay off or finish early, shrink when they stall
        if value > best_score or (optimal and fast):
            size = min(MAX_SIZE, int(size * 1.2) + 1)
        else:
            size = max(MIN_SIZE, int(size * 0.85))
        if value >= best_score:
            if value > best_score:
                stats.improvements += 1
                stats.trace.append((time.perf_counter(), value))
                if progress is not None:
                    progress(value)
            best, best_score = candidate, value
        if whole and optimal:
            break  # the neighbourhood was the whole problem, solved to optimality
        log.debug(
            "lns %d %s: %d requests, %d sessions -> %s (best %s)",
            stats.iterations,
            strategy,
            len(chosen),
            sum(graph.size(r) for r in chosen),
            value,
            best_score,
        )
    return best, best_score, stats
