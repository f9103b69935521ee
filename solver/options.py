"""Typed solver parameters and progress reports.

Every solve has a time limit; the CLI, the API and the benchmarks build a
:class:`SolveOptions` and the pipeline hands it to the chosen solver unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SolverName = Literal["cpsat", "greedy"]
SOLVERS: tuple[str, ...] = ("cpsat", "greedy")

#: Upper bounds that catch typos (a time limit in milliseconds, 1000 workers).
MAX_TIME_LIMIT = 24 * 3600.0
MAX_WORKERS = 64
MAX_WORK_LIMIT = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class SolveOptions:
    """How to solve: which solver, how long, how many threads, which seed, log or not,
    and (for a reproducible run) how much work.

    Raises ``ValueError`` naming the field when a value is out of range, so that a bad
    command-line flag or API parameter is reported before any work starts.
    """

    solver: SolverName = "cpsat"
    time_limit: float = 60.0
    seed: int = 0
    workers: int = 2
    log: bool = False
    #: Budget in work units instead of wall seconds (:mod:`solver.clock`): with one
    #: worker, the same scenario, seed and work limit give the same schedule. The time
    #: limit still ends the solve.
    work_limit: float | None = None

    def __post_init__(self) -> None:
        if self.solver not in SOLVERS:
            raise ValueError(f"solver: '{self.solver}' is not one of {', '.join(SOLVERS)}")
        _check_budget("time_limit", self.time_limit, "seconds", MAX_TIME_LIMIT)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(f"seed: {self.seed!r} is not an integer")
        if not (0 <= self.seed < 2**31):
            raise ValueError(f"seed: {self.seed} is out of range [0, 2^31)")
        if isinstance(self.workers, bool) or not isinstance(self.workers, int):
            raise ValueError(f"workers: {self.workers!r} is not an integer")
        if not (1 <= self.workers <= MAX_WORKERS):
            raise ValueError(f"workers: {self.workers} is out of range [1, {MAX_WORKERS}]")
        if not isinstance(self.log, bool):
            raise ValueError(f"log: {self.log!r} is not true or false")
        if self.work_limit is not None:
            _check_budget("work_limit", self.work_limit, "work units", MAX_WORK_LIMIT)


def _check_budget(name: str, value: object, unit: str, most: float) -> None:
    """A positive number of ``unit`` up to ``most``, else a ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: {value!r} is not a number of {unit}")
    if value != value:  # NaN: in no range ("nan seconds is out of range" said it was one)
        raise ValueError(f"{name}: must be a number (got nan)")
    if not (0 < value <= most):
        raise ValueError(f"{name}: {value} {unit} is out of range (0, {most:.0f}]")


@dataclass(frozen=True, slots=True)
class Progress:
    """A solver's report while it runs: best objective so far, proven bound, gap, seconds.

    ``objective`` is None until a first solution exists; ``gap`` is
    ``(bound - objective) / max(|bound|, 1)`` when both are known.
    """

    objective: float | None
    bound: float | None
    gap: float | None
    elapsed: float

    @staticmethod
    def gap_of(objective: float | None, bound: float | None) -> float | None:
        """``(bound - objective) / max(|bound|, 1)``, never negative; None unless both are known."""
        return gap_of(objective, bound)


def gap_of(objective: float | None, bound: float | None) -> float | None:
    """Relative gap ``(bound - objective) / max(|bound|, 1)``, never negative; None unless both are
    known: the one definition every report, trace and status uses.
    """
    if objective is None or bound is None:
        return None
    return max(0.0, bound - objective) / max(abs(bound), 1.0)
