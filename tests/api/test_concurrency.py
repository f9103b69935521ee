"""What concurrent clients must not break: the database pool, a job's end, a term's
versions (an audit with real servers on SQLite and PostgreSQL found each case)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update
from typer.testing import CliRunner

import api.jobs.runner as runner_module
import api.routers.jobs as jobs_router
from api import term_locks
from api.db import make_engine, make_session_factory, runner_lock, session_scope
from api.db.models import Job
from scheduler.cli import app
from tests.api.conftest import Api, check, open_tiny_term, tiny_data


def _pool_in_use(api: Api) -> int:
    """Connections of the app's database pool checked out now."""
    engine = api.app.state.session_factory.kw["bind"]
    return int(engine.pool.checkedout())


def test_open_event_streams_hold_no_database_connection(api: Api) -> None:
    """Each open stream kept its request's session, and with it one of the pool's 15
    connections: fifteen watchers of a running job left every other request waiting
    30 s for a 500 (seen with 40 streams on a live server)."""
    sid = api.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
    job_id = api.post(f"/api/v1/scenarios/{sid}/solve").json()["id"]  # stays queued
    streams = 3
    opened = threading.Barrier(streams + 1)
    ends: list[str] = []

    def watch() -> None:
        url = f"/api/v1/jobs/{job_id}/events"
        with api.client.stream("GET", url, headers=api.as_("planner")) as r:
            lines = r.iter_lines()
            assert next(lines) == "event: progress"
            opened.wait(timeout=30)
            ends.extend(line for line in lines if line.startswith("event: end"))

    threads = [threading.Thread(target=watch, daemon=True) for _ in range(streams)]
    for t in threads:
        t.start()
    opened.wait(timeout=30)
    # a stream's polls take a connection for a moment; a held one per stream is the bug
    assert _pool_in_use(api) < streams
    assert api.delete(f"/api/v1/jobs/{job_id}").status_code == 200  # the streams end
    for t in threads:
        t.join(timeout=30)
    assert ends == ["event: end"] * streams
    assert api.get("/api/v1/jobs").status_code == 200


class _CountedLock:
    """A term's lock that tells when ``waiters`` requests are waiting for it (have
    found it taken twice: the first time comes before a waiter lets its connection go)."""

    def __init__(self, waiters: int) -> None:
        self.lock = threading.Lock()
        self.tries: Counter[int] = Counter()
        self.all_waiting = threading.Event()
        self.waiters = waiters

    def acquire(self, blocking: bool = True) -> bool:
        got = self.lock.acquire(blocking)
        if not got:
            self.tries[id(asyncio.current_task())] += 1
            if sum(n >= 2 for n in self.tries.values()) >= self.waiters:
                self.all_waiting.set()
        return got

    def release(self) -> None:
        self.lock.release()


def test_writes_waiting_for_a_term_hold_no_database_connection(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes queued behind a slow one (a base change on a large term) each held a
    pooled connection while they waited: fifteen of them left none for the rest of the
    service, whose requests then failed after 30 s."""
    term_id = open_tiny_term(api)
    writers = 4
    lock = _CountedLock(writers)
    monkeypatch.setitem(term_locks._locks, term_id, lock)  # type: ignore[arg-type]
    codes: list[int] = []

    def submit(i: int) -> None:
        url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts"
        doc = {"id": f"c{i}", "kind": "students", "size": 10}
        codes.append(api.post(url, "col-a", json=doc).status_code)

    assert lock.acquire()  # a slow write holds the term
    threads = [threading.Thread(target=submit, args=(i,), daemon=True) for i in range(writers)]
    for t in threads:
        t.start()
    assert lock.all_waiting.wait(timeout=30)
    in_use = _pool_in_use(api)
    lock.release()
    for t in threads:
        t.join(timeout=30)
    assert in_use == 0
    assert codes == [201] * writers


def _running_job(db_url: str) -> int:
    """A job row a live server is running (as far as the database can tell)."""
    engine = make_engine(db_url)
    with session_scope(make_session_factory(engine)) as s:
        job = Job(kind="scenario", status="running", scenario={}, options={}, created_by="t")
        s.add(job)
        s.flush()
        job_id = job.id
    engine.dispose()
    return job_id


def test_a_second_server_leaves_the_first_ones_running_jobs_alone(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """A start marks running jobs interrupted, their server being gone; a second server
    on the database did that to the live first one's jobs, whose schedules were then
    thrown away. It now refuses to run jobs while the first one does, and an app without
    a runner leaves them alone; once the first server stops, a start marks them."""
    first = make_api(db_url, run_jobs=True)
    job_id = _running_job(db_url)
    with pytest.raises(RuntimeError, match="another trainshare server runs the jobs"):
        make_api(db_url, run_jobs=True)
    routes_only = make_api(db_url)
    assert routes_only.get(f"/api/v1/jobs/{job_id}").json()["status"] == "running"
    refused = CliRunner().invoke(app, ["serve", "--port", "1", "--db-url", db_url])
    assert refused.exit_code == 2
    assert "another trainshare server runs the jobs of this database" in refused.output
    first.client.__exit__(None, None, None)  # the first server stops (or dies)
    after = make_api(db_url, run_jobs=True)
    assert after.get(f"/api/v1/jobs/{job_id}").json()["status"] == "interrupted"


def test_the_postgresql_lock_ends_soon_after_its_servers_machine_is_gone(db_url: str) -> None:
    """A server killed lets the advisory lock go at once, but a machine that crashes or
    loses the network says nothing: PostgreSQL kept the lock's session until the
    system's TCP keepalive gave up (over two hours), refusing the restarted server all
    that time. The session probes its client itself, and no idle timeout ends it."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's advisory lock (SQLite's file lock dies with its process)")
    lock = runner_lock.take(db_url)
    assert lock is not None
    try:
        holder: Any = lock._handle
        session = holder.connection  # the session that holds the lock
        shown = {
            k: session.execute(text(f"SHOW {k}")).scalar()
            for k in ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count")
        }
        assert shown == {
            "tcp_keepalives_idle": "30",
            "tcp_keepalives_interval": "10",
            "tcp_keepalives_count": "3",
        }
        assert session.execute(text("SHOW idle_session_timeout")).scalar() == "0"
    finally:
        lock.release()
    assert runner_lock.held_elsewhere(db_url) is None


def test_cancelling_a_job_as_it_ends_is_a_409(
    api: Api, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job ends (its solve hands in its schedule) between the cancel's read and its
    write: the answer said 200 with ``cancel_requested`` of a job that ended ``done``,
    and the row kept the flag."""
    job_id = _running_job(db_url)
    real = jobs_router._get

    def read_then_end(db: Any, wanted: int, **how: Any) -> Job:
        job = real(db, wanted, **how)
        engine = make_engine(db_url)  # the runner, in its own session
        with session_scope(make_session_factory(engine)) as s:
            s.execute(update(Job).where(Job.id == wanted).values(status="done", schedule={}))
        engine.dispose()
        return job

    monkeypatch.setattr(jobs_router, "_get", read_then_end)
    r = api.delete(f"/api/v1/jobs/{job_id}")
    assert r.status_code == 409, r.text
    assert r.json()["detail"] == f"job {job_id} has already ended (done)"
    monkeypatch.undo()
    job = api.get(f"/api/v1/jobs/{job_id}").json()
    assert (job["status"], job["cancel_requested"]) == ("done", False)


def test_a_postgresql_lock_gone_with_its_session_is_noticed(db_url: str) -> None:
    """A PostgreSQL restart or failover ends the lock's session, and the lock with it,
    without a word to its holder: ``alive`` asks the session (here ended by
    ``pg_terminate_backend``, as a restart ends it), and the lock is free to take."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's advisory lock (SQLite's file lock lasts with its file)")
    lock = runner_lock.take(db_url)
    assert lock is not None
    try:
        assert lock.alive()
        holder: Any = lock._handle
        dbapi = holder.connection.connection.dbapi_connection
        parameters = dbapi.info.get_parameters()
        shown = [parameters[k] for k in ("keepalives", "keepalives_idle", "tcp_user_timeout")]
        assert shown == ["1", "30", "60000"]
        engine = make_engine(db_url)
        with engine.begin() as other:
            ended = other.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"
                )
            ).all()
        engine.dispose()
        assert ended == [(True,)]
        assert not lock.alive()
        assert runner_lock.held_elsewhere(db_url) is None  # free: another server may start
    finally:
        lock.release()


def test_a_postgresql_lock_is_its_own_key_not_any_advisory_lock(db_url: str) -> None:
    """``alive`` counted every advisory lock of the session: one more taken on it (any
    key) kept saying "held" after the runner's own key was let go. It asks for
    ``PG_KEY`` alone."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's advisory lock (SQLite's file lock lasts with its file)")
    lock = runner_lock.take(db_url)
    assert lock is not None
    try:
        holder: Any = lock._handle
        session = holder.connection  # the session that holds the lock
        other = runner_lock.PG_KEY + 1
        assert session.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": other}).scalar()
        session.commit()
        assert lock.alive()
        unlocked = session.execute(
            text("SELECT pg_advisory_unlock(:k)"), {"k": runner_lock.PG_KEY}
        ).scalar()
        session.commit()
        assert unlocked
        assert not lock.alive()
        assert runner_lock.held_elsewhere(db_url) is None  # the key is free indeed
    finally:
        lock.release()


def test_a_sqlite_lock_file_removed_under_its_server_is_noticed(sqlite_url: str) -> None:
    """The lock is on the file ``trainshare.db.runner-lock``: removed or replaced while a
    server holds it (tidied up as a stale lock, say), a second server locked the new file
    and ran the same jobs, and ``alive`` kept saying "held". It asks whether the path
    still names the file locked: the runner then stops its jobs, as for PostgreSQL's."""
    lock = runner_lock.take(sqlite_url)
    path = runner_lock.lock_file(sqlite_url)
    assert lock is not None and path is not None
    try:
        assert lock.alive()
        path.unlink()
        assert not lock.alive()
        again = runner_lock.take(sqlite_url)  # what a second server would do
        assert again is not None
        assert not lock.alive()  # another file now, locked by someone else
        assert runner_lock.take(sqlite_url) is None and again.alive()
        again.release()
    finally:
        lock.release()


def test_a_runner_without_its_lock_stops_its_jobs_and_starts_none(
    make_api: Callable[..., Api], db_url: str, slow_scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the runner lock (PostgreSQL let it go with its session) the runner went on
    running jobs, and a second server could start and run them too. It now asks its
    running jobs to stop, keeps their best schedules with a message saying why, starts
    no queued job until it holds the lock again, then runs them."""
    pytest.importorskip("solver.pipeline")
    monkeypatch.setattr(runner_module, "LOCK_CHECK_SECONDS", 0.3)
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
    runner = api.app.state.runner
    held = runner.lock

    class Gone:
        """The lock as the runner finds it after a restart: not held (and let go)."""

        where = "the test's lock"

        def alive(self) -> bool:
            return False

        def release(self) -> None:
            held.release()

    sid = api.post("/api/v1/scenarios", content=slow_scenario.read_bytes()).json()["id"]
    job_id = api.post(f"/api/v1/scenarios/{sid}/solve", json={"time_limit": 120}).json()["id"]
    deadline = time.monotonic() + 60  # past compiling: the solve holds a schedule
    while (api.get(f"/api/v1/jobs/{job_id}").json()["progress"] or {}).get("objective") is None:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    runner.lock = Gone()  # still held in truth: taking it again fails, as with another server
    job = api.wait_job(job_id, timeout=60)
    assert job["status"] == "interrupted" and job["has_schedule"], job
    assert "lost its hold on the database's job runner lock" in job["error"], job
    check(json.loads(slow_scenario.read_text()), api.get(f"/api/v1/jobs/{job_id}/schedule").json())
    tiny = api.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
    queued = api.post(f"/api/v1/scenarios/{tiny}/solve", json={"time_limit": 5}).json()["id"]
    time.sleep(2.0)  # several checks: none takes the lock, none starts the job
    assert api.get(f"/api/v1/jobs/{queued}").json()["status"] == "queued"
    held.release()  # free now (the restarted database): the runner takes it again
    job = api.wait_job(queued, timeout=60)
    assert job["status"] == "done", job
    check(tiny_data(), api.get(f"/api/v1/jobs/{queued}/schedule").json())
    assert runner.lock is not held and runner.lock.alive()
