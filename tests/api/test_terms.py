"""The institution workflow: open a term, submit, close, solve, publish, extra requests,
minimal-perturbation re-solve."""

from __future__ import annotations

import json

import pytest
from pytest import MonkeyPatch
from sqlalchemy import select

from api.db import make_engine, make_session_factory
from api.db.models import ScheduleVersion
from tests.api.conftest import (
    Api,
    check,
    open_tiny_term,
    publish_tiny,
    scenario_of_job,
    submit_tiny,
    tiny_base,
    tiny_data,
)


def test_term_base_is_validated_and_holds_no_submissions(api: Api) -> None:
    with_cohorts = tiny_data()
    r = api.post("/api/v1/terms", json=with_cohorts)
    assert r.status_code == 422
    assert {e["path"] for e in r.json()["errors"]} == {"cohorts", "requests"}
    bad = tiny_base()
    bad["resources"][0]["owner"] = "nobody"
    r = api.post("/api/v1/terms", json=bad)
    assert r.status_code == 422
    assert r.json()["errors"][0]["path"] == "resources[0].owner"
    # an institution id with '/' could never be told from its items ('col-a/x/a1')
    slashed = json.loads(json.dumps(tiny_base()).replace('"ent-x"', '"ent/x"'))
    r = api.post("/api/v1/terms", json=slashed)
    assert r.status_code == 422, r.text
    assert [e["path"] for e in r.json()["errors"]] == ["institutions[2].id"]
    assert api.post("/api/v1/terms", "col-a", json=tiny_base()).status_code == 403
    term_id = open_tiny_term(api)
    term = api.get(f"/api/v1/terms/{term_id}", "col-a").json()
    assert term["status"] == "open" and term["latest_version"] is None
    assert [i["id"] for i in term["base"]["institutions"]] == ["col-a", "col-b", "ent-x"]


def test_a_long_list_of_bad_items_answers_a_few_errors_and_a_count(api: Api) -> None:
    """A 129 KB cohort with 20,000 days out of range took 19 s (quadratic deduplication on
    the event loop: every other request waited): a few errors name their items, one
    counts the rest."""
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    days = list(range(1, 20_001))
    r = api.post(
        f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20, "available": [{"days": days}]}
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert [e["path"] for e in errors[:5]] == [f"available[0].days[{k}]" for k in range(7, 12)]
    assert errors[-1]["path"] == "available[0].days"
    assert errors[-1]["msg"].startswith("19,988 more items, from available[0].days[12] to")
    assert len(errors) == 6


def test_submissions_are_checked_like_a_scenario(api: Api) -> None:
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    r = api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 0})
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "loc": ["body", "size"],
        "path": "size",
        "msg": "must be at least 1 (got 0)",
        "messages": {"zh": "不能小于 1（收到 0）。"},
    }
    assert api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20}).status_code == 201
    assert api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20}).status_code == 409
    # A request naming a cohort the institution does not have.
    r = api.post(
        f"{url}/requests",
        "col-a",
        json={"id": "r1", "cohort": "ghost", "sessions": 1, "needs": ["cnc"]},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["path"] == "cohort" and "ghost" in r.json()["errors"][0]["msg"]
    assert "col-a/" not in r.text
    r = api.post(
        f"{url}/requests",
        "col-a",
        json={"id": "r1", "cohort": "a1", "sessions": 2, "needs": ["cnc"]},
    )
    assert r.status_code == 201
    # Replace, then delete: a cohort still used by a request cannot go.
    r = api.put(
        f"{url}/requests/r1",
        "col-a",
        json={"id": "r1", "cohort": "a1", "sessions": 1, "needs": ["cnc"]},
    )
    assert r.status_code == 200 and r.json()["document"]["sessions"] == 1
    assert (
        api.put(
            f"{url}/requests/r1", "col-a", json={"id": "r2", "cohort": "a1", "sessions": 1}
        ).status_code
        == 422
    )
    r = api.delete(f"{url}/cohorts/a1", "col-a")
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "cohort 'a1' is still used by request(s) 'r1': change or withdraw them first"
    )
    assert api.delete(f"{url}/requests/r1", "col-a").status_code == 204
    assert api.delete(f"{url}/cohorts/a1", "col-a").status_code == 204
    assert api.get(f"{url}/cohorts", "col-a").json() == []


def test_a_key_given_twice_in_a_submission_is_refused_not_half_kept(api: Api) -> None:
    # JSON keeps the last value: a cohort of 5 was stored as 25 without a word
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts"
    body = b'{"id": "a1", "size": 5, "size": 25}'
    headers = {**api.as_("col-a"), "Content-Type": "application/json"}
    r = api.client.post(url, content=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "loc": ["body", "size"],
            "path": "size",
            "msg": "key 'size' is given more than once (only one value is allowed)",
            "messages": {"zh": "“size”出现了不止一次（只能有一个值）。"},
        }
    ]
    assert api.get(url, "col-a").json() == []


def test_the_same_new_id_posted_twice_at_once_is_409_not_500(
    api: Api, monkeypatch: MonkeyPatch
) -> None:
    # both requests find no row of that id before either saves: the database refuses
    # the second (an IntegrityError, answered 500 before)
    import api.routers.submissions as submissions

    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts"
    assert api.post(url, "col-a", json={"id": "race", "size": 5}).status_code == 201
    monkeypatch.setattr(submissions, "_row", lambda *args: None)
    r = api.post(url, "col-a", json={"id": "race", "size": 7})
    assert r.status_code == 409, r.text
    assert r.json()["detail"] == "cohort 'race' already exists; PUT to change it"
    assert [c["document"]["size"] for c in api.get(url, "col-a").json()] == [5]


def test_text_that_cannot_be_stored_is_refused_before_anything_is_kept(api: Api) -> None:
    """A title cut inside an emoji (a lone surrogate, as JavaScript writes it) or a NUL
    in an id: 422 naming the field, nothing stored, the lists still readable."""
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    cohort = {"id": "a1", "size": 20, "name": "CNC \udc80"}
    r = api.post(f"{url}/cohorts", "col-a", content=json.dumps(cohort))  # "\\udc80" as sent
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["path"] == "name"
    assert "half of a character pair" in r.json()["errors"][0]["msg"]
    r = api.post(f"{url}/cohorts", "col-a", json={"id": "a\x00b", "size": 20})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "id", r.text
    assert api.get(f"{url}/cohorts", "col-a").json() == []
    assert api.post(f"{url}/cohorts", "col-a", json={"id": "a1", "size": 20}).status_code == 201
    request = {"id": "r1", "cohort": "a1", "sessions": 1, "needs": ["cnc"], "title": "\udc80"}
    r = api.post(f"{url}/requests", "col-a", content=json.dumps(request))
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "title", r.text
    assert api.get(f"{url}/requests", "col-a").json() == []


def test_close_and_reopen_refuse_a_body_they_would_not_read(api: Api) -> None:
    term_id = open_tiny_term(api)
    for action in ("close", "reopen"):
        r = api.post(f"/api/v1/terms/{term_id}/{action}", content=b"this is not json")
        assert r.status_code == 422 and "takes no body" in r.json()["detail"], r.text
    assert api.get(f"/api/v1/terms/{term_id}").json()["status"] == "open"
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200


def test_closed_term_refuses_institution_writes_but_not_the_planner(api: Api) -> None:
    term_id = open_tiny_term(api)
    url = f"/api/v1/terms/{term_id}/institutions/col-a/cohorts"
    assert api.post(f"/api/v1/terms/{term_id}/solve").status_code == 409  # still open
    assert api.post(f"/api/v1/terms/{term_id}/close", "col-a").status_code == 403
    assert api.post(f"/api/v1/terms/{term_id}/close").json()["status"] == "closed"
    assert api.post(url, "col-a", json={"id": "late", "size": 5}).status_code == 409
    assert api.post(url, json={"id": "by-planner", "size": 5}).status_code == 201
    assert api.post(url, "viewer", json={"id": "v", "size": 5}).status_code == 403
    assert api.post(f"/api/v1/terms/{term_id}/reopen").json()["status"] == "open"
    assert api.post(url, "col-a", json={"id": "late", "size": 5}).status_code == 201


def test_whole_workflow(solving_api: Api) -> None:
    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    assert api.get(f"/api/v1/terms/{term_id}").json()["requests"] == 5
    assert api.get(f"/api/v1/terms/{term_id}", "col-b").json()["requests"] == 2
    v1 = publish_tiny(api, term_id)
    assert v1["number"] == 1 and v1["parent"] is None
    solved = scenario_of_job(api, v1["job_id"])
    check(solved, v1["schedule"])
    assert {s["request"] for s in v1["schedule"]["sessions"]} >= {"col-a/r-a-cnc", "col-b/r-b-weld"}
    # Publishing the same job twice is refused; versions are listed.
    again = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": v1["job_id"]})
    assert again.status_code == 409
    assert [v["number"] for v in api.get(f"/api/v1/terms/{term_id}/versions", "col-a").json()] == [
        1
    ]

    # An institution sees its own sessions, with its own ids.
    mine = api.get(f"/api/v1/terms/{term_id}/versions/1", "col-b").json()["schedule"]
    assert {s["request"] for s in mine["sessions"]} <= {"r-b-cnc", "r-b-weld"}
    assert mine["sessions"] and "objective" not in mine and "metrics" not in mine

    # Anonymous occupancy of the shared CNC lab.
    occ = api.get(
        f"/api/v1/terms/{term_id}/occupancy", "col-b", params={"resource": "cnc-lab"}
    ).json()
    lab_slots = sum(
        s["duration"]
        for s in v1["schedule"]["sessions"]
        for p in s["parts"]
        if p["resource"] == "cnc-lab"
    )
    assert len(occ["busy"]) == lab_slots and occ["version"] == 1
    assert set(occ["busy"][0]) == {"week", "day", "slot", "used"}
    assert (
        api.get(
            f"/api/v1/terms/{term_id}/occupancy", "col-b", params={"resource": "nope"}
        ).status_code
        == 404
    )

    # A mid-term extra request, answered at once, moving nobody.
    extra = {
        "id": "r-b-more",
        "cohort": "b-weld-1",
        "title": "One more welding session",
        "sessions": 1,
        "duration": 1,
        "needs": ["welding"],
    }
    r = api.post(f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "col-b", json=extra)
    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["outcome"] == "granted" and answer["version"] == 1
    assert [s["request"] for s in answer["sessions"]] == ["r-b-more"]
    after = api.get(f"/api/v1/terms/{term_id}/schedule").json()
    assert after["number"] == 1 and after["amendments"] == 1
    published = {(s["request"], s["index"]): s for s in v1["schedule"]["sessions"]}
    now = {(s["request"], s["index"]): s for s in after["schedule"]["sessions"]}
    assert all(now[k] == s for k, s in published.items())  # nothing moved
    assert ("col-b/r-b-more", 1) in now
    effective = dict(
        solved,
        requests=[
            *solved["requests"],
            {**extra, "id": "col-b/r-b-more", "cohort": "col-b/b-weld-1"},
        ],
    )
    check(effective, after["schedule"])
    # The same id again is refused; an impossible request gets reasons and alternatives.
    r = api.post(f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "col-b", json=extra)
    assert r.status_code == 409
    huge = {
        "id": "r-b-huge",
        "cohort": "b-weld-1",
        "sessions": 30,
        "duration": 2,
        "needs": ["welding"],
        "window": [{"weeks": [1, 1]}],
    }
    r = api.post(f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "col-b", json=huge)
    assert r.status_code == 201
    answer = r.json()
    assert answer["outcome"] in ("partial", "rejected")
    assert answer["reasons"] and answer["reasons"][0]["missing"] > 0
    assert "col-b/" not in r.text and "col-a/" not in r.text and "ent-x/" not in r.text
    assert (
        api.post(
            f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests", "viewer", json=extra
        ).status_code
        == 403
    )

    # Minimal-perturbation re-solve: a new version that lists what moved.
    r = api.post(
        f"/api/v1/terms/{term_id}/versions/1/resolve",
        json={"move_penalty": 1000, "options": {"time_limit": 10}},
    )
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    assert job["moved"] is not None and job["reference_version"] == 1
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201
    v2 = api.get(f"/api/v1/terms/{term_id}/versions/2").json()
    assert v2["parent"] == 1 and v2["moved"] == job["moved"]
    check(scenario_of_job(api, job["id"]), v2["schedule"])
    assert ("col-b/r-b-more", 1) in {(s["request"], s["index"]) for s in v2["schedule"]["sessions"]}

    # Published versions are immutable, even to code that tries.
    from api.db.models import ImmutableError

    engine = make_engine(api.settings.db_url)
    with make_session_factory(engine)() as s:
        row = s.scalar(select(ScheduleVersion).where(ScheduleVersion.number == 1))
        assert row is not None
        row.schedule = {"sessions": []}
        with pytest.raises(ImmutableError):
            s.commit()
    engine.dispose()
    assert api.get(f"/api/v1/terms/{term_id}/versions/1").json()["schedule"]["sessions"]


def test_publish_needs_a_finished_job_of_the_term(api: Api) -> None:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    api.post(f"/api/v1/terms/{term_id}/close")
    job_id = api.post(f"/api/v1/terms/{term_id}/solve").json()["id"]
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job_id})
    assert r.status_code == 409  # still queued (no runner here)
    assert api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": 999}).status_code == 404
    # strict like the solve options: true is not job 1, "yes" is not true, "5" not 5
    for body in (
        {"job_id": True},
        {"job_id": str(job_id)},
        {"job_id": job_id, "allow_unmet_required": "yes"},
    ):
        r = api.post(f"/api/v1/terms/{term_id}/versions", json=body)
        assert r.status_code == 422, (body, r.text)
    for body in ({"move_penalty": True}, {"move_penalty": "5000"}):
        r = api.post(f"/api/v1/terms/{term_id}/versions/1/resolve", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["errors"][0]["path"] == "move_penalty"
    assert api.get(f"/api/v1/terms/{term_id}/schedule").status_code == 409
    r = api.post(
        f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests",
        "col-a",
        json={"id": "x", "cohort": "a-cnc-1", "sessions": 1},
    )
    assert r.status_code == 409
