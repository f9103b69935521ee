"""What runs inside a job's child process: one solve, reported through a queue.

The child never touches the database: it sends ``("progress", id, {...})`` while the
solver improves, then exactly one ``("done", id, schedule)`` or ``("failed", id,
message)``. A set ``stop`` event makes the solver return its best schedule so far.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

#: Progress messages per second at most; the database sees one write per message.
PROGRESS_INTERVAL = 0.25


def run_job(job_id: int, payload: dict[str, Any], results: Any, stop: Any) -> None:
    """Entry point of a job process (``multiprocessing`` target)."""
    logging.basicConfig(level=logging.WARNING)
    _exit_with_parent()
    last = 0.0

    def progress(p: Any) -> None:
        """Send a progress message at most every ``PROGRESS_INTERVAL`` s (each is a database write);
        numbers that are not finite go as None.
        """
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL:
            return
        last = now
        results.put(
            (
                "progress",
                job_id,
                {
                    "objective": _num(getattr(p, "objective", None)),
                    "bound": _num(getattr(p, "bound", None)),
                    "gap": _num(getattr(p, "gap", None)),
                    "elapsed": _num(getattr(p, "elapsed", None)),
                },
            )
        )

    try:
        schedule = solve(payload, progress, stop)
    except Exception as exc:  # reported to the job, never raised into the pool
        log.exception("job %s failed", job_id)
        results.put(("failed", job_id, f"{type(exc).__name__}: {exc}"))
        return
    results.put(("done", job_id, schedule))


def solve(payload: dict[str, Any], progress: Any, stop: Any) -> dict[str, Any]:
    """Solve the payload's scenario and return the schedule document as JSON data."""
    from scheduler.io import schedule_to_json
    from scheduler.models import Scenario
    from solver.options import SolveOptions

    scenario = Scenario.model_validate(payload["scenario"])
    options = SolveOptions(**payload["options"])
    if payload.get("reference") is None:
        from scheduler.solving.scenario import solve_scenario

        schedule = solve_scenario(scenario, options, progress=progress, stop=stop)
    else:
        from scheduler.solving.resolve import resolve_with_reference

        schedule = resolve_with_reference(
            scenario,
            options,
            payload["reference"],
            payload.get("move_penalty") or 0,
            progress=progress,
            stop=stop,
            keep_before=(
                dt.date.fromisoformat(payload["keep_before"])
                if payload.get("keep_before")
                else None
            ),
        )
    return json.loads(schedule_to_json(schedule))


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None


def _exit_with_parent() -> None:
    """End this process when the server dies (a killed server must not leave solves
    running: its jobs are marked interrupted at the next start and re-run from there)."""
    parent = os.getppid()

    def watch() -> None:
        """Exit (code 3) once the parent process is gone, checking every half second."""
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
