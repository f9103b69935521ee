"""One CP-SAT call on a built model, and the proof-then-polish phases of a whole model.

:func:`run_model` forces the required requests and warm-starts (:func:`prepare`), then
searches once (:func:`search`); :func:`run_phases` gives the default portfolio a first
share of the time to prove optimality, a local search (annealing or ruin and recreate)
most of the rest, and the end to neighbourhood and local search from the best schedule
(:meth:`~solver.cpsat.params.CpSatParams.polishing`). Used by
:mod:`solver.cpsat.solve` for whole models, by :mod:`solver.cpsat.decompose` for parts
and by :mod:`solver.cpsat.lns` for neighbourhoods.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from scheduler.problem import Problem, Solution
from solver import anneal
from solver.clock import MOVES_PER_UNIT
from solver.cpsat import hints
from solver.cpsat.extract import Values, sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.cpsat.repair import Repair, holds_required, settle_required
from solver.options import Progress, gap_of

if TYPE_CHECKING:
    from solver.recreate import RecreateStats

log = logging.getLogger(__name__)

#: Least time the default portfolio gets to prove optimality before polishing
#: (:func:`run_phases`), when the time left allows (see SHORT_PROOF_SHARE).
PROOF_SECONDS = 10.0
#: Share of the time left that the proof phase gets, when more than PROOF_SECONDS.
#: ITC-2007 at 90 s (comp02 / 06 / 07): 169 / 260 / 481 with a tenth, 178 / 258 / 567
#: with a quarter; S/1 at 60 s 1,537,900 vs 1,528,940.
PROOF_SHARE = 0.1
#: Share of the time left that the proof phase gets when that is less than
#: PROOF_SECONDS (time left under ~33 s). Until then a solve under ~21 s was one
#: portfolio phase: S-sized terms at 10 s ended at greedy's schedule or barely above it
#: while ruin and recreate in the second phase gains 5-10 % there (see below).
SHORT_PROOF_SHARE = 0.3
#: Least time left after the proof phase for a second one; else one phase.
REST_MIN_SECONDS = 3.0
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


def make_progress(objective: float, bound: float | None, elapsed: float) -> Progress:
    """One progress report (objective, bound, gap, elapsed) for the callback."""
    return Progress(objective=objective, bound=bound, gap=gap_of(objective, bound), elapsed=elapsed)


def value_reporter(
    progress: Callable[[Any], None] | None, bound: float | None, wall0: float
) -> Callable[[float], None]:
    """For searches that report objective values only: each value as a progress report
    with ``bound`` (none where it is unknown or below the value: it is then not this
    objective's bound, and the value in its place read as proven optimal in the bench's
    plots; an analyst's audit) and the seconds since ``wall0`` (``time.perf_counter()``)."""

    def report(value: float) -> None:
        """Report ``value`` with the bound only where it is not below it."""
        if progress is not None:
            shown = bound if bound is not None and bound >= value else None
            progress(make_progress(value, shown, time.perf_counter() - wall0))

    return report


@dataclass(slots=True)
class RunResult:
    """What one CP-SAT run of a :class:`CpSatModel` gave."""

    status: cp_model.CpSolverStatus
    values: Values | None
    objective: float | None
    bound: float | None
    wall: float
    first_solution: float | None
    trace: list[tuple[float, float, float]] = field(default_factory=list)
    repair: Repair | None = None
    #: what simulated annealing between the phases did (:func:`_anneal`), if it ran
    anneal: dict[str, float] | None = None
    #: what ruin and recreate between the phases did (:func:`_recreate`), if it ran
    recreate: dict[str, float] | None = None
    #: the annealed or recreated schedule, when polishing ended below it (a hint it
    #: could not take in the time left): the answer instead of ``values``, with
    #: ``objective``
    local_best: Solution | None = None


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Records the objective over time, reports progress, obeys ``stop``."""

    def __init__(
        self,
        t0: float,
        progress: Callable[[Any], None] | None,
        stop: Any,
        shift: float,
    ) -> None:
        super().__init__()
        self.t0 = t0
        self.progress = progress
        self.stop = stop
        self.shift = shift
        self.trace: list[tuple[float, float, float]] = []

    def on_solution_callback(self) -> None:
        """At each solution CP-SAT finds: record (seconds, objective, bound) moved by ``shift``,
        report it, and stop the search once ``stop`` is set.
        """
        elapsed = time.perf_counter() - self.t0
        obj = self.objective_value + self.shift
        bound = self.best_objective_bound + self.shift
        self.trace.append((round(elapsed, 3), obj, bound))
        if self.progress is not None:
            try:
                self.progress(make_progress(obj, bound, elapsed))
            except Exception:  # a broken listener must not end the solve
                log.exception("progress callback failed")
        if self.stop is not None and self.stop.is_set():
            self.stop_search()


def run_model(
    cm: CpSatModel,
    params: CpSatParams,
    *,
    t0: float,
    hint: Solution | None = None,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    shift: float = 0.0,
) -> RunResult:
    """Solve ``cm`` once with its required requests forced (:func:`prepare`, then
    :func:`search`); a repair proven short of the required total is infeasible."""
    fixed = prepare(cm, hint, params, t0)
    if fixed is not None and fixed.proven:
        return _proven_short(fixed)
    return search(cm, params, t0=t0, progress=progress, stop=stop, shift=shift, repair=fixed)


def prepare(cm: CpSatModel, hint: Solution | None, params: CpSatParams, t0: float) -> Repair | None:
    """Force the required requests and, given a ``hint``, warm-start from it.

    The required literals are fixed true by constraints here, not passed as assumptions:
    CP-SAT solves with assumptions on a single thread only. They become assumptions in
    :func:`solver.cpsat.conflicts.find_core`, when the answer is infeasible.
    A hint that misses required sessions is first repaired by
    :func:`solver.cpsat.repair.settle_required` (up to half the time left), whose
    answer becomes the hint. Returns the repair, if one ran.
    """
    cm.model.clear_assumptions()
    if hint is not None:
        return _warm_start(cm, hint, params, t0)
    if cm.assumptions:
        cm.model.add_bool_and(cm.assumptions)
    return None


def search(
    cm: CpSatModel,
    params: CpSatParams,
    *,
    t0: float,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    shift: float = 0.0,
    repair: Repair | None = None,
) -> RunResult:
    """One CP-SAT call on the prepared model until ``params.time_limit`` after ``t0``
    (readings of ``params.clock``, like every ``t0`` here).

    ``shift`` is added to objective values in progress reports and the trace (the
    contribution of parts solved elsewhere).
    """
    solver = cp_model.CpSolver()
    left = params.time_limit - (params.now() - t0)
    limited = params.with_time(max(0.1, left))
    limited.apply(solver)
    if params.log:
        solver.log_callback = log.info
    tracker = _Tracker(wall_start(params, t0), progress, stop, shift)
    done = threading.Event()
    watcher = None
    if stop is not None:
        watcher = threading.Thread(target=_watch, args=(stop, done, solver), daemon=True)
        watcher.start()
    try:
        status = limited.solve(solver, cm.model, tracker)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    values = None
    objective = bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = Values.of(solver.response_proto)
        objective = solver.objective_value
        bound = solver.best_objective_bound
    # without a solution (UNKNOWN) CP-SAT may report a "bound" of 0: not a bound
    return RunResult(
        status=status,
        values=values,
        objective=objective,
        bound=bound,
        wall=solver.wall_time,
        first_solution=tracker.trace[0][0] if tracker.trace else None,
        trace=tracker.trace,
        repair=repair,
    )


def proof_phase_end(params: CpSatParams, t0: float, short: bool = True) -> float | None:
    """When the proof phase started now ends (seconds of the limit after ``t0``): a
    :data:`PROOF_SHARE` of the time left, at least :data:`PROOF_SECONDS` or, in short
    solves, :data:`SHORT_PROOF_SHARE` of it; ``None`` when the time left is too short
    for a second phase (:data:`REST_MIN_SECONDS`) after it.

    ``short=False`` where the second phase could not use its time unless the proof
    phase found a schedule (no start to search from: neither ``local_start`` nor the
    warm start's repair meets every required request): a solve under ~21 s is
    then one phase, for a failed proof phase costs a second presolve (ITC-2007 comp07
    at 20 s, every lecture required and greedy's start short of four: UD2 3,222 and
    3,616 split, 1,177 and 1,680 in one phase)."""
    elapsed = params.now() - t0
    left = params.time_limit - elapsed
    floor = min(PROOF_SECONDS, SHORT_PROOF_SHARE * left) if short else PROOF_SECONDS
    rest_min = REST_MIN_SECONDS if short else PROOF_SECONDS
    proof = max(PROOF_SHARE * left, floor)
    return None if left - proof < rest_min else elapsed + proof


def run_phases(
    cm: CpSatModel,
    params: CpSatParams,
    *,
    t0: float,
    hint: Solution | None,
    progress: Callable[[Any], None] | None = None,
    stop: Any = None,
    local_start: Solution | None = None,
    resource_order: Mapping[int, Sequence[int]] | None = None,
) -> RunResult:
    """:func:`prepare` once, then a proof phase, then a polishing phase from its best.

    Between the two, where the model is whole, a local search (annealing where its
    kernel applies, else ruin and recreate from the better of the proof phase's best and
    ``local_start``, led by ``resource_order``) hands polishing a better hint.

    The default portfolio gets :data:`PROOF_SHARE` of the time left after the warm
    start (at least :data:`PROOF_SECONDS`, in short solves :data:`SHORT_PROOF_SHARE`):
    small terms are solved to optimality there. The rest goes to neighbourhood and
    local search (:meth:`CpSatParams.polishing`) from the proof phase's best schedule;
    the bound is the lower of the two phases'. A proof phase without any schedule (a
    presolve longer than the phase: seconds on terms of a few hundred sessions with
    splits and travel) leaves the local search to start from ``local_start`` (or the
    warm start's repaired schedule) alone; without that either, the default portfolio,
    which needs no incumbent (the improving subsolvers do), takes the rest of the time.
    """
    fixed = prepare(cm, hint, params, t0)
    if fixed is not None and fixed.proven:
        return _proven_short(fixed)
    start = _usable(cm, local_start)
    if start is None and fixed is not None and fixed.met and fixed.values is not None:
        # the warm start's repair holds every required request: the local search's start
        start = _solution_of(cm, Values(fixed.values))
    # a short proof phase pays only where the second phase has a start either way
    proof_end = proof_phase_end(params, t0, short=start is not None)
    if proof_end is None:
        return search(cm, params, t0=t0, progress=progress, stop=stop, repair=fixed)
    annealing = anneal.applies(cm.problem)
    warming = None
    if annealing and cm.whole and _anneals_after(params, t0, proof_end):
        # its kernels compile while the proof phase runs
        warming = anneal.warm_up(cm.problem, start or hint or Solution(status="feasible"))
    first = search(
        cm, params.with_time(proof_end), t0=t0, progress=progress, stop=stop, repair=fixed
    )
    if (stop is not None and stop.is_set()) or first.status in (
        cp_model.OPTIMAL,
        cp_model.INFEASIBLE,
    ):
        return first
    if annealing:
        local = None
        if warming is None or _compiled_in_time(warming, params, t0):
            local = _anneal(cm, first, params, t0=t0, stop=stop, start=start)
    else:
        local = _recreate(
            cm, first, params, t0=t0, progress=progress, stop=stop, start=start,
            resource_order=resource_order,
        )  # fmt: skip
    warm = None if local is None else _hand_over(cm, first, local, params, t0, progress)
    if warm is None:
        if first.values is None:
            # nothing to polish from: the default portfolio needs no incumbent
            rest = search(cm, params, t0=t0, progress=progress, stop=stop, repair=fixed)
            return _joined(first, rest, rest)
        warm = first.values.x.tolist()
    hints.set_hint(cm.model, warm)
    second = search(cm, params.polishing(), t0=t0, progress=progress, stop=stop, repair=fixed)
    better = second.values is not None and (second.objective or 0) >= (first.objective or 0)
    joined = _joined(first, second, second if better else first)
    if local is not None:
        if local.kind == "anneal":
            joined.anneal = local.report
        else:
            joined.recreate = local.report
        polished = _polished_value(cm, joined)
        if local.solution is not None and polished < local.after:
            joined.local_best = local.solution
            joined.objective = float(local.after)
            joined.status = cp_model.FEASIBLE
        elif joined.objective is not None and polished > joined.objective:
            # CP-SAT's own value fell short of its schedule's (a loaded machine: the
            # polishing found nothing and the proof phase's counters were left loose)
            joined.objective = polished
    return joined


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


def _anneals_after(params: CpSatParams, t0: float, proof_end: float) -> bool:
    """Whether the time a proof phase ending at ``proof_end`` leaves gives annealing its
    least share (:func:`_anneal` decides again then)."""
    return ANNEAL_SHARE * (params.time_limit - (proof_end - t0)) >= ANNEAL_MIN_SECONDS


def _compiled_in_time(warming: threading.Thread, params: CpSatParams, t0: float) -> bool:
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


def _anneal(
    cm: CpSatModel,
    first: RunResult,
    params: CpSatParams,
    *,
    t0: float,
    stop: Any,
    start: Solution | None = None,
) -> LocalSearch | None:
    """Anneal the proof phase's best schedule (without one, ``start``: a schedule
    meeting every required request, see :func:`_usable`), in a whole model (no fixed
    bookings, nothing to stay close to) whose rules the kernel checks
    (:func:`solver.anneal.applies`)."""
    from solver.scoring import objective_of

    if not cm.whole:
        return None
    if first.values is not None:
        start = _solution_of(cm, first.values)
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


def _recreate(
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
    every required request, see :func:`_usable`), in a whole model the annealing
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
        begin = _solution_of(cm, first.values)
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


def _usable(cm: CpSatModel, start: Solution | None) -> Solution | None:
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


def _hand_over(
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
    decisions = _decisions(cm, local.solution)
    left = params.time_limit - (params.now() - t0)
    full = hints.complete(cm.model, decisions, params.with_time(min(10.0, 0.2 * left)))
    if full is None:
        # not the user's concern: the decisions hint as well, CP-SAT completes them itself
        log.info("the %s schedule did not complete as a hint; hinting its decisions", local.kind)
        return decisions
    return full


def wall_start(params: CpSatParams, t0: float) -> float:
    """Where reported seconds count from: ``t0`` itself on a wall clock, else the
    solve's start."""
    return params.clock.wall0 if params.clock.by_work else t0


def _proven_short(repair: Repair) -> RunResult:
    """The run of a model whose required sessions were proven not to fit together."""
    return RunResult(cp_model.INFEASIBLE, None, None, None, repair.seconds, None, repair=repair)


def _joined(first: RunResult, second: RunResult, chosen: RunResult) -> RunResult:
    """Two consecutive searches as one result: ``chosen``'s schedule, the lower bound."""
    bounds = [b for b in (first.bound, second.bound) if b is not None]
    status = chosen.status
    if chosen.values is not None and status != cp_model.OPTIMAL:
        status = cp_model.FEASIBLE
    return RunResult(
        status=status,
        values=chosen.values,
        objective=chosen.objective,
        bound=min(bounds) if bounds else None,
        wall=first.wall + second.wall,
        first_solution=(
            first.first_solution if first.first_solution is not None else second.first_solution
        ),
        trace=first.trace + second.trace,
        repair=first.repair,
    )


def _warm_start(cm: CpSatModel, hint: Solution, params: CpSatParams, t0: float) -> Repair | None:
    """Force the required requests and hint the model with ``hint``, completed.

    The hint is completed before the forcing, so that one missing required sessions
    still completes; such a hint is repaired first (:mod:`solver.cpsat.repair`, up to
    half the time left) and the repair's answer is completed in the forced model.
    Returns the repair, if one ran (``proven``: the model is infeasible, nothing hinted).
    """
    model = cm.model
    budget = params.with_time(min(10.0, 0.2 * params.time_limit))
    decisions = _decisions(cm, hint)
    full = hints.complete(model, decisions, budget)
    fixed: Repair | None = None
    if cm.assumptions and (full is None or not holds_required(cm, full)):
        left = params.time_limit - (params.now() - t0)
        fixed = settle_required(cm, full, params, max(0.1, 0.5 * left))
        if fixed.proven:
            return fixed
        if fixed.values is not None:
            decisions = _decisions(cm, _solution_of(cm, Values(fixed.values)))
    if cm.assumptions:
        model.add_bool_and(cm.assumptions)
    if fixed is not None:
        full = hints.complete(model, decisions, budget)
    elif full is not None:
        for lit in cm.assumptions:  # left free by the completion, forced in the solve
            full[lit.index] = 1
    hints.set_hint(model, full if full is not None else decisions)
    return fixed


def _polished_value(cm: CpSatModel, res: RunResult) -> float:
    """The objective of ``res``'s schedule as the checker counts it (CP-SAT's own value
    can fall short: penalty counters are only bounded from below); -inf without one."""
    from solver.scoring import objective_of

    if res.values is None:
        return float("-inf")
    return float(objective_of(cm.problem, _solution_of(cm, res.values))[0])


def _solution_of(cm: CpSatModel, values: Values) -> Solution:
    """The schedule a solution vector of ``cm`` holds, as a hint for another run."""
    return Solution("feasible", *sessions_and_placements(cm.vars, values))


def _decisions(cm: CpSatModel, solution: Solution) -> dict[int, int]:
    decisions = hints.decision_values(cm.vars, solution)
    decisions.update(hints.token_values(cm.ctx, solution))
    return decisions


def _watch(stop: Any, done: threading.Event, solver: cp_model.CpSolver) -> None:
    while not done.is_set():
        if stop.is_set():
            solver.stop_search()
            return
        done.wait(0.05)
