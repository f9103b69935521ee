"""An amended version is restated once, and a page reads its documents once.

Restating (the checker's scorer over the whole term) and deep-copying a large term's
documents took seconds, and the version route, the web timetable and the occupancy
look-ups each did it again: a planner's timetable page took 13 s on a generated L term.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from api import published_versions
from api.web.sources import KEY_COOKIE
from tests.api.conftest import (
    DOCUMENTS,
    Api,
    check,
    columns_read,
    open_tiny_term,
    publish_tiny,
    submit_tiny,
)

pytestmark = pytest.mark.timeout(180)

WELD = {"id": "r-b-more", "cohort": "b-weld-1", "sessions": 1, "duration": 1, "needs": ["welding"]}


def test_an_amended_version_is_restated_once(
    solving_api: Api, make_api: Callable[..., Api], monkeypatch: pytest.MonkeyPatch
) -> None:
    term = open_tiny_term(solving_api)
    submit_tiny(solving_api, term)
    publish_tiny(solving_api, term)
    extra = f"/api/v1/terms/{term}/institutions/col-b/extra-requests"
    r = solving_api.post(extra, "col-b", json=WELD)
    assert r.status_code == 201 and r.json()["outcome"] == "granted", r.text
    # read through an app of its own: the job runner's polls would be counted too
    api = make_api(solving_api.settings.db_url)
    restated: list[int] = []
    real = published_versions.restate

    def counted(scenario: dict[str, Any], schedule: dict[str, Any]) -> None:
        restated.append(1)
        real(scenario, schedule)

    monkeypatch.setattr(published_versions, "restate", counted)
    url = f"/api/v1/terms/{term}/versions/1"
    first = api.get(url).json()
    assert first["schedule"]["metrics"]["amended"] and restated == [1]
    check(api.get(f"{url}/scenario").json(), first["schedule"])
    assert api.get(url).json() == first and restated == [1]
    assert api.get(f"/api/v1/terms/{term}/schedule").json() == first and restated == [1]

    engine: Engine = api.app.state.session_factory.kw["bind"]
    # the version's scenario and schedule once, not once per use; an institution's page
    # asks the occupancy route for others' use of the resource, which reads the schedule
    for who, read in (
        ("planner", ["scenario", "schedule"]),
        ("col-b", ["scenario", "schedule", "schedule"]),
    ):
        api.client.cookies.set(KEY_COOKIE, api.keys[who])
        with columns_read(engine) as names:
            page = api.client.get(f"/terms/{term}/versions/1?view=resource&resource=weld-shop")
        api.client.cookies.clear()
        assert page.status_code == 200 and "r-b-more" in page.text, page.text
        assert sorted(n for n in names if n in DOCUMENTS) == read, who
    assert restated == [1]
