"""Replacing a term's base (``PUT /terms/{t}/base``): checked against the submissions,
the calendar's grid fixed once a version is published, the next re-solve on the new base."""

from __future__ import annotations

from typing import Any

from api.base_changes import base_changes, grid_changes, withdrawn_bookings
from tests.api.conftest import (
    Api,
    check,
    open_tiny_term,
    publish_tiny,
    scenario_of_job,
    submit_tiny,
    tiny_base,
)


def _url(term_id: int) -> str:
    return f"/api/v1/terms/{term_id}/base"


def _with_lab(base: dict[str, Any]) -> dict[str, Any]:
    lab = {
        "id": "cnc-lab-2",
        "name": "Second CNC lab",
        "kind": "lab",
        "owner": "col-b",
        "site": "campus-b",
        "capacity": 30,
        "features": ["cnc"],
    }
    return {**base, "resources": [*base["resources"], lab]}


def test_planner_replaces_the_base_before_publication(api: Api) -> None:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    new = {**_with_lab(tiny_base()), "name": "tiny, second lab"}
    r = api.put(_url(term_id), json=new)
    assert r.status_code == 200, r.text
    term = r.json()
    assert term["name"] == "tiny, second lab"
    assert [x["id"] for x in term["base"]["resources"]][-1] == "cnc-lab-2"
    assert term["warnings"] == []
    assert api.get(f"/api/v1/terms/{term_id}").json()["base"] == term["base"]
    [entry] = [e for e in api.get("/api/v1/audit").json() if e["action"] == "term.base"]
    assert entry["detail"]["changes"] == {
        "name": "changed",
        "resources": {"added": ["cnc-lab-2"], "removed": [], "changed": []},
    }
    for who in ("col-a", "viewer"):
        assert api.put(_url(term_id), who, json=new).status_code == 403
    assert api.put(_url(999), json=new).status_code == 404


def test_a_base_that_breaks_submissions_is_rejected_naming_them(api: Api) -> None:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    before = api.get(f"/api/v1/terms/{term_id}").json()["base"]
    # ent-x has submitted a cohort: taking the institution out would orphan it
    base = tiny_base()
    base["institutions"] = [i for i in base["institutions"] if i["id"] != "ent-x"]
    base["resources"] = [r for r in base["resources"] if r["owner"] != "ent-x"]
    base["instructors"] = [t for t in base["instructors"] if t["institution"] != "ent-x"]
    r = api.put(_url(term_id), json=base)
    assert r.status_code == 422, r.text
    paths = [e["path"] for e in r.json()["errors"]]
    assert any(p.startswith("cohorts[ent-x/x-staff]") for p in paths), paths
    assert all(e["loc"][0] == "term" for e in r.json()["errors"])
    # the base itself is checked first, with body paths; cohorts and requests stay out
    bad = tiny_base()
    bad["resources"][0]["owner"] = "nobody"
    r = api.put(_url(term_id), json=bad)
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "resources[0].owner"
    r = api.put(_url(term_id), json={**tiny_base(), "cohorts": [{"id": "c"}]})
    assert r.status_code == 422 and [e["path"] for e in r.json()["errors"]] == ["cohorts"]
    assert api.get(f"/api/v1/terms/{term_id}").json()["base"] == before


def test_after_publication_the_grid_stays_and_a_resolve_uses_the_new_base(
    solving_api: Api,
) -> None:
    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    version = publish_tiny(api, term_id)
    sessions = version["schedule"]["sessions"]
    assert sessions
    moved_monday = tiny_base()
    moved_monday["calendar"]["first_monday"] = "2026-09-14"
    r = api.put(_url(term_id), json=moved_monday)
    assert r.status_code == 409, r.text
    assert [e["path"] for e in r.json()["errors"]] == ["calendar.first_monday"]

    # close the day of the first published session: its booking cannot be kept
    first = min(sessions, key=lambda s: (s["week"], s["day"], s["slot"]))
    base = tiny_base()
    base["calendar"]["closed"] = [
        *base["calendar"]["closed"],
        {"week": first["week"], "day": first["day"]},
    ]
    on_that_day = sum(1 for s in sessions if (s["week"], s["day"]) == (first["week"], first["day"]))
    r = api.put(_url(term_id), json=base)
    assert r.status_code == 200, r.text
    messages = [w["msg"] for w in r.json()["warnings"]]
    assert any(m.startswith(f"{on_that_day} booking") for m in messages), messages
    assert any("version 1 stays as published" in m for m in messages), messages
    assert api.get(f"/api/v1/terms/{term_id}/versions/1").json()["schedule"] == version["schedule"]

    r = api.post(f"/api/v1/terms/{term_id}/versions/1/resolve", json={"options": {"time_limit": 5}})
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    scenario = scenario_of_job(api, job["id"])
    assert {"week": first["week"], "day": first["day"]} in scenario["calendar"]["closed"]
    schedule = api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    check(scenario, schedule)
    assert all((s["week"], s["day"]) != (first["week"], first["day"]) for s in schedule["sessions"])


def test_grid_changes_and_withdrawn_bookings_read_the_documents() -> None:
    base = tiny_base()
    cal = base["calendar"]
    assert grid_changes(cal, cal) == []
    assert grid_changes(cal, {**cal, "weeks": 9, "closed": []}) == []
    assert grid_changes(cal, {**cal, "slot_minutes": 45, "slot_times": ["08:00"]}) == [
        "slot_minutes",
        "slot_times",
    ]
    part = {"resource": "cnc-lab", "headcount": 20, "instructor": "t-li"}
    schedule = {
        "sessions": [
            {"week": 1, "day": 1, "slot": 1, "parts": [part]},
            {"week": 1, "day": 2, "slot": 1, "parts": [{**part, "resource": "gone"}]},
            {"week": 1, "day": 4, "slot": 1, "parts": [{**part, "instructor": "left"}]},
            {"week": 2, "day": 1, "slot": 1, "parts": [{**part, "instructor": None}]},
            {"week": 1, "day": 3, "slot": 1, "parts": [part]},  # a closed day
            {"week": 3, "day": 1, "slot": 1, "parts": [part]},  # beyond the weeks
        ],
        "placements": [
            {"resource": "post-x", "first_week": 2, "weeks": 1},
            {"resource": "post-x", "first_week": 2, "weeks": 2},
            {"resource": "gone", "first_week": 1, "weeks": 1},
        ],
    }
    assert withdrawn_bookings(schedule, base) == 4 + 2
    changes = base_changes(base, {**_with_lab(base), "calendar": {**cal, "weeks": 3}})
    assert changes == {
        "calendar": ["weeks"],
        "resources": {"added": ["cnc-lab-2"], "removed": [], "changed": []},
    }
    travel = base_changes(base, {**base, "travel": []})
    assert travel == {"travel": {"added": [], "removed": ["campus-a->campus-b"], "changed": []}}
