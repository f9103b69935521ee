"""A hard deadline around the CP-SAT solve: never late, never worse than greedy.

CP-SAT's own ``max_time_in_seconds`` covers the search only. Building a very large
model in Python, warm-starting it and reading the answer back are outside it and
cannot be interrupted in a thread. So the solve runs in a forked child process: the
parent forwards its progress, passes ``stop`` on, and when no answer has come
``grace_seconds(time_limit)`` after the time limit it ends the child and returns the
greedy baseline, saying so in the metrics. Without ``fork`` (not Linux), and inside a
daemonic process (which may not have children), the solve runs in-process, unguarded.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from scheduler.problem import Problem, Solution
from solver.options import Progress, SolveOptions

log = logging.getLogger(__name__)

#: How often the parent looks at the child's pipe and the caller's stop flag (seconds).
POLL_SECONDS = 0.1


def grace_seconds(time_limit: float) -> float:
    """Time allowed beyond the limit for model building and answer extraction."""
    return max(15.0, 0.5 * time_limit)


def solve_cpsat_guarded(
    problem: Problem,
    options: SolveOptions,
    progress: Callable[[Progress], None] | None = None,
    stop: Any = None,
    *,
    solve: Callable[..., Solution] | None = None,
    grace: float | None = None,
) -> Solution:
    """``solve_cpsat`` with a hard deadline; greedy's schedule if CP-SAT gives none in time.

    ``solve`` replaces ``solver.cpsat.solve_cpsat`` and ``grace`` the default
    :func:`grace_seconds` (tests use them to simulate a hang quickly).
    """
    if solve is None:
        from solver.cpsat import solve_cpsat

        solve = solve_cpsat
    if "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        # a daemonic process (the API's job workers) may not have children; there the
        # job runner's own time limit bounds the solve
        return solve(problem, options, progress, stop)

    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child_stop = ctx.Event()
    child = ctx.Process(
        target=_child, args=(sender, solve, problem, options, child_stop), daemon=True
    )
    began = time.monotonic()
    child.start()
    sender.close()
    extra = grace_seconds(options.time_limit) if grace is None else grace
    deadline = began + options.time_limit + extra
    try:
        outcome = _follow(receiver, child, child_stop, progress, stop, deadline)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
    if isinstance(outcome, Solution):
        return outcome
    return _greedy_instead(problem, outcome, time.monotonic() - began)


def _child(
    sender: Connection,
    solve: Callable[..., Solution],
    problem: Problem,
    options: SolveOptions,
    stop: Any,
) -> None:
    try:
        solution = solve(problem, options, lambda p: sender.send(("progress", p)), stop)
        sender.send(("done", solution))
    except BaseException as exc:  # reported to the parent, which falls back to greedy
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _follow(
    receiver: Connection,
    child: Any,
    child_stop: Any,
    progress: Callable[[Progress], None] | None,
    stop: Any,
    deadline: float,
) -> Solution | str:
    """The child's solution, or why there is none."""
    while True:
        if stop is not None and stop.is_set():
            child_stop.set()
        if time.monotonic() > deadline:
            return "CP-SAT gave no answer before the deadline"
        if receiver.poll(POLL_SECONDS):
            try:
                kind, payload = receiver.recv()
            except EOFError:
                return f"the CP-SAT process ended without an answer (exit code {child.exitcode})"
            if kind == "progress" and progress is not None:
                progress(payload)
            elif kind == "done":
                return payload
            elif kind == "error":
                return f"CP-SAT failed: {payload}"
        elif not child.is_alive() and not receiver.poll(0):
            return f"the CP-SAT process ended without an answer (exit code {child.exitcode})"


def _greedy_instead(problem: Problem, why: str, elapsed: float) -> Solution:
    from solver.greedy import solve_greedy

    log.warning("%s; returning the greedy baseline", why)
    solution = solve_greedy(problem, unproven="unproven_fallback")
    solution.solver = "greedy (CP-SAT fallback)"
    solution.solve_seconds = elapsed + solution.solve_seconds
    solution.metrics["cpsat_fallback"] = why
    solution.metrics["greedy_objective"] = solution.objective
    return solution
