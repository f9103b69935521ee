"""A host is told of the internship demand its posts could not meet and of the interns a
re-solve moved off or onto its posts (``api.hosting``), in its version view and page."""

from __future__ import annotations

import json
from typing import Any

from api.compose import item_ids, joint_requests
from api.hosting import hosted, moves_on_posts, moves_seen, unmet_on_posts
from tests.api.conftest import (
    Api,
    PublishTiny,
    open_tiny_term,
    page_as,
    publish_job,
    publish_tiny,
    reference_of_job,
    resolve_on_base,
    submit_tiny,
    tiny_base,
)

#: col-b's class of 30 asks for the week-2 internship on a CNC post: post-x (ent-x's,
#: 25 places) is the only one, and col-a's 25 interns want it too.
COHORT = {"id": "b-cnc-9", "name": "数控2401班", "kind": "students", "size": 30}
INTERNSHIP = {
    "id": "r-b-intern",
    "cohort": "b-cnc-9",
    "kind": "internship",
    "title": "数控岗位实习",
    "weeks": 1,
    "needs": ["cnc"],
    "window": [{"weeks": [2, 2]}],
}


def test_a_host_is_told_of_the_demand_its_posts_could_not_meet(solving_api: Api) -> None:
    """Two colleges' 55 interns ask for post-x's 25 places in week 2: the unmet ones were
    in their college's view only, and ent-x never learnt that its post was wanted. It is
    told how many could not be placed, from which institution, and why; the cohort is
    named only where some of its interns are on its post (as in ``hosted_placements``)."""
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term)
    inst = f"/api/v1/terms/{term}/institutions/col-b"
    assert api.post(f"{inst}/cohorts", "col-b", json=COHORT).status_code == 201
    assert api.post(f"{inst}/requests", "col-b", json=INTERNSHIP).status_code == 201
    planner = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    url = f"/api/v1/terms/{term}/versions/{planner['number']}"
    schedule = planner["schedule"]
    interns = {"col-a/r-a-intern", "col-b/r-b-intern"}
    unmet = [u for u in schedule["unmet"] if u["request"] in interns]
    assert unmet, schedule["unmet"]
    on_post = {p["request"] for p in schedule["placements"] if p["resource"] == "post-x"}
    assert planner["hosted_unmet"] is None  # planners read ``schedule``

    told = api.get(url, "ent-x").json()["hosted_unmet"]
    assert len(told) == len(unmet)
    for u, t in zip(unmet, told, strict=True):
        owner = u["request"].split("/")[0]
        assert (t["posts"], t["missing"], t["institutions"]) == (["post-x"], u["missing"], [owner])
        assert t["reason"] == u["reason"] and t["weeks"] == 1 and t["message"]
        if u["request"] in on_post:  # some of its interns are on post-x: named
            assert t["request"] == u["request"] and t["cohorts"]
        else:
            assert t["request"] is None and t["cohorts"] == [] and t["title"] is None
            words = json.dumps(t, ensure_ascii=False)
            assert "b-cnc-9" not in words and "数控" not in words and "r-b-intern" not in words
    assert any(t["request"] is None for t in told)  # the hidden case is exercised
    # colleges own no post: nothing to be told; the asking college reads its own unmet
    assert api.get(url, "col-a").json()["hosted_unmet"] == []
    assert api.get(url, "col-b").json()["hosted_unmet"] == []

    page = f"/terms/{term}/versions/{planner['number']}?view=resource&resource=post-x"
    for lang, said in (("zh", "未能安排"), ("en", "could not be placed")):
        html = page_as(api, page, "ent-x", lang)
        (block,) = [b for b in html.split("<section") if 'id="host-notices"' in b]
        assert said in block and ("College B" in block or "College A" in block), block
        assert "数控2401班" not in block or "col-b/r-b-intern" in on_post
    assert 'id="host-notices"' not in page_as(api, page, "col-a", "en")


def test_a_host_reads_the_interns_on_its_posts_by_name_in_why_others_were_not_placed(
    solving_api: Api,
) -> None:
    """col-b's 20 interns and col-a's 25 both want post-x (25 places) in week 2: one
    internship takes the post, the other is unmet because the post is "taken by" it. ent-x
    is told in ``hosted_placements`` who is on its post, title, id and cohort, but the
    unmet one's message called that internship "another institution's item"."""
    api = solving_api
    term = open_tiny_term(api)
    submit_tiny(api, term)
    inst = f"/api/v1/terms/{term}/institutions/col-b"
    assert api.post(f"{inst}/cohorts", "col-b", json={**COHORT, "size": 20}).status_code == 201
    assert api.post(f"{inst}/requests", "col-b", json=INTERNSHIP).status_code == 201
    planner = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    url = f"/api/v1/terms/{term}/versions/{planner['number']}"
    (placed,) = [p["request"] for p in planner["schedule"]["placements"]]
    (unmet,) = [u for u in planner["schedule"]["unmet"] if u["request"] != placed]
    assert placed in unmet["message"] and placed in unmet["messages"]["zh"], unmet

    host = api.get(url, "ent-x").json()
    assert [h["request"] for h in host["hosted_placements"]] == [placed]
    (told,) = host["hosted_unmet"]
    assert told["request"] is None and told["institutions"] == [unmet["request"].split("/")[0]]
    assert placed in told["message"] and placed in told["messages"]["zh"], told
    assert told["message"] == unmet["message"]  # it names the post and who is on it only
    assert unmet["request"] not in json.dumps(told, ensure_ascii=False)  # still hidden
    # its college reads the one on the post as another institution's item
    (own,) = api.get(url, unmet["request"].split("/")[0]).json()["schedule"]["unmet"]
    assert placed not in own["message"]


def test_a_hidden_internship_keeps_its_cohort_hidden_though_the_host_teaches_it() -> None:
    """ent-x's mentor teaches col-b's welders (``hosted_sessions`` names the class and
    the course), and their internship, none of it on ent-x's post, is unmet because the
    class is busy and it must follow the course: a message naming either would tell the
    host whose the hidden internship is."""
    scenario = {
        "resources": [
            {"id": "post-x", "kind": "internship_post", "owner": "ent-x", "site": "s"}
            | {"capacity": 25, "features": ["weld"]},
            {"id": "shop", "kind": "workshop", "owner": "col-b", "site": "s", "capacity": 20},
        ],
        "instructors": [{"id": "m-zhao", "institution": "ent-x", "site": "s"}],
        "cohorts": [{"id": "col-b/b-1", "name": "焊接2401班", "institution": "col-b"}],
        "requests": [
            {"id": "col-b/r-weld", "title": "Welding", "cohort": "col-b/b-1", "sessions": 1},
            {"id": "col-b/r-intern", "title": "焊接实习", "cohort": "col-b/b-1"}
            | {"kind": "internship", "weeks": 1, "needs": ["weld"]},
        ],
    }
    part = {"resource": "shop", "headcount": 18, "instructor": "m-zhao"}
    when = {"index": 1, "week": 1, "day": 1, "slot": 1, "duration": 1}
    busy = (
        "cohort 'col-b/b-1' has sessions or another internship in every possible run; it "
        "must start after “Welding” (col-b/r-weld) ends"
    )
    schedule = {
        "sessions": [{"request": "col-b/r-weld", **when, "parts": [part]}],
        "placements": [],
        "unmet": [
            {"request": "col-b/r-intern", "missing": 18, "reason": "conflict", "message": busy}
        ],
    }
    ids = frozenset({"col-b/b-1", "col-b/r-weld", "col-b/r-intern"})
    institutions = ("col-b", "ent-x")
    (told,) = unmet_on_posts(scenario, schedule, "ent-x", institutions, ids)
    assert (told["request"], told["cohorts"], told["institutions"]) == (None, [], ["col-b"])
    assert "another institution's item" in told["message"]
    assert "col-b/b-1" not in told["message"] and "col-b/r-weld" not in told["message"], told


def test_a_hidden_internship_keeps_its_cohort_hidden_behind_a_third_s_joint_course() -> None:
    """col-c's welders follow col-b's joint course with col-b's own class, which ent-x's
    mentor teaches (``hosted_sessions`` names the course and both classes). col-c's
    internship, none of it on ent-x's post, is unmet because the class is busy with that
    course: the course is col-b's, not col-c's, but naming it told the host which of
    col-c's classes the hidden internship is (the one col-c has in that course)."""
    scenario = {
        "resources": [
            {"id": "post-x", "kind": "internship_post", "owner": "ent-x", "site": "s"}
            | {"capacity": 25, "features": ["weld"]},
            {"id": "shop", "kind": "workshop", "owner": "col-b", "site": "s", "capacity": 40},
        ],
        "instructors": [{"id": "m-zhao", "institution": "ent-x", "site": "s"}],
        "cohorts": [
            {"id": "col-b/b-1", "name": "焊接2401班", "institution": "col-b"},
            {"id": "col-c/c-1", "name": "Secret class 丙", "institution": "col-c"},
            {"id": "col-c/c-2", "name": "Other class 丙", "institution": "col-c"},
        ],
        "requests": [
            {"id": "col-b/r-joint", "title": "Joint welding", "sessions": 1}
            | {"cohorts": ["col-b/b-1", "col-c/c-1"]},
            {"id": "col-c/r-intern", "title": "焊接实习", "cohort": "col-c/c-1"}
            | {"kind": "internship", "weeks": 1, "needs": ["weld"]},
        ],
    }
    part = {"resource": "shop", "headcount": 36, "instructor": "m-zhao"}
    when = {"index": 1, "week": 1, "day": 1, "slot": 1, "duration": 1}
    busy = (  # solver.words: intern_conflict, busy_with
        "“Secret class 丙” (col-c/c-1) has sessions or another internship in every possible "
        "run of 1 weeks (with “Joint welding” (col-b/r-joint))"
    )
    zh = (
        "在每一段可能的连续 1 周内，班级“Secret class 丙”（col-c/c-1）都有课程或其他实习"
        "（时间被“Joint welding”（col-b/r-joint）占用）"
    )
    schedule = {
        "sessions": [{"request": "col-b/r-joint", **when, "parts": [part]}],
        "placements": [],
        "unmet": [
            {"request": "col-c/r-intern", "missing": 18, "reason": "conflict"}
            | {"message": busy, "messages": {"zh": zh}}
        ],
    }
    ids = frozenset({"col-b/b-1", "col-c/c-1", "col-c/c-2", "col-b/r-joint", "col-c/r-intern"})
    institutions = ("col-b", "col-c", "ent-x")
    (course,) = hosted(scenario, schedule, "ent-x")[1]
    assert [c["id"] for c in course["cohorts"]] == ["col-b/b-1", "col-c/c-1"]  # told there
    (told,) = unmet_on_posts(scenario, schedule, "ent-x", institutions, ids)
    assert (told["request"], told["cohorts"], told["institutions"]) == (None, [], ["col-c"])
    for text in (told["message"], told["messages"]["zh"]):
        for fragment in ("r-joint", "Joint welding", "c-1", "Secret"):
            assert fragment not in text, (fragment, text)
    assert "another institution's item" in told["message"], told
    assert "其他单位的项目" in told["messages"]["zh"], told


def test_a_host_is_told_which_interns_a_resolve_moved_off_or_onto_its_posts(
    publish_tiny_term: PublishTiny,
) -> None:
    """post-x is withdrawn from week 2 and col-b opens post-y: the re-solve moves col-a's
    25 interns from ent-x's post to col-b's. Only col-a's ``moved`` said so; the host
    losing them and the one receiving them were not told."""
    api, term, v1 = publish_tiny_term(time_limit=20, workers=1, seed=0)
    (was,) = v1["schedule"]["placements"]
    assert (was["resource"], was["first_week"]) == ("post-x", 2)
    base = tiny_base()
    post_x = next(r for r in base["resources"] if r["id"] == "post-x")
    post_x["available"] = [{"weeks": [1, 1]}]
    base["resources"].append(
        {**post_x, "id": "post-y", "name": "College B CNC post", "owner": "col-b"}
        | {"available": [{"weeks": [1, 2]}]}
    )
    job_id = resolve_on_base(api, term, base)
    assert reference_of_job(api, job_id)["placements"] == v1["schedule"]["placements"]
    v2 = publish_job(api, term, job_id)
    url = f"/api/v1/terms/{term}/versions/2"
    (now,) = v2["schedule"]["placements"]
    assert now["resource"] == "post-y"
    assert v2["hosted_moves"] is None

    def stay(p: dict[str, Any]) -> dict[str, Any]:
        return {k: p[k] for k in ("resource", "headcount", "first_week", "weeks")}

    cohort = {"id": "col-a/a-cnc-1", "name": "col-a/a-cnc-1", "institution": "col-a"}
    about = {"request": "col-a/r-a-intern", "title": "", "cohorts": [cohort]}
    assert api.get(url, "ent-x").json()["hosted_moves"] == [
        {**about, "before": [stay(was)], "after": []}
    ]
    assert api.get(url, "col-b").json()["hosted_moves"] == [
        {**about, "before": [], "after": [stay(now)]}
    ]
    # col-a reads the move of its own interns in ``moved``, as before
    own = api.get(url, "col-a").json()
    assert own["hosted_moves"] == [] and own["moved"][0]["request"] == "r-a-intern"
    # version 1 moved nothing
    assert api.get(f"/api/v1/terms/{term}/versions/1", "ent-x").json()["hosted_moves"] == []

    page = f"/terms/{term}/versions/2?view=resource&resource=post-x"
    # "since the previous version": a fresh solve published over it moves interns too
    for lang, said in (("zh", "与上一版相比"), ("en", "Since the previous version")):
        html = page_as(api, page, "ent-x", lang)
        (block,) = [b for b in html.split("<section") if 'id="host-notices"' in b]
        assert said in block and "col-a/a-cnc-1" in block and "Enterprise X line post" in block


def test_a_host_attending_a_joint_internship_reads_its_move_in_moved_only() -> None:
    """col-b's joint internship holds ent-x's trainees too and sat on ent-x's post: a
    re-solve moved it to col-b's post. ent-x reads the whole move in its ``moved`` (a joint
    request its cohorts attend, :func:`moves_seen`); ``hosted_moves`` listed it again,
    cut to ent-x's posts, so a client adding up both lists told ent-x twice (as the
    page once did), while ``hosted_placements`` and ``hosted_session_moves`` leave the
    joint ones out."""
    scenario: dict[str, list[dict[str, Any]]] = {
        "resources": [
            {"id": "post-x", "kind": "internship_post", "owner": "ent-x"},
            {"id": "post-y", "kind": "internship_post", "owner": "col-b"},
        ],
        "cohorts": [
            {"id": "col-b/b-1", "name": "数控2401班", "institution": "col-b"},
            {"id": "ent-x/x-1", "name": "X staff", "institution": "ent-x"},
        ],
        "requests": [
            {
                "id": "col-b/r-joint",
                "title": "联合实习",
                "kind": "internship",
                "cohorts": ["col-b/b-1", "ent-x/x-1"],
            }
        ],
    }
    was = {"resource": "post-x", "headcount": 20, "first_week": 2, "weeks": 1}
    now = {**was, "resource": "post-y"}
    moved = [{"request": "col-b/r-joint", "kind": "internship", "from": [was], "to": [now]}]
    joint = joint_requests(scenario, "ent-x")
    known = ["col-b", "ent-x"]
    assert moves_seen(moved, "ent-x", joint, known, item_ids(scenario)) == moved
    assert moves_on_posts(scenario, moved, "ent-x") == []
    # another institution's internship it does not attend is told here, and only here
    alone = [{**moved[0], "request": "col-b/r-alone"}]
    scenario["requests"].append(
        {"id": "col-b/r-alone", "kind": "internship", "cohort": "col-b/b-1"}
    )
    seen = moves_seen(alone, "ent-x", joint_requests(scenario, "ent-x"), known, item_ids(scenario))
    assert seen == []
    assert [m["request"] for m in moves_on_posts(scenario, alone, "ent-x")] == ["col-b/r-alone"]
    assert moves_on_posts(scenario, moved, "col-b") == []  # its own: in its ``moved``


def test_a_host_attending_a_moved_joint_internship_reads_it_in_one_box(
    solving_api: Api,
) -> None:
    """col-a's internship on ent-x's post-x, joined by ent-x's staff, moves to col-b's
    post-y: ent-x's page said it twice, in the host notices (``hosted_moves``) and in the
    moves box (its ``moved``, as a joint request its cohorts attend). The moves box says
    it, with where its staff go now; the API lists it in ``moved`` only (``hosted_moves``
    holds the internships on its posts that its cohorts do not attend)."""
    api = solving_api
    posts = tiny_base()
    post_x = next(r for r in posts["resources"] if r["id"] == "post-x")
    post_x["capacity"] = 40  # col-a's 25 and ent-x's 8
    r = api.post("/api/v1/terms", json=posts)
    assert r.status_code == 201, r.text
    term = r.json()["id"]
    submit_tiny(api, term, but=("r-a-intern",))
    joint = {
        "id": "r-a-intern",
        "cohorts": ["a-cnc-1", "ent-x/x-staff"],
        "kind": "internship",
        "title": "Joint line internship",
        "weeks": 1,
        "needs": ["cnc"],
        "window": [{"weeks": [2, 2]}],
    }
    # a planner names another institution's cohort (docs/api.md)
    r = api.post(f"/api/v1/terms/{term}/institutions/col-a/requests", json=joint)
    assert r.status_code == 201, r.text
    v1 = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    assert [p["resource"] for p in v1["schedule"]["placements"]] == ["post-x"]
    post_x["available"] = [{"weeks": [1, 1]}]
    posts["resources"].append(
        {**post_x, "id": "post-y", "name": "College B CNC post", "owner": "col-b"}
        | {"available": [{"weeks": [1, 2]}]}
    )
    publish_job(api, term, resolve_on_base(api, term, posts))
    seen = api.get(f"/api/v1/terms/{term}/versions/2", "ent-x").json()
    assert [m["request"] for m in seen["moved"]] == ["col-a/r-a-intern"]
    assert seen["hosted_moves"] == []
    for lang in ("en", "zh"):
        html = page_as(api, f"/terms/{term}/versions/2", "ent-x", lang)
        said = [b for b in html.split("<section") if "Joint line internship" in b]
        assert len(said) == 1 and 'id="moves"' in said[0], said
        assert "College B CNC post" in said[0] and "Enterprise X line post" in said[0]
