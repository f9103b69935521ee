"""Typed CP-SAT parameters, derived from :class:`solver.options.SolveOptions`.

Every solve carries a time limit: a planner waiting on the API must get an answer, and
CP-SAT without ``max_time_in_seconds`` may search for hours on a large term.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ortools.sat.python import cp_model

from solver.clock import UNITS_PER_CPSAT_DETERMINISTIC_TIME, Clock, wall_clock

#: CP-SAT neighbourhoods left out of polishing. On ITC-2007 comp07 (8,680 optional room
#: intervals) one call of each took 5-10 s of wall time for 0.1 s of deterministic
#: search, a quarter of a 90 s polish, against 0.25-0.5 s for the others.
SLOW_NEIGHBOURHOODS = ("scheduling_intervals_lns", "scheduling_precedences_lns")

#: CP-SAT's complete subsolvers (tree search, LP, core, shaving, probing) and the two
#: LP-driven ones (feasibility pump, RINS/RENS). Polishing runs without them:
#: neighbourhood search and the violation local search (``ls_*``) share the workers.
#: ITC-2007 at 90 s (comp02 / 06 / 07): 147 / 219 / 420 against 169 / 260 / 481 with
#: neighbourhoods alone (``use_lns_only``), comp05 584 against 569; at 300 s the two
#: are within run-to-run variation (sum over comp01-07 1,268 vs 1,250).
COMPLETE_SUBSOLVERS = (
    "core",
    "default_lp",
    "fixed",
    "lb_tree_search",
    "max_lp",
    "max_lp_sym",
    "no_lp",
    "objective_lb_search",
    "objective_lb_search_max_lp",
    "objective_lb_search_no_lp",
    "objective_shaving_max_lp",
    "objective_shaving_no_lp",
    "probing",
    "probing_max_lp",
    "probing_no_lp",
    "pseudo_costs",
    "quick_restart",
    "quick_restart_no_lp",
    "reduced_costs",
    "feasibility_pump",
    "rins/rens",
)

#: Used when the options carry no (or a non-positive) time limit.
DEFAULT_TIME_LIMIT = 60.0


class OptionsLike(Protocol):
    """The fields of ``solver.options.SolveOptions`` this module reads."""

    @property
    def time_limit(self) -> float: ...
    @property
    def seed(self) -> int: ...
    @property
    def workers(self) -> int: ...
    @property
    def log(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class CpSatParams:
    """The handful of CP-SAT parameters trainshare sets, with their reasons.

    Attributes
    ----------
    time_limit
        Budget of one ``solve`` call (always set), in the clock's unit: wall seconds,
        or work units for a reproducible run (:mod:`solver.clock`).
    workers
        Parallel search workers; 1 on a work clock makes a run reproducible for a given
        seed (on a wall clock, only a run that ends before its limit is).
    seed
        ``random_seed``; with ``workers == 1`` the same model gives the same answer.
    log
        Stream CP-SAT's search log to the ``logging`` module.
    presolve
        ``cp_model_presolve``; switched off for infeasibility cores (OR-Tools #5141:
        with presolve the core may name literals that are not assumptions).
    skip
        ``ignore_subsolvers``: CP-SAT subsolvers left out (see :meth:`polishing`).
    probing
        ``cp_model_probing_level``. 0 by default: on models with thousands of optional
        intervals, presolve probing costs seconds of wall time for a few fixed literals
        (a 60-request neighbourhood spent 2.4 of its 3 s there and found nothing).
    clock
        The solve's clock (:mod:`solver.clock`): deadlines are its readings, and a work
        clock limits CP-SAT by deterministic time and is told what each call spent.
    """

    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    seed: int = 0
    log: bool = False
    presolve: bool = True
    probing: int = 0
    skip: tuple[str, ...] = ()
    clock: Clock = field(default_factory=wall_clock, compare=False)

    @classmethod
    def from_options(cls, options: OptionsLike | None) -> CpSatParams:
        """Parameters for a solve starting now (its clock starts here)."""
        if options is None:
            return cls(clock=Clock(DEFAULT_TIME_LIMIT))
        limit = float(getattr(options, "time_limit", DEFAULT_TIME_LIMIT) or DEFAULT_TIME_LIMIT)
        if limit <= 0:
            limit = DEFAULT_TIME_LIMIT
        work = getattr(options, "work_limit", None)
        clock = Clock(limit, None if work is None else float(work))
        return cls(
            time_limit=clock.limit,
            workers=max(1, int(getattr(options, "workers", 2) or 1)),
            seed=int(getattr(options, "seed", 0) or 0),
            log=bool(getattr(options, "log", False)),
            clock=clock,
        )

    def now(self) -> float:
        """The clock's reading: what deadlines are compared with."""
        return self.clock.now()

    def with_time(self, seconds: float) -> CpSatParams:
        """A copy with another time limit (components, cores, hint completion)."""
        return replace(self, time_limit=max(0.05, seconds))

    def polishing(self) -> CpSatParams:
        """A copy whose workers all improve the incumbent: neighbourhoods and local search.

        Once the default portfolio has had its chance to prove optimality, its complete
        search thread only slows the improvement down: on ITC-2007 at 60 s, neighbourhoods
        alone reached UD2 207 / 317 (comp02 / comp06) against 260 / 572. The proof of
        optimality is left to the proof phase (a polishing run's bound stays valid, it
        just rarely moves).
        """
        return replace(self, skip=COMPLETE_SUBSOLVERS + SLOW_NEIGHBOURHOODS)

    def for_core(self, seconds: float) -> CpSatParams:
        """Single worker, no presolve: what assumption cores need to be trustworthy."""
        return CpSatParams(
            time_limit=max(0.05, seconds),
            workers=1,
            seed=self.seed,
            log=self.log,
            presolve=False,
            clock=self.clock,
        )

    def apply(self, solver: cp_model.CpSolver) -> None:
        """Write the parameters into ``solver.parameters``.

        On a work clock the budget becomes deterministic time and the wall time left of
        the whole solve the time limit.
        """
        p: Any = solver.parameters
        if self.clock.by_work:
            p.max_deterministic_time = float(self.time_limit) / UNITS_PER_CPSAT_DETERMINISTIC_TIME
            p.max_time_in_seconds = max(0.05, self.clock.wall_left())
        else:
            p.max_time_in_seconds = float(self.time_limit)
        p.num_workers = int(self.workers)
        p.random_seed = int(self.seed)
        p.cp_model_presolve = bool(self.presolve)
        p.cp_model_probing_level = int(self.probing)
        p.log_search_progress = bool(self.log)
        p.ignore_subsolvers.clear()
        p.ignore_subsolvers.extend(self.skip)
        if self.log:
            p.log_to_stdout = False

    def solve(
        self,
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None = None,
    ) -> cp_model.CpSolverStatus:
        """``solver.solve(model)``, its deterministic time counted on the clock.

        The parameters must have been applied (:meth:`apply`), possibly amended.
        """
        try:
            return solver.solve(model, callback)
        finally:
            det = solver.response_proto.deterministic_time
            self.clock.spend(det * UNITS_PER_CPSAT_DETERMINISTIC_TIME)
