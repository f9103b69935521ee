"""A job's process starts with the solvers imported (:mod:`api.jobs.runner`'s forkserver
preload): each job imported CP-SAT (OR-Tools, pandas, numba) itself, about a second
before it began to solve, on every job."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable

from tests.api.child_modules import report_loaded
from tests.api.conftest import Api

#: What a solve, a re-solve, a greedy solve and an explanation import when they run.
SOLVER_MODULES = ("solver.cpsat", "scheduler.solving.resolve", "solver.greedy", "solver.explain")


def test_a_jobs_process_starts_with_every_solver_imported(
    make_api: Callable[..., Api], sqlite_url: str
) -> None:
    make_api(sqlite_url, run_jobs=True)  # its runner names the forkserver's preload
    ctx = mp.get_context("forkserver")  # the runner's: one forkserver per process
    answer = ctx.Queue()
    child = ctx.Process(target=report_loaded, args=(SOLVER_MODULES, answer))
    child.start()
    try:
        assert answer.get(timeout=60) == list(SOLVER_MODULES)
    finally:
        child.join(timeout=10)
        answer.close()
