"""List routes load only what they show: never a scenario, schedule or document.

On a large term each of those is megabytes: ``GET /jobs`` loading 60 whole jobs took
15 s where the listed fields take a fifth of a second. Timing cannot catch that on a
tiny term, so these tests look at the columns the database returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from api.db import session_scope
from api.db.models import Amendment, ScheduleVersion
from api.jobs.service import new_job
from api.web.sources import KEY_COOKIE
from tests.api.conftest import (
    DOCUMENTS,
    Api,
    check,
    columns_read,
    open_tiny_term,
    publish_tiny,
    scenario_of_job,
    submit_tiny,
    tiny_data,
)

pytestmark = pytest.mark.timeout(180)


def _read(api: Api, url: str) -> tuple[Any, list[str]]:
    """The answer of ``url`` (as the planner) and the documents the route read, once each
    time it read one."""
    engine: Engine = api.app.state.session_factory.kw["bind"]
    with columns_read(engine) as names:
        r = api.get(url)
    assert r.status_code == 200, r.text
    return r.json(), [n for n in names if n in DOCUMENTS]


def test_lists_read_no_documents(solving_api: Api, make_api: Callable[..., Api]) -> None:
    term = open_tiny_term(solving_api)
    submit_tiny(solving_api, term)
    publish_tiny(solving_api, term)  # a term job with its schedule, and version 1
    url = f"/api/v1/terms/{term}/versions"
    options = {"time_limit": 5, "workers": 1, "seed": 1}
    resolve = solving_api.wait_job(
        solving_api.post(f"{url}/1/resolve", json={"options": options}).json()["id"]
    )
    assert resolve["status"] == "done", resolve
    check(
        scenario_of_job(solving_api, resolve["id"]),
        solving_api.get(f"/api/v1/jobs/{resolve['id']}/schedule").json(),
    )
    assert solving_api.post(url, json={"job_id": resolve["id"]}).status_code == 201
    assert solving_api.post("/api/v1/scenarios", json=tiny_data()).status_code == 201
    # read through an app of its own: the job runner's polls would be counted too
    api = make_api(solving_api.settings.db_url)

    jobs, read = _read(api, "/api/v1/jobs")
    assert read == []
    name = tiny_data()["name"]
    assert [(j["name"], j["has_schedule"], j["reference_version"]) for j in jobs] == [
        (name, True, 1),
        (name, True, None),
    ]
    job, read = _read(api, f"/api/v1/jobs/{resolve['id']}")
    assert read == [] and job["has_schedule"] and job["name"] == name
    terms, read = _read(api, "/api/v1/terms")
    assert read == [] and terms[0]["latest_version"] == 2
    one, read = _read(api, f"/api/v1/terms/{term}")
    assert read == [] and one["latest_version"] == 2
    versions, read = _read(api, url)
    assert read == [] and [(v["number"], v["parent"]) for v in versions] == [(1, None), (2, 1)]
    scenarios, read = _read(api, "/api/v1/scenarios")
    assert read == [] and [s["name"] for s in scenarios] == [name]
    # a version names its parent without reading the parent's documents
    v2, read = _read(api, f"{url}/2")
    assert sorted(read) == ["scenario", "schedule"] and v2["parent"] == 1
    # a re-solve's page shows its scenario and schedule, not the version it started from
    api.client.cookies.set(KEY_COOKIE, api.keys["planner"])
    with columns_read(api.app.state.session_factory.kw["bind"]) as names:
        page = api.client.get(f"/jobs/{resolve['id']}")
    assert page.status_code == 200
    assert sorted(n for n in names if n in DOCUMENTS) == ["scenario", "schedule"]


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[str]]:
    """The statements ``engine`` runs meanwhile."""
    run: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        run.append(statement)

    event.listen(engine, "after_cursor_execute", record)
    try:
        yield run
    finally:
        event.remove(engine, "after_cursor_execute", record)


def _queries(api: Api, url: str, who: str) -> tuple[Any, int]:
    """The answer of ``url`` (as ``who``) and how many statements the route ran."""
    with statements_run(api.app.state.session_factory.kw["bind"]) as run:
        r = api.get(url, who=who)
    assert r.status_code == 200, r.text
    return r.json(), len(run)


def _add_version(api: Api, term: int, parent: int | None, extras: list[str]) -> int:
    """A version of ``term`` (documents left empty: only its header is listed) with an
    amendment by each institution in ``extras``; its id."""
    with session_scope(api.app.state.session_factory) as s:
        job = new_job(s, kind="term", scenario={}, options={}, created_by="test", term_id=term)
        latest = select(func.max(ScheduleVersion.number)).where(ScheduleVersion.term_id == term)
        number = 1 + (s.scalar(latest) or 0)
        v = ScheduleVersion(
            term_id=term,
            number=number,
            job_id=job.id,
            parent_id=parent,
            scenario={},
            schedule={},
            created_by="test",
        )
        s.add(v)
        s.flush()
        for seq, institution in enumerate(extras, 1):
            s.add(
                Amendment(
                    version_id=v.id,
                    seq=seq,
                    institution=institution,
                    request={},
                    outcome="rejected",
                    sessions=[],
                    placements=[],
                    reasons=[],
                    alternatives=[],
                    created_by="test",
                )
            )
        return v.id


@pytest.mark.parametrize("who", ["planner", "col-a"])
def test_lists_count_in_one_query(api: Api, who: str) -> None:
    """GET /terms and GET .../versions ran a count per term (cohorts, requests, latest
    version) and per version (parent, amendments): the statements grew with the list."""
    first = open_tiny_term(api)
    submit_tiny(api, first)
    _, one_term = _queries(api, "/api/v1/terms", who)
    for _ in range(2):
        submit_tiny(api, open_tiny_term(api))
    v1 = _add_version(api, first, None, ["col-a", "col-b"])
    url = f"/api/v1/terms/{first}/versions"
    _, one_version = _queries(api, url, who)
    v2 = _add_version(api, first, v1, ["col-a", "col-a", "ent-x"])
    _add_version(api, first, v2, [])
    terms, three_terms = _queries(api, "/api/v1/terms", who)
    versions, three_versions = _queries(api, url, who)
    assert (three_terms, three_versions) == (one_term, one_version)
    cohorts, requests = {"planner": (3, 5), "col-a": (1, 2)}[who]  # col-a's own only
    assert [(t["latest_version"], t["cohorts"], t["requests"]) for t in terms] == [
        (3, cohorts, requests),
        (None, cohorts, requests),
        (None, cohorts, requests),
    ]
    amendments = {"planner": [2, 3, 0], "col-a": [1, 2, 0]}[who]
    assert [(v["number"], v["parent"], v["amendments"]) for v in versions] == [
        (1, None, amendments[0]),
        (2, 1, amendments[1]),
        (3, 2, amendments[2]),
    ]
