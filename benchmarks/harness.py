"""Benchmark harness: greedy and CP-SAT on the same scenarios, in the same run.

Two suites (:mod:`benchmarks.cases`):

- ``tiers``: generated scenarios (:func:`scheduler.generator.generate`, tiers S/M/L,
  fixed seeds). Measures what a planner cares about: objective, bound and gap,
  fulfilled share, the worst-served institution's share, unmet sessions by reason.
- ``itc2007``: the public ITC-2007 track 3 instances under UD2
  (:mod:`benchmarks.itc2007`). Measures the UD2 cost of the answer with our
  calculator, hard violations (must be 0), against the best known cost and the
  competition winner's average, both read from the shared README.

Each solve runs in its own child process (:mod:`benchmarks.runner`); this module runs
the suite over the cases and solvers, adds the ITC costs and the ratios against greedy,
and says where the numbers were measured. The files are written by
:mod:`benchmarks.report`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import runner
from benchmarks.cases import Case
from benchmarks.records import RunRecord

SOLVERS = ("greedy", "cpsat")


def _add_itc(
    record: RunRecord, case: Case, schedule_doc: dict[str, Any] | None, out: Path | None
) -> None:
    """UD2 cost of the answer with our calculator; write the ``.sol`` when ``out`` is given."""
    from benchmarks.itc2007.convert import schedule_to_solution
    from benchmarks.itc2007.cost import format_solution, ud2_cost
    from benchmarks.itc2007.ectt import load_instance
    from scheduler.models import Schedule

    assert case.itc is not None
    record.best_known = case.itc.best_known
    record.winner_average = case.itc.winner_average
    if schedule_doc is None:
        return
    schedule = Schedule.model_validate(schedule_doc)
    assignments = schedule_to_solution(schedule)
    cost = ud2_cost(load_instance(case.itc.instance_path), assignments)
    record.ud2_cost = cost.soft
    record.hard_violations = cost.hard
    record.ud2_terms = {**cost.hard_terms(), **cost.soft_terms()}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{case.name}.{record.solver}.sol"
        path.write_text(format_solution(assignments))
        record.solution_file = str(path)


def run_suite(
    cases: Sequence[Case],
    time_limit: float,
    workers: int,
    solvers: Sequence[str] = SOLVERS,
    show_progress: bool = True,
    solutions_dir: Path | None = None,
    work_limit: float | None = None,
) -> tuple[list[RunRecord], bool]:
    """Every case with every solver (greedy first, as the baseline of the ratios); with
    ``work_limit`` (and one worker) the same objectives on any machine. Returns the
    records and whether a ``KeyboardInterrupt`` (Ctrl-C, or SIGTERM where the CLI maps
    it) cut the suite short: the runs finished by then are kept."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    records: list[RunRecord] = []
    interrupted = False
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
        disable=not show_progress,
        transient=False,
    ) as bar:
        task = bar.add_task("benchmark", total=len(cases) * len(solvers), status="")
        for case in cases:
            baseline: float | None = None
            for solver in solvers:
                bar.update(task, description=f"{case.name} {solver}", status="starting")

                def on_progress(t: float, obj: float | None, bnd: float | None) -> None:
                    bar.update(task, status=f"t={t:.0f}s obj={obj} bound={bnd}")

                try:
                    record, doc = runner.run_one(
                        case, solver, time_limit, workers, on_progress, work_limit
                    )
                except KeyboardInterrupt:  # Ctrl-C or SIGTERM: keep what finished
                    interrupted = True
                    break
                if case.itc is not None:
                    _add_itc(record, case, doc, solutions_dir)
                if solver == "greedy":
                    baseline = record.objective
                if baseline and record.objective is not None:
                    record.ratio_vs_greedy = record.objective / baseline
                records.append(record)
                bar.update(task, advance=1, status=_summary(record))
            if interrupted:
                break
    return records, interrupted


def _summary(r: RunRecord) -> str:
    if r.error:
        return f"error: {r.error}"
    if r.ud2_cost is not None:
        return f"UD2 {r.ud2_cost} (hard {r.hard_violations})"
    return f"obj {r.objective}"


def environment() -> dict[str, Any]:
    """Where the numbers were measured: enough to compare runs across machines."""
    import os
    import platform
    from importlib.metadata import PackageNotFoundError, version

    try:
        ortools_version = version("ortools")
    except PackageNotFoundError:  # pragma: no cover - ortools is a dependency
        ortools_version = "?"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": platform.python_version(),
        "ortools": ortools_version,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
