"""The solve's clock: wall seconds, or counted work for a reproducible run.

A search stopped by the wall clock stops at another point on every run: the machine's
load decides how far it got. With a ``work_limit`` (:class:`solver.options.SolveOptions`)
every budget of the solve is counted in *work units* instead, as CP-SAT's
``max_deterministic_time`` counts its own:

- CP-SAT calls: their deterministic time x :data:`UNITS_PER_CPSAT_DETERMINISTIC_TIME`;
- greedy placement and ruin and recreate: the occupancy scans they make
  (:data:`METER`, fed by :mod:`solver.occupancy`);
- simulated annealing: its moves (:data:`MOVES_PER_UNIT`).

One unit is about a second of this search on one core of the 2-core benchmark machine
(see the constants): with ``--work-limit 30 --workers 1`` the generated S, M and L
tiers and ITC-2007 comp05 took 28, 32, 40 and 34 s of wall time (compiling, greedy and
the bound, which are not counted, included). With one worker, the same scenario, seed
and work limit then give the same schedule on any machine, however loaded. The
wall-clock ``time_limit`` still ends the solve: a run it cuts short is not reproducible
and says so (``Solution.metrics["clock"]["wall_cut"]``).

Only decisions read this clock (when a phase ends, how much the next one gets);
reported times (traces, ``solve_seconds``) stay in wall seconds.
"""

from __future__ import annotations

import math
import time
from typing import Any

#: Work units per unit of CP-SAT's deterministic time. With one worker, CP-SAT counts
#: 0.09-0.4 deterministic seconds per wall second on our models (the Dalian example
#: 0.09, the generated S tier 0.18, ITC-2007 comp05 0.23 and comp01 0.41): at 5, a
#: unit of CP-SAT search takes 0.5-2 wall seconds.
UNITS_PER_CPSAT_DETERMINISTIC_TIME = 5.0
#: Work units per start-mask scan of the occupancy, and per (resource, instructor,
#: cohort) row it reads. Fitted on ruin and recreate on the M and L tiers, 20 s each
#: side by side (M: 32,297 scans over 418,630 rows; L: 22,696 over 1,127,360): 5.3e-4 s
#: and 7.1e-6 s.
UNITS_PER_SCAN = 5.3e-4
UNITS_PER_SCAN_ROW = 7.1e-6
#: Annealing moves per work unit. From greedy's schedules the compiled kernel makes
#: 120,000 (ITC-2007 comp05) to 360,000 (comp01) moves a second on one idle core.
MOVES_PER_UNIT = 200_000


class WorkMeter:
    """Work done by the occupancy scans of this process, in work units.

    One counter for the process: a clock reads how much it grew since the clock
    started. Solves that must be reproducible run one at a time in their process (the
    CLI, a benchmark child, an API job process).
    """

    __slots__ = ("units",)

    def __init__(self) -> None:
        self.units = 0.0

    def scan(self, rows: int) -> None:
        """Count one start-mask scan that read ``rows`` occupancy rows, so that a work clock
        advances with the search rather than with the machine's load.
        """
        self.units += UNITS_PER_SCAN + UNITS_PER_SCAN_ROW * rows


METER = WorkMeter()


class Clock:
    """Readings for a solve's decisions: wall seconds, or work units (see the module).

    ``now()`` is a reading in the clock's own unit (``time.perf_counter()`` for a wall
    clock); deadlines are readings too. A work clock reads ``math.inf`` once the wall
    ``time_limit`` has passed, so every deadline is then met at once.
    """

    __slots__ = ("time_limit", "work_limit", "wall0", "meter0", "spent", "wall_cut")

    def __init__(self, time_limit: float, work_limit: float | None = None) -> None:
        self.time_limit = float(time_limit)
        self.work_limit = None if work_limit is None else float(work_limit)
        self.wall0 = time.perf_counter()
        self.meter0 = METER.units
        self.spent = 0.0  # CP-SAT and annealing work, reported after each call
        self.wall_cut = False

    @property
    def by_work(self) -> bool:
        """Whether decisions read work units (a ``work_limit`` is set) instead of wall seconds."""
        return self.work_limit is not None

    @property
    def limit(self) -> float:
        """The solve's budget in the clock's unit."""
        return self.work_limit if self.work_limit is not None else self.time_limit

    @property
    def origin(self) -> float:
        """The reading at the start of the solve."""
        return 0.0 if self.by_work else self.wall0

    def now(self) -> float:
        """The current reading: ``time.perf_counter()`` for a wall clock, work units since the start
        for a work clock.

        A work clock reads ``math.inf`` once the wall ``time_limit`` has passed, and marks the run
        ``wall_cut`` (no longer reproducible).
        """
        if self.work_limit is None:
            return time.perf_counter()
        if self.wall_left() <= 0.0:
            self.wall_cut = True
            return math.inf
        return self._counted()

    def elapsed(self) -> float:
        """Budget used since the start, in the clock's unit (``inf`` once a work clock is cut by the
        wall limit).
        """
        return self.now() - self.origin

    def _counted(self) -> float:
        """Work units since the clock started: reported by the calls, and the meter's."""
        return self.spent + (METER.units - self.meter0)

    def wall_left(self) -> float:
        """Wall seconds left before ``time_limit`` (negative once past); read by work clocks too,
        since the wall limit still ends the solve.
        """
        return self.time_limit - (time.perf_counter() - self.wall0)

    def lp_seconds(self, budget: float) -> float:
        """Wall seconds a linear relaxation (GLOP) may take: ``budget`` on a wall clock.

        GLOP has no counted limit, and a wall limit would make a reproducible run's bound,
        and the search the LP's solution steers, depend on the machine's speed (a
        determinism audit lost the M tier's LP at 1.4 times this machine's time): a work
        clock gives it all the wall time the solve has left, like compiling and greedy.
        """
        return budget if self.work_limit is None else max(0.1, self.wall_left())

    def lp_unsolved(self) -> None:
        """A relaxation given :meth:`lp_seconds` came back unsolved: on a work clock that
        ran into the wall limit, the run is not reproducible and says so."""
        if self.work_limit is not None and self.wall_left() <= 1.0:
            self.wall_cut = True

    def spend(self, units: float) -> None:
        """Count work done outside the meter (CP-SAT, annealing); a wall clock ignores it."""
        self.spent += max(0.0, units)

    def report(self) -> dict[str, Any]:
        """What the schedule's metrics say of the clock."""
        if self.work_limit is None:
            return {"by": "wall", "limit": self.time_limit}
        return {
            "by": "work",
            "limit": self.work_limit,
            "work": round(self._counted(), 3),
            # once past the wall limit, some phase may have been cut: say so
            "wall_cut": self.wall_cut or self.wall_left() <= 0.0,
        }


def wall_clock() -> Clock:
    """A wall clock without a limit of its own: what callers that pass none get."""
    return Clock(math.inf)
