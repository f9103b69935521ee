"""Replacing a term's base (``PUT /terms/{t}/base``): checked against the submissions,
the calendar's grid fixed once a version is published, the next re-solve on the new base."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import api.routers.submissions as submissions_router
import api.routers.terms as terms_router
from api.base_changes import (
    base_changes,
    grid_changes,
    request_institutions,
    withdrawn_bookings,
)
from scheduler.models import Scenario
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
    # version 1 was published on the old base: extras wait for a version on the new one
    extra = {"id": "r-more", "cohort": "b-weld-1", "sessions": 1, "needs": ["cnc"]}
    r = api.post(f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "col-b", json=extra)
    assert r.status_code == 409 and "base changed after version 1" in r.json()["detail"]
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5})
    solved = api.wait_job(r.json()["id"])  # on this base: published below after a change?
    assert solved["status"] == "done"

    r = api.post(f"/api/v1/terms/{term_id}/versions/1/resolve", json={"options": {"time_limit": 5}})
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    scenario = scenario_of_job(api, job["id"])
    assert {"week": first["week"], "day": first["day"]} in scenario["calendar"]["closed"]
    schedule = api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    check(scenario, schedule)
    assert all((s["week"], s["day"]) != (first["week"], first["day"]) for s in schedule["sessions"])
    # a job solved before the next change cannot be published after it
    again = {**base, "resources": [*base["resources"]], "name": "tiny, renamed"}
    assert api.put(_url(term_id), json=again).status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job["id"]})
    assert r.status_code == 409 and "before the term's base last changed" in r.json()["detail"]
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": solved["id"]})
    assert r.status_code == 409
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5})
    fresh = api.wait_job(r.json()["id"])
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": fresh["id"]})
    assert r.status_code == 201, r.text
    r = api.post(f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "col-b", json=extra)
    assert r.status_code == 201, r.text  # extras are answered again, on the new base


def test_a_withdrawn_resource_still_shows_its_published_bookings(solving_api: Api) -> None:
    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    sessions = publish_tiny(api, term_id)["schedule"]["sessions"]
    base = tiny_base()
    shop = next(r for r in base["resources"] if r["id"] == "weld-shop")
    base["resources"] = [
        *(r for r in base["resources"] if r["id"] != "weld-shop"),
        {**shop, "id": "weld-shop-2", "name": "Second welding workshop"},
    ]
    r = api.put(_url(term_id), json=base)
    assert r.status_code == 200, r.text
    used = sum(p["resource"] == "weld-shop" for s in sessions for p in s["parts"])
    assert used > 0
    assert any(w["msg"].startswith(f"{used} booking") for w in r.json()["warnings"])
    r = api.get(f"/api/v1/terms/{term_id}/occupancy", params={"resource": "weld-shop"})
    assert r.status_code == 200, r.text
    assert len(r.json()["busy"]) == sum(
        s["duration"] for s in sessions for p in s["parts"] if p["resource"] == "weld-shop"
    )
    r = api.get(f"/api/v1/terms/{term_id}/occupancy", params={"resource": "weld-shop-2"})
    assert r.status_code == 200 and r.json()["busy"] == []


def test_mid_term_the_base_keeps_what_days_gone_by_used(
    make_api: Callable[..., Api], db_url: str
) -> None:
    """What has happened stays: a base that closes a day gone by that held a session is
    refused; limiting a resource's availability to the weeks gone by is how to withdraw
    it, and warns about its later bookings."""
    api = make_api(db_url, run_jobs=True, job_grace_seconds=5.0)
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    sessions = publish_tiny(api, term_id)["schedule"]["sessions"]
    later = make_api(db_url, today=dt.date(2026, 9, 13), extra_lead_days=1)  # from week 2
    first = min((s for s in sessions if s["week"] == 1), key=lambda s: (s["day"], s["slot"]))
    base = tiny_base()
    base["calendar"]["closed"] = [*base["calendar"]["closed"], {"week": 1, "day": first["day"]}]
    r = later.put(_url(term_id), json=base)
    assert r.status_code == 409, r.text
    assert "days gone by" in r.json()["detail"] and "'available' weeks" in r.json()["detail"]
    gone = first["parts"][0]["resource"]
    # limiting its availability to week 1 keeps the past and frees week 2
    base = tiny_base()
    for res in base["resources"]:
        if res["id"] == gone:
            res["available"] = [{"weeks": [1, 1]}]
    r = later.put(_url(term_id), json=base)
    week_2 = sum(s["week"] == 2 and s["parts"][0]["resource"] == gone for s in sessions)
    assert r.status_code == 200, r.text
    assert week_2 > 0  # the tiny term uses its labs in both weeks
    messages = [w["msg"] for w in r.json()["warnings"]]
    assert any(m.startswith(f"{week_2} booking") for m in messages), messages


def _slowed(module: Any, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """``module``'s composition check takes ``seconds`` longer, as on a large term."""
    real = module.check_composition

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "check_composition", slow)


def _welding_moved(base: dict[str, Any]) -> dict[str, Any]:
    """The base with 'weld-shop' replaced by 'weld-2' (the term still validates)."""
    shop = next(r for r in base["resources"] if r["id"] == "weld-shop")
    others = [r for r in base["resources"] if r["id"] != "weld-shop"]
    return {**base, "resources": [*others, {**shop, "id": "weld-2"}]}


_NAMES_THE_SHOP = {
    "id": "r-b-shop",
    "cohort": "b-weld-1",
    "sessions": 1,
    "needs": ["welding"],
    "resources": ["weld-shop"],
}


@pytest.mark.parametrize("slow", ["base", "submission"])
def test_a_base_change_and_a_submission_at_once_never_both_land_broken(
    api: Api, monkeypatch: pytest.MonkeyPatch, slow: str
) -> None:
    """A new base that withdraws 'weld-shop' and a request naming it, checked at the
    same time: whichever check is under way when the other write lands checks again, so
    the term always validates on its base (both used to land, each checked against the
    other's earlier state, and the next solve failed)."""
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    _slowed(terms_router if slow == "base" else submissions_router, monkeypatch, 1.0)
    answers: dict[str, Any] = {}

    def first() -> None:
        if slow == "base":
            answers["base"] = api.put(_url(term_id), json=_welding_moved(tiny_base()))
        else:
            url = f"/api/v1/terms/{term_id}/institutions/col-b/requests"
            answers["request"] = api.post(url, "col-b", json=_NAMES_THE_SHOP)

    thread = threading.Thread(target=first)
    thread.start()
    time.sleep(0.3)  # the slow check is under way
    if slow == "base":
        url = f"/api/v1/terms/{term_id}/institutions/col-b/requests"
        answers["request"] = api.post(url, "col-b", json=_NAMES_THE_SHOP)
    else:
        answers["base"] = api.put(_url(term_id), json=_welding_moved(tiny_base()))
    thread.join()
    codes = (answers["base"].status_code, answers["request"].status_code)
    # the slow one checks again and loses (or, on a slow machine, the other came late
    # and was checked against it): exactly one lands
    assert codes in ((422, 201), (200, 422)), [a.text for a in answers.values()]
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 1})
    assert r.status_code == 202, r.text  # the term validates on its base


def test_grid_changes_and_withdrawn_bookings_read_the_documents() -> None:
    base = tiny_base()
    cal = base["calendar"]
    assert grid_changes(cal, cal) == []
    assert grid_changes(cal, {**cal, "weeks": 9, "closed": []}) == []
    # the default times written out are the same grid
    assert grid_changes(cal, {**cal, "slot_times": ["08:00", "09:30", "11:00", "12:30"]}) == []
    assert grid_changes(cal, {**cal, "slot_minutes": 45}) == ["slot_minutes", "slot_times"]
    assert grid_changes(cal, {**cal, "slot_times": ["08:00", "09:30", "11:00", "14:00"]}) == [
        "slot_times"
    ]
    resources = base["resources"]
    resources[0]["available"] = [{"weeks": [1, 1]}]  # cnc-lab only in week 1
    scenario = Scenario.model_validate({**base, "cohorts": [], "requests": []})
    part = {"resource": "cnc-lab", "headcount": 20, "instructor": "t-li"}
    sessions = [
        # (session, its 0-based term day when the base no longer allows it)
        ({"week": 1, "day": 1, "slot": 1, "parts": [part]}, None),
        ({"week": 1, "day": 2, "slot": 1, "parts": [{**part, "resource": "gone"}]}, 1),
        ({"week": 1, "day": 4, "slot": 1, "parts": [{**part, "instructor": "left"}]}, 3),
        ({"week": 1, "day": 5, "slot": 4, "duration": 2, "parts": [part]}, 4),  # past the day
        ({"week": 1, "day": 3, "slot": 1, "parts": [part]}, 2),  # a closed day
        ({"week": 2, "day": 1, "slot": 1, "parts": [part]}, 5),  # cnc-lab unavailable
        ({"week": 2, "day": 1, "slot": 1, "parts": [{**part, "resource": "weld-shop"}]}, None),
        ({"week": 3, "day": 1, "slot": 1, "parts": [part]}, 10),  # beyond the weeks
    ]
    placements = [
        ({"resource": "post-x", "first_week": 2, "weeks": 1}, None),
        ({"resource": "post-x", "first_week": 2, "weeks": 2}, 5),
        ({"resource": "gone", "first_week": 1, "weeks": 1}, 0),
    ]
    schedule = {"sessions": [s for s, _ in sessions], "placements": [p for p, _ in placements]}
    lost = [day for _, day in sessions + placements if day is not None]
    for before in (0, 3, 5, 11):
        assert withdrawn_bookings(schedule, scenario, before_day=before) == (
            sum(d < before for d in lost),
            sum(d >= before for d in lost),
        )
    changes = base_changes(base, {**_with_lab(base), "calendar": {**cal, "weeks": 3}})
    assert changes == {
        "calendar": ["weeks"],
        "resources": {"added": ["cnc-lab-2"], "removed": [], "changed": []},
    }
    travel = base_changes(base, {**base, "travel": []})
    assert travel == {"travel": {"added": [], "removed": ["campus-a->campus-b"], "changed": []}}


def test_withdrawn_bookings_read_open_to_and_owner_windows() -> None:
    base = tiny_base()
    for res in base["resources"]:
        if res["id"] == "cnc-lab":
            res["open_to"] = []  # col-a's own cohorts only
        if res["id"] == "weld-shop":
            res["owner_windows"] = [{"days": [1]}]  # Mondays are col-b's
    scenario = Scenario.model_validate({**base, "cohorts": [], "requests": []})
    institutions = {"r-a": {"col-a"}, "r-b": {"col-b"}, "r-x": {"ent-x"}}

    def session(request: str, resource: str, day: int) -> dict[str, Any]:
        part = {"resource": resource, "headcount": 10}
        return {"request": request, "week": 1, "day": day, "slot": 1, "parts": [part]}

    schedule = {
        "sessions": [
            session("r-a", "cnc-lab", 2),  # the owner
            session("r-b", "cnc-lab", 2),  # no longer open to col-b (day 1)
            session("r-x", "weld-shop", 1),  # a Monday kept for col-b (day 0)
            session("r-b", "weld-shop", 1),  # col-b's own Monday
            session("r-x", "weld-shop", 2),  # outside the owner's windows
            session("r-gone", "cnc-lab", 2),  # a request no longer known: not read
        ]
    }
    assert withdrawn_bookings(schedule, scenario, 1, institutions) == (1, 1)
    assert withdrawn_bookings(schedule, scenario, 2, institutions) == (2, 0)
    assert withdrawn_bookings(schedule, scenario, 2) == (0, 0)  # sharing rules unread
    published = {
        "cohorts": [{"id": "a", "institution": "col-a"}, {"id": "x", "institution": "ent-x"}],
        "requests": [{"id": "r-a", "cohort": "a"}, {"id": "r-j", "cohorts": ["a", "x"]}],
    }
    assert request_institutions(published) == {"r-a": {"col-a"}, "r-j": {"col-a", "ent-x"}}
