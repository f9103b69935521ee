"""A job running in a worker process, as :class:`~api.jobs.runner.JobRunner` follows it,
and the words for one killed because it ignored its stop."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RunningJob:
    """A job's worker process as the runner follows it: its stop event, its time limit,
    how it ended and its latest progress."""

    process: Any
    stop: Any
    started: float
    time_limit: float
    finished: bool = False
    exited_at: float | None = None
    stop_sent: bool = False
    #: when the runner lost its lock and asked this job to stop (monotonic seconds)
    lock_lost_at: float | None = None
    #: a cancel reached this runner before the job ended
    cancelled: bool = False
    last_progress: dict[str, Any] = field(default_factory=dict)


def killed_message(r: RunningJob, ran: float) -> str:
    """Why a job failed after it ignored its stop, with what it had reported by then."""
    last = r.last_progress
    if last.get("objective") is not None:
        seen = (
            f"its last report, at {last.get('elapsed') or 0:.0f} s, had a schedule of "
            f"objective {last['objective']:.0f}, which is lost"
        )
    else:
        seen = "it had reported no schedule (it may still have been building its model)"
    return (
        f"the solver ran {ran:.0f} s against a time limit of {r.time_limit:.0f} s and did "
        f"not stop when asked, so it was killed; {seen}. POST .../rerun to run it again, "
        "with a lower time_limit if this repeats"
    )
