"""Joint sessions as their participants see them: a college's (or an enterprise's)
cohort sits in another institution's joint request, and its key saw none of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.web.sources import KEY_COOKIE
from tests.api.conftest import BEFORE_TERMS, add_keys, check, tiny_data
from tests.api.web.conftest import Site
from tests.api.web.test_pages import cells

JOINT = {"id": "r-joint", "title": "Joint safety briefing", "cohorts": ["b-weld-1", "x-staff"],
         "sessions": 1, "duration": 1}  # fmt: skip


@pytest.fixture(scope="module")
def joint_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The tiny term with col-b's joint request for its welders and ent-x's staff."""
    pytest.importorskip("solver.pipeline")
    from api.web.demo import publish_scenario

    data = tiny_data()
    data["requests"].append(JOINT)
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('joint')) / 'web.db'}"
    client = TestClient(create_app(Settings(db_url=url, today=BEFORE_TERMS), run_jobs=True))
    client.__enter__()
    try:
        keys = add_keys(url)
        client.headers.update({"Authorization": f"Bearer {keys['planner']}"})
        term, number, job = publish_scenario(client, data, solver="greedy")
        version = client.get(f"/api/v1/terms/{term}/versions/{number}").json()
        check(client.get(f"/api/v1/terms/{term}/versions/{number}/scenario").json(),
              version["schedule"])  # fmt: skip
        del client.headers["Authorization"]
        yield Site(client, keys, term, number, job, version)
    finally:
        client.__exit__(None, None, None)


def _joint_sessions(site: Site) -> list[dict[str, Any]]:
    sessions = [s for s in site.version["schedule"]["sessions"] if s["request"] == "col-b/r-joint"]
    assert sessions, "the joint request was not scheduled"
    return sessions


def test_the_participants_schedule_holds_the_joint_session(joint_site: Site) -> None:
    site = joint_site
    planned = _joint_sessions(site)
    url = f"/api/v1/terms/{site.term}/versions/{site.number}"
    headers = {"Authorization": f"Bearer {site.keys['ent-x']}"}
    mine = site.client.get(url, headers=headers).json()["schedule"]
    assert [s for s in mine["sessions"] if s["request"] == "col-b/r-joint"] == planned
    # nothing else of col-b's: only its own requests (plain ids) and the joint one
    assert {s["request"] for s in mine["sessions"]} <= {"r-x-weld", "col-b/r-joint"}
    owner = site.client.get(url, headers={"Authorization": f"Bearer {site.keys['col-b']}"})
    assert any(s["request"] == "r-joint" for s in owner.json()["schedule"]["sessions"])
    other = site.client.get(url, headers={"Authorization": f"Bearer {site.keys['col-a']}"})
    assert all("joint" not in s["request"] for s in other.json()["schedule"]["sessions"])


def test_the_participants_timetable_shows_the_joint_session(joint_site: Site) -> None:
    site = joint_site
    week = _joint_sessions(site)[0]["week"]
    page = site.page(f"{site.version_url}?view=cohort&cohort=x-staff&week={week}", who="ent-x")
    assert page.status_code == 200, page.text[:500]
    assert "col-b/r-joint" in {c[0] for c in cells(page.text).sessions}
    assert "Joint safety briefing" in page.text


def test_an_extra_blocked_by_the_joint_session_names_it(joint_site: Site) -> None:
    """Its messages hid the joint request as "another institution's item", though the
    institution sees that request in its schedule: it reads it by its title and
    qualified id, as its timetable shows it."""
    site = joint_site
    held = _joint_sessions(site)[0]
    window = [{"weeks": [held["week"]] * 2, "days": [held["day"]], "slots": [held["slot"]]}]
    url = f"/api/v1/terms/{site.term}/institutions/ent-x/extra-requests"
    body = {"id": "x-more", "cohort": "x-staff", "sessions": 1, "duration": 1, "window": window}
    r = site.client.post(url, json=body, headers={"Authorization": f"Bearer {site.keys['ent-x']}"})
    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["outcome"] == "rejected"
    (reason,) = answer["reasons"]
    assert "“Joint safety briefing” (col-b/r-joint)" in reason["message"], reason
    assert "“Joint safety briefing”（col-b/r-joint）" in reason["messages"]["zh"], reason
    assert "another institution" not in reason["message"]


def test_the_files_of_a_joint_session_hide_the_other_institutions_cohort(
    joint_site: Site,
) -> None:
    """col-b's file of its joint briefing named ent-x's cohort by its id ('ent-x/x-staff'
    in the cohorts column), which col-b's timetable shows only as another institution's
    cohort. Each file names the cohorts as the institution's page does: col-b's hides
    ent-x's staff; ent-x's names col-b's welders, whom its mentor teaches (a host is told
    whom it teaches, ``api.hosting``), and both hold the joint session."""
    import csv
    import io

    site = joint_site
    planned = {(s["week"], s["day"]) for s in _joint_sessions(site)}
    hidden = "another institution's item"
    for who, cohorts in (
        ("col-b", {"b-weld-1", hidden}),
        ("ent-x", {"x-staff", "col-b/b-weld-1"}),
    ):
        url = f"{site.version_url}/export/csv?institution={who}"
        site.client.cookies.set(KEY_COOKIE, site.keys[who])
        r = site.client.get(url)
        site.client.cookies.clear()
        assert r.status_code == 200, r.text
        text = r.content.decode("utf-8-sig")
        joint = [x for x in csv.DictReader(io.StringIO(text)) if x["request"].endswith("r-joint")]
        assert {(int(x["week"]), int(x["day"])) for x in joint} == planned, who
        assert all(set(x["cohorts"].split("; ")) == cohorts for x in joint), joint
        if who == "col-b":
            assert "x-staff" not in text
