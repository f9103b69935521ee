"""Institution A cannot read, change or infer institution B's cohorts and requests.

B is col-b of the tiny scenario; its private ids are below. Every route of the OpenAPI
document is tried with A's key.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.api.conftest import (
    Api,
    PublishTiny,
    open_tiny_term,
    refused_beside,
    submit_tiny,
    tiny_base,
    tiny_data,
)

B_PRIVATE = ("b-weld-1", "r-b-cnc", "r-b-weld", "col-b/")


def _assert_private(text: str) -> None:
    for secret in B_PRIVATE:
        assert secret not in text, secret


def test_b_space_answers_like_a_missing_one(api: Api) -> None:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    base = f"/api/v1/terms/{term_id}/institutions"
    pairs = [
        (f"{base}/col-b/cohorts", f"{base}/nobody/cohorts"),
        (f"{base}/col-b/requests", f"{base}/nobody/requests"),
        (f"{base}/col-b/cohorts/b-weld-1", f"{base}/col-b/cohorts/ghost"),
        (f"{base}/col-b/requests/r-b-cnc", f"{base}/nobody/requests/r-b-cnc"),
    ]
    for real, missing in pairs:
        a, m = api.get(real, "col-a"), api.get(missing, "col-a")
        assert a.status_code == 404 and m.status_code in (404,), real
        assert a.json()["detail"] in (
            "institution not found",
            "cohort not found",
            "request not found",
        )
    doc = {"id": "b-weld-1", "size": 1}
    for method in ("post", "put", "delete"):
        url = f"{base}/col-b/cohorts" + ("" if method == "post" else "/b-weld-1")
        kwargs = {} if method == "delete" else {"json": doc}
        r = getattr(api, method)(url, "col-a", **kwargs)
        assert r.status_code == 404, (method, r.text)
        _assert_private(r.text)
    # Nothing changed for B.
    assert api.get(f"{base}/col-b/cohorts/b-weld-1", "col-b").json()["document"]["size"] == 18


def test_ids_are_per_institution_so_clashes_reveal_nothing(api: Api) -> None:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    url = f"/api/v1/terms/{term_id}/institutions/col-a"
    # B already has a cohort 'b-weld-1' and a request 'r-b-cnc': A may use the same ids.
    r = api.post(f"{url}/cohorts", "col-a", json={"id": "b-weld-1", "size": 3})
    assert r.status_code == 201
    r = api.post(
        f"{url}/requests",
        "col-a",
        json={"id": "r-b-cnc", "cohort": "b-weld-1", "sessions": 1, "needs": ["cnc"]},
    )
    assert r.status_code == 201
    # Naming B's cohort is refused the same way whether or not it exists.
    answers = []
    for cohort in ("col-b/b-weld-1", "col-b/ghost"):
        r = api.post(
            f"{url}/requests", "col-a", json={"id": "r-x", "cohort": cohort, "sessions": 1}
        )
        answers.append((r.status_code, r.json()["detail"]))
    assert answers[0] == answers[1] and answers[0][0] == 422
    r = api.post(
        f"{url}/requests",
        "col-a",
        json={"id": "r-x", "cohort": "a-cnc-1", "sessions": 1, "after": ["col-b/r-b-cnc"]},
    )
    assert r.status_code == 422


def test_other_terms_are_invisible(api: Api) -> None:
    base = tiny_base()
    base["name"] = "b-only"
    base["institutions"] = [i for i in base["institutions"] if i["id"] != "col-a"]
    base["resources"] = [r for r in base["resources"] if r["owner"] != "col-a"]
    base["instructors"] = [t for t in base["instructors"] if t["institution"] != "col-a"]
    other = api.post("/api/v1/terms", json=base).json()["id"]
    assert api.get(f"/api/v1/terms/{other}", "col-a").status_code == 404
    assert api.get(f"/api/v1/terms/{other}", "col-b").status_code == 200
    assert other not in [t["id"] for t in api.get("/api/v1/terms", "col-a").json()]
    assert (
        api.get(
            f"/api/v1/terms/{other}/occupancy", "col-a", params={"resource": "weld-shop"}
        ).status_code
        == 404
    )


def test_every_route_with_a_key_of_a(publish_tiny_term: PublishTiny) -> None:
    api, term_id, version = publish_tiny_term()
    # B asks for an extra session, so B's amendment exists too.
    r = api.post(
        f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests",
        "col-b",
        json={"id": "r-b-extra", "cohort": "b-weld-1", "sessions": 1, "needs": ["welding"]},
    )
    assert r.status_code == 201
    doc = api.client.get("/openapi.json").json()
    values = {
        "term_id": str(term_id),
        "institution": "col-b",
        "item_id": "b-weld-1",
        "number": str(version["number"]),
        "job_id": str(version["job_id"]),
        "scenario_id": "1",
        "fmt": "csv",  # an institution's timetable file (api.routers.exports)
    }
    tried = 0
    for template, ops in doc["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)
        for method in ops:
            kwargs: dict[str, Any] = (
                {"params": {"resource": "cnc-lab"}} if "occupancy" in template else {}
            )
            if method in ("post", "put"):
                kwargs["json"] = {
                    "id": "b-weld-1",
                    "size": 1,
                    "cohort": "b-weld-1",
                    "sessions": 1,
                    "job_id": version["job_id"],
                }
            r = getattr(api, method)(url, "col-a", **kwargs)
            tried += 1
            if "{institution}" in template:
                assert r.status_code == 404, (method, template, r.status_code)
            else:
                assert r.status_code < 500, (method, template)
            _assert_private(r.text)
    assert tried >= 25
    # What A may see of the schedule mentions none of B's items.
    for url in (
        f"/api/v1/terms/{term_id}/schedule",
        f"/api/v1/terms/{term_id}/versions/1",
        f"/api/v1/terms/{term_id}",
    ):
        r = api.get(url, "col-a")
        assert r.status_code == 200
        _assert_private(r.text)
    occ = api.get(
        f"/api/v1/terms/{term_id}/occupancy", "col-a", params={"resource": "weld-shop"}
    ).json()
    assert occ["busy"]  # B's welding sessions show as busy slots, without who
    # B, for comparison, does see its own items.
    assert "r-b-extra" in api.get(f"/api/v1/terms/{term_id}/schedule", "col-b").text


def test_reasons_given_to_a_do_not_name_b(publish_tiny_term: PublishTiny) -> None:
    api, term_id, _ = publish_tiny_term()
    # More CNC than the lab can hold around everyone's published sessions.
    r = api.post(
        f"/api/v1/terms/{term_id}/institutions/col-a/extra-requests",
        "col-a",
        json={
            "id": "r-a-lots",
            "cohort": "a-cnc-1",
            "sessions": 40,
            "duration": 2,
            "needs": ["cnc"],
            "instructor_skills": ["cnc"],
        },
    )
    assert r.status_code == 201
    assert r.json()["outcome"] in ("partial", "rejected")
    _assert_private(r.text)
    again = api.get(f"/api/v1/terms/{term_id}/schedule", "col-a").text
    _assert_private(again)
    # The sentences name B's CNC request to the planner by its title; A reads it hidden,
    # title and all, in Chinese too, in the answer and in its view of the schedule.
    full = api.get(f"/api/v1/terms/{term_id}/schedule").json()["schedule"]
    (planner,) = [u for u in full["unmet"] if u["request"] == "col-a/r-a-lots"]
    assert "“CNC taster”（col-b/r-b-cnc）" in planner["messages"]["zh"]
    assert "“CNC taster” (col-b/r-b-cnc)" in planner["message"]
    assert "CNC taster" not in r.text and "CNC taster" not in again
    (reason,) = r.json()["reasons"]
    (mine,) = json.loads(again)["schedule"]["unmet"]
    for u in (reason, mine):
        zh = u["messages"]["zh"]
        assert "“其他单位的项目”" in zh and "'another institution's item'" in u["message"]
        assert "“CNC practice”（r-a-cnc）" in zh  # A's own request, unqualified
        _assert_private(zh)


def test_a_title_stays_hidden_when_its_request_id_holds_a_space(solving_api: Api) -> None:
    """B's CNC request is 'r b cnc': A's reason named it “CNC taster” (another
    institution's item b cnc), in the API's answers and on A's web page."""
    from api.web.sources import KEY_COOKIE

    api = solving_api
    cnc = next(r for r in tiny_data()["requests"] if r["id"] == "r-b-cnc")
    term_id, r = refused_beside(api, {**cnc, "id": "r b cnc"})
    planner = api.get(f"/api/v1/terms/{term_id}/schedule").text
    assert "“CNC taster” (col-b/r b cnc)" in planner  # the sentence the planner reads
    api.client.cookies.set(KEY_COOKIE, api.keys["col-a"])
    page = api.client.get(f"/terms/{term_id}/versions/1").text
    api.client.cookies.clear()
    for text in (r.text, api.get(f"/api/v1/terms/{term_id}/schedule", "col-a").text, page):
        assert "another institution" in text or "其他单位的项目" in text
        assert "CNC taster" not in text and "b cnc" not in text


def test_redaction_covers_unquoted_qualified_ids() -> None:
    from api.compose import redact

    message = "headcount 36 (col-b/b1 11, col-a/a1 25) exceeds every candidate resource"
    shown = redact(message, "col-b", ["col-a", "col-b", "ent-x"])
    assert (
        shown == "headcount 36 (b1 11, another institution's item) exceeds every candidate resource"
    )
    # Quoted ids as before; an id that merely looks qualified by an unknown prefix stays.
    mixed = "busy with 'col-a/r1'; see lab/north and ent-x/t1"
    assert redact(mixed, "ent-x", ["col-a", "ent-x"]) == (
        "busy with 'another institution's item'; see lab/north and t1"
    )


def test_a_named_item_of_another_institution_is_hidden_name_and_all() -> None:
    """Sentences name cohorts and requests by name with the id after it: another
    institution's is hidden whole (its name says as much as its id), the institution's
    own keeps its name with the id unqualified, a joint request it attends stays."""
    from api.compose import redact

    insts = ["col-a", "col-b"]
    message = (
        "“焊接2401班 Welding (day)” (col-a/a1) is busy (with “CNC taster” (col-b/r2), "
        "“Joint week” (col-a/j1) and “Secret (new)” (col-a/r9)) in “CNC lab” (cnc-lab)"
    )
    assert redact(message, "col-b", insts, {"col-a/j1"}) == (
        "'another institution's item' is busy (with “CNC taster” (r2), “Joint week” "
        "(col-a/j1) and 'another institution's item') in “CNC lab” (cnc-lab)"
    )
    zh = {
        "messages": {
            "zh": "班级“焊接2401班”（col-a/a1）、“秘密”（col-a/r9）、“CNC taster”（col-b/r2）"
        }
    }
    assert redact(zh, "col-b", insts) == {
        "messages": {"zh": "班级其他单位的2个项目、“CNC taster”（r2）"}
    }


def test_a_named_item_whose_id_holds_spaces_or_brackets_is_hidden_whole() -> None:
    """Ids are free text: a space, an apostrophe or brackets (a Chinese class's
    ``数控（1）班``) in another institution's id left its name readable beside the
    hidden id's first word."""
    from api.compose import redact

    insts = ["col-a", "col-b"]
    for message in (
        "taken by “Secret plan” (col-a/lab work)",
        "taken by “Secret plan” (col-a/o'brien)",
        "taken by “Secret plan” (col-a/r (day))",
        "taken by “Secret plan”（col-a/数控（1）班）",
        "taken by “Secret plan” (col-a/r(1)",  # unbalanced: the name goes all the same
    ):
        shown = redact(message, "col-b", insts)
        assert "Secret" not in shown and shown.startswith(
            "taken by 'another institution's item'"
        ), shown
    # the institution's own and a joint request it attends keep their names
    own = "“Mine”（col-b/数控（1）班） and “Joint” (col-a/j 1)"
    assert (
        redact(own, "col-b", insts, {"col-a/j 1"})
        == "“Mine”（数控（1）班） and “Joint” (col-a/j 1)"
    )


def test_several_hidden_ids_in_a_list_are_counted_once() -> None:
    from api.compose import redact

    insts = ["col-a", "col-b", "col-c"]
    shown = redact("taken by 'col-a/r1', 'col-c/r2' and 'col-b/r3'", "col-b", insts)
    assert shown == "taken by 2 items of other institutions and 'r3'"
    zh = redact({"messages": {"zh": "被'col-a/r1'、'col-c/r2'占用"}}, "col-b", insts)
    assert zh == {"messages": {"zh": "被其他单位的2个项目占用"}}


def test_institution_view_keeps_its_own_conflicts_redacted() -> None:
    from api.compose import institution_view

    schedule = {
        "format": "trainshare/schedule@1",
        "scenario": "t",
        "status": "infeasible",
        "sessions": [],
        "placements": [],
        "unmet": [{"request": "col-b/r1", "reason": "infeasible", "message": "see conflicts"}],
        "conflicts": [
            {"items": ["col-a/r1", "col-b/r1", "cnc-lab"], "message": "'col-a/r1' and 'col-b/r1'"},
            {"items": ["col-a/r2"], "message": "'col-a/r2' alone"},
        ],
    }
    view = institution_view(schedule, "col-b", ["col-a", "col-b"])
    assert view["conflicts"] == [
        {
            "items": ["another institution's item", "r1", "cnc-lab"],
            "message": "'another institution's item' and 'r1'",
        }
    ]


def test_institution_view_names_the_joint_requests_it_attends_in_conflicts() -> None:
    # col-b's cohort attends col-a/j1: the view shows its sessions and unmet rows by
    # that id, so a conflict over it names it too, and is kept even without col-b's own
    from api.compose import institution_view

    schedule = {
        "status": "infeasible",
        "unmet": [{"request": "col-a/j1", "reason": "infeasible", "message": "see conflicts"}],
        "conflicts": [
            {"items": ["col-a/j1", "col-a/r2", "lab"], "message": "'col-a/j1' and 'col-a/r2'"},
            {"items": ["col-a/r2"], "message": "'col-a/r2' alone"},
        ],
    }
    view = institution_view(schedule, "col-b", ["col-a", "col-b"], joint={"col-a/j1"})
    assert [u["request"] for u in view["unmet"]] == ["col-a/j1"]
    assert view["conflicts"] == [
        {
            "items": ["col-a/j1", "another institution's item", "lab"],
            "message": "'col-a/j1' and 'another institution's item'",
        }
    ]


def test_institution_view_redacts_the_chinese_messages_too() -> None:
    from api.compose import institution_view

    schedule = {
        "status": "infeasible",
        "unmet": [
            {
                "request": "col-b/r1",
                "reason": "capacity",
                "message": "every candidate ('lab') is occupied, by 'col-a/r9', 'col-b/r2'",
                # a quoted id, and an unquoted one right after a Chinese character
                "messages": {
                    "zh": "资源（'lab'）被'col-a/r9'、'col-b/r2'占用；"
                    "另见col-a/a1 25，col-b/b1、col-a/a2。"
                },
            }
        ],
        "conflicts": [
            {
                "items": ["col-a/r1", "col-b/r1"],
                "message": "Required requests col-a/r1 and col-b/r1 cannot all be met in full",
                "messages": {"zh": "必需需求'col-a/r1'和'col-b/r1'无法同时完全满足"},
            }
        ],
    }
    view = institution_view(schedule, "col-b", ["col-a", "col-b"])
    (u,) = view["unmet"]
    assert u["messages"] == {
        "zh": "资源（'lab'）被'其他单位的项目'、'r2'占用；另见其他单位的项目，b1、其他单位的项目。"
    }
    assert u["message"] == (
        "every candidate ('lab') is occupied, by 'another institution's item', 'r2'"
    )
    (c,) = view["conflicts"]
    assert c["messages"] == {"zh": "必需需求'其他单位的项目'和'r1'无法同时完全满足"}
    assert "col-a" not in str(view)


A1 = {"id": "a1", "kind": "students", "size": 10}
B1 = {"id": "b1", "kind": "students", "size": 10}


def _joint_term(api: Api) -> str:
    """A term where the planner made a joint request in col-b's space with col-a's a1."""
    term = f"/api/v1/terms/{open_tiny_term(api)}"
    assert api.post(f"{term}/institutions/col-a/cohorts", "col-a", json=A1).status_code == 201
    assert api.post(f"{term}/institutions/col-b/cohorts", "col-b", json=B1).status_code == 201
    joint = {"id": "joint", "cohorts": ["b1", "col-a/a1"], "sessions": 1, "needs": ["cnc"]}
    assert api.post(f"{term}/institutions/col-b/requests", json=joint).status_code == 201
    return term


def test_a_warning_about_a_joint_request_hides_the_other_institutions_cohort(api: Api) -> None:
    term = _joint_term(api)
    grown = {**A1, "size": 25}
    assert api.put(f"{term}/institutions/col-a/cohorts/a1", "col-a", json=grown).status_code == 200
    r = api.put(f"{term}/institutions/col-b/cohorts/b1", "col-b", json={**B1, "size": 11})
    assert r.status_code == 200, r.text
    text = str(r.json())
    assert "headcount 36" in text  # the warning is there, about b1's joint request
    assert "col-a" not in text and " 25" not in text, text


def test_a_change_that_breaks_another_institutions_joint_request_is_warned(api: Api) -> None:
    term = _joint_term(api)
    r = api.put(f"{term}/institutions/col-a/cohorts/a1", "col-a", json={**A1, "size": 12})
    assert r.status_code == 200 and r.json()["warnings"] == [], r.text  # still fits
    r = api.put(f"{term}/institutions/col-a/cohorts/a1", "col-a", json={**A1, "size": 25})
    assert r.status_code == 200, r.text  # col-a's own change stands
    (warning,) = r.json()["warnings"]
    assert "joint request of another institution" in warning["msg"]
    assert "headcount 35" in warning["msg"]
    assert "col-b" not in warning["msg"] and "b1" not in warning["msg"], warning
    a1 = api.get(f"{term}/institutions/col-a/cohorts/a1", "col-a").json()
    assert a1["document"]["size"] == 25


def test_no_warning_about_another_institutions_request_on_a_joint_partners_cohort(
    api: Api,
) -> None:
    """col-b's own weekly request on b1 can hold only 2 of its 5 sessions (a warning of
    col-b's). col-a, whose a1 shares only the joint request with b1, was warned about it
    as 'a joint request of another institution' (an API audit: the joint request's other
    cohorts pulled in their institution's private requests)."""
    term = _joint_term(api)
    private = {"id": "b-private", "cohort": "b1", "sessions": 5, "pattern": "weekly",
               "needs": ["welding"]}  # fmt: skip
    r = api.post(f"{term}/institutions/col-b/requests", "col-b", json=private)
    assert r.status_code == 201 and r.json()["warnings"], r.text  # col-b hears of it
    r = api.put(f"{term}/institutions/col-a/cohorts/a1", "col-a", json={**A1, "size": 12})
    assert r.status_code == 200 and r.json()["warnings"] == [], r.text


def test_a_joint_request_shows_its_owner_only_its_own_cohorts(api: Api) -> None:
    """col-b reads the planner's joint request in its space: col-a's cohort is another
    institution's item, not its id (a security audit found 'col-a/a1')."""
    term = _joint_term(api)
    doc = api.get(f"{term}/institutions/col-b/requests/joint", "col-b").json()["document"]
    assert doc["cohorts"] == ["b1", "another institution's item"]
    planner = api.get(f"{term}/institutions/col-b/requests/joint").json()["document"]
    assert planner["cohorts"] == ["b1", "col-a/a1"]
    listed = api.get(f"{term}/institutions/col-b/requests", "col-b").json()
    assert "col-a" not in json.dumps(listed)


def test_chinese_sentences_hide_ids_in_the_pages_quotes() -> None:
    """Chinese sentences quote an id alone as the pages do (“col-a/r1”): another
    institution's is hidden in the same quotes, runs counted once, the institution's own
    unqualified; sentences stored with ASCII quotes are read as before."""
    from api.compose import redact

    insts = ["col-a", "col-b", "col-c"]

    def zh(text: str) -> str:
        out = redact({"messages": {"zh": text}}, "col-b", insts, {"col-a/j1"})
        return str(out["messages"]["zh"])

    assert zh("被“col-a/r1”占用，见“col-b/r3”") == "被“其他单位的项目”占用，见“r3”"
    assert zh("被“col-a/r1”、“col-c/r2”占用") == "被其他单位的2个项目占用"
    assert zh("班级“col-a/j1”和“秘密”（col-a/r9）") == "班级“col-a/j1”和“其他单位的项目”"
    assert zh("被'col-a/r1'占用") == "被'其他单位的项目'占用"  # stored before
