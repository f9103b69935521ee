"""Simulated annealing over session moves, compiled: polish a schedule between CP-SAT runs.

CP-SAT's own neighbourhoods gain about one point of ITC-2007's UD2 cost per half second
by 300 s; course timetabling's best heuristics (simulated annealing over "move a lecture
to another period and room, swapping with the lecture there") try tens of millions of
moves in that time. A Python move costs ~200 us (the shelved Python annealer of session
6 managed 5,000 proposals/s); compiled with numba (:mod:`solver.anneal.kernel`) the
same move costs well under a microsecond.

It applies where a move is local: every session request ``free``, without ``split``
or precedence, in exclusive resources, and no travel between sites (see
:func:`applies`); then the terms a move changes (isolated sessions, missing days,
extra resources, and the fixed cost of a placement: preference, travel, overflow) are
recomputed on the two days and the requests it touches. The held sessions never change,
so fulfilment and fairness do not either: what the annealer returns is at least as good
as what it was given, by :func:`solver.scoring.objective_of`, or it returns nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from scheduler.problem import CSessionRequest, Problem, Solution
from solver.anneal import kernel
from solver.anneal.arrays import Arrays, build, sessions_of
from solver.scoring import objective_of

log = logging.getLogger(__name__)

#: Share of moves that keep the session's resource (only the start changes): a
#: request's other sessions are usually in that resource already (stability).
SAME_RESOURCE = 0.5

#: Starting temperature as a multiple of the median cost increase of random moves.
#: ITC-2007 comp02 / 05 / 06 / 07, 30 s from CP-SAT's 20 s schedules: 0.5 gave
#: 66 / 443 / 86 / 44, 1.0 72 / 342 / 61 / 48 and 93 / 364 / 70 / 43 (two runs), 2.0
#: 69 / 346 / 92 / 64: half the median leaves the tightest instance stuck.
START_TEMPERATURE = 1.0

#: Final temperature as a fraction of the starting one.
END_RATIO = 0.01

#: Share of moves that trade a Kempe chain between two starts (see the kernel).
#: ITC-2007 comp02 + 06 + 07, 30 s from CP-SAT's 20 s schedules, one chain, seeds
#: 10-40: 161 / 162 / 164 / 168 without, 126 / 123 / 130 / 136 at 0.3 (0.1: 141 / 116;
#: 0.2: 142 / 128 on seeds 30-40; 0.5: 147 / 145 and 0.8: 129 / 132 on seeds 10-20).
KEMPE_SHARE = 0.3

#: Wall time of one compiled batch of moves: how often time and ``stop`` are looked at.
BATCH_SECONDS = 0.1
#: Moves of one compiled batch when the moves, not the wall clock, decide.
COUNTED_BATCH = 50_000


@dataclass(frozen=True, slots=True)
class Annealed:
    """An annealed schedule and what it took."""

    solution: Solution
    before: int  # objective of the schedule given
    after: int  # objective of ``solution``
    moves: int
    accepted: int
    seconds: float
    #: (``time.perf_counter()``, objective) each time the best of the chains improved
    trace: tuple[tuple[float, int], ...] = ()


def applies(problem: Problem) -> bool:
    """Whether every rule a move can break is one the kernel checks (module docstring)."""
    if problem.has_travel:
        return False
    in_precedence = {q for req in problem.requests for q in req.after}
    for r, req in enumerate(problem.requests):
        if not isinstance(req, CSessionRequest):
            if req.after or r in in_precedence:
                return False
            continue
        if req.pattern != "free" or req.split or req.after or r in in_precedence:
            return False
        if any(problem.resources[int(k)].shareable for k in req.resources):
            return False
    return True


def improve(
    problem: Problem,
    solution: Solution,
    seconds: float,
    *,
    seed: int = 0,
    stop: Any = None,
    chains: int = 1,
    moves: int | None = None,
) -> Annealed | None:
    """Anneal ``solution``'s sessions for ``seconds``; ``None`` if nothing was gained
    (or the schedule is not one the kernel can move, see :func:`applies`).

    With ``moves``, each chain makes that many moves and the temperature follows them
    (the same seed then gives the same schedule on any machine); ``seconds`` only caps
    the wall time.

    ``chains`` independent chains (seeds ``seed``, ``seed + 1``, ...) run side by side
    on threads (the kernel releases the GIL) and the best schedule any of them saw is
    the answer: one chain per core the solve was given.
    """
    t0 = time.perf_counter()
    if not solution.sessions or not applies(problem):
        return None
    a, start, cand = build(problem, solution)
    if not kernel.load(a, start, cand):
        log.warning("annealing skipped: the schedule breaks a rule the kernel checks")
        return None
    _compiled(a)
    runs = [a] + [_loaded(problem, solution) for _ in range(max(1, chains) - 1)]
    budget = max(0.0, seconds - (time.perf_counter() - t0))
    if len(runs) == 1:
        chains_done = [_chain(runs[0], seed, budget, stop, moves)]
    else:
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            futures = [
                pool.submit(_chain, arrays, seed + n, budget, stop, moves)
                for n, arrays in enumerate(runs)
            ]
            chains_done = [f.result() for f in futures]
    best = min(chains_done, key=lambda c: c.best_cost)
    moves = sum(c.moves for c in chains_done)
    accepted = sum(c.accepted for c in chains_done)
    before, _ = objective_of(problem, solution)
    out = Solution(
        status=solution.status,
        sessions=sessions_of(problem, a, best.best_start, best.best_cand),
        placements=list(solution.placements),
        solver=solution.solver,
    )
    after, _ = objective_of(problem, out)
    log.info(
        "annealing: %d chain(s), %d moves (%d accepted) in %.1f s, objective %d -> %d",
        len(runs),
        moves,
        accepted,
        time.perf_counter() - t0,
        before,
        after,
    )
    if after <= before:
        return None
    trace = _merged_trace(chains_done, int(before))
    return Annealed(out, before, after, moves, accepted, time.perf_counter() - t0, trace)


def _merged_trace(chains: list[_Chain], before: int) -> tuple[tuple[float, int], ...]:
    """The best objective any chain had reached, at each time one of them improved.

    Moves keep every held session, so fulfilment and fairness stay put and the
    objective moves by exactly minus the kernel's cost (module docstring of
    :mod:`solver.anneal.kernel`)."""
    out: list[tuple[float, int]] = []
    best = min((c.first_cost for c in chains), default=0)
    for when, cost in sorted(p for c in chains for p in c.improved):
        if cost < best:
            best = cost
            out.append((when, before + chains[0].first_cost - cost))
    return tuple(out)


def _loaded(problem: Problem, solution: Solution) -> Arrays:
    """Another copy of the arrays with ``solution`` placed (it loaded once already)."""
    a, start, cand = build(problem, solution)
    kernel.load(a, start, cand)
    return a


@dataclass(slots=True)
class _Chain:
    best_cost: int
    best_start: np.ndarray
    best_cand: np.ndarray
    moves: int
    accepted: int
    first_cost: int  # the kernel's cost of the schedule given
    improved: list[tuple[float, int]]  # (perf_counter, best cost) after each batch that gained


def precompile(scenario_path: str) -> None:
    """Compile the kernels into numba's cache on the arrays of ``scenario_path`` (any
    scenario: nothing is placed). ``make install`` runs it, so that the first solve that
    anneals does not spend about 12 s compiling (at a short limit it would skip
    annealing instead, and a process that ends first never writes the cache)."""
    from scheduler.compile import compile_scenario
    from scheduler.io import load_scenario

    problem = compile_scenario(load_scenario(scenario_path))
    _compiled(build(problem, Solution(status="feasible"))[0])


def warm_up(problem: Problem, solution: Solution) -> threading.Thread:
    """Compile the kernels (or load them from numba's cache) on a thread of their own,
    started before CP-SAT's proof phase, which runs in C++ meanwhile: with a cold cache
    compiling takes about 12 s, which annealing would otherwise spend of its share
    (or, at a short limit, past the limit). Join it before annealing."""

    def run() -> None:
        """Build arrays of ``solution`` (nothing placed) and call every kernel once."""
        try:
            _compiled(build(problem, solution)[0])
        except Exception:  # annealing compiles on its own then
            log.exception("compiling the annealing kernels failed")

    thread = threading.Thread(target=run, name="anneal-compile", daemon=True)
    thread.start()
    return thread


def _compiled(a: Arrays) -> None:
    """Call every kernel a chain calls once, doing nothing, so that compiling them (or
    loading them from numba's cache) happens here, inside the budget: with a cold cache
    it took 12 s, which the chains' clock did not see (ITC-2007 comp01 at a 10 s limit
    ran 21 s and past the hard deadline)."""
    kernel.seed_rng(0)
    cost = int(kernel.total_cost(a))
    kernel.sample_worsening(a, 0, SAME_RESOURCE)
    kernel.anneal(
        a, 0, 1.0, 1.0, cost, cost, a.start.copy(), a.cand.copy(), SAME_RESOURCE, KEMPE_SHARE
    )


def _chain(a: Arrays, seed: int, budget: float, stop: Any, total: int | None = None) -> _Chain:
    """One annealing chain on ``a`` for ``budget`` seconds, in batches of about
    :data:`BATCH_SECONDS` (the temperature follows the wall clock); with ``total``,
    for that many moves in batches of :data:`COUNTED_BATCH` (the temperature follows
    the moves), within ``budget`` seconds all the same."""
    kernel.seed_rng(seed)  # numba's generator is per thread: seeded on the chain's own
    first_cost = int(kernel.total_cost(a))
    worse = kernel.sample_worsening(a, 1000, SAME_RESOURCE)  # keeps what it finds better
    t_from = START_TEMPERATURE * float(np.median(worse)) if len(worse) else 1.0
    t_to = END_RATIO * t_from
    cost = int(kernel.total_cost(a))
    best_cost = cost
    improved = [(time.perf_counter(), cost)] if cost < first_cost else []
    best_start, best_cand = a.start.copy(), a.cand.copy()
    moves = accepted = 0
    rate = 0.0  # moves per second, measured
    batch = 20_000
    begin = time.perf_counter()
    while True:
        elapsed = time.perf_counter() - begin
        if elapsed >= budget or (stop is not None and stop.is_set()):
            break
        if total is not None:
            if moves >= total:
                break
            batch = min(COUNTED_BATCH, total - moves)
            frac_from, frac_to = moves / total, (moves + batch) / total
        else:
            if rate > 0:
                batch = max(1_000, int(rate * BATCH_SECONDS))
            frac_from = elapsed / budget
            frac_to = min(1.0, frac_from + (batch / rate / budget if rate > 0 else 0.01))
        tick = time.perf_counter()
        cost, best_cost, took = kernel.anneal(
            a,
            batch,
            t_from * (t_to / t_from) ** frac_from,
            t_from * (t_to / t_from) ** frac_to,
            cost,
            best_cost,
            best_start,
            best_cand,
            SAME_RESOURCE,
            KEMPE_SHARE,
        )
        if best_cost < (improved[-1][1] if improved else first_cost):
            improved.append((time.perf_counter(), int(best_cost)))
        rate = batch / max(1e-6, time.perf_counter() - tick)
        moves += batch
        accepted += took
    return _Chain(best_cost, best_start, best_cand, moves, accepted, first_cost, improved)


__all__ = ["Annealed", "Arrays", "applies", "improve"]
