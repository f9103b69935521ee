"""The extra-request form asks for what the API's route can: an internship (``kind:
internship``, ``weeks``) and named instructors (``instructors``), with the API's own
checks and messages on their fields.

A term of its own (the tiny scenario with a col-b cohort that has nothing booked yet),
so that an internship can be placed whatever the other page tests booked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest

from api.web.sources import KEY_COOKIE
from tests.api.conftest import check, tiny_data
from tests.api.web.conftest import Site

#: col-b classes with nothing booked: the whole term is free for their internships
#: (b-late is left to the last test, after the others booked b-new's weeks).
FREE_COHORTS = [
    {"id": "b-new", "institution": "col-b", "kind": "students", "size": 10},
    {"id": "b-late", "institution": "col-b", "kind": "students", "size": 5},
]


@pytest.fixture(scope="module")
def term(site: Site) -> Iterator[int]:
    scenario = tiny_data()
    scenario["name"] = "tiny-ask-kinds"
    scenario["cohorts"] += FREE_COHORTS
    term, _, _ = site.publish(scenario)
    yield term


def _post(site: Site, term: int, data: dict[str, Any], who: str = "col-b", lang: str = "en") -> Any:
    site.client.cookies.clear()
    site.client.cookies.set(KEY_COOKIE, site.keys[who])
    site.client.cookies.set("lang", lang)
    return site.client.post(f"/terms/{term}/ask", data=data, follow_redirects=False)


def _planner_version(site: Site, term: int) -> dict[str, Any]:
    """The latest version as the planner reads it, its scenario with granted extras; its
    schedule passed by the independent checker."""
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    url = f"/api/v1/terms/{term}/versions/1"
    version = site.client.get(url, headers=planner).json()
    version["scenario"] = site.client.get(f"{url}/scenario", headers=planner).json()
    check(version["scenario"], version["schedule"])
    return version


def _request(version: dict[str, Any], request_id: str) -> dict[str, Any]:
    """The version's one request of this (qualified) id."""
    (request,) = [q for q in version["scenario"]["requests"] if q["id"] == request_id]
    return request


def _error(html: str, name: str) -> str | None:
    found = re.search(rf'id="err-{name}" role="alert">([^<]+)<', unescape(html))
    return found[1] if found else None


_INTERN = {"cohort": "b-new", "kind": "internship", "needs": "cnc", "sessions": "1"}


def test_the_form_offers_an_internship(site: Site, term: int) -> None:
    for lang, internship in (("en", "An internship"), ("zh", "实习")):
        html = unescape(site.page(f"/terms/{term}/ask", who="col-b", lang=lang).text)
        kinds = re.findall(r'name="kind" value="(\w+)"', html)
        assert kinds == ["sessions", "internship"], html
        assert 'name="kind" value="sessions" checked' in html  # what the form asked before
        assert 'name="weeks"' in html and internship in html


def test_an_internship_is_placed_as_the_api_places_it(site: Site, term: int) -> None:
    data = {**_INTERN, "weeks": "1", "first_week": "1", "last_week": "1", "id": "web-intern"}
    r = _post(site, term, data)
    html = unescape(r.text)
    assert r.status_code == 201, html
    assert 'data-outcome="granted"' in html and "10 of 10 people placed" in html, html
    version = _planner_version(site, term)
    request = _request(version, "col-b/web-intern")
    assert request["kind"] == "internship" and request["weeks"] == 1
    assert request["needs"] == ["cnc"] and request["window"] == [{"weeks": [1, 1]}]
    assert "sessions" not in request  # it does not apply
    placements = [p for p in version["schedule"]["placements"] if p["request"] == request["id"]]
    assert [(p["resource"], p["headcount"], p["first_week"]) for p in placements] == [
        ("post-x", 10, 1)
    ]
    row = re.search(r'<table class="list" id="placed">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert row is not None, html
    # the post's name, the people, the week and its dates (Mon 7 Sep to Fri 11 Sep)
    assert "<td>Enterprise X line post</td>" in row[1] and "<td>10</td>" in row[1], row[1]
    assert "Week 1" in row[1] and "Mon 7 Sep" in row[1] and "Fri 11 Sep" in row[1], row[1]
    link = re.search(r'href="([^"]+)" id="to-timetable"', html)
    assert link is not None and "week=1" in link[1]
    page = site.page(link[1].replace("&amp;", "&"), who="col-b")
    assert page.status_code == 200 and 'data-request="web-intern"' in page.text
    # in Chinese too (week 2: whatever a-cnc-1's internship left of the post)
    again = {**data, "id": "web-intern-zh", "first_week": "2", "last_week": "2"}
    zh = unescape(_post(site, term, again, lang="zh").text)
    assert re.search(r'id="answer-summary">已安排实习 (0|10)/10 人', zh), zh
    _planner_version(site, term)  # the schedule with both granted passes the checker


def test_an_internship_is_refused_with_the_api_s_words_on_its_fields(site: Site, term: int) -> None:
    weeks = tiny_data()["calendar"]["weeks"]  # the term's weeks
    for lang, missing, outside in (
        (
            "en",
            "missing: an 'internship' request needs it (how many consecutive weeks)",
            f"A number of weeks from 1 to {weeks}, the weeks of the term.",
        ),
        (
            "zh",
            "缺少周数：实习类需求须填写“weeks”（连续几周）。",
            f"请填写 1 到 {weeks} 之间的周数（本学期共 {weeks} 周）。",
        ),
    ):
        r = _post(site, term, {**_INTERN, "id": "web-i-missing"}, lang=lang)
        assert r.status_code == 422 and _error(r.text, "weeks") == missing, r.text
        assert 'aria-invalid="true" aria-describedby="err-weeks"' in r.text
        # 0, 40 and "abc" were a minimum-1 refusal, a booked "rejected" answer and "1 to
        # 10,000": each is refused in the term's weeks, nothing booked
        for typed in ("0", str(weeks + 1), "40", "abc", "-1", "1.5"):
            r = _post(site, term, {**_INTERN, "weeks": typed, "id": "web-i-out"}, lang=lang)
            assert r.status_code == 422 and _error(r.text, "weeks") == outside, (typed, r.text)
            assert f'value="{typed}"' in r.text, r.text
            assert 'name="kind" value="internship" checked' in r.text
    # what only sessions have is refused on its field, not dropped: the API would book
    # the internship without the teacher or the lab that was ticked
    for name, value in (
        ("instructor_skills", "cnc"),
        ("resources", "cnc-lab"),
        ("instructors", "t-li"),
        ("sessions", "3"),
        ("pattern", "weekly"),
    ):
        r = _post(site, term, {**_INTERN, "weeks": "1", name: value, "id": "web-i-x"})
        said = _error(r.text, name)
        assert r.status_code == 422 and said is not None and "sessions" in said, (name, r.text)
    r = _post(site, term, {**_INTERN, "weeks": "1", "resources": "cnc-lab"}, lang="zh")
    assert _error(r.text, "resources") == "此项只用于课次，实习不适用。", r.text
    # weeks typed for a sessions request: refused, not dropped
    r = _post(site, term, {"cohort": "b-new", "sessions": "1", "duration": "1", "weeks": "2"})
    assert r.status_code == 422 and "internship" in (_error(r.text, "weeks") or ""), r.text
    r = _post(site, term, {**_INTERN, "kind": "lecture", "weeks": "1"})
    assert r.status_code == 422 and _error(r.text, "kind") == "Pick one from the list."
    booked = {p["request"] for p in _planner_version(site, term)["schedule"]["placements"]}
    assert not any(b.startswith("col-b/web-i-") for b in booked)


def test_the_form_names_instructors_as_the_api_lets_it(site: Site, term: int) -> None:
    """The API's route takes ``instructors`` (a fixed teacher, or a short list); the form
    had no field for it. It offers the term's instructors, which the term's base shows
    every institution of the term (GET /api/v1/terms/{t}), and nothing more."""
    base = site.client.get(
        f"/api/v1/terms/{term}", headers={"Authorization": f"Bearer {site.keys['col-b']}"}
    ).json()["base"]
    html = unescape(site.page(f"/terms/{term}/ask", who="col-b").text)
    offered = re.findall(r'name="instructors" value="([^"]+)"', html)
    assert offered == [i["id"] for i in base["instructors"]] == ["t-li", "m-zhao"]
    assert "m-zhao · welding" in html  # the skills say whom to pick for what
    for other in ("a-cnc-1", "x-staff", "r-a-cnc", "r-x-weld"):  # others' cohorts, requests
        assert other not in html
    # ent-x's own mentor comes first on its form
    ent = unescape(site.page(f"/terms/{term}/ask", who="ent-x").text)
    assert re.findall(r'name="instructors" value="([^"]+)"', ent) == ["m-zhao", "t-li"]
    # one ticked: that teacher (another institution's mentor, as the API allows)
    data = {"cohort": "b-new", "sessions": "1", "duration": "1", "needs": "welding"}
    r = _post(site, term, {**data, "instructors": "m-zhao", "id": "web-teacher"})
    assert r.status_code == 201 and 'data-outcome="granted"' in r.text, r.text
    version = _planner_version(site, term)
    request = _request(version, "col-b/web-teacher")
    assert request["instructors"] == ["m-zhao"]
    (session,) = [s for s in version["schedule"]["sessions"] if s["request"] == request["id"]]
    assert [p["instructor"] for p in session["parts"]] == ["m-zhao"]
    # a short list is kept as such; one the form does not offer is refused, not dropped
    r = _post(site, term, {**data, "instructors": ["m-zhao", "t-li"], "id": "web-teachers"})
    assert r.status_code == 201, r.text
    version = _planner_version(site, term)
    request = _request(version, "col-b/web-teachers")
    assert request["instructors"] == ["m-zhao", "t-li"]
    r = _post(site, term, {**data, "instructors": ["m-zhao", "t-nobody"], "id": "web-t-x"})
    assert r.status_code == 422 and _error(r.text, "instructors") == "Tick only the boxes listed."
    assert 'value="m-zhao" checked' in r.text
    assert 'aria-invalid="true" aria-describedby="err-instructors"' in r.text


def test_several_of_the_institution_s_cohorts_ask_together(site: Site, term: int) -> None:
    """The API takes ``cohorts: [...]`` (one request the cohorts attend together: a
    joint session, or one internship for two classes); the form asked for one cohort."""
    html = unescape(site.page(f"/terms/{term}/ask", who="col-b").text)
    assert re.findall(r'name="with_cohorts" value="([^"]+)"', html) == [
        "b-weld-1",
        "b-new",
        "b-late",
    ]
    ent = unescape(site.page(f"/terms/{term}/ask", who="ent-x").text)
    assert 'name="with_cohorts"' not in ent  # one cohort: nothing to add
    data = {"cohort": "b-new", "with_cohorts": "b-weld-1", "sessions": "1", "duration": "1"}
    r = _post(site, term, {**data, "needs": "cnc", "id": "web-joint"})
    assert r.status_code == 201 and 'data-outcome="granted"' in r.text, r.text
    version = _planner_version(site, term)
    request = _request(version, "col-b/web-joint")
    assert request["cohorts"] == ["col-b/b-new", "col-b/b-weld-1"] and "cohort" not in request
    (session,) = [s for s in version["schedule"]["sessions"] if s["request"] == request["id"]]
    assert sum(p["headcount"] for p in session["parts"]) == 10 + 18
    # an internship of both, b-new ticked again: 28 people (not 38), more than post-x's
    # 25 places a week, so the API says why it placed none
    joint = {**_INTERN, "with_cohorts": ["b-weld-1", "b-new"], "weeks": "1", "id": "web-ji"}
    r = _post(site, term, joint)
    assert r.status_code == 201 and "0 of 28 people placed" in r.text, r.text
    assert 'data-outcome="rejected"' in r.text and 'id="reasons"' in r.text
    # another institution's cohort, posted by hand: refused on the field
    r = _post(site, term, {**data, "with_cohorts": "a-cnc-1", "id": "web-joint-x"})
    assert r.status_code == 422 and _error(r.text, "with_cohorts") == "Tick only the boxes listed."


def test_an_internship_can_name_its_posts(site: Site, term: int) -> None:
    """An internship's ``resources`` name the posts it may use (a college sending a class
    to one enterprise's line); the form offered labs and workshops only, and refuses
    those for an internship."""
    html = unescape(site.page(f"/terms/{term}/ask", who="col-b").text)
    assert re.findall(r'name="posts" value="([^"]+)"', html) == ["post-x"]
    assert "Enterprise X line post" in html
    data = {**_INTERN, "cohort": "b-late", "weeks": "1", "posts": "post-x"}
    r = _post(site, term, {**data, "id": "web-at-post"})
    assert r.status_code == 201 and 'id="placed"' in r.text, r.text
    version = _planner_version(site, term)
    request = _request(version, "col-b/web-at-post")
    assert request["resources"] == ["post-x"]
    placed = {
        p["resource"] for p in version["schedule"]["placements"] if p["request"] == request["id"]
    }
    assert placed == {"post-x"}
    # a post for sessions, or one the form does not offer: refused on the field
    sessions = {"cohort": "b-new", "sessions": "1", "duration": "1", "posts": "post-x"}
    r = _post(site, term, {**sessions, "id": "web-post-s"})
    assert r.status_code == 422 and "internship" in (_error(r.text, "posts") or ""), r.text
    r = _post(site, term, {**data, "posts": "cnc-lab", "id": "web-post-x"})
    assert r.status_code == 422 and _error(r.text, "posts") == "Tick only the boxes listed."


def test_the_form_s_and_the_model_s_refusals_come_back_together(site: Site, term: int) -> None:
    """A form refused for a field of its own (a teacher ticked for an internship) did not
    say that the number of weeks was missing too: sent again, it was refused again."""
    r = _post(site, term, {**_INTERN, "instructors": "t-li", "id": "web-both"})
    assert r.status_code == 422
    assert _error(r.text, "instructors") is not None and _error(r.text, "weeks") is not None
    # the form's own message stays where both have one (its number check, not the model's)
    r = _post(site, term, {"cohort": "b-new", "sessions": "x", "duration": "1", "id": "web-b"})
    assert _error(r.text, "sessions") == "A whole number from 1 to 10,000.", r.text
    assert r.text.count('role="alert"') == 1, r.text


def test_a_withdrawn_cohort_ticked_with_another_is_refused_beside_the_boxes(site: Site) -> None:
    """A cohort withdrawn since publication is still in the published version the form
    offers; the API refuses it as ``cohorts``, which the form put beside the single
    cohort picked, away from the box ticked."""
    scenario = tiny_data()
    scenario["name"] = "tiny-ask-withdrawn"
    scenario["cohorts"] += FREE_COHORTS
    term, _, _ = site.publish(scenario)
    planner = {"Authorization": f"Bearer {site.keys['planner']}"}
    assert site.client.post(f"/api/v1/terms/{term}/reopen", headers=planner).status_code == 200
    url = f"/api/v1/terms/{term}/institutions/col-b/cohorts/b-late"
    assert site.client.delete(url, headers=planner).status_code == 204
    data = {"cohort": "b-new", "with_cohorts": "b-late", "sessions": "1", "duration": "1"}
    for lang, word in (("en", "withdrawn"), ("zh", "撤回")):
        r = _post(site, term, {**data, "needs": "cnc", "id": f"web-gone-{lang}"}, lang=lang)
        assert r.status_code == 422, r.text
        said = _error(r.text, "with_cohorts")
        assert said is not None and word in said and "b-late" in said, r.text
        assert _error(r.text, "cohort") is None, r.text
        assert 'aria-invalid="true" aria-describedby="err-with_cohorts"' in r.text


def test_the_instructors_are_listed_in_the_page_s_brackets_and_commas(site: Site) -> None:
    """A Chinese form listed "Li Ming (t-li) · cnc, lathe": ASCII brackets and commas
    among full-width punctuation."""
    scenario = tiny_data()
    scenario["name"] = "tiny-named-teacher"
    li = next(i for i in scenario["instructors"] if i["id"] == "t-li")
    li.update(name="Li Ming", skills=["cnc", "lathe"])
    term, _, _ = site.publish(scenario)
    listed = {"zh": "Li Ming（t-li） · cnc、lathe", "en": "Li Ming (t-li) · cnc, lathe"}
    for lang, said in listed.items():
        html = unescape(site.page(f"/terms/{term}/ask", who="col-b", lang=lang).text)
        (row,) = re.findall(r'name="instructors" value="t-li"[^>]*>([^<]*)</label>', html)
        assert row.strip() == said, row
