"""What concurrent clients must not break: the database pool, a job's end, a term's
versions (an audit with real servers on SQLite and PostgreSQL found each case)."""

from __future__ import annotations

import threading

from tests.api.conftest import Api, tiny_data


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
