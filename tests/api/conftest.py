"""API test fixtures: a database per test (SQLite always, PostgreSQL when
``TRAINSHARE_TEST_PG_URL`` is set), an app, and keys for every role.

The tiny scenario's institutions are col-a, col-b (colleges) and ent-x (enterprise).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, create_engine, event, select, text

from api.app import create_app
from api.db import make_engine, make_session_factory, session_scope
from api.db.models import Job
from api.security import Role, create_key
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TINY_PATH = ROOT / "scenarios" / "tiny.json"
PG_URL = os.environ.get("TRAINSHARE_TEST_PG_URL")
INSTITUTIONS = ("col-a", "col-b", "ent-x")
#: The service's pinned today in tests: before every test term (first Monday 2026-09-07),
#: so extra requests may book any week whatever the real date.
BEFORE_TERMS = dt.date(2026, 8, 31)

#: ent-x's 8 staff want post-x (25 places) in week 2, where col-a's 25 interns go.
STAFF_INTERNSHIP: dict[str, Any] = {
    "id": "r-x-intern",
    "cohort": "x-staff",
    "kind": "internship",
    "title": "Line post rotation",
    "weeks": 1,
    "needs": ["cnc"],
    "window": [{"weeks": [2, 2]}],
}


def tiny_data() -> dict[str, Any]:
    return json.loads(TINY_PATH.read_text())


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database the persistence tests run against, empty."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'api.db'}"
    if not PG_URL:
        pytest.skip("TRAINSHARE_TEST_PG_URL is not set (.ci/postgres.sh starts a server)")
    reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def slow_scenario(tmp_path: Path) -> Path:
    """A generated S term in a file, for tests that cancel or kill a running solve: no
    solve proves it optimal within its limit (the bundled Dalian term is proven in ~2 s)."""
    from scheduler.generator import generate
    from scheduler.io import dump_scenario

    path = tmp_path / "s-tier.json"
    dump_scenario(generate("S", 1), path)
    return path


@dataclass
class Api:
    """A TestClient with a key per role; ``as_(who)`` gives the headers."""

    client: TestClient
    settings: Settings
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def app(self) -> FastAPI:
        """The application under test (``TestClient.app`` is typed as any ASGI app)."""
        app = self.client.app
        assert isinstance(app, FastAPI)
        return app

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def get(self, url: str, who: str = "planner", **kw: Any) -> Any:
        return self.client.get(url, headers=self.as_(who), **kw)

    def post(self, url: str, who: str = "planner", **kw: Any) -> Any:
        return self.client.post(url, headers=self.as_(who), **kw)

    def put(self, url: str, who: str = "planner", **kw: Any) -> Any:
        return self.client.put(url, headers=self.as_(who), **kw)

    def delete(self, url: str, who: str = "planner", **kw: Any) -> Any:
        return self.client.delete(url, headers=self.as_(who), **kw)

    def wait_job(self, job_id: int, timeout: float = 60.0) -> dict[str, Any]:
        """Poll a job until it ends."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(f"/api/v1/jobs/{job_id}").json()
            if job["status"] not in ("queued", "running"):
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} still {job['status']} after {timeout} s")
            time.sleep(0.1)


def add_keys(db_url: str, pepper: str = "") -> dict[str, str]:
    engine = make_engine(db_url)
    keys = {}
    with session_scope(make_session_factory(engine)) as s:
        keys["planner"] = create_key(s, Role.PLANNER, None, "planner", pepper)[1]
        keys["viewer"] = create_key(s, Role.VIEWER, None, "viewer", pepper)[1]
        for inst in INSTITUTIONS:
            keys[inst] = create_key(s, Role.INSTITUTION, inst, inst, pepper)[1]
    engine.dispose()
    return keys


@pytest.fixture
def make_api() -> Iterator[Callable[..., Api]]:
    """``make_api(db_url, run_jobs=False, **settings)``: a started app with keys."""
    opened: list[TestClient] = []

    def make(
        db_url: str, run_jobs: bool = False, keys: dict[str, str] | None = None, **overrides: Any
    ) -> Api:
        """``keys``: those the database holds already (a copied one), else new ones."""
        settings = Settings(db_url=db_url, **{"today": BEFORE_TERMS, **overrides})
        client = TestClient(create_app(settings, run_jobs=run_jobs))
        client.__enter__()  # lifespan: migrations, runner
        opened.append(client)
        return Api(client, settings, add_keys(db_url) if keys is None else keys)

    yield make
    for c in reversed(opened):
        c.__exit__(None, None, None)


@pytest.fixture
def api(make_api: Callable[..., Api], db_url: str) -> Api:
    """Routes only (no job runner), on every test database."""
    return make_api(db_url)


@pytest.fixture
def solving_api(make_api: Callable[..., Api], db_url: str) -> Api:
    """With the job runner: jobs really run in worker processes."""
    pytest.importorskip("solver.pipeline")
    return make_api(db_url, run_jobs=True, job_grace_seconds=5.0)


class Published(NamedTuple):
    """An app running jobs whose database holds the tiny term, each institution's part
    submitted (:func:`submit_tiny`), closed, solved and published as version 1."""

    api: Api
    term_id: int
    version: dict[str, Any]  # version 1 as the planner sees it, passed by the checker


#: ``publish_tiny_term``'s type: ``(**options) -> Published``.
PublishTiny = Callable[..., Published]


@dataclass(frozen=True)
class _Template:
    """A SQLite database as :func:`publish_tiny` left it, copied for each test."""

    path: Path
    keys: dict[str, str]
    term_id: int
    version: dict[str, Any]


def _publish_in(api: Api, options: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    return term_id, publish_tiny(api, term_id, **options)


class _Templates:
    """Published tiny terms by solve options, each solved once per session: a solve and
    its publication cost each test about a second, most of its time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, _Template] = {}

    def get(self, options: dict[str, Any]) -> _Template:
        name = json.dumps(options, sort_keys=True)
        if name not in self.made:
            path = self.folder / f"published-{len(self.made)}.db"
            url = f"sqlite:///{path}"
            settings = Settings(db_url=url, today=BEFORE_TERMS, job_grace_seconds=5.0)
            with TestClient(create_app(settings, run_jobs=True)) as client:
                api = Api(client, settings, add_keys(url))
                term_id, version = _publish_in(api, options)
            self.made[name] = _Template(path, api.keys, term_id, version)
        return self.made[name]


@pytest.fixture(scope="session")
def tiny_templates(tmp_path_factory: pytest.TempPathFactory) -> _Templates:
    return _Templates(tmp_path_factory.mktemp("tiny-templates"))


@pytest.fixture
def publish_tiny_term(
    make_api: Callable[..., Api], db_url: str, tmp_path: Path, tiny_templates: _Templates
) -> PublishTiny:
    """``publish_tiny_term(**options)``: :class:`Published`, as :func:`open_tiny_term`,
    :func:`submit_tiny` and :func:`publish_tiny` with ``options`` leave it on a
    ``solving_api``. On SQLite its database is a copy of one solved once per session with
    these options; on PostgreSQL each test solves its own. Call it before patching any
    product code: the first test asking for these options builds the shared copy, and a
    patch in force then would be in every later test's term."""

    def publish(**options: Any) -> Published:
        if not db_url.startswith("sqlite"):
            api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
            return Published(api, *_publish_in(api, options))
        template = tiny_templates.get(options)
        path = tmp_path / "published.db"
        source, target = sqlite3.connect(template.path), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        url = f"sqlite:///{path}"
        api = make_api(url, run_jobs=True, keys=template.keys, job_grace_seconds=5.0)
        return Published(api, template.term_id, copy.deepcopy(template.version))

    return publish


def check(scenario: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Every schedule a test gets from the API goes through the independent checker."""
    from scheduler.checker import check_schedule
    from scheduler.models import Scenario, Schedule

    report = check_schedule(Scenario.model_validate(scenario), Schedule.model_validate(schedule))
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]


def _job_document(api: Api, job_id: int, column: Any) -> dict[str, Any]:
    """One document stored with a job, read straight from the database."""
    engine = make_engine(api.settings.db_url)
    with make_session_factory(engine)() as s:
        data = s.scalar(select(column).where(Job.id == job_id))
    engine.dispose()
    assert data is not None
    return dict(data)


def scenario_of_job(api: Api, job_id: int) -> dict[str, Any]:
    """The scenario a job solved, as stored with it (a term job's has no route of its own)."""
    return _job_document(api, job_id, Job.scenario)


def reference_of_job(api: Api, job_id: int) -> dict[str, Any]:
    """The published timetable a job keeps (a re-solve's, or a mid-term solve's)."""
    return _job_document(api, job_id, Job.reference)


def sse_events(api: Api, url: str) -> list[tuple[str, dict[str, Any]]]:
    """Read a server-sent event stream to its end: [(event, data), ...]."""
    events: list[tuple[str, dict[str, Any]]] = []
    event = None
    with api.client.stream("GET", url, headers=api.as_("planner")) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data: "):
                events.append((event or "message", json.loads(line[len("data: ") :])))
    return events


def tiny_base() -> dict[str, Any]:
    data = tiny_data()
    data.pop("cohorts")
    data.pop("requests")
    return data


def open_tiny_term(api: Api) -> int:
    r = api.post("/api/v1/terms", json=tiny_base())
    assert r.status_code == 201, r.text
    return r.json()["id"]


def submit_tiny(api: Api, term_id: int, but: tuple[str, ...] = ()) -> None:
    """Each institution submits its own cohorts and requests of the tiny scenario (those
    requests ``but`` names left out)."""
    data = tiny_data()
    data["requests"] = [r for r in data["requests"] if r["id"] not in but]
    owner = {c["id"]: c["institution"] for c in data["cohorts"]}
    for c in data["cohorts"]:
        inst = c["institution"]
        doc = {k: v for k, v in c.items() if k != "institution"}
        url = f"/api/v1/terms/{term_id}/institutions/{inst}/cohorts"
        r = api.post(url, inst, json=doc)
        assert r.status_code == 201, r.text
    for req in data["requests"]:
        inst = owner[req["cohort"]]
        r = api.post(f"/api/v1/terms/{term_id}/institutions/{inst}/requests", inst, json=req)
        assert r.status_code == 201, r.text


def refused_beside(api: Api, cnc: dict[str, Any]) -> tuple[int, Response]:
    """The tiny term with col-b's CNC request submitted as ``cnc`` (its id changed, say),
    solved and published; then col-a asks for 40 more CNC sessions, which cannot all be
    granted, so its answer explains what stands in the way (col-b's request among it).
    Returns the term's id and col-a's answer."""
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id, but=("r-b-cnc",))
    url = f"/api/v1/terms/{term_id}/institutions/col-b/requests"
    assert api.post(url, "col-b", json=cnc).status_code == 201
    publish_tiny(api, term_id, workers=1, seed=0)
    lots = {"id": "r-a-lots", "cohort": "a-cnc-1", "sessions": 40, "duration": 2}
    r = api.post(
        f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests",
        "col-a",
        json={**lots, "needs": ["cnc"], "instructor_skills": ["cnc"]},
    )
    assert r.status_code == 201 and r.json()["outcome"] != "granted", r.text
    return term_id, r


def publish_tiny(api: Api, term_id: int, time_limit: float = 10, **options: Any) -> dict[str, Any]:
    """Close, solve (with ``options`` such as ``workers`` and ``seed``), publish: returns
    the version (as the planner sees it), whose schedule has passed the independent
    checker on the version's scenario."""
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": time_limit, **options})
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    return publish_job(api, term_id, job["id"])


def publish_job(api: Api, term_id: int, job_id: int) -> dict[str, Any]:
    """Publish the job's schedule: returns the version as the planner sees it, its schedule
    passed by the independent checker on the version's scenario."""
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job_id})
    assert r.status_code == 201, r.text
    url = f"/api/v1/terms/{term_id}/versions/{r.json()['number']}"
    version: dict[str, Any] = api.get(url).json()
    check(api.get(f"{url}/scenario").json(), version["schedule"])
    return version


def resolve_on_base(api: Api, term_id: int, base: dict[str, Any]) -> int:
    """``base`` put as the term's, then version 1 re-solved on it (move penalty 100, one
    worker, seed 0): returns the job, done, its schedule passed by the checker."""
    r = api.put(f"/api/v1/terms/{term_id}/base", json=base)
    assert r.status_code == 200, r.text
    body = {"move_penalty": 100, "options": {"time_limit": 10, "workers": 1, "seed": 0}}
    r = api.post(f"/api/v1/terms/{term_id}/versions/1/resolve", json=body)
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    check(scenario_of_job(api, job["id"]), api.get(f"/api/v1/jobs/{job['id']}/schedule").json())
    return int(job["id"])


def republish_with_day_closed(api: Api, term_id: int, week: int, day: int) -> dict[str, Any]:
    """Version 1's day ``week``/``day`` closed in the base, the term re-solved from version 1
    (:func:`resolve_on_base`) and published: returns version 2 as the planner sees it."""
    base = tiny_base()
    base["calendar"]["closed"].append({"week": week, "day": day})
    return publish_job(api, term_id, resolve_on_base(api, term_id, base))


def page_as(api: Api, url: str, who: str, lang: str) -> str:
    """The web page at ``url`` as ``who``'s key reads it in ``lang``, entities unescaped."""
    from api.web.sources import KEY_COOKIE

    api.client.cookies.set(KEY_COOKIE, api.keys[who])
    api.client.cookies.set("lang", lang)
    try:
        r = api.client.get(url)
        assert r.status_code == 200, r.text
        return unescape(r.text)
    finally:
        api.client.cookies.clear()


#: Columns holding whole documents (megabytes each on a large term): scenarios, schedules,
#: a re-solve's reference, a scenario record's or a submission's document.
DOCUMENTS = frozenset({"scenario", "schedule", "reference", "document"})


@contextmanager
def columns_read(engine: Engine) -> Iterator[list[str]]:
    """The names of the result columns of every statement ``engine`` runs meanwhile: what a
    route loaded, whatever it then showed (a list route that loads whole rows answers
    quickly on a tiny term and takes seconds on a large one)."""
    names: list[str] = []

    def record(conn: Any, cursor: Any, *_: Any) -> None:
        names.extend(d[0] for d in cursor.description or ())

    event.listen(engine, "after_cursor_execute", record)
    try:
        yield names
    finally:
        event.remove(engine, "after_cursor_execute", record)
