"""List routes load only what they show: never a scenario, schedule or document.

On a large term each of those is megabytes: ``GET /jobs`` loading 60 whole jobs took
15 s where the listed fields take a fifth of a second. Timing cannot catch that on a
tiny term, so these tests look at the columns the database returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

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
