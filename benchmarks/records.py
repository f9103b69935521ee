"""The record of one benchmark run: shared by the runner, the suite, the tables and the plots."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunRecord:
    """One (scenario, solver) run. Times in seconds, memory in MiB."""

    suite: str
    scenario: str
    solver: str
    tier: str | None
    seed: int
    time_limit: float
    workers: int
    work_limit: float | None = None  # a reproducible run's budget (solver.clock)
    status: str = "error"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    fulfilled_share: float | None = None
    worst_share: float | None = None
    unmet_by_reason: dict[str, int] = field(default_factory=dict)
    wall_seconds: float | None = None
    first_solution_seconds: float | None = None
    peak_rss_mib: float | None = None
    trace: list[list[float | None]] = field(default_factory=list)  # [t, objective, bound]
    returned: str | None = None  # whose schedule CP-SAT returned ("greedy": none better)
    #: a work-limited run the time limit cut short: not reproducible (solver.clock)
    wall_cut: bool | None = None
    checker_ok: bool | None = None
    violations: int | None = None
    ratio_vs_greedy: float | None = None
    error: str | None = None
    # ITC-2007 only
    ud2_cost: int | None = None
    hard_violations: int | None = None
    ud2_terms: dict[str, int] | None = None
    best_known: float | None = None
    winner_average: float | None = None
    solution_file: str | None = None
