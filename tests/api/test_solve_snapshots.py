"""A term solve or re-solve reads its term under the term's lock (``api.snapshots``):
read a table at a time while an extra request was granted, its job held the extra's
request without its booked sessions, or the sessions without the request (an audit
finding)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from api import term_locks
from tests.api.conftest import (
    Api,
    check,
    open_tiny_term,
    reference_of_job,
    scenario_of_job,
    submit_tiny,
    tiny_data,
)

#: A Sunday: with one day's lead, week 2's Monday is the first bookable day.
BEFORE_WEEK_2 = dt.date(2026, 9, 13)
EXTRA = {
    "id": "r-b-more",
    "cohort": "b-weld-1",
    "title": "More welding",
    "sessions": 1,
    "duration": 1,
    "needs": ["welding"],
}
#: The first read of the amendments or of the term's requests: a solve's snapshot reads
#: both, in either order, and is half done after the first.
_MIDWAY = re.compile(r"\bFROM (amendments|term_requests)\b")


def _published_mid_term(make_api: Callable[..., Api], db_url: str) -> tuple[Api, int]:
    """The tiny term solved by greedy (the same every run) and published, seen from
    week 2 on, its submissions closed: extra requests book week 2, and a term solve
    keeps week 1 (a reference, as a re-solve's)."""
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0, today=BEFORE_WEEK_2,
                   extra_lead_days=1)  # fmt: skip
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"solver": "greedy"})
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201, r.text
    version = api.get(f"/api/v1/terms/{term_id}/versions/1").json()
    check(api.get(f"/api/v1/terms/{term_id}/versions/1/scenario").json(), version["schedule"])
    return api, term_id


class _TellingLock:
    """A term's lock that sets ``waited`` when a write finds it held: that write waits
    for it from then on, so it cannot land before the holder lets go."""

    def __init__(self, waited: threading.Event) -> None:
        self._lock = threading.Lock()
        self.waited = waited

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = self._lock.acquire(blocking, timeout)
        if not got:
            self.waited.set()
        return got

    def release(self) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()


@pytest.mark.parametrize("route", ["solve", "versions/1/resolve"])
def test_an_extra_request_granted_mid_snapshot_waits_for_it(
    make_api: Callable[..., Api], db_url: str, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solve's snapshot stops half way (after its first read of the amendments or
    the requests) while col-b's extra request is sent: with the term's lock held the
    extra waits and lands after, so the job knows neither its request nor its booked
    sessions; it used to land in between, and the job knew one of them. The snapshot
    goes on once the extra landed or waits for the lock (at most 3 s)."""
    api, term_id = _published_mid_term(make_api, db_url)
    engine = api.app.state.session_factory.kw["bind"]
    armed, midway, landed_or_waits = threading.Event(), threading.Event(), threading.Event()
    lock = _TellingLock(landed_or_waits)
    others = term_locks.term_lock
    monkeypatch.setattr(term_locks, "term_lock", lambda t: lock if t == term_id else others(t))
    answers: dict[str, Any] = {}

    def pause(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if armed.is_set() and _MIDWAY.search(statement):
            armed.clear()
            midway.set()
            landed_or_waits.wait(timeout=3)  # without the lock it lands at once

    def extra() -> None:
        assert midway.wait(timeout=60)
        url = f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"
        answers["extra"] = api.post(url, "col-b", json=EXTRA)
        landed_or_waits.set()

    event.listen(engine, "after_cursor_execute", pause)
    asker = threading.Thread(target=extra, daemon=True)
    asker.start()
    try:
        armed.set()
        options = {"time_limit": 5, "workers": 1, "seed": 1}
        body = options if route == "solve" else {"options": options}
        r = api.post(f"/api/v1/terms/{term_id}/{route}", json=body)
    finally:
        event.remove(engine, "after_cursor_execute", pause)
        paused = midway.is_set()
        midway.set()  # the asker goes on even when the snapshot never paused
    asker.join(timeout=60)
    assert paused, "the snapshot read neither the amendments nor the requests"
    assert r.status_code == 202, r.text
    assert answers["extra"].status_code == 201, answers["extra"].text
    assert answers["extra"].json()["outcome"] == "granted"
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    scenario = scenario_of_job(api, job["id"])
    check(scenario, api.get(f"/api/v1/jobs/{job['id']}/schedule").json())
    extra_id = f"col-b/{EXTRA['id']}"
    requested = extra_id in {q["id"] for q in scenario["requests"]}
    reference = reference_of_job(api, job["id"])
    booked = extra_id in {s["request"] for s in reference["sessions"]}
    assert (requested, booked) == (False, False), "the job read the extra request half landed"


def test_a_write_from_another_process_mid_snapshot_is_not_read(
    make_api: Callable[..., Api], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another server on the same PostgreSQL database holds its own term locks: a request
    it commits while a solve's snapshot is half read (after the cohorts) was read by the
    rest of the snapshot (each statement saw the newest commits); the snapshot reads in
    one REPEATABLE READ transaction, the term as it stood when it began."""
    if db_url.startswith("sqlite"):
        pytest.skip("one server per SQLite database (its runner lock): no other writes a term")
    api = make_api(db_url)  # routes only: the job stays queued, its scenario is read
    other = make_api(db_url)  # the other process
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id, but=("r-b-weld",))
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    late = next(r for r in tiny_data()["requests"] if r["id"] == "r-b-weld")
    engine = api.app.state.session_factory.kw["bind"]
    armed = threading.Event()
    answers: list[Any] = []

    def midway(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if armed.is_set() and re.search(r"\bFROM term_cohorts\b", statement):
            armed.clear()
            url = f"/api/v1/terms/{term_id}/institutions/col-b/requests"
            answers.append(other.post(url, json=late))  # its own lock: another process's

    # the other process's locks are its own: this one's, held by the snapshot, is not
    monkeypatch.setattr(term_locks, "term_lock", lambda _term_id: threading.Lock())
    event.listen(engine, "after_cursor_execute", midway)
    try:
        armed.set()
        r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5, "workers": 1})
    finally:
        event.remove(engine, "after_cursor_execute", midway)
    assert [a.status_code for a in answers] == [201], [a.text for a in answers]
    assert r.status_code == 202, r.text
    requests = {q["id"] for q in scenario_of_job(api, r.json()["id"])["requests"]}
    assert "col-b/r-a-cnc" not in requests and "col-a/r-a-cnc" in requests
    assert "col-b/r-b-weld" not in requests, "the snapshot read a request committed after it began"
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5, "workers": 1})
    assert "col-b/r-b-weld" in {q["id"] for q in scenario_of_job(api, r.json()["id"])["requests"]}
