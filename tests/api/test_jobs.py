"""``/api/v1/jobs``: solves in worker processes, progress, events, cancel, rerun."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from api.db import make_engine, make_session_factory, session_scope
from api.db.models import Job
from tests.api.conftest import ROOT, TINY_PATH, Api, check, sse_events, tiny_data

DALIAN = ROOT / "scenarios" / "dalian-cnc-consortium.json"


def _upload(api: Api, path: Path = TINY_PATH) -> int:
    r = api.post("/api/v1/scenarios", content=path.read_bytes())
    assert r.status_code in (200, 201), r.text
    return r.json()["id"]


@pytest.mark.parametrize("solver", ["greedy", "cpsat"])
def test_solve_job_runs_to_a_checked_schedule(solving_api: Api, solver: str) -> None:
    sid = _upload(solving_api)
    r = solving_api.post(
        f"/api/v1/scenarios/{sid}/solve", json={"solver": solver, "time_limit": 10}
    )
    assert r.status_code == 202
    job = solving_api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    assert job["has_schedule"] and job["progress"]["objective"] is not None
    schedule = solving_api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    assert schedule["format"] == "trainshare/schedule@1"
    assert schedule["solver"] == solver
    check(tiny_data(), schedule)
    events = sse_events(solving_api, f"/api/v1/jobs/{job['id']}/events")
    assert events[-1][0] == "end" and events[-1][1]["status"] == "done"


def test_a_job_under_a_work_limit_gives_the_same_schedule_twice(solving_api: Api) -> None:
    sid = _upload(solving_api)
    options = {"time_limit": 30, "workers": 1, "seed": 4, "work_limit": 1.0}
    schedules = []
    for _ in range(2):
        r = solving_api.post(f"/api/v1/scenarios/{sid}/solve", json=options)
        assert r.status_code == 202
        job = solving_api.wait_job(r.json()["id"])
        assert job["status"] == "done", job
        schedule = solving_api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
        check(tiny_data(), schedule)
        assert schedule["metrics"]["clock"]["by"] == "work"
        schedules.append(schedule)
    assert schedules[0]["sessions"] == schedules[1]["sessions"]


def test_events_follow_a_job_from_queue_to_end(solving_api: Api) -> None:
    sid = _upload(solving_api)
    job_id = solving_api.post(f"/api/v1/scenarios/{sid}/solve", json={"time_limit": 5}).json()["id"]
    events = sse_events(solving_api, f"/api/v1/jobs/{job_id}/events")
    kinds = [e for e, _ in events]
    assert kinds[0] == "progress" and kinds[-1] == "end"
    statuses = [d["status"] for _, d in events]
    assert statuses[-1] == "done"
    # Statuses only move forward.
    order = ["queued", "running", "done"]
    assert [order.index(s) for s in statuses] == sorted(order.index(s) for s in statuses)
    # the job the events followed answered a schedule the checker accepts
    check(tiny_data(), solving_api.get(f"/api/v1/jobs/{job_id}/schedule").json())


def _running_job(api: Api, scenario_id: int) -> int:
    """Start a 120 s solve of the scenario and wait until it runs."""
    url = f"/api/v1/scenarios/{scenario_id}/solve"
    job_id = api.post(url, json={"time_limit": 120}).json()["id"]
    deadline = time.monotonic() + 30
    while api.get(f"/api/v1/jobs/{job_id}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return int(job_id)


def _wait_for_a_schedule(api: Api, job_id: int) -> None:
    """Wait until the running job reports an objective: past compiling, it holds a schedule."""
    deadline = time.monotonic() + 60
    while (api.get(f"/api/v1/jobs/{job_id}").json()["progress"] or {}).get("objective") is None:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_cancel_stops_a_running_job_and_keeps_its_best_schedule(
    make_api: Callable[..., Api], sqlite_url: str, slow_scenario: Path
) -> None:
    pytest.importorskip("solver.pipeline")
    scenario = slow_scenario  # still running when the cancel comes
    api = make_api(sqlite_url, run_jobs=True)
    sid = _upload(api, scenario)
    job_id = _running_job(api, sid)
    _wait_for_a_schedule(api, job_id)
    began = time.monotonic()
    r = api.delete(f"/api/v1/jobs/{job_id}")
    assert r.status_code == 200
    assert r.json()["cancel_requested"] is True  # the answer shows the cancel was taken
    job = api.wait_job(job_id, timeout=60)
    assert job["status"] == "cancelled"
    assert time.monotonic() - began < 60  # far before its 120 s limit
    assert job["has_schedule"]
    schedule = api.get(f"/api/v1/jobs/{job_id}/schedule").json()
    import json

    check(json.loads(scenario.read_text()), schedule)
    assert api.delete(f"/api/v1/jobs/{job_id}").status_code == 409


def test_cancel_a_queued_job_and_rerun_it(api: Api) -> None:
    sid = _upload(api)
    job_id = api.post(f"/api/v1/scenarios/{sid}/solve").json()["id"]
    assert api.get(f"/api/v1/jobs/{job_id}").json()["status"] == "queued"
    assert api.post(f"/api/v1/jobs/{job_id}/rerun").status_code == 409  # not ended yet
    r = api.delete(f"/api/v1/jobs/{job_id}")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert api.get(f"/api/v1/jobs/{job_id}/schedule").status_code == 409
    assert api.delete(f"/api/v1/jobs/{job_id}").status_code == 409
    # options sent to a re-run would not be used: refused, not dropped
    r = api.post(f"/api/v1/jobs/{job_id}/rerun", json={"solver": "cpsat", "seed": 7})
    assert r.status_code == 422 and "takes no body" in r.json()["detail"]
    assert api.get("/api/v1/jobs", params={"status": "queued"}).json() == []
    again = api.post(f"/api/v1/jobs/{job_id}/rerun")
    assert again.status_code == 202
    assert again.json()["rerun_of"] == job_id and again.json()["status"] == "queued"
    assert again.json()["cancel_requested"] is False
    assert again.json()["options"] == api.get(f"/api/v1/jobs/{job_id}").json()["options"]
    listed = api.get("/api/v1/jobs", params={"status": "queued"}).json()
    assert [j["id"] for j in listed] == [again.json()["id"]]


def test_job_routes_need_the_right_role(api: Api) -> None:
    sid = _upload(api)
    job_id = api.post(f"/api/v1/scenarios/{sid}/solve").json()["id"]
    assert api.get(f"/api/v1/jobs/{job_id}", "viewer").status_code == 200
    assert api.delete(f"/api/v1/jobs/{job_id}", "viewer").status_code == 403
    assert api.get(f"/api/v1/jobs/{job_id}", "col-a").status_code == 403
    assert api.get("/api/v1/jobs/12345").status_code == 404
    assert api.get("/api/v1/jobs/12345/events").status_code == 404


def test_a_solver_crash_fails_the_job_with_a_message(solving_api: Api) -> None:
    engine = make_engine(solving_api.settings.db_url)
    with session_scope(make_session_factory(engine)) as s:
        job = Job(
            kind="scenario",
            scenario={"name": "broken"},
            options={"time_limit": 5},
            created_by="test",
        )
        s.add(job)
        s.flush()
        job_id = job.id
    engine.dispose()
    solving_api.app.state.runner.wake()
    answer = solving_api.wait_job(job_id)
    assert answer["status"] == "failed"
    assert "ValidationError" in answer["error"]
    with make_session_factory(make_engine(solving_api.settings.db_url))() as s:
        assert s.scalar(select(Job.finished_at).where(Job.id == job_id)) is not None


def test_shutdown_marks_a_running_job_interrupted(
    make_api: Callable[..., Api], sqlite_url: str
) -> None:
    pytest.importorskip("solver.pipeline")
    api = make_api(sqlite_url, run_jobs=True)
    sid = _upload(api, DALIAN)
    job_id = _running_job(api, sid)
    api.client.__exit__(None, None, None)  # lifespan shutdown: the runner ends its children
    restarted = make_api(sqlite_url)
    job = restarted.get(f"/api/v1/jobs/{job_id}").json()
    assert job["status"] == "interrupted"
    assert restarted.post(f"/api/v1/jobs/{job_id}/rerun").status_code == 202


def test_shutdown_keeps_a_running_jobs_best_schedule(
    make_api: Callable[..., Api], sqlite_url: str, slow_scenario: Path
) -> None:
    pytest.importorskip("solver.pipeline")
    api = make_api(sqlite_url, run_jobs=True)
    sid = _upload(api, slow_scenario)
    job_id = _running_job(api, sid)
    _wait_for_a_schedule(api, job_id)
    api.client.__exit__(None, None, None)  # lifespan shutdown: the jobs are asked to stop
    restarted = make_api(sqlite_url)
    job = restarted.get(f"/api/v1/jobs/{job_id}").json()
    assert job["status"] == "interrupted" and job["has_schedule"], job
    assert "best schedule" in job["error"] and "rerun" in job["error"]
    import json

    schedule = restarted.get(f"/api/v1/jobs/{job_id}/schedule").json()
    check(json.loads(slow_scenario.read_text()), schedule)


def test_job_list_refuses_an_unknown_status(api: Api) -> None:
    r = api.get("/api/v1/jobs", params={"status": "bogus"})
    assert r.status_code == 422, r.text
    assert "queued" in r.text and "interrupted" in r.text
    assert api.get("/api/v1/jobs", params={"status": "done"}).status_code == 200


def test_job_list_pages_with_before_and_refuses_what_it_does_not_read(api: Api) -> None:
    """``?offset=5`` answered the first page again (a paging loop never ended) and
    ``?status=done&status=failed`` kept the last: both are refused, naming the parameter."""
    engine = make_engine(api.settings.db_url)
    with session_scope(make_session_factory(engine)) as s:
        for _ in range(3):
            s.add(Job(kind="scenario", scenario=tiny_data(), options={}, created_by="test"))
    engine.dispose()
    ids = [j["id"] for j in api.get("/api/v1/jobs").json()]
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)
    page = api.get("/api/v1/jobs", params={"limit": 2}).json()
    rest = api.get("/api/v1/jobs", params={"before": page[-1]["id"]}).json()
    assert [j["id"] for j in page + rest] == ids
    r = api.get("/api/v1/jobs", params={"offset": 5})
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "loc": ["query", "offset"],
            "path": "offset",
            "msg": "unknown query parameter (this route reads: before, limit, status)",
        }
    ]
    r = api.get("/api/v1/jobs?status=done&status=failed")
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["msg"] == "given more than once; give it once"


class _DeafProcess:
    """A worker that never stops by itself: only a kill ends it."""

    def __init__(self) -> None:
        self.killed = False
        self.exitcode: int | None = None

    def is_alive(self) -> bool:
        return not self.killed

    def kill(self) -> None:
        self.killed = True
        self.exitcode = -9


def test_a_job_that_ignores_its_stop_is_killed_with_the_reason(api: Api) -> None:
    """The job's error says how long it ran against which limit and what it had found."""
    import threading

    from api.jobs.runner import JobRunner
    from api.jobs.running_job import RunningJob

    engine = make_engine(api.settings.db_url)
    factory = make_session_factory(engine)
    with session_scope(factory) as s:
        job = Job(kind="scenario", scenario=tiny_data(), options={}, created_by="test")
        s.add(job)
        s.flush()
        job_id = job.id
    runner = JobRunner(factory, api.settings.model_copy(update={"job_grace_seconds": 1.0}))
    process = _DeafProcess()
    started = time.monotonic() - 60.0  # a 30 s job, 30 s past its limit
    running = RunningJob(process=process, stop=threading.Event(), started=started, time_limit=30)
    runner._running[job_id] = running
    runner._handle(("progress", job_id, {"objective": 4321.0, "bound": 5000.0, "elapsed": 12.0}))
    runner._enforce_time_limits()
    assert running.stop.is_set() and not process.killed  # asked first
    runner._enforce_time_limits()  # still alive long after: killed
    assert process.killed
    with factory() as s:
        stored = s.get(Job, job_id)
        assert stored is not None and stored.status == "failed"
        error = stored.error or ""
    engine.dispose()
    assert "time limit of 30 s" in error and "killed" in error
    assert "objective 4321" in error and "at 12 s" in error
    assert "rerun" in error


@pytest.mark.parametrize("end", ["done", "failed"])
def test_a_jobs_end_the_database_refuses_once_is_written_again(solving_api: Api, end: str) -> None:
    """The database refused the write of a job's end (PostgreSQL restarting, a SQLite
    lock held past the busy timeout): the runner had already forgotten the job, its
    schedule was lost and it stayed ``running`` with no process until the next restart.
    The end is kept and written again once the database answers."""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    engine = solving_api.app.state.session_factory.kw["bind"]
    refused: list[str] = []

    def refuse_once(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        values = parameters.values() if isinstance(parameters, dict) else parameters
        if not refused and statement.startswith("UPDATE jobs SET status") and end in values:
            refused.append(statement)
            raise OperationalError(statement, parameters, Exception("the database is restarting"))

    event.listen(engine, "before_cursor_execute", refuse_once)
    try:
        if end == "done":
            sid = _upload(solving_api)
            r = solving_api.post(f"/api/v1/scenarios/{sid}/solve", json={"solver": "greedy"})
            job_id = r.json()["id"]
        else:  # a scenario the solver refuses: its job fails
            with session_scope(solving_api.app.state.session_factory) as s:
                job = Job(kind="scenario", scenario={"name": "broken"}, options={},
                          created_by="test")  # fmt: skip
                s.add(job)
                s.flush()
                job_id = job.id
            solving_api.app.state.runner.wake()
        answer = solving_api.wait_job(job_id, timeout=30)
    finally:
        event.remove(engine, "before_cursor_execute", refuse_once)
    assert refused, "the job's end was never written"
    assert answer["status"] == end, answer
    if end == "done":
        check(tiny_data(), solving_api.get(f"/api/v1/jobs/{job_id}/schedule").json())
    else:
        assert "ValidationError" in answer["error"]


def test_a_jobs_end_written_again_at_shutdown_keeps_how_it_ended(solving_api: Api) -> None:
    """A job that ended in full, whose end the database refused until the server stopped,
    was written again by the shutdown as ``interrupted`` ("the server stopped during the
    solve"): the rewrite asked whether the runner was stopping then, not when the job
    ended. It is ``done``, as it was when it ended."""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    runner = solving_api.app.state.runner
    engine = solving_api.app.state.session_factory.kw["bind"]
    refused: list[str] = []

    def refuse_until_stopping(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any
    ) -> None:
        values = parameters.values() if isinstance(parameters, dict) else parameters
        done = statement.startswith("UPDATE jobs SET status") and "done" in values
        if done and not runner._stopping.is_set():
            refused.append(statement)
            raise OperationalError(statement, parameters, Exception("the database is restarting"))

    event.listen(engine, "before_cursor_execute", refuse_until_stopping)
    try:
        sid = _upload(solving_api)
        r = solving_api.post(f"/api/v1/scenarios/{sid}/solve", json={"solver": "greedy"})
        job_id = r.json()["id"]
        deadline = time.monotonic() + 30
        while not refused:  # the job ended; its end waits to be written
            assert time.monotonic() < deadline, "the job never ended"
            time.sleep(0.1)
        assert solving_api.get(f"/api/v1/jobs/{job_id}").json()["status"] == "running"
        runner.stop()
    finally:
        event.remove(engine, "before_cursor_execute", refuse_until_stopping)
    job = solving_api.get(f"/api/v1/jobs/{job_id}").json()
    assert (job["status"], job["error"]) == ("done", None), job
    schedule = solving_api.get(f"/api/v1/jobs/{job_id}/schedule").json()
    assert schedule["status"] not in ("optimal", "infeasible")  # not proven: it counted
    check(tiny_data(), schedule)
