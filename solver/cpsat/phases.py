"""The proof-then-polish phases of a whole model.

:func:`run_phases` gives the default portfolio a first share of the time to prove
optimality, a local search (annealing or ruin and recreate, :mod:`solver.cpsat.local_search`)
most of the rest, and the end to neighbourhood and local search from the best schedule
(:meth:`~solver.cpsat.params.CpSatParams.polishing`). Each phase is one call of
:func:`solver.cpsat.one_run.search`, after :func:`solver.cpsat.one_run.prepare` (whose
:func:`~solver.cpsat.one_run.run_model` is the single call decompose's parts and the
neighbourhoods of :mod:`solver.cpsat.lns` use). Used by :mod:`solver.cpsat.whole_model`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ortools.sat.python import cp_model

from scheduler.problem import Solution
from solver import anneal
from solver.cpsat import hints
from solver.cpsat.extract import Values
from solver.cpsat.local_search import (
    anneals_after,
    compiled_in_time,
    hand_over,
    polished_value,
    run_anneal,
    run_recreate,
    usable_start,
)
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import RunResult, prepare, proven_short, search, solution_of
from solver.cpsat.params import CpSatParams

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
        return proven_short(fixed)
    start = usable_start(cm, local_start)
    if start is None and fixed is not None and fixed.met and fixed.values is not None:
        # the warm start's repair holds every required request: the local search's start
        start = solution_of(cm, Values(fixed.values))
    # a short proof phase pays only where the second phase has a start either way
    proof_end = proof_phase_end(params, t0, short=start is not None)
    if proof_end is None:
        return search(cm, params, t0=t0, progress=progress, stop=stop, repair=fixed)
    annealing = anneal.applies(cm.problem)
    warming = None
    if annealing and cm.whole and anneals_after(params, t0, proof_end):
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
        if warming is None or compiled_in_time(warming, params, t0):
            local = run_anneal(cm, first, params, t0=t0, stop=stop, start=start)
    else:
        local = run_recreate(
            cm, first, params, t0=t0, progress=progress, stop=stop, start=start,
            resource_order=resource_order,
        )  # fmt: skip
    warm = None if local is None else hand_over(cm, first, local, params, t0, progress)
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
        polished = polished_value(cm, joined)
        if local.solution is not None and polished < local.after:
            joined.local_best = local.solution
            joined.objective = float(local.after)
            joined.status = cp_model.FEASIBLE
        elif joined.objective is not None and polished > joined.objective:
            # CP-SAT's own value fell short of its schedule's (a loaded machine: the
            # polishing found nothing and the proof phase's counters were left loose)
            joined.objective = polished
    return joined


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
