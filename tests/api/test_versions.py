"""Versions and extra requests: what an institution is told, and ids that stay unique."""

from __future__ import annotations

from typing import Any

from scheduler.io import scenario_digest
from scheduler.models import Scenario
from tests.api.conftest import (
    Api,
    PublishTiny,
    check,
    open_tiny_term,
    publish_tiny,
    scenario_of_job,
    submit_tiny,
)

WELD = {"cohort": "b-weld-1", "sessions": 1, "duration": 1, "needs": ["welding"]}


def _publish_checked(api: Api, term_id: int, job_id: int) -> int:
    """Publish ``job_id`` as the next version; that version's scenario and schedule, as
    the API serves them, pass the independent checker. Returns its number."""
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": job_id})
    assert r.status_code == 201, r.text
    url = f"/api/v1/terms/{term_id}/versions/{r.json()['number']}"
    check(api.get(f"{url}/scenario").json(), api.get(url).json()["schedule"])
    return int(r.json()["number"])


def _refused(r: Any, path: str, msg: str, zh: str | None = None) -> None:
    """A 422 naming one field of the body (in Chinese too, ``zh``, when given)."""
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert {k: v for k, v in error.items() if k != "messages"} == {
        "loc": ["body", path],
        "path": path,
        "msg": msg,
    }
    if zh is not None:
        assert error["messages"] == {"zh": zh}


def _extra(api: Api, term_id: int, request_id: str) -> Any:
    url = f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"
    return api.post(url, "col-b", json={"id": request_id, **WELD})


def test_version_list_counts_only_the_institutions_own_amendments(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, _ = publish_tiny_term()
    for n in range(2):
        assert _extra(api, term_id, f"r-b-more-{n}").status_code == 201
    url = f"/api/v1/terms/{term_id}/versions"
    assert [v["amendments"] for v in api.get(url, "col-a").json()] == [0]
    assert [v["amendments"] for v in api.get(url, "col-b").json()] == [2]
    assert [v["amendments"] for v in api.get(url).json()] == [2]
    assert api.get(f"{url}/1", "col-a").json()["amendments"] == 0


def test_an_institution_numbers_only_its_own_amendments(
    publish_tiny_term: PublishTiny,
) -> None:
    """Shared amendment numbers would tell col-a how many extra requests col-b made
    before and between its own; so would the status, which granted extras turn from
    'optimal' to 'feasible' (both audit findings)."""
    api, term_id, v1 = publish_tiny_term()
    published = v1["schedule"]["status"]
    version = f"/api/v1/terms/{term_id}/versions/1"
    assert api.get(version, "col-a").json()["schedule"]["status"] == published
    assert _extra(api, term_id, "r-b-more").json()["outcome"] == "granted"
    assert api.get(version, "col-a").json()["schedule"]["status"] == published
    assert (
        api.get(f"/api/v1/terms/{term_id}/schedule", "col-a").json()["schedule"]["status"]
        == published
    )
    url = f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests"
    extra = {"id": "r-a-more", "cohort": "a-cnc-1", "sessions": 1, "needs": ["cnc"]}
    answer = api.post(url, "col-a", json=extra)
    assert answer.status_code == 201, answer.text
    assert (answer.json()["id"], answer.json()["seq"]) == (None, 1)
    mine = api.get(f"/api/v1/terms/{term_id}/versions/1", "col-a").json()["amendment_list"]
    assert [(a["request"], a["id"], a["seq"]) for a in mine] == [("r-a-more", None, 1)]
    every = api.get(f"/api/v1/terms/{term_id}/versions/1").json()["amendment_list"]
    assert [(a["request"], a["seq"]) for a in every] == [
        ("col-b/r-b-more", 1),
        ("col-a/r-a-more", 2),
    ]
    assert all(isinstance(a["id"], int) for a in every)


def test_an_extra_request_may_not_reuse_a_published_id(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, v1 = publish_tiny_term()
    assert "col-b/r-b-cnc" in {s["request"] for s in v1["schedule"]["sessions"]}
    assert api.post(f"/api/v1/terms/{term_id}/reopen").status_code == 200
    r = api.delete(f"/api/v1/terms/{term_id}/institutions/col-b/requests/r-b-cnc", "col-b")
    assert r.status_code == 204, r.text
    r = _extra(api, term_id, "r-b-cnc")
    assert r.status_code == 409, r.text
    body = r.json()
    assert [e["path"] for e in body["errors"]] == ["id"]
    # an id the term already holds names the field too (its errors were empty)
    r = _extra(api, term_id, "r-b-weld")
    assert r.status_code == 409, r.text
    assert [e["path"] for e in r.json()["errors"]] == ["id"]
    # The published session of the withdrawn request is still the only one with its id.
    after = api.get(f"/api/v1/terms/{term_id}/schedule").json()
    assert after["amendments"] == 0
    assert after["schedule"]["sessions"] == v1["schedule"]["sessions"]


RESOLVE = {"move_penalty": 100, "options": {"time_limit": 5, "workers": 1, "seed": 1}}


def _resolved_once(api: Api) -> tuple[int, str, dict[str, Any]]:
    """The tiny term published, and a re-solve of version 1 done: the term's id, the
    re-solve URL and the job."""
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    publish_tiny(api, term_id)
    url = f"/api/v1/terms/{term_id}/versions/1/resolve"
    old = api.wait_job(api.post(url, json=RESOLVE).json()["id"])
    assert old["status"] == "done", old
    return term_id, url, old


def test_publishing_a_job_older_than_a_granted_extra_is_refused(solving_api: Api) -> None:
    api = solving_api
    term_id, url, old = _resolved_once(api)
    r = _extra(api, term_id, "r-b-more")
    assert r.status_code == 201 and r.json()["outcome"] == "granted", r.text
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": old["id"]})
    assert r.status_code == 409, r.text
    assert "predates amendment(s) 1/1 ('col-b/r-b-more')" in r.json()["detail"]
    assert "re-solve" in r.json()["detail"]
    # A re-solve started after the amendment carries the granted request forward.
    new = api.wait_job(api.post(url, json=RESOLVE).json()["id"])
    assert _publish_checked(api, term_id, new["id"]) == 2
    v2 = api.get(f"/api/v1/terms/{term_id}/schedule").json()
    assert v2["number"] == 2
    assert "col-b/r-b-more" in {s["request"] for s in v2["schedule"]["sessions"]}


def test_publishing_a_job_older_than_a_change_to_the_submissions_is_refused(
    solving_api: Api,
) -> None:
    # a term simulation published a re-solve started before a request was withdrawn:
    # the new version held the withdrawn request's sessions, with no word
    api = solving_api
    term_id, url, old = _resolved_once(api)
    gone = f"/api/v1/terms/{term_id}/institutions/col-b/requests/r-b-weld"
    r = api.delete(gone)  # the planner: the term is closed to institutions
    assert r.status_code == 204, r.text
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": old["id"]})
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert "1 change(s) to the term's cohorts and requests (request 'col-b/r-b-weld' " in detail
    new = api.wait_job(api.post(url, json=RESOLVE).json()["id"])
    assert _publish_checked(api, term_id, new["id"]) == 2
    v2 = api.get(f"/api/v1/terms/{term_id}/schedule").json()
    assert "col-b/r-b-weld" not in {s["request"] for s in v2["schedule"]["sessions"]}


def test_an_infeasible_schedule_is_not_published(solving_api: Api) -> None:
    api = solving_api
    base = f"/api/v1/terms/{open_tiny_term(api)}"
    window = [{"weeks": [1, 1], "days": [2], "slots": [1]}]
    for inst, cohort in (("col-a", "a1"), ("col-b", "b1")):
        doc = {"id": cohort, "kind": "students", "size": 15}
        assert api.post(f"{base}/institutions/{inst}/cohorts", inst, json=doc).status_code == 201
        req = {"id": "r1", "cohort": cohort, "sessions": 1, "duration": 1, "needs": ["cnc"]}
        req |= {"window": window, "required": True}
        r = api.post(f"{base}/institutions/{inst}/requests", inst, json=req)
        assert r.status_code == 201, r.text
    assert api.post(f"{base}/close").status_code == 200
    r = api.post(f"{base}/solve", json={"time_limit": 5, "workers": 1, "seed": 1})
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done"
    answer = api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    assert answer["status"] == "infeasible"
    check(scenario_of_job(api, job["id"]), answer)  # it names the requests that conflict
    r = api.post(f"{base}/versions", json={"job_id": job["id"]})
    assert r.status_code == 409, r.text
    assert "infeasible" in r.json()["detail"]
    assert api.get(f"{base}/versions").json() == []


def test_the_amended_schedule_states_its_own_objective_and_metrics(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, version = publish_tiny_term()
    v1 = version["schedule"]
    assert v1["bound"] is not None
    r = _extra(api, term_id, "r-b-more")
    assert r.status_code == 201 and r.json()["outcome"] == "granted", r.text
    after = api.get(f"/api/v1/terms/{term_id}/schedule").json()["schedule"]
    # the amended schedule keeps every rule of the scenario with the extra request in it
    amended = api.get(f"/api/v1/terms/{term_id}/versions/1/scenario").json()
    check(amended, after)
    # and answers it: `check` notes a schedule read with another scenario
    assert after["metrics"]["scenario_sha256"] == scenario_digest(Scenario.model_validate(amended))
    # one more unit (priority 1, one slot) demanded by col-b, and met
    terms, old_terms = after["metrics"]["terms"], v1["metrics"]["terms"]
    assert terms["fulfilled_units"] == old_terms["fulfilled_units"] + 1
    demanded, old_demanded = after["metrics"]["demanded_units"], v1["metrics"]["demanded_units"]
    assert demanded["col-b"] == old_demanded["col-b"] + 1
    assert (
        after["metrics"]["fulfilled_units"]["col-b"]
        == v1["metrics"]["fulfilled_units"]["col-b"] + 1
    )
    assert after["objective"] == after["metrics"]["objective_recomputed"] != v1["objective"]
    # the solver's bound and proof were for the term as solved, not as amended
    assert after["status"] == "feasible" and after["bound"] is None and after["gap"] is None
    assert after["metrics"]["amended"] is True


def test_the_amended_schedule_lists_the_weights_its_objective_used(
    publish_tiny_term: PublishTiny,
) -> None:
    """An extra request that may cost more than any before raises the resolved ``demand``
    (its preference can never hold: 1000 x ``prefer`` 20 per session); the amended
    objective is scored with the raised value, and ``metrics.weights`` said the version's."""
    api, term_id, version = publish_tiny_term()
    v1 = version["schedule"]
    url = f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"
    prefer = {"resources": ["cnc-lab"], "weight": 1000}
    r = api.post(url, "col-b", json={"id": "r-b-costly", **WELD, "prefer": prefer})
    assert r.status_code == 201 and r.json()["outcome"] == "granted", r.text
    after = api.get(f"/api/v1/terms/{term_id}/schedule").json()["schedule"]
    scenario = api.get(f"/api/v1/terms/{term_id}/versions/1/scenario").json()
    check(scenario, after)
    weights = after["metrics"]["weights"]
    assert weights["demand"] > v1["metrics"]["weights"]["demand"]
    sign = {"demand": 1, "fairness": 1}
    objective = sum(
        sign.get(w, -1) * weights[w] * after["metrics"]["terms"][t]
        for w, t in (
            ("demand", "fulfilled_units"),
            ("fairness", "worst_share_permille"),
            ("prefer", "preference_misses"),
            ("stability", "extra_resources"),
            ("travel", "travel_minutes"),
            ("overflow", "overflow_person_slots"),
            ("min_days", "missing_days"),
            ("isolated", "isolated_sessions"),
        )
    )
    assert after["objective"] == objective


def test_a_schedule_leaving_a_required_request_unmet_is_published_only_on_request(
    solving_api: Api,
) -> None:
    """First come, first served: the required ``r1`` (either slot) takes slot 1 before
    the required ``r2`` (slot 1 only) asks; greedy answers ``unknown`` with ``r2``
    unmet, CP-SAT meets both."""
    api = solving_api
    term_id = open_tiny_term(api)
    base = f"/api/v1/terms/{term_id}"
    doc = {"id": "a1", "kind": "students", "size": 15}
    assert api.post(f"{base}/institutions/col-a/cohorts", "col-a", json=doc).status_code == 201
    day = {"weeks": [1, 1], "days": [2]}
    for rid, slots in (("r1", [1, 2]), ("r2", [1])):
        req = {"id": rid, "cohort": "a1", "sessions": 1, "duration": 1, "needs": ["cnc"]}
        req |= {"window": [{**day, "slots": slots}], "required": True}
        r = api.post(f"{base}/institutions/col-a/requests", "col-a", json=req)
        assert r.status_code == 201, r.text
    assert api.post(f"{base}/close").status_code == 200
    r = api.post(f"{base}/solve", json={"solver": "greedy", "seed": 1})
    job = api.wait_job(r.json()["id"])
    schedule = api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    check(scenario_of_job(api, job["id"]), schedule)
    assert schedule["status"] == "unknown"
    assert [u["request"] for u in schedule["unmet"]] == ["col-a/r2"]
    r = api.post(f"{base}/versions", json={"job_id": job["id"]})
    assert r.status_code == 409, r.text
    assert "required request(s) 'col-a/r2' unmet" in r.json()["detail"]
    assert api.get(f"{base}/versions").json() == []
    r = api.post(f"{base}/versions", json={"job_id": job["id"], "allow_unmet_required": True})
    assert r.status_code == 201, r.text
    r = api.post(f"{base}/solve", json={"time_limit": 5, "workers": 1, "seed": 1})
    job = api.wait_job(r.json()["id"])
    schedule = api.get(f"/api/v1/jobs/{job['id']}/schedule").json()
    check(scenario_of_job(api, job["id"]), schedule)
    assert schedule["unmet"] == []
    assert _publish_checked(api, term_id, job["id"]) == 2


def test_a_resolve_needs_no_body_and_runs_cp_sat_only(
    publish_tiny_term: PublishTiny,
) -> None:
    from scheduler.io import parse_scenario
    from scheduler.weights import resolved_weights

    api, term_id, _ = publish_tiny_term()
    url = f"/api/v1/terms/{term_id}/versions/1/resolve"
    r = api.post(url, json={"options": {"solver": "greedy"}})
    assert r.status_code == 422, r.text
    assert "a re-solve runs CP-SAT" in r.text
    r = api.post(url)  # no body: the defaults, as for a solve
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done" and job["options"]["solver"] == "cpsat", job
    assert api.get(f"/api/v1/jobs/{job['id']}/schedule").json()["solver"] == "cpsat"
    scenario = api.get(f"/api/v1/terms/{term_id}/versions/1/scenario").json()
    # a move costs one priority-slot of demand by default: moves only buy demand
    assert job["move_penalty"] == resolved_weights(parse_scenario(scenario))["demand"] > 1000
    _publish_checked(api, term_id, job["id"])


def test_an_interrupted_job_with_a_schedule_publishes_like_a_cancelled_one(
    solving_api: Api,
) -> None:
    """A restart ends a running job ``interrupted`` with the best schedule it found;
    that schedule is as publishable (and checked) as a cancelled job's."""
    from sqlalchemy import update

    from api.db.models import Job
    from tests.api.test_extra_cache import Db

    api = solving_api
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    assert api.post(f"/api/v1/terms/{term_id}/close").status_code == 200
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5, "workers": 1})
    job = api.wait_job(r.json()["id"])
    db = Db(api)
    with db.factory() as s:  # as the shutdown of a server leaves it
        s.execute(update(Job).where(Job.id == job["id"]).values(status="interrupted"))
        s.commit()
    db.engine.dispose()
    _publish_checked(api, term_id, job["id"])


def test_a_fresh_solve_published_over_a_version_lists_what_it_changes(
    publish_tiny_term: PublishTiny,
) -> None:
    """Granted extras and published sessions a fresh term solve places elsewhere or
    leaves out are listed on the new version, as a re-solve's moves are."""
    api, term_id, v1 = publish_tiny_term()
    assert v1["moved"] is None  # nothing before the first version
    assert _extra(api, term_id, "r-b-more").json()["outcome"] == "granted"
    known = api.get(f"/api/v1/terms/{term_id}/schedule").json()["schedule"]
    r = api.post(f"/api/v1/terms/{term_id}/solve", json={"time_limit": 5, "workers": 1})
    job = api.wait_job(r.json()["id"])
    assert _publish_checked(api, term_id, job["id"]) == 2
    v2 = api.get(f"/api/v1/terms/{term_id}/versions/2").json()

    def places(schedule: dict[str, Any]) -> dict[tuple[str, int], tuple]:
        return {
            (s["request"], s["index"]): (
                s["week"], s["day"], s["slot"], sorted(p["resource"] for p in s["parts"])
            )
            for s in schedule["sessions"]
        }  # fmt: skip

    before, after = places(known), places(v2["schedule"])
    changed = {k for k, where in before.items() if after.get(k) != where}
    assert isinstance(v2["moved"], list)
    assert {(m["request"], m["index"]) for m in v2["moved"] if m["kind"] == "session"} == changed
    # re-solving the older version is allowed, and the answer says what it means
    r = api.post(f"/api/v1/terms/{term_id}/versions/1/resolve", json={"options": {"time_limit": 5}})
    assert r.status_code == 202, r.text
    assert r.json()["warnings"] == [
        "version 1 is not the latest (2): the re-solve keeps version 1's timetable, and "
        "publishing it replaces version 2's"
    ]
    assert r.json()["warning_messages"] == [
        {"zh": "第 1 版不是最新版（第 2 版）：重新求解保留第 1 版的课表，发布后将取代第 2 版的课表"}
    ]
    rollback = api.wait_job(r.json()["id"])
    assert rollback["status"] == "done"
    check(
        scenario_of_job(api, rollback["id"]),
        api.get(f"/api/v1/jobs/{rollback['id']}/schedule").json(),
    )
    # published over version 2, it says so, and lists what changes from version 2 (which
    # institutions know), not its moves from version 1
    v2_places = places(v2["schedule"])
    r = api.post(f"/api/v1/terms/{term_id}/versions", json={"job_id": rollback["id"]})
    assert r.status_code == 201, r.text
    assert r.json()["parent"] == 1
    assert r.json()["warnings"] == [
        f"job {rollback['id']} re-solved version 1, not the latest (2): this version replaces "
        "version 2's timetable, and 'moved' lists what changes from version 2"
    ]
    v3 = api.get(f"/api/v1/terms/{term_id}/versions/3").json()
    check(api.get(f"/api/v1/terms/{term_id}/versions/3/scenario").json(), v3["schedule"])
    v3_places = places(v3["schedule"])
    changed = {k for k, where in v2_places.items() if v3_places.get(k) != where}
    assert {(m["request"], m["index"]) for m in v3["moved"] if m["kind"] == "session"} == changed


def test_a_versions_scenario_with_its_schedule_is_what_the_cli_reads(
    publish_tiny_term: PublishTiny,
) -> None:
    """Planners fetch the scenario a version was solved on, granted extras included, to
    run ``trainshare report`` / ``export`` / ``check`` on it; institutions may not."""
    api, term_id, _ = publish_tiny_term()
    assert _extra(api, term_id, "r-b-more").json()["outcome"] == "granted"
    url = f"/api/v1/terms/{term_id}/versions/1"
    scenario = api.get(f"{url}/scenario").json()
    assert "col-b/r-b-more" in {r["id"] for r in scenario["requests"]}
    check(scenario, api.get(url).json()["schedule"])
    assert api.get(f"{url}/scenario", "viewer").json() == scenario
    assert api.get(f"{url}/scenario", "col-b").status_code == 403


def test_an_extra_request_for_a_cohort_submitted_after_publication_says_so(
    publish_tiny_term: PublishTiny,
) -> None:
    """It read "unknown cohort 'b-late'" for a cohort the institution can see in the term."""
    api, term_id, _ = publish_tiny_term()
    assert api.post(f"/api/v1/terms/{term_id}/reopen").status_code == 200
    url = f"/api/v1/terms/{term_id}/institutions/col-b"
    r = api.post(f"{url}/cohorts", "col-b", json={"id": "b-late", "size": 10})
    assert r.status_code == 201, r.text
    r = api.post(
        f"{url}/extra-requests", "col-b", json={**WELD, "id": "r-late", "cohort": "b-late"}
    )
    _refused(
        r,
        "cohort",
        "cohort 'b-late' was submitted after version 1 was published, so it is not "
        "in that timetable; ask the planner to re-solve the term with it",
        "班级'b-late'是在第 1 版发布之后提交的，不在该课表中；请排程管理员把它加入后重新求解",
    )
    # a cohort that exists nowhere is still unknown
    r = api.post(f"{url}/extra-requests", "col-b", json={**WELD, "id": "r-x", "cohort": "b-nobody"})
    assert r.status_code == 422 and "unknown cohort" in r.text


def test_an_extra_request_after_a_request_with_its_own_after_is_answered(
    publish_tiny_term: PublishTiny,
) -> None:
    """r-a-intern comes after r-a-cnc: an extra after r-a-intern was refused with 409
    "the published scenario no longer validates" (only the named request was checked,
    so r-a-cnc read as unknown)."""
    api, term_id, _ = publish_tiny_term()
    url = f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests"
    body = {"id": "e-late", "cohort": "a-cnc-1", "sessions": 1, "duration": 1,
            "needs": ["cnc"], "after": ["r-a-intern"]}  # fmt: skip
    r = api.post(url, "col-a", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["outcome"] in ("granted", "partial", "rejected")
    if r.json()["outcome"] == "rejected":
        assert r.json()["reasons"][0]["reason"] == "precedence"


def test_an_extra_request_naming_an_item_withdrawn_since_publication_is_refused(
    publish_tiny_term: PublishTiny,
) -> None:
    """After a reopen, col-b withdrew b-weld-1 (and its requests): an extra for it was
    granted against the published version, and the term could then not be solved."""
    api, term_id, _ = publish_tiny_term()
    term = f"/api/v1/terms/{term_id}"
    assert api.post(f"{term}/reopen").status_code == 200
    mine = f"{term}/institutions/col-b"
    assert api.delete(f"{mine}/requests/r-b-cnc", "col-b").status_code == 204
    after = {**WELD, "id": "e-after", "after": ["r-b-cnc"]}
    r = api.post(f"{mine}/extra-requests", "col-b", json=after)
    _refused(
        r,
        "after",
        # named by its title, as the explanations name it (it said 'r-b-cnc' alone)
        "request “CNC taster” (r-b-cnc) was withdrawn from the term after it was published, "
        "so an extra request cannot name it",
        "需求“CNC taster”（r-b-cnc）在发布后已从学期中撤回，追加申请不能再使用它",
    )
    # its id stays the published request's, named by its title
    r = api.post(f"{mine}/extra-requests", "col-b", json={**WELD, "id": "r-b-cnc"})
    assert r.status_code == 409, r.text
    assert r.json()["errors"][0]["msg"] == (
        "“CNC taster” (r-b-cnc) is already used by a published request"
    )
    assert r.json()["errors"][0]["messages"] == {
        "zh": "“CNC taster”（r-b-cnc）已被已发布的需求使用"
    }
    assert api.delete(f"{mine}/requests/r-b-weld", "col-b").status_code == 204
    assert api.delete(f"{mine}/cohorts/b-weld-1", "col-b").status_code == 204
    r = api.post(f"{mine}/extra-requests", "col-b", json={**WELD, "id": "e-gone"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["path"] == "cohort"
    assert "cohort 'b-weld-1' was withdrawn" in r.json()["errors"][0]["msg"]
    # the term still solves
    assert api.post(f"{term}/close").status_code == 200
    r = api.post(f"{term}/solve", json={"time_limit": 5})
    assert r.status_code == 202, r.text
    assert api.wait_job(r.json()["id"])["status"] == "done"
