"""The relaxation bounds' share of the time: when they must be done, and the
time-indexed one run so that it never sinks the solve."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scheduler.problem import Problem
from solver.cpsat.params import CpSatParams

if TYPE_CHECKING:
    from solver.cpsat.indexed_bound.relaxation import IndexedRelaxation

log = logging.getLogger(__name__)

#: The relaxation bounds get a fifth of the limit (1-20 s) but at most this share of
#: the time left (and at least a second): greedy and the constructions may have used
#: much of a short limit, and the aggregated relaxation's build alone took 4.6 s on L.
BOUND_SHARE_OF_LEFT = 0.5


#: Least time (clock units) worth starting the second relaxation with.
MIN_BOUND_SECONDS = 0.2


def indexed_relaxation_of(
    problem: Problem,
    params: CpSatParams,
    seconds: float | None = None,
    deadline: float | None = None,
) -> IndexedRelaxation | None:
    """:func:`solver.cpsat.indexed_bound.relaxation.indexed_relaxation` in ``seconds`` (by default a
    fifth of the limit, at most 20 s), with the LP's resource hint; ``None`` when not
    solved in time, on failure, or when its build runs past ``deadline`` (a reading of
    ``params.now``)."""
    from solver.cpsat.indexed_bound.relaxation import indexed_relaxation

    if seconds is None:
        seconds = min(20.0, max(1.0, 0.2 * params.time_limit))
    try:
        return indexed_relaxation(problem, params.with_time(seconds), deadline)
    except Exception:  # a bound must not sink the solve
        log.exception("indexed bound failed")
        return None


def bound_deadline(params: CpSatParams, origin: float) -> float:
    """When the relaxation bounds must be done (a reading of ``params.now``; ``origin`` the
    clock's reading at the solve's start): a fifth of the limit (1-20 s) from now, at most
    :data:`BOUND_SHARE_OF_LEFT` of the time left but at least a second. A build still
    going there is given up; a built LP still gets a second."""
    left = params.time_limit - (params.now() - origin)
    share = min(20.0, max(1.0, 0.2 * params.time_limit))
    return params.now() + min(share, max(1.0, BOUND_SHARE_OF_LEFT * left))
