"""No database call from the event loop: an asynchronous route that queries, commits or
waits for a pooled connection there stops every other request until the database
answers (an audit found term answers, scenario uploads and more doing so; a slow
database or a full pool then stalled the whole service)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.pool import Pool

import api.routers
import api.web
from api.app import create_app
from api.db import runner_lock
from api.jobs.runner import JobRunner
from api.settings import Settings
from api.term_locks import term_lock
from api.web.sources import KEY_COOKIE
from tests.api.conftest import Api, check, open_tiny_term, submit_tiny, tiny_base, tiny_data

#: Every asynchronous route of the app, each exercised below: one added must be too.
ASYNC_ROUTES = {
    ("POST", "/api/v1/scenarios"),
    ("GET", "/api/v1/jobs/{job_id}/events"),
    ("POST", "/api/v1/jobs/{job_id}/rerun"),
    ("POST", "/api/v1/terms"),
    ("PUT", "/api/v1/terms/{term_id}/base"),
    ("POST", "/api/v1/terms/{term_id}/solve"),
    ("POST", "/api/v1/terms/{term_id}/versions"),
    ("POST", "/api/v1/terms/{term_id}/versions/{number}/resolve"),
    ("POST", "/api/v1/terms/{term_id}/institutions/{institution}/extra-requests"),
    *(
        (method, f"/api/v1/terms/{{term_id}}/institutions/{{institution}}/{kind}{item}")
        for kind in ("cohorts", "requests")
        for method, item in (("POST", ""), ("PUT", "/{item_id}"), ("DELETE", "/{item_id}"))
    ),
    ("GET", "/terms/{term_id}/ask"),
    ("POST", "/terms/{term_id}/ask"),
}
#: What a solve in these tests may take: small, seeded, one worker.
SOLVE = {"time_limit": 5, "workers": 1, "seed": 1}


def _engine(api: Api) -> Engine:
    engine: Engine = api.app.state.session_factory.kw["bind"]
    return engine


@contextmanager
def calls_on_the_loop(engine: Engine) -> Iterator[list[str]]:
    """What ``engine`` and its pool do meanwhile in a thread running an event loop:
    connecting, taking a pooled connection (which waits when the pool is empty),
    statements, commits and rollbacks, resetting a connection given back."""
    found: list[str] = []

    def watch(what: str) -> Callable[..., None]:
        def seen(*args: Any) -> None:
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                return  # a worker thread: what the event loop waits for without stopping
            statement = next((a for a in args if isinstance(a, str)), "")
            found.append(f"{what} {statement[:80]}".strip())

        return seen

    hooks = [
        (engine, "before_cursor_execute"),
        (engine, "commit"),
        (engine, "rollback"),
        (engine.pool, "connect"),
        (engine.pool, "checkout"),
        (engine.pool, "reset"),
    ]
    listeners = [(target, name, watch(name)) for target, name in hooks]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    try:
        yield found
    finally:
        for target, name, fn in listeners:
            event.remove(target, name, fn)


def test_every_asynchronous_route_is_listed_here() -> None:
    """The test below exercises each asynchronous route: a new one joins the list."""
    routes: set[tuple[str, str]] = set()
    modules = [
        m
        for p in (api.routers, api.web)
        for m in pkgutil.iter_modules(p.__path__, f"{p.__name__}.")
    ]
    for module in modules:
        router = getattr(importlib.import_module(module.name), "router", None)
        if not isinstance(router, APIRouter):
            continue
        for route in router.routes:
            if isinstance(route, APIRoute) and inspect.iscoroutinefunction(route.endpoint):
                routes |= {(method, route.path) for method in route.methods or ()}
    assert routes == ASYNC_ROUTES


def test_no_asynchronous_route_calls_the_database_on_the_event_loop(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """The whole workflow through every asynchronous route (a write waiting for its
    term's lock included) leaves the event loop free of database calls."""
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
    with calls_on_the_loop(_engine(api)) as found:
        _scenarios_and_jobs(api)
        term_id = _term_workflow(api)
        _web_form(api, term_id)
    assert found == []


def _scenarios_and_jobs(api: Api) -> None:
    """Upload (new and known content), a job's events, a re-run."""
    r = api.post("/api/v1/scenarios", json=tiny_data())
    assert r.status_code == 201, r.text
    assert api.post("/api/v1/scenarios", json=tiny_data()).status_code == 200
    job = api.post(f"/api/v1/scenarios/{r.json()['id']}/solve", json=SOLVE).json()
    assert api.wait_job(job["id"])["status"] == "done"
    with api.client.stream(
        "GET", f"/api/v1/jobs/{job['id']}/events", headers=api.as_("planner")
    ) as s:
        assert s.status_code == 200
        assert "event: end" in list(s.iter_lines())
    again = api.post(f"/api/v1/jobs/{job['id']}/rerun")
    assert again.status_code == 202, again.text
    for done in (job["id"], again.json()["id"]):
        assert api.wait_job(done)["status"] == "done"
        check(tiny_data(), api.get(f"/api/v1/jobs/{done}/schedule").json())


def _term_workflow(api: Api) -> int:
    """Open, change the base, submit, replace and withdraw, one write while another
    holds the term's lock, solve, publish, re-solve, ask for more: the term's id."""
    term_id = open_tiny_term(api)
    term = f"/api/v1/terms/{term_id}"
    base = tiny_base()
    assert api.put(f"{term}/base", json=base).status_code == 200  # the same: nothing to do
    base["calendar"]["weeks"] = 3
    assert api.put(f"{term}/base", json=base).status_code == 200
    submit_tiny(api, term_id)
    spare = {"id": "spare", "kind": "students", "size": 5}
    cohorts = f"{term}/institutions/col-a/cohorts"
    _while_the_term_is_locked(term_id, lambda: api.post(cohorts, "col-a", json=spare), 201)
    assert api.put(f"{cohorts}/spare", "col-a", json={**spare, "size": 6}).status_code == 200
    asked = {"id": "r-spare", "cohort": "spare", "sessions": 1, "needs": ["cnc"]}
    requests = f"{term}/institutions/col-a/requests"
    assert api.post(requests, "col-a", json=asked).status_code == 201
    assert api.put(f"{requests}/r-spare", "col-a", json={**asked, "sessions": 2}).status_code == 200
    assert api.delete(f"{requests}/r-spare", "col-a").status_code == 204
    assert api.delete(f"{cohorts}/spare", "col-a").status_code == 204
    assert api.post(f"{term}/close").status_code == 200
    for url in (f"{term}/solve", f"{term}/versions/1/resolve"):
        r = api.post(url, json=SOLVE if url.endswith("/solve") else {"options": SOLVE})
        assert r.status_code == 202, r.text
        job = api.wait_job(r.json()["id"])
        assert job["status"] == "done", job
        r = api.post(f"{term}/versions", json={"job_id": job["id"]})
        assert r.status_code == 201, r.text
        number = r.json()["number"]
        version = api.get(f"{term}/versions/{number}").json()
        check(api.get(f"{term}/versions/{number}/scenario").json(), version["schedule"])
    extra = {"id": "r-more", "cohort": "b-weld-1", "sessions": 1, "needs": ["welding"]}
    r = api.post(f"{term}/institutions/col-b/extra-requests", "col-b", json=extra)
    assert r.status_code == 201, r.text
    return term_id


def _while_the_term_is_locked(term_id: int, write: Callable[[], Any], code: int) -> None:
    """Send ``write`` while the term's lock is held a moment: it waits for it."""
    lock = term_lock(term_id)
    answers: list[Any] = []
    assert lock.acquire(timeout=10)
    try:
        thread = threading.Thread(target=lambda: answers.append(write()), daemon=True)
        thread.start()
        time.sleep(0.3)
        assert not answers, "the write did not wait for the term's lock"
    finally:
        lock.release()
    thread.join(timeout=30)
    assert answers and answers[0].status_code == code, answers


def _web_form(api: Api, term_id: int) -> None:
    """The extra-request form, shown and sent."""
    api.client.cookies.set(KEY_COOKIE, api.keys["col-b"])
    try:
        page = api.client.get(f"/terms/{term_id}/ask")
        assert page.status_code == 200, page.text
        data = {"cohort": "b-weld-1", "sessions": "1", "duration": "1", "id": "web-more"}
        r = api.client.post(f"/terms/{term_id}/ask", data=data, follow_redirects=False)
        assert r.status_code == 201, r.text
    finally:
        api.client.cookies.clear()


@pytest.mark.parametrize("table", ["scenarios", "terms"])
def test_the_service_answers_while_a_route_waits_for_a_slow_database(
    make_api: Callable[..., Api], db_url: str, table: str
) -> None:
    """A scenario upload or a new term waits on the database until the health check sent
    meanwhile has answered (at most 10 s): it answers at once (it waited for them, the
    event loop being theirs)."""
    api = make_api(db_url)
    engine = _engine(api)
    waiting, answered = threading.Event(), threading.Event()

    def slow(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith(f"INSERT INTO {table} "):
            waiting.set()
            answered.wait(timeout=10.0)

    body = tiny_data() if table == "scenarios" else tiny_base()
    answers: list[Any] = []
    event.listen(engine, "before_cursor_execute", slow)
    try:
        send = threading.Thread(
            target=lambda: answers.append(api.post(f"/api/v1/{table}", json=body)), daemon=True
        )
        send.start()
        assert waiting.wait(timeout=30)
        start = time.perf_counter()
        health = api.client.get("/api/v1/health")
        took = time.perf_counter() - start
        answered.set()
        assert health.status_code == 200
        send.join(timeout=30)
    finally:
        answered.set()
        event.remove(engine, "before_cursor_execute", slow)
    assert answers and answers[0].status_code == 201, answers
    assert took < 1.0, f"the health check waited {took:.2f} s for another request's database call"


def _on_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_starting_and_stopping_the_app_wait_off_the_event_loop(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's start (the runner's lock, migrations, marking interrupted jobs) and stop
    (the runner ending its jobs, seconds with the shutdown grace) ran on the event loop,
    stopping whatever else it runs meanwhile: every database call of any engine and the
    lock's and runner's waits are watched."""
    found: list[str] = []

    def watch(what: str) -> Callable[..., None]:
        def seen(*args: Any) -> None:
            if _on_a_loop():
                found.append(what)

        return seen

    hooks = [
        (Engine, "before_cursor_execute"),
        (Engine, "commit"),
        (Pool, "connect"),
        (Pool, "checkout"),
    ]
    listeners = [(target, name, watch(name)) for target, name in hooks]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    for owner, name in ((runner_lock, "take"), (JobRunner, "start"), (JobRunner, "stop")):
        original = getattr(owner, name)

        def wrapped(*args: Any, _original: Any = original, _name: str = name) -> Any:
            if _on_a_loop():
                found.append(_name)
            return _original(*args)

        monkeypatch.setattr(owner, name, wrapped)
    try:
        settings = Settings(db_url=db_url, shutdown_grace_seconds=1.0)
        with TestClient(create_app(settings, run_jobs=True)) as client:
            assert client.get("/api/v1/health").status_code == 200
    finally:
        for target, name, fn in listeners:
            event.remove(target, name, fn)
    assert found == []
