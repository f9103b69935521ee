"""The job runner while its database misbehaves: a shutdown during a slow lock check,
progress the database refuses, the lost lock's words (``api.jobs.runner``,
``api.jobs.job_ends``)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

import api.jobs.runner as runner_module
from api.db import make_engine, make_session_factory, session_scope
from api.db.models import Job
from api.job_errors import error_messages
from api.jobs.runner import JobRunner
from api.jobs.running_job import RunningJob
from tests.api.conftest import Api, tiny_data


@pytest.fixture
def sessions(api: Api) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test database (migrated by the app), for a runner built by hand."""
    engine = make_engine(api.settings.db_url)
    yield make_session_factory(engine)
    engine.dispose()


def _job(sessions: sessionmaker[Session], status: str = "queued") -> int:
    with session_scope(sessions) as s:
        job = Job(kind="scenario", status=status, scenario=tiny_data(), options={}, created_by="t")
        s.add(job)
        s.flush()
        return job.id


def _status(sessions: sessionmaker[Session], job_id: int) -> str:
    with sessions() as s:
        job = s.get(Job, job_id)
        assert job is not None
        return job.status


class _Stuck:
    """A lock whose question hangs (a PostgreSQL gone silent: up to a minute) until let go."""

    where = "the test's lock"

    def __init__(self, answer: bool) -> None:
        self.asked, self.go, self.answer = threading.Event(), threading.Event(), answer
        self.released = False

    def alive(self) -> bool:
        self.asked.set()
        assert self.go.wait(timeout=30)
        return self.answer

    def release(self) -> None:
        self.released = True


def _stop_while_stuck(runner: JobRunner, stuck: threading.Event, go: threading.Event) -> None:
    """Start the runner, stop it while its loop hangs in a lock check, then let the check
    answer and wait for the loop's end."""
    runner.start()
    assert stuck.wait(timeout=30), "the loop never asked the lock"
    runner.stop()  # gives up waiting for the loop: the check takes longer
    thread = runner._thread
    assert thread is not None and thread.is_alive()
    go.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_a_runner_stopped_during_a_slow_lock_check_starts_no_job_after(
    api: Api, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``stop`` waits 10 s for the loop while a lock check can hang for a minute: the
    loop then went on, after ``stop`` had returned and the lock was let go, and started
    queued jobs beside the next server. A stopped runner's loop acts no more."""
    monkeypatch.setattr(runner_module, "STOP_WAIT_SECONDS", 0.5)
    job_id = _job(sessions)
    runner = JobRunner(sessions, api.settings, _Stuck(answer=True))  # type: ignore[arg-type]
    spawned: list[int] = []
    monkeypatch.setattr(runner, "_spawn", lambda job_id, *_: spawned.append(job_id))
    lock = runner.lock
    assert isinstance(lock, _Stuck)
    _stop_while_stuck(runner, lock.asked, lock.go)
    assert spawned == []
    assert _status(sessions, job_id) == "queued"  # the next server runs it


def test_a_runner_stopped_while_it_takes_its_lost_lock_again_lets_it_go(
    api: Api, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runner that lost its lock tries to take it again every few seconds, a call that
    hangs while the database does not answer. Stopped meanwhile, its loop took the lock
    after ``stop`` had returned and the server had let go of the old one, and kept it
    for good: every later server on the database was refused. It lets it go at once."""
    monkeypatch.setattr(runner_module, "STOP_WAIT_SECONDS", 0.5)
    monkeypatch.setattr(runner_module, "LOCK_CHECK_SECONDS", 0.0)
    retaken = _Stuck(answer=True)
    asked, go = threading.Event(), threading.Event()

    def take(_url: str) -> _Stuck:
        asked.set()
        assert go.wait(timeout=30)
        return retaken

    monkeypatch.setattr(runner_module.runner_lock, "take", take)
    lost = _Stuck(answer=False)
    lost.go.set()
    runner = JobRunner(sessions, api.settings, lost)  # type: ignore[arg-type]
    _stop_while_stuck(runner, asked, go)
    assert retaken.released, "the lock taken after the stop is still held"
    assert runner.lock is lost  # the one the server let go after stop


def test_a_job_claimed_as_the_runner_stops_goes_back_to_the_queue(
    api: Api, sessions: sessionmaker[Session]
) -> None:
    """A job the loop claimed just as ``stop`` ran is not started (``stop`` would not
    see it): it goes back to the queue, for the next server."""
    job_id = _job(sessions, status="running")  # claimed
    runner = JobRunner(sessions, api.settings)
    runner.stop()
    runner._spawn(job_id, {}, 5.0)
    assert runner.running_ids == []
    assert _status(sessions, job_id) == "queued"


class _Alive:
    """A worker process that runs on (the test sends its messages itself)."""

    exitcode = None

    def is_alive(self) -> bool:
        return True


def test_progress_the_database_refuses_is_said_once_and_written_once_it_answers(
    api: Api, sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    """While the database was down, every progress message of every job (four a second
    each) raised out of the loop's drain: a full traceback in the log each time, half a
    second's pause, and no time limit or lock check while messages kept coming. The
    refusal is said once, in a line; the job runs on, and its latest progress is written
    once the database answers."""
    job_id = _job(sessions, status="running")
    runner = JobRunner(sessions, api.settings)
    running = RunningJob(process=_Alive(), stop=threading.Event(), started=time.monotonic(),
                       time_limit=60)  # fmt: skip
    runner._running[job_id] = running
    runner._results = queue.Queue()
    engine = sessions.kw["bind"]
    down = [True]

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if down[0] and statement.startswith("UPDATE jobs SET objective"):
            raise OperationalError(statement, {}, Exception("server closed the connection\nmore"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        with caplog.at_level(logging.INFO, logger="api.jobs.runner"):
            for objective in (900.0, 800.0, 700.0):
                runner._results.put(("progress", job_id, {"objective": objective}))
            runner._drain(timeout=0.0)
            runner._results.put(("progress", job_id, {"objective": 600.0}))
            runner._drain(timeout=0.0)
            said = [r for r in caplog.records if r.levelno >= logging.WARNING]
            down[0] = False
            runner._write_progress_kept()  # the loop's next try
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert len(said) == 1, [r.getMessage() for r in said]
    assert said[0].exc_info is None and "\n" not in said[0].getMessage()
    assert (
        "progress" in said[0].getMessage()
        and "server closed the connection" in said[0].getMessage()
    )
    assert not running.finished and runner.running_ids == [job_id]
    assert running.last_progress == {"objective": 600.0}
    with sessions() as s:
        assert s.scalar(select(Job.objective).where(Job.id == job_id)) == 600.0
    assert "writing job progress again" in caplog.records[-1].getMessage()


class _Deaf:
    """A worker process that ignores its stop: only a kill ends it."""

    exitcode: int | None = None

    def is_alive(self) -> bool:
        return self.exitcode is None

    def kill(self) -> None:
        self.exitcode = -9


def test_a_job_stopped_for_a_lost_lock_says_what_took_it_on_its_database(
    api: Api, sessions: sessionmaker[Session], db_url: str
) -> None:
    """The sentence blamed a PostgreSQL restart or failover on SQLite too, whose lock
    goes when its file is removed or replaced. Its start stays (clients match it); the
    reason fits the database, in English and in Chinese."""
    sqlite = db_url.startswith("sqlite")
    start = "the server lost its hold on the database's job runner lock during the solve ("
    why, why_zh = (
        ("its lock file was removed or replaced", "锁文件被删除或替换")
        if sqlite
        else ("PostgreSQL restarted or failed over", "PostgreSQL 重启或发生故障切换")
    )
    killed, kept = _job(sessions, status="running"), _job(sessions, status="running")
    runner = JobRunner(sessions, api.settings)
    gone = time.monotonic() - api.settings.shutdown_grace_seconds - 1
    runner._running[killed] = RunningJob(process=_Deaf(), stop=threading.Event(),
                                       started=gone, time_limit=60, lock_lost_at=gone)  # fmt: skip
    runner._enforce_time_limits()  # it did not stop in time: killed, without a schedule
    runner._finish_done(kept, {"status": "feasible"}, lock_lost=True)  # its best schedule
    with sessions() as s:
        errors = dict(s.execute(select(Job.id, Job.error).where(Job.id.in_([killed, kept]))).all())
    for job_id in (killed, kept):
        error = errors[job_id] or ""
        assert error.startswith(start + why + "), so it stopped its jobs"), error
        assert ("PostgreSQL" in error) != sqlite, error
        zh = (error_messages(error) or {}).get("zh", "")
        assert f"任务运行锁（{why_zh}）" in zh, (error, zh)
    assert "best schedule found by then is kept" in (errors[kept] or "")
    assert "已保留此前找到的最好的课表" in (error_messages(errors[kept]) or {})["zh"]


def test_a_lost_lock_the_database_will_not_give_back_yet_is_said_once(
    api: Api,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """While the database is down, every check (each 5 s) failed to take the lost lock
    again and logged SQLAlchemy's words, statement and link, lines long. It is said
    once per outage, in a line; the lock is taken once the database answers."""
    lost = _Stuck(answer=False)
    lost.go.set()
    runner = JobRunner(sessions, api.settings, lost)  # type: ignore[arg-type]
    back = _Stuck(answer=True)
    answers: list[Any] = [OperationalError("SELECT 1", {}, Exception("refused\nmore")), back]

    def take(_url: str) -> Any:
        if isinstance(answers[0], Exception):
            raise answers[0]
        return answers[0]

    monkeypatch.setattr(runner_module.runner_lock, "take", take)
    with caplog.at_level(logging.WARNING, logger="api.jobs.runner"):
        runner._check_lock()  # lost
        for _ in range(3):
            runner._check_lock()
        answers.pop(0)
        runner._check_lock()
    said = [r.getMessage() for r in caplog.records if "cannot take" in r.getMessage()]
    assert len(said) == 1 and "\n" not in said[0] and "refused" in said[0], said
    assert runner.lock is back and lost.released


def test_an_end_the_database_refuses_is_said_in_a_line(
    api: Api, sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    """A refused end was logged with SQLAlchemy's words: the driver's lines, the
    statement and a link. The database's first line says it; the end is written later."""
    job_id = _job(sessions, status="running")
    runner = JobRunner(sessions, api.settings)
    engine = sessions.kw["bind"]

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("UPDATE jobs SET status"):
            raise OperationalError(statement, {}, Exception("connection refused\n\tIs it up?"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        with caplog.at_level(logging.WARNING, logger="api.jobs.runner"):
            runner._finish(job_id, "failed", error="ValueError: no")
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "\n" not in said[0] and "connection refused" in said[0], said
    runner._write_ends()  # the loop's next try
    assert _status(sessions, job_id) == "failed"


def test_a_queued_job_scan_the_database_refuses_is_said_once_and_its_end_once(
    api: Api,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With a worker free, the loop scans for queued jobs every 2 s: while the database
    refused, each scan raised out of the loop, a full traceback every 2.5 s. It is said
    once, in a line, and once more when the database answers; the job then starts."""
    job_id = _job(sessions)
    runner = JobRunner(sessions, api.settings)
    spawned: list[int] = []
    monkeypatch.setattr(runner, "_spawn", lambda job_id, *_: spawned.append(job_id))
    engine = sessions.kw["bind"]
    down = [True]

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if down[0] and statement.startswith("SELECT") and "WHERE jobs.status =" in statement:
            raise OperationalError(statement, {}, Exception("the database is starting up\nmore"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        with caplog.at_level(logging.INFO, logger="api.jobs.runner"):
            for _ in range(3):
                runner._scan_queued()  # the loop's scans while the database refuses
            refused = [r for r in caplog.records if r.levelno >= logging.WARNING]
            down[0] = False
            runner._scan_queued()
            runner._scan_queued()
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert len(refused) == 1, [r.getMessage() for r in refused]
    said = refused[0].getMessage()
    assert refused[0].exc_info is None and "\n" not in said, said
    assert "queued" in said and "the database is starting up" in said, said
    back = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING][1:]
    assert len(back) == 1 and "queued jobs again" in back[0], back
    assert spawned == [job_id]


def test_a_cancel_after_a_job_ended_leaves_its_refused_end_as_it_ended(
    api: Api, sessions: sessionmaker[Session]
) -> None:
    """A job's end the database refused was written again later, reading
    ``cancel_requested`` then: a cancel sent after the solve ended, while its end
    waited, turned a finished job into ``cancelled``. It ends as it ended; a cancel
    sent before the end still cancels."""
    after, before = _job(sessions, status="running"), _job(sessions, status="running")
    runner = JobRunner(sessions, api.settings)
    engine = sessions.kw["bind"]

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("UPDATE jobs SET status"):
            raise OperationalError(statement, {}, Exception("the database is restarting"))

    with session_scope(sessions) as s:
        s.get_one(Job, before).cancel_requested = True
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        for job_id in (after, before):
            runner._finish_done(job_id, {"status": "feasible", "objective": 3.0})
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert set(runner._unwritten) == {after, before}
    with session_scope(sessions) as s:  # the cancel route, once the database answers
        s.get_one(Job, after).cancel_requested = True
    runner._write_ends()
    assert (_status(sessions, after), _status(sessions, before)) == ("done", "cancelled")


def test_a_cancel_this_runner_got_before_an_end_the_database_refused_still_cancels(
    api: Api, sessions: sessionmaker[Session]
) -> None:
    """With the database refusing every read of its jobs as a job ends, the cancels this
    runner was sent decide: one sent before the end cancels, one sent after it does not."""
    before, after = _job(sessions, status="running"), _job(sessions, status="running")
    runner = JobRunner(sessions, api.settings)
    for job_id in (before, after):
        runner._running[job_id] = RunningJob(process=_Alive(), stop=threading.Event(),
                                           started=time.monotonic(), time_limit=60)  # fmt: skip
    engine = sessions.kw["bind"]

    def refuse(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "jobs" in statement:
            raise OperationalError(statement, {}, Exception("the database is restarting"))

    assert runner.cancel(before)
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        for job_id in (before, after):
            runner._handle(("done", job_id, {"status": "feasible", "objective": 3.0}))
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert runner.cancel(after)  # the process has not been reaped yet
    with session_scope(sessions) as s:  # the cancel route wrote it, after the end
        s.get_one(Job, after).cancel_requested = True
    runner._write_ends()
    assert (_status(sessions, before), _status(sessions, after)) == ("cancelled", "done")


def test_a_queued_job_starts_without_waiting_for_the_loop_tick(
    api: Api, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wake`` ends the loop's wait on the results queue at once: a job queued while the
    loop waits starts then, not at the end of the wait (made 60 s here) or the next scan."""
    monkeypatch.setattr(runner_module, "IDLE_WAIT_SECONDS", 60.0)
    monkeypatch.setattr(runner_module, "SCAN_SECONDS", 60.0)
    runner = JobRunner(sessions, api.settings)
    spawned: list[int] = []
    started = threading.Event()

    def spawn(job_id: int, *_: Any) -> None:
        spawned.append(job_id)
        started.set()

    monkeypatch.setattr(runner, "_spawn", spawn)
    scanned = threading.Event()
    scan = runner._scan_queued

    def scan_and_say() -> None:
        scan()
        scanned.set()

    monkeypatch.setattr(runner, "_scan_queued", scan_and_say)
    runner.start()
    try:
        assert scanned.wait(timeout=30), "the runner's first scan never came"
        job_id = _job(sessions)
        runner.wake()
        assert started.wait(timeout=20), "the queued job waited for the loop's tick"
        assert spawned == [job_id]
        stopping = time.monotonic()
        runner.stop()
        assert time.monotonic() - stopping < 20, "the stop waited for the loop's tick"
    finally:
        runner.stop()
