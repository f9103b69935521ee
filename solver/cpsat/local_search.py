"""The local searches between a whole model's proof and polishing phases: simulated
annealing where its kernel applies, else ruin and recreate; and their schedule handed
to polishing as a hint."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scheduler.problem import Problem, Solution
from solver import anneal
from solver.clock import MOVES_PER_UNIT
from solver.cpsat import hints
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import RunResult, decisions_of, solution_of, wall_start
from solver.cpsat.params import CpSatParams
from solver.cpsat.reporting import make_progress, value_reporter

if TYPE_CHECKING:
    from solver.recreate import RecreateStats

log = logging.getLogger(__name__)

#: Share of the time left after the proof phase that simulated annealing
#: (:mod:`solver.anneal`) gets, where it applies, before CP-SAT polishes its schedule.
#: ITC-2007 at 300 s with 0.7: polishing the annealed schedule for the last 75 s gained
#: 0-5 UD2 points per instance (comp07 none), annealing ~300 (comp07 323 -> 23).
ANNEAL_SHARE = 0.9


#: Below this many seconds for it, no annealing (compiling the kernel alone may take
#: seconds on a machine without its cache).
ANNEAL_MIN_SECONDS = 5.0


#: Share of the time left after the proof phase that ruin and recreate
#: (:mod:`solver.recreate`) gets in a whole model annealing does not apply to, before
#: CP-SAT polishes its schedule. S/1 and S/4 at 60 s, one worker: polishing alone never
#: got past the best construction (1,477,180 and 1,473,840); the large terms' search
#: (ruin and recreate, then CP-SAT neighbourhoods) reached 1,566,700 and 1,640,035.
RECREATE_SHARE = 0.9


#: Below this many seconds for it, no ruin and recreate.
RECREATE_MIN_SECONDS = 2.0


#: Ruin and recreate hands over to CP-SAT earlier after this many steps in a row
#: without an improvement (about 10 s on M since the occupancy updates were compiled).
#: M/1 at 120 s, one worker, seeds 1-4: 23,369,205 / 23,322,205 / 23,312,375 /
#: 23,146,765 with 3,000; 23,367,845 / 23,136,215 / 23,298,725 / 23,122,870 with 500,
#: where seed 2 handed over at 59 s and CP-SAT's steps gained 330 in the next 60 s.
RECREATE_PATIENCE = 3000


@dataclass(slots=True)
class LocalSearch:
    """What a local search between the phases gave: its report, and its schedule
    (``None`` when it gained nothing on the proof phase's) with that schedule's
    objective."""

    kind: str  # "anneal" or "recreate"
    report: dict[str, float]
    solution: Solution | None = None
    after: float = 0.0
    #: (``time.perf_counter()``, objective) at each gain, for the solve's trace
    trace: Sequence[tuple[float, float]] = ()


def anneals_after(params: CpSatParams, t0: float, proof_end: float) -> bool:
    """Whether the time a proof phase ending at ``proof_end`` leaves gives annealing its
    least share (:func:`run_anneal` decides again then)."""
    return ANNEAL_SHARE * (params.time_limit - (proof_end - t0)) >= ANNEAL_MIN_SECONDS


def compiled_in_time(warming: threading.Thread, params: CpSatParams, t0: float) -> bool:
    """Wait for :func:`solver.anneal.warm_up` while annealing would still get its least
    share; False when it is still compiling then (a cold numba cache takes about 12 s:
    a short solve goes on without annealing rather than past its limit). On a work
    clock it is waited for whatever it takes: whether annealing runs must not depend on
    the machine."""
    if params.clock.by_work:
        warming.join()
        return True
    left = params.time_limit - (params.now() - t0)
    warming.join(timeout=max(0.0, ANNEAL_SHARE * left - ANNEAL_MIN_SECONDS))
    if warming.is_alive():
        log.info("annealing skipped: its kernels are still compiling")
        return False
    return True


def run_anneal(
    cm: CpSatModel,
    first: RunResult,
    params: CpSatParams,
    *,
    t0: float,
    stop: Any,
    start: Solution | None = None,
) -> LocalSearch | None:
    """Anneal the proof phase's best schedule (without one, ``start``: a schedule
    meeting every required request, see :func:`usable_start`), in a whole model (no fixed
    bookings, nothing to stay close to) whose rules the kernel checks
    (:func:`solver.anneal.applies`)."""
    from solver.scoring import objective_of

    if not cm.whole:
        return None
    if first.values is not None:
        start = solution_of(cm, first.values)
    if start is None:
        return None
    left = params.time_limit - (params.now() - t0)
    seconds = ANNEAL_SHARE * left
    if seconds < ANNEAL_MIN_SECONDS:
        return None
    tick = time.perf_counter()
    # one chain per worker (the cores CP-SAT had; no more than the machine has), the best
    # answers: comp02 + 06 + 07 from CP-SAT's 20 s schedules, 30 s, four seeds: 166.8
    # with one chain, 161.5 with two (run-to-run spread +-10 %; the second core sat idle)
    chains = max(1, min(params.workers, os.cpu_count() or 1))
    # on a work clock a fixed number of moves per chain, counted once they are made
    moves = None
    if params.clock.by_work:  # the moves decide, the wall time left only caps them
        moves, units, seconds = int(seconds * MOVES_PER_UNIT), seconds, params.clock.wall_left()
    done = anneal.improve(
        cm.problem, start, seconds, seed=params.seed, stop=stop, chains=chains, moves=moves
    )
    if moves is not None:
        params.clock.spend(units)
    if done is None:
        report: dict[str, float] = {"seconds": round(time.perf_counter() - tick, 3), "gained": 0}
        if first.values is None:  # polishing starts from ``start`` as it is
            return LocalSearch("anneal", report, start, float(objective_of(cm.problem, start)[0]))
        return LocalSearch("anneal", report)
    report = {
        "seconds": round(done.seconds, 3),
        "moves": done.moves,
        "accepted": done.accepted,
        "objective_before": done.before,
        "objective_after": done.after,
        "gained": done.after - done.before,
    }
    return LocalSearch("anneal", report, done.solution, float(done.after), done.trace)


def run_recreate(
    cm: CpSatModel,
    first: RunResult,
    params: CpSatParams,
    *,
    t0: float,
    progress: Callable[[Any], None] | None,
    stop: Any,
    start: Solution | None = None,
    resource_order: Mapping[int, Sequence[int]] | None = None,
) -> LocalSearch | None:
    """Ruin and recreate (:mod:`solver.recreate`, one chain per core) from the better of
    the proof phase's best schedule (if it found one) and ``start`` (a schedule meeting
    every required request, see :func:`usable_start`), in a whole model the annealing
    kernel does not cover: what large terms search with, and far ahead of CP-SAT's
    polishing alone on hundreds of sessions (:data:`RECREATE_SHARE`). Ends early when
    it stalls."""
    from solver.scoring import objective_of

    if not cm.whole or (first.values is None and start is None):
        return None
    left = params.time_limit - (params.now() - t0)
    seconds = RECREATE_SHARE * left
    if seconds < RECREATE_MIN_SECONDS:
        return None
    tick = time.perf_counter()
    begin, before = start, float("-inf")
    if first.values is not None:
        begin = solution_of(cm, first.values)
        before = float(objective_of(cm.problem, begin)[0])
    if start is not None:
        start_value = float(objective_of(cm.problem, start)[0])
        if start_value > before:
            begin, before = start, start_value
    assert begin is not None
    best, value, stats = recreate_search(
        cm.problem,
        begin,
        params,
        deadline=params.now() + seconds,
        progress=value_reporter(progress, first.bound, wall_start(params, t0)),
        stop=stop,
        hint=resource_order,
    )
    summary = {
        "seconds": round(time.perf_counter() - tick, 3),
        "steps": stats.steps,
        "improvements": stats.improvements,
        "objective_before": before,
        "objective_after": value,
        "gained": value - before,
    }
    if value <= before and first.values is not None:
        return LocalSearch("recreate", summary)
    # without a proof-phase schedule, polishing starts from this one even when it gained
    # nothing
    return LocalSearch("recreate", summary, best, float(value), stats.trace)


def usable_start(cm: CpSatModel, start: Solution | None) -> Solution | None:
    """``start`` when a local search may begin there: it meets every required request.
    A construction short of one is no start: the searches keep what is required only
    as far as their start holds it."""
    from solver.greedy import meets_required

    return start if start is not None and meets_required(cm.problem, start) else None


def recreate_search(
    problem: Problem,
    start: Solution,
    params: CpSatParams,
    *,
    deadline: float,
    progress: Callable[[float], None] | None,
    stop: Any,
    hint: Mapping[int, Sequence[int]] | None,
    score: Callable[[Solution], float] | None = None,
    teachers: Mapping[tuple[int, int, int], int] | None = None,
) -> tuple[Solution, float, RecreateStats]:
    """Ruin and recreate as the CP-SAT solves run it, until ``deadline`` (a reading of
    ``params.now``) or :data:`RECREATE_PATIENCE` steps without a gain: one chain per
    core, scored step by step; one on a work clock (forked rounds follow the wall
    clock). With ``score`` (a re-solve's moves, read off the whole schedule) one chain;
    ``teachers`` the published instructors to keep (:func:`solver.cpsat.moves.teachers_of`)."""
    from solver.parallel_recreate import improve_parallel

    workers = 1 if params.clock.by_work else min(params.workers, os.cpu_count() or 1)
    return improve_parallel(
        problem,
        start,
        deadline=deadline,
        workers=workers,
        seed=params.seed,
        progress=progress,
        stop=stop,
        patience=RECREATE_PATIENCE,
        now=params.now,
        hint=hint,
        score=score,
        teachers=teachers,
    )


def hand_over(
    cm: CpSatModel,
    first: RunResult,
    local: LocalSearch,
    params: CpSatParams,
    t0: float,
    progress: Callable[[Any], None] | None,
) -> dict[int, int] | list[int] | None:
    """The local search's schedule into ``first``'s trace and the progress display, and
    as a hint for polishing (completed by CP-SAT when it can be; else its decisions)."""
    if local.solution is None:
        return None
    began = wall_start(params, t0)
    elapsed = time.perf_counter() - began
    bound = first.bound if first.bound is not None else local.after
    # the search's gains as it made them (an analyst's plot would jump at the end)
    last = max((obj for _, obj, _ in first.trace), default=float("-inf"))
    for when, value in local.trace:
        if last < value < local.after:
            first.trace.append((round(when - began, 3), float(value), max(bound, value)))
            last = value
    first.trace.append((round(elapsed, 3), local.after, bound))
    if progress is not None:
        progress(make_progress(local.after, bound, elapsed))
    decisions = decisions_of(cm, local.solution)
    left = params.time_limit - (params.now() - t0)
    full = hints.complete(cm.model, decisions, params.with_time(min(10.0, 0.2 * left)))
    if full is None:
        # not the user's concern: the decisions hint as well, CP-SAT completes them itself
        log.info("the %s schedule did not complete as a hint; hinting its decisions", local.kind)
        return decisions
    return full


def polished_value(cm: CpSatModel, res: RunResult) -> float:
    """The objective of ``res``'s schedule as the checker counts it (CP-SAT's own value
    can fall short: penalty counters are only bounded from below); -inf without one."""
    from solver.scoring import objective_of

    if res.values is None:
        return float("-inf")
    return float(objective_of(cm.problem, solution_of(cm, res.values))[0])
