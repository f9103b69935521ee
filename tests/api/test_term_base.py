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
from api.base_changes import base_changes, grid_changes
from tests.api.conftest import (
    Api,
    PublishTiny,
    check,
    open_tiny_term,
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
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, version = publish_tiny_term()
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
    check(
        scenario_of_job(api, solved["id"]),
        api.get(f"/api/v1/jobs/{solved['id']}/schedule").json(),
    )

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


def test_a_withdrawn_resource_still_shows_its_published_bookings(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, version = publish_tiny_term()
    sessions = version["schedule"]["sessions"]
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
    make_api: Callable[..., Api], publish_tiny_term: PublishTiny
) -> None:
    """What has happened stays: a base that closes a day gone by that held a session is
    refused; limiting a resource's availability to the weeks gone by is how to withdraw
    it, and warns about its later bookings."""
    api, term_id, v1 = publish_tiny_term()
    sessions = v1["schedule"]["sessions"]
    later = make_api(api.settings.db_url, today=dt.date(2026, 9, 13), extra_lead_days=1)
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


def test_mid_term_a_lower_capacity_that_days_gone_by_used_is_refused_naming_them(
    make_api: Callable[..., Api], publish_tiny_term: PublishTiny
) -> None:
    """Every rule counts, not only withdrawn resources: a capacity below what week 1
    held is refused with each booking named (the re-solve would have dropped them)."""
    api, term_id, v1 = publish_tiny_term()
    sessions = v1["schedule"]["sessions"]
    later = make_api(api.settings.db_url, today=dt.date(2026, 9, 13), extra_lead_days=1)
    base = tiny_base()
    for res in base["resources"]:
        if res["id"] == "weld-shop":
            res["capacity"] = 10
    r = later.put(_url(term_id), json=base)
    assert r.status_code == 409, r.text
    body = r.json()
    over = {
        f"sessions[{i}]"
        for i, s in enumerate(sessions)
        if s["week"] == 1
        and any(p["resource"] == "weld-shop" and p["headcount"] > 10 for p in s["parts"])
    }
    assert over  # the tiny term's welding groups (18 and 8 people) share the shop in week 1
    assert {e["path"].split(".")[0] for e in body["errors"]} == over
    assert all(
        e["loc"][0] == "schedule" and "“Welding workshop” (weld-shop) holds" in e["msg"]
        for e in body["errors"]
    )
    assert body["detail"].startswith(f"{len(over)} booking") and "capacity" in body["detail"]
    stored = later.get(f"/api/v1/terms/{term_id}").json()["base"]["resources"]
    assert next(r for r in stored if r["id"] == "weld-shop")["capacity"] == 20  # unchanged


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


def test_grid_changes_and_base_changes_read_the_documents() -> None:
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
    changes = base_changes(base, {**_with_lab(base), "calendar": {**cal, "weeks": 3}})
    assert changes == {
        "calendar": ["weeks"],
        "resources": {"added": ["cnc-lab-2"], "removed": [], "changed": []},
    }
    travel = base_changes(base, {**base, "travel": []})
    assert travel == {"travel": {"added": [], "removed": ["campus-a->campus-b"], "changed": []}}
