"""Complete a warm start that misses required sessions before optimising.

Greedy may leave sessions of required requests unplaced (ITC-2007's comp02-07 leave
12-16 lectures). Such a hint is infeasible once the required requests are forced, and
CP-SAT then searches from nothing: comp02's first solution came after 40-78 s. Here a
clone of the model without the forcing, whose only goal is the number of required
sessions (and placements) held, starts from the hint; CP-SAT's neighbourhood search
repairs it in seconds. Its answer becomes the hint of the real solve, and an optimum
below the total proves the required requests cannot all hold.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.cpsat.extract import Values
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Repair:
    """Outcome of :func:`settle_required`.

    ``values`` is a full assignment of the model's variables (``None`` if none was
    found); ``met`` says whether it holds every required session; ``proven`` that no
    assignment can (the repair model was solved to optimality below the total).
    """

    values: list[int] | None
    met: bool
    proven: bool
    held: int
    total: int
    seconds: float


def required_counts(cm: CpSatModel) -> list[tuple[cp_model.LinearExprT, int]]:
    """(sessions or placement held, how many must be) per required request."""
    v = cm.vars
    out: list[tuple[cp_model.LinearExprT, int]] = []
    for r in v.required:
        if r in v.sessions:
            n = cm.problem.requests[r].n_sessions  # type: ignore[union-attr]
            out.append((v.count(r), n))
        else:
            out.append((v.internships[r].placed, 1))
    return out


def holds_required(cm: CpSatModel, values: list[int]) -> bool:
    """Whether a full assignment holds every required session and placement."""
    look = Values(values)
    return all(look(expr) == need for expr, need in required_counts(cm))


def settle_required(
    cm: CpSatModel, start: list[int] | None, params: CpSatParams, seconds: float
) -> Repair:
    """Maximise the required sessions held, from ``start``, for at most ``seconds``.

    The clone keeps every constraint of ``cm`` (its required literals only imply
    presence, so leaving them free relaxes exactly the forcing) and replaces the
    objective; the search stops as soon as every required session is held.
    """
    t0 = time.perf_counter()
    counts = required_counts(cm)
    total = sum(need for _, need in counts)
    clone = cm.model.clone()
    clone.clear_hints()
    clone.clear_assumptions()
    clone.clear_objective()
    clone.maximize(sum(expr for expr, _ in counts))
    if start is not None:
        clone.proto.solution_hint.vars.extend(range(len(start)))
        clone.proto.solution_hint.values.extend(start)
    solver = cp_model.CpSolver()
    limited = params.with_time(seconds)
    limited.apply(solver)
    if params.log:
        solver.log_callback = log.info
    status = limited.solve(solver, clone)
    seconds_used = time.perf_counter() - t0
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        proven = status == cp_model.INFEASIBLE  # the other constraints alone
        return Repair(None, False, proven, 0, total, seconds_used)
    values = list(solver.response_proto.solution)
    look = Values(values)
    held = sum(look(expr) for expr, _ in counts)
    met = held == total
    proven = status == cp_model.OPTIMAL and not met
    log.info(
        "required repair: %d of %d required sessions held in %.2fs (%s)",
        held,
        total,
        seconds_used,
        solver.status_name(status),
    )
    return Repair(values, met, proven, held, total, seconds_used)
