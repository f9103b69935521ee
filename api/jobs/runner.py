"""The job runner: starts each solve in its own process, never on the event loop.

Jobs wait in the database with status ``queued``; one background thread of the server
starts up to ``settings.workers`` of them as child processes (``forkserver``: children
come from a clean, single-threaded process that has the solver already imported), reads
their progress from a shared queue, writes it to the database, enforces time limits and
notices children that die. Cancelling sets the job's ``multiprocessing.Event``; the
solver then returns its best schedule so far, which the job keeps.

Only this thread writes job progress, so there is a single writer per job. A job's end
the database refuses (restarting, say) is kept and written again every second; so is a
job's latest progress, the job running on meanwhile (the refusal logged once, in a line):
:mod:`api.jobs.job_ends`, whose :class:`~api.jobs.job_ends.JobEnds` the runner extends.

It runs jobs only while its server holds the database's runner lock
(:mod:`api.db.runner_lock`). PostgreSQL lets the lock go with its session (a restart, a
failover): the loop asks every ``LOCK_CHECK_SECONDS``, and without the lock it asks its
running jobs to stop (kept ``interrupted`` with their best schedule, and a message
saying why), starts no queued one, and takes the lock again when it is free; if
another server took it, that one runs the jobs.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from api.db import runner_lock, session_scope
from api.db.models import Job, utcnow
from api.db.runner_lock import RunnerLock
from api.jobs.job_ends import INTERRUPTED, LOCK_LOST_WHY, JobEnds, first_line, lock_lost_error
from api.jobs.running_job import RunningJob, killed_message
from api.settings import Settings

log = logging.getLogger(__name__)

#: Seconds a dead child's last messages may take to arrive before it counts as crashed.
EXIT_GRACE = 2.0
#: What the forkserver imports once for every job: the solvers themselves, not only their
#: entry points (``solver.pipeline`` imports CP-SAT, OR-Tools and numba's kernels at the
#: solve: a second or more of every job, before it began to solve).
FORKSERVER_PRELOAD = (
    "api.jobs.worker",
    "scheduler.solving.scenario",
    "scheduler.solving.resolve",
    "solver.cpsat",
    "solver.greedy",
    "solver.explain",
)
#: Seconds between two checks that the server still holds the database's runner lock.
LOCK_CHECK_SECONDS = 5.0
#: Seconds :meth:`JobRunner.stop` waits for the loop to end (a lock check or a database
#: call may take longer: the loop then acts no more once it returns).
STOP_WAIT_SECONDS = 10.0
#: Seconds between two tries to write the ends of jobs the database refused.
REWRITE_SECONDS = 1.0
#: Seconds the loop waits for a message of its jobs before it looks at time limits, dead
#: children and the lock again (a queued job or a stop ends the wait at once: :meth:`wake`).
IDLE_WAIT_SECONDS = 0.2
#: The kind of message :meth:`JobRunner.wake` puts on the results queue (jobs send
#: ``progress``, ``done`` and ``failed``).
WAKE = "wake"
#: Seconds between two looks for queued jobs when nothing woke the loop (a job queued by
#: another server sharing the database).
SCAN_SECONDS = 2.0


class JobRunner(JobEnds):
    """Runs queued jobs in worker processes; see the module docstring."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Settings,
        lock: RunnerLock | None = None,
    ) -> None:
        self._sessions = session_factory
        #: the database's runner lock this runner holds (None: not checked, as in tests
        #: of routes); the server lets go of the one held when it stops
        self.lock = lock
        self._lock_lost = False
        self._retake_refused = False  # said once per loss of the lock
        self._settings = settings
        self._backend = make_url(settings.db_url).get_backend_name()
        self._ctx = mp.get_context("forkserver")
        self._results: Any = None
        self._running: dict[int, RunningJob] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: the ends of jobs (their writes) the database refused, tried again in the loop
        self._unwritten: dict[int, Callable[[], None]] = {}
        #: each job's latest progress the database refused, tried again in the loop
        self._progress_kept: dict[int, dict[str, Any]] = {}
        self._progress_refused = False  # said once per outage
        self._scan_refused = False  # the same for the queued jobs' scan
        self._loop_ended = False
        #: the loop still used the lock when the server let it go: it releases it on return
        self._release_on_exit = False

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> JobRunner:
        """Start the loop that runs queued jobs in worker processes, forked from a forkserver that
        preloads the solver modules (a job starts without importing them); returns the runner.
        """
        self._ctx.set_forkserver_preload(list(FORKSERVER_PRELOAD))
        self._results = self._ctx.Queue()
        self._thread = threading.Thread(target=self._loop, name="trainshare-jobs", daemon=True)
        self._thread.start()
        self.wake()
        return self

    def stop(self) -> None:
        """Stop the loop; jobs still running are marked ``interrupted``.

        Each is first asked to stop, as a cancel does, and given
        ``shutdown_grace_seconds`` to hand in its best schedule, which is kept with the
        ``interrupted`` status; what has not answered by then is ended without one.

        The loop gets ``STOP_WAIT_SECONDS`` to end. A lock check or a database call may
        hang longer (a silent PostgreSQL: a minute), so the loop acts no more once this
        returns, whenever it wakes: it starts no job and lets go of a lock it takes.
        """
        with self._lock:  # a job the loop registers after this is not started
            self._stopping.set()
        self.wake()
        if self._thread is not None:
            self._thread.join(timeout=STOP_WAIT_SECONDS)
            if self._thread.is_alive():
                log.warning(
                    "the job runner's loop is still waiting for the database after %g s; "
                    "it starts no job from now on%s",
                    STOP_WAIT_SECONDS,
                    ""
                    if self.lock is None
                    else " and lets its lock go once it returns "
                    "(at the latest when this process ends)",
                )
        with self._lock:
            running = dict(self._running)
        for r in running.values():
            r.stop.set()
        if running and self._results is not None:
            deadline = time.monotonic() + self._settings.shutdown_grace_seconds
            while time.monotonic() < deadline and any(
                not r.finished and r.process.is_alive() for r in running.values()
            ):
                self._drain(timeout=0.1)
            self._drain(timeout=0.0)
        with self._lock:
            self._running.clear()
        self._write_ends()  # one more try; what still fails the next start marks
        for job_id, r in running.items():
            if r.process.is_alive():
                r.process.terminate()
            r.process.join(timeout=3)
            if r.process.is_alive():
                r.process.kill()
                r.process.join(timeout=3)
            if not r.finished:
                self._finish(job_id, "interrupted", error=INTERRUPTED)
        if self._results is not None:
            self._results.close()
            self._results.cancel_join_thread()
            # dropped, its locks are unlinked now: at exit the resource tracker would
            # warn of them as leaked semaphores
            self._results = None

    def release_lock(self) -> None:
        """Let the runner lock go, after :meth:`stop`.

        The loop may still be in a lock check (a silent PostgreSQL: a minute, a frozen
        one: forever): closing the lock's connection under it waited for that check and
        made SQLAlchemy warn. The loop then lets the lock go itself when it returns, and
        the process's end closes its connection otherwise.
        """
        with self._lock:
            lock = self.lock
            busy = self._thread is not None and not self._loop_ended
            self._release_on_exit = busy
        if lock is not None and not busy:
            lock.release()

    def wake(self) -> None:
        """A job was queued (or the runner starts or stops): act on it as soon as a worker is
        free. A message on the results queue ends the loop's wait there at once."""
        self._wake.set()
        results = self._results
        if results is None:
            return  # not started, or stopped
        # closed under us by a stop: the loop ends anyway
        with contextlib.suppress(ValueError, OSError, AssertionError):
            results.put((WAKE, 0, None))

    def cancel(self, job_id: int) -> bool:
        """Ask a running job to stop; ``False`` if this runner is not running it."""
        with self._lock:
            r = self._running.get(job_id)
        if r is None:
            return False
        if not r.finished:  # one sent after the end leaves the job as it ended
            r.cancelled = True
        r.stop.set()
        return True

    @property
    def running_ids(self) -> list[int]:
        """Ids of the jobs running in this runner's worker processes now."""
        with self._lock:
            return list(self._running)

    # ------------------------------------------------------------------ the loop

    def _loop(self) -> None:
        try:
            self._run_loop()
        finally:
            with self._lock:
                self._loop_ended = True
                release = self._release_on_exit
            if release and self.lock is not None:  # the server let it go meanwhile
                self.lock.release()
                log.info("the job runner's loop ended after the stop; its lock is let go")

    def _run_loop(self) -> None:
        last_scan = last_check = last_write = 0.0
        while not self._stopping.is_set():
            try:
                self._drain(timeout=IDLE_WAIT_SECONDS)
                pending = self._unwritten or self._progress_kept
                if pending and time.monotonic() - last_write > REWRITE_SECONDS:
                    last_write = time.monotonic()
                    self._write_ends()
                    self._write_progress_kept()
                self._reap()
                self._enforce_time_limits()
                now = time.monotonic()
                if now - last_check > LOCK_CHECK_SECONDS:
                    last_check = now
                    self._check_lock()
                if self._lock_lost:
                    continue  # no job starts without the lock
                if self._wake.is_set() or now - last_scan > SCAN_SECONDS:
                    self._wake.clear()
                    last_scan = now
                    self._scan_queued()
            except Exception:  # keep the runner alive whatever one job does
                if self._stopping.is_set():
                    return  # stopped under it (its queue closed, say): nothing to keep
                log.exception("job runner loop error")
                time.sleep(0.5)

    def _check_lock(self) -> None:
        """Stop the running jobs when the runner lock is gone; take it again once free."""
        if self.lock is None:
            return
        if not self._lock_lost:
            if self.lock.alive() or self._stopping.is_set():
                return
            self._lock_lost = True
            log.error(
                "lost the database's job runner lock (%s): %s; stopping the running jobs, "
                "starting none until it is held again",
                self.lock.where,
                LOCK_LOST_WHY.get(self._backend, LOCK_LOST_WHY["postgresql"]),
            )
            now = time.monotonic()
            with self._lock:
                running = list(self._running.values())
            for r in running:
                r.lock_lost_at = now
                r.stop.set()
            return
        try:
            again = runner_lock.take(self._settings.db_url)
        except (OSError, SQLAlchemyError) as e:  # the database still restarting, say
            if not self._retake_refused:  # once per loss: the loop asks every few seconds
                self._retake_refused = True
                log.warning(
                    "cannot take the job runner lock again yet (tried every %g s): %s",
                    LOCK_CHECK_SECONDS,
                    first_line(e),
                )
            return
        if again is None:
            return  # another server holds it, and runs the jobs
        with self._lock:
            stopped = self._stopping.is_set()
            if not stopped:
                old, self.lock, self._lock_lost = self.lock, again, False
                self._retake_refused = False
        if stopped:  # the server let go of its lock already: nothing would release this one
            again.release()
            return
        old.release()
        log.warning("holds the database's job runner lock again: running jobs again")
        self._wake.set()

    def _drain(self, timeout: float) -> None:
        results = self._results
        if results is None:
            return  # stopped
        try:
            message = results.get(timeout=timeout)
        except queue.Empty:
            return
        while True:
            self._handle(message)
            try:
                message = results.get_nowait()
            except queue.Empty:
                return

    def _handle(self, message: tuple[str, int, Any]) -> None:
        kind, job_id, data = message
        if kind == WAKE:
            return  # only ended the wait: the loop goes on to scan
        with self._lock:
            r = self._running.get(job_id)
        if r is None or r.finished:
            return
        if kind == "progress":
            r.last_progress = dict(data)
            self._progress_kept[job_id] = r.last_progress
            self._write_progress_kept()
        elif kind == "done":
            r.finished = True
            self._finish_done(
                job_id, data, lock_lost=r.lock_lost_at is not None, cancelled=r.cancelled
            )
        elif kind == "failed":
            r.finished = True
            self._finish(job_id, "failed", error=str(data))

    def _reap(self) -> None:
        now = time.monotonic()
        with self._lock:
            items = list(self._running.items())
        for job_id, r in items:
            if r.process.is_alive():
                continue
            if r.finished:
                r.process.join(timeout=1)
                with self._lock:
                    self._running.pop(job_id, None)
                self._wake.set()
                continue
            if r.exited_at is None:
                r.exited_at = now
            elif now - r.exited_at > EXIT_GRACE:
                r.finished = True
                self._finish(
                    job_id,
                    "failed",
                    error=f"the solver process ended unexpectedly (exit code {r.process.exitcode})",
                )

    def _enforce_time_limits(self) -> None:
        now = time.monotonic()
        grace = self._settings.job_grace_seconds
        with self._lock:
            items = list(self._running.items())
        for job_id, r in items:
            if r.finished or not r.process.is_alive():
                continue
            if r.lock_lost_at is not None:
                if now - r.lock_lost_at > self._settings.shutdown_grace_seconds:
                    log.error("job %s did not stop after the lock was lost; killing it", job_id)
                    r.process.kill()
                    r.finished = True
                    error = lock_lost_error(self._backend, kept=False)
                    self._finish(job_id, "interrupted", error=error)
                continue
            over = now - r.started - r.time_limit
            if over > grace and not r.stop_sent:
                log.warning("job %s ran past its time limit; asking it to stop", job_id)
                r.stop.set()
                r.stop_sent = True
            elif over > 2 * grace + 5:
                log.error("job %s ignored its stop; killing it", job_id)
                r.process.kill()
                r.finished = True
                self._finish(job_id, "failed", error=killed_message(r, now - r.started))

    def _scan_queued(self) -> None:
        """Start queued jobs while workers are free; a database that refuses is said once
        per outage, in a line, and its end once.

        A refused scan raised out of the loop: a full traceback every 2.5 s, for as long
        as the database did not answer, while a worker was free.
        """
        try:
            self._start_queued()
        except SQLAlchemyError as e:
            if not self._scan_refused:
                self._scan_refused = True
                log.warning(
                    "cannot look for queued jobs (tried every few seconds): %s", first_line(e)
                )
            return
        if self._scan_refused:
            self._scan_refused = False
            log.warning("looking for queued jobs again")

    def _start_queued(self) -> None:
        while True:
            with self._lock:
                if len(self._running) >= self._settings.workers or self._stopping.is_set():
                    return
            with session_scope(self._sessions) as s:
                job = s.scalar(select(Job).where(Job.status == "queued").order_by(Job.id).limit(1))
                if job is None:
                    return
                claimed = s.execute(
                    update(Job)
                    .where(Job.id == job.id, Job.status == "queued")
                    .values(status="running", started_at=utcnow())
                ).rowcount  # type: ignore[attr-defined]
                payload = {
                    "scenario": job.scenario,
                    "options": job.options,
                    "reference": job.reference,
                    "move_penalty": job.move_penalty,
                    "keep_before": job.keep_before.isoformat() if job.keep_before else None,
                }
                job_id = job.id
                time_limit = float(job.options.get("time_limit", self._settings.job_time_limit))
            if claimed != 1:
                continue
            self._spawn(job_id, payload, time_limit)

    def _spawn(self, job_id: int, payload: dict[str, Any], time_limit: float) -> None:
        from api.jobs.worker import run_job

        stop = self._ctx.Event()
        process = self._ctx.Process(
            target=run_job,
            args=(job_id, payload, self._results, stop),
            name=f"trainshare-job-{job_id}",
            daemon=True,
        )
        running = RunningJob(process, stop, time.monotonic(), time_limit)
        with self._lock:
            stopped = self._stopping.is_set()
            if not stopped:
                self._running[job_id] = running
        if stopped:  # claimed as the runner stopped: left to the next server
            self._unclaim(job_id)
            return
        try:
            process.start()
        except Exception as exc:
            log.exception("could not start job %s", job_id)
            with self._lock:
                self._running.pop(job_id, None)
            self._finish(job_id, "failed", error=f"could not start a solver process: {exc}")
            return
        # A cancel that arrived between claiming and starting.
        with session_scope(self._sessions) as s:
            if s.scalar(select(Job.cancel_requested).where(Job.id == job_id)):
                running.cancelled = True
                stop.set()
        log.info("job %s started in process %s", job_id, process.pid)

    def _unclaim(self, job_id: int) -> None:
        """Put back in the queue a job claimed as the runner stopped (unless a server
        started since marked it ``interrupted``); if the database refuses, the next
        start marks it ``interrupted``."""
        try:
            with session_scope(self._sessions) as s:
                s.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == "running")
                    .values(status="queued", started_at=None)
                )
        except SQLAlchemyError as e:
            log.warning("cannot put job %s back in the queue: %s", job_id, first_line(e))
