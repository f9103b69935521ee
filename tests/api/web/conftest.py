"""A published tiny term shared by the page tests of one module (solving takes seconds).

The term is loaded through the API's own routes (:func:`api.web.demo.publish_scenario`,
greedy solver), exactly as a planner would; a finished scenario job is added for the
job pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db.models import ScheduleVersion
from api.settings import Settings
from api.web.sources import KEY_COOKIE
from tests.api.conftest import BEFORE_TERMS, add_keys, check, tiny_data


@dataclass
class Site:
    """The app with a published term: keys per role, the planner's view of the version."""

    client: TestClient
    keys: dict[str, str]
    term: int
    number: int
    job: int  # a finished job of the uploaded tiny scenario
    version: dict[str, Any]  # GET .../versions/{number} as the planner sees it

    @property
    def version_url(self) -> str:
        return f"/terms/{self.term}/versions/{self.number}"

    def page(self, url: str, who: str | None = "planner", lang: str | None = None) -> Any:
        """GET ``url`` as a browser of ``who`` (signed-in cookie) would."""
        self.client.cookies.clear()
        if who is not None:
            self.client.cookies.set(KEY_COOKIE, self.keys[who])
        if lang is not None:
            self.client.cookies.set("lang", lang)
        return self.client.get(url, follow_redirects=False)

    def publish(self, scenario: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
        """Publish ``scenario`` as a term of its own through the API as the planner
        (greedy); (term, version number, the planner's version view), the schedule
        checked against the composed scenario by the independent checker."""
        from api.web.demo import publish_scenario

        self.client.headers["Authorization"] = f"Bearer {self.keys['planner']}"
        try:
            term, number, _ = publish_scenario(self.client, scenario, solver="greedy")
            url = f"/api/v1/terms/{term}/versions/{number}"
            version = self.client.get(url).json()
            composed = self.client.get(f"{url}/scenario").json()
        finally:
            del self.client.headers["Authorization"]
        check(composed, version["schedule"])
        return term, number, version

    def solve(
        self, scenario: dict[str, Any], options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Upload ``scenario`` and solve it as the planner (greedy unless ``options`` say
        otherwise); (job id, its schedule), which the independent checker has passed."""
        planner = {"Authorization": f"Bearer {self.keys['planner']}"}
        sid = self.client.post("/api/v1/scenarios", json=scenario, headers=planner).json()["id"]
        body = options or {"solver": "greedy"}
        r = self.client.post(f"/api/v1/scenarios/{sid}/solve", json=body, headers=planner)
        job = wait_for_job(self.client, r.json()["id"], planner)["id"]
        schedule = self.client.get(f"/api/v1/jobs/{job}/schedule", headers=planner).json()
        check(scenario, schedule)
        return job, schedule


def wait_for_job(client: TestClient, job_id: int, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["status"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    pytest.importorskip("solver.pipeline")
    from api.web.demo import publish_scenario

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('web')) / 'web.db'}"
    client = TestClient(create_app(Settings(db_url=url, today=BEFORE_TERMS), run_jobs=True))
    client.__enter__()
    try:
        keys = add_keys(url)
        planner = {"Authorization": f"Bearer {keys['planner']}"}
        client.headers.update(planner)
        term, number, _ = publish_scenario(client, tiny_data(), solver="greedy")
        sid = client.post("/api/v1/scenarios", json=tiny_data()).json()["id"]
        r = client.post(f"/api/v1/scenarios/{sid}/solve", json={"solver": "greedy"})
        assert r.status_code == 202, r.text
        job = wait_for_job(client, r.json()["id"], planner)
        assert job["status"] == "done", job
        check(tiny_data(), client.get(f"/api/v1/jobs/{job['id']}/schedule").json())
        version = client.get(f"/api/v1/terms/{term}/versions/{number}").json()
        del client.headers["Authorization"]
        with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
            row = db.query(ScheduleVersion).filter_by(term_id=term, number=number).one()
            check(row.scenario, row.schedule)
        yield Site(client, keys, term, number, job["id"], version)
    finally:
        client.__exit__(None, None, None)
