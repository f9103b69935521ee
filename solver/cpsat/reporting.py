"""Progress of a search as the callers see it: reports of objective, bound, gap and
seconds, and the CP-SAT callback that records and sends them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from solver.options import Progress, gap_of

log = logging.getLogger(__name__)


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


class Tracker(cp_model.CpSolverSolutionCallback):
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
