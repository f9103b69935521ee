"""A job's end and progress as the runner writes them to the database, and the words of
an end: refused writes are kept and written again, a lost lock or a stop says why.

Only the runner's thread writes job progress (:mod:`api.jobs.runner`), so there is a
single writer per job; at start, jobs a previous server left running are marked
``interrupted`` (:func:`mark_interrupted`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from api.db import session_scope
from api.db.models import Job, utcnow
from api.diff import moved_items

#: the runner's own logger: these records keep the name logs are filtered by
log = logging.getLogger("api.jobs.runner")

TERMINAL = frozenset({"done", "failed", "cancelled", "interrupted"})
INTERRUPTED = "the server stopped during the solve; POST .../rerun to run it again"
INTERRUPTED_KEPT = (
    "the server stopped during the solve; the best schedule found by then is kept; "
    "POST .../rerun to run it again"
)
#: What takes the runner lock away, by database: PostgreSQL's advisory lock goes with
#: its session, SQLite's with its lock file (:mod:`api.db.runner_lock`).
LOCK_LOST_WHY = {
    "postgresql": "PostgreSQL restarted or failed over",
    "sqlite": "its lock file was removed or replaced",
}


def lock_lost_error(backend: str, *, kept: bool) -> str:
    """A job's ``error`` when its runner stopped it for a lost lock on a ``backend``
    database (a SQLAlchemy backend name). Clients match the sentence's start, the same
    on every database; its Chinese is :mod:`api.job_errors`'."""
    why = LOCK_LOST_WHY.get(backend, LOCK_LOST_WHY["postgresql"])
    return (
        f"the server lost its hold on the database's job runner lock during the solve ({why}), "
        "so it stopped its jobs rather than run them beside another server; "
        + ("the best schedule found by then is kept; " if kept else "")
        + "POST .../rerun to run it again"
    )


def first_line(error: BaseException) -> str:
    """The database's own words for an error, in one line (SQLAlchemy's add the
    statement and a link, lines long)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


class JobEnds:
    """The database writes of a job's progress and end, refused ones kept and tried
    again (:class:`~api.jobs.runner.JobRunner` runs them; this is its part that writes).

    The runner's state these methods read and write; :class:`JobRunner` sets it.
    """

    _sessions: sessionmaker[Session]
    _backend: str
    _stopping: threading.Event
    #: the ends of jobs (their writes) the database refused, tried again in the loop
    _unwritten: dict[int, Callable[[], None]]
    #: each job's latest progress the database refused, tried again in the loop
    _progress_kept: dict[int, dict[str, Any]]
    _progress_refused: bool

    def _write_progress_kept(self) -> None:
        """Write each job's latest progress; what the database refuses is kept for the
        loop's next try (only the latest counts).

        A refused progress write raised out of the loop: a traceback in the log for
        every message while the database was down (four a second per job), and no
        time limit or lock check while messages kept coming. The outage is said once, in
        a line, and its end once.
        """
        for job_id, data in list(self._progress_kept.items()):
            try:
                with session_scope(self._sessions) as s:
                    s.execute(
                        update(Job)
                        .where(Job.id == job_id, Job.status == "running")
                        .values(
                            **{k: data.get(k) for k in ("objective", "bound", "gap", "elapsed")}
                        )
                    )
            except SQLAlchemyError as e:
                if not self._progress_refused:
                    self._progress_refused = True
                    log.warning(
                        "cannot write job progress (the jobs run on; their latest progress "
                        "is written once the database answers): %s",
                        first_line(e),
                    )
                return
            if self._progress_kept.get(job_id) is data:
                del self._progress_kept[job_id]
            if self._progress_refused:
                self._progress_refused = False
                log.warning("writing job progress again")

    def _end(self, job_id: int, write: Callable[[], None]) -> None:
        """Write a job's end; kept to write again when the database refuses it.

        The runner forgets a job once it ended: a refused write (PostgreSQL restarting,
        a SQLite lock held past the busy timeout) lost its schedule, and the job stayed
        ``running`` with no process until the next start.
        """
        try:
            write()
        except SQLAlchemyError as e:
            if job_id not in self._unwritten:
                log.warning(
                    "cannot write the end of job %s yet (tried again): %s", job_id, first_line(e)
                )
            self._unwritten[job_id] = write
        else:
            self._unwritten.pop(job_id, None)

    def _write_ends(self) -> None:
        """Try again the ends the database refused."""
        for job_id, write in list(self._unwritten.items()):
            self._end(job_id, write)

    def _finish_done(
        self,
        job_id: int,
        schedule: dict[str, Any],
        *,
        lock_lost: bool = False,
        cancelled: bool = False,
    ) -> None:
        """Store a finished job's schedule, figures and status (:meth:`_end`), as it
        ended now: written again later (at the shutdown, say), it still ended so, and a
        cancel sent meanwhile does not make it ``cancelled``. ``cancelled``: a cancel
        reached this runner before the end (one sent to another server is read here)."""
        stopping = self._stopping.is_set()
        cancelled = cancelled or self._cancel_requested(job_id)
        self._end(
            job_id,
            lambda: self._write_done(
                job_id, schedule, lock_lost=lock_lost, stopping=stopping, cancelled=cancelled
            ),
        )

    def _cancel_requested(self, job_id: int) -> bool:
        """Whether the job's cancel is written now; False when the database refuses (a
        cancel could not be written then either)."""
        try:
            with session_scope(self._sessions) as s:
                return bool(s.scalar(select(Job.cancel_requested).where(Job.id == job_id)))
        except SQLAlchemyError:
            return False

    def _write_done(
        self,
        job_id: int,
        schedule: dict[str, Any],
        *,
        lock_lost: bool,
        stopping: bool,
        cancelled: bool,
    ) -> None:
        """Store a finished job's schedule, figures and status.

        Only what changes is written, and only the few small columns deciding it are
        read: loading the job whole read its scenario (megabytes on a large term) just to
        save the schedule. The reference is read only when the job has one (a re-solve's
        ``moved`` needs it); otherwise it is JSON ``null`` and costs nothing.
        """
        with session_scope(self._sessions) as s:
            row = s.execute(
                select(Job.status, Job.objective, Job.bound, Job.gap, Job.elapsed).where(
                    Job.id == job_id
                )
            ).first()
            if row is None or row.status in TERMINAL:
                return
            status, error = ("cancelled" if cancelled else "done"), None
            proven = schedule.get("status") in ("optimal", "infeasible")
            if lock_lost and not cancelled and not proven:
                # asked to stop as the runner lock went: the best schedule so far
                status, error = "interrupted", lock_lost_error(self._backend, kept=True)
            elif stopping and not cancelled and not proven:
                # asked to stop by the shutdown: the best schedule so far, not the solve's end
                status, error = "interrupted", INTERRUPTED_KEPT
            values: dict[str, Any] = {
                "status": status,
                "schedule": schedule,
                "objective": schedule.get("objective", row.objective),
                "bound": schedule.get("bound", row.bound),
                "gap": schedule.get("gap", row.gap),
                "elapsed": schedule.get("solve_seconds", row.elapsed),
                "finished_at": utcnow(),
            }
            if error is not None:
                values["error"] = error
            reference = s.scalar(select(Job.reference).where(Job.id == job_id))
            if reference is not None:
                values["moved"] = moved_items(reference, schedule)
            s.execute(
                update(Job).where(Job.id == job_id, Job.status.not_in(TERMINAL)).values(**values)
            )
        log.info("job %s finished", job_id)

    def _finish(self, job_id: int, status: str, error: str) -> None:
        """Store a job's end without a schedule (:meth:`_end`)."""
        self._end(job_id, lambda: self._write_end(job_id, status, error))

    def _write_end(self, job_id: int, status: str, error: str) -> None:
        with session_scope(self._sessions) as s:
            s.execute(
                update(Job)
                .where(Job.id == job_id, Job.status.not_in(TERMINAL))
                .values(status=status, error=error, finished_at=utcnow())
            )
        log.info("job %s %s: %s", job_id, status, error)


def mark_interrupted(session_factory: sessionmaker[Session]) -> int:
    """At start: jobs left ``running`` by a previous server process are ``interrupted``."""
    with session_scope(session_factory) as s:
        n = s.execute(
            update(Job)
            .where(Job.status == "running")
            .values(
                status="interrupted",
                error=INTERRUPTED,
                finished_at=dt.datetime.now(dt.UTC),
            )
        ).rowcount  # type: ignore[attr-defined]
    if n:
        log.warning("marked %d job(s) interrupted by the previous shutdown", n)
    return n
