"""After a mid-term re-solve, each institution is told what moved of its own sessions (its
``moved``, on its page too) and of the sessions its instructors teach for others
(``hosted_session_moves``, ``api.hosting``)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import (
    Api,
    PublishTiny,
    check,
    open_tiny_term,
    page_as,
    publish_job,
    publish_tiny,
    republish_with_day_closed,
    scenario_of_job,
    submit_tiny,
    tiny_base,
)

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri"),
    "zh": ("周一", "周二", "周三", "周四", "周五"),
}
#: the tiny calendar's slots: 90 minutes from 08:00
STARTS = ("08:00", "09:30", "11:00", "12:30", "14:00")


def _resolved(api: Api) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """The tiny term published, then the day of col-b's first welding session (taught by
    ent-x's m-zhao) closed and the term re-solved and published as version 2: the term,
    the welding session as version 1 held it and its ``moved`` entry (planner's view)."""
    term = open_tiny_term(api)
    submit_tiny(api, term)
    v1 = publish_tiny(api, term, time_limit=20, workers=1, seed=0)
    was = next(s for s in v1["schedule"]["sessions"] if s["request"] == "col-b/r-b-weld")
    assert was["parts"][0]["instructor"] == "m-zhao"
    v2 = republish_with_day_closed(api, term, was["week"], was["day"])
    move, *_ = [  # both of its sessions may have been that day
        m
        for m in v2["moved"]
        if m["request"] == "col-b/r-b-weld"
        and m["from"]["week"] == was["week"]
        and m["from"]["day"] == was["day"]
    ]
    assert move["kind"] == "session" and move["to"] is not None
    return term, was, move


def _when(place: dict[str, Any], lang: str) -> str:
    """The words the page says a week, day and time in."""
    week = f"第 {place['week']} 周" if lang == "zh" else f"week {place['week']}"
    return f"{week} {WEEKDAYS[lang][place['day'] - 1]} {STARTS[place['slot'] - 1]}"


def test_a_college_sees_on_its_page_which_of_its_sessions_a_resolve_moved(
    solving_api: Api,
) -> None:
    """col-b's welding session moved off a closed day: its API view said so in ``moved``,
    but its page (nobody's, in fact) showed no ``moved`` at all, only the host notices."""
    api = solving_api
    term, was, move = _resolved(api)
    own = api.get(f"/api/v1/terms/{term}/versions/2", "col-b").json()
    assert {**move, "request": "r-b-weld"} in own["moved"]
    assert move["from"]["parts"] == [{"resource": "weld-shop", "instructor": "m-zhao"}]
    assert move["from"]["duration"] == was["duration"] == 2

    page = f"/terms/{term}/versions/2?view=cohort&cohort=b-weld-1"
    for lang, said in (("en", "What changed from version 1"), ("zh", "与第 1 版相比的变动")):
        html = page_as(api, page, "col-b", lang)
        (block,) = [b for b in html.split("<section") if 'id="moves"' in b]
        (line,) = [li for li in block.split("<li") if _when(move["from"], lang) in li]
        assert said in block and "Welding basics" in line, block
        assert _when(move["to"], lang) in line and "Welding workshop" in line
        assert "m-zhao" in line and "→" in line
    # col-a's page lists no move of col-b's
    html = page_as(api, f"/terms/{term}/versions/2", "col-a", "en")
    assert "Welding basics" not in "".join(b for b in html.split("<section") if 'id="moves"' in b)


def test_an_institution_is_told_when_a_resolve_moves_a_session_its_teacher_teaches(
    solving_api: Api,
) -> None:
    """ent-x's m-zhao teaches col-b's welding: the re-solve moved a session of it, and
    ent-x's ``hosted_sessions`` showed the new time only, with no word that it moved
    (``hosted_moves`` covers internships)."""
    api = solving_api
    term, _, move = _resolved(api)
    url = f"/api/v1/terms/{term}/versions/2"
    assert api.get(url).json()["hosted_session_moves"] is None  # planners read ``moved``

    told = api.get(url, "ent-x").json()["hosted_session_moves"]
    cohort = {"id": "col-b/b-weld-1", "name": "col-b/b-weld-1", "institution": "col-b"}

    def taught(place: dict[str, Any]) -> dict[str, Any]:
        return {k: place[k] for k in ("week", "day", "slot", "duration", "parts")}

    assert {
        "request": "col-b/r-b-weld",
        "title": "Welding basics",
        "cohorts": [cohort],
        "kind": "session",
        "index": move["index"],
        "before": taught(move["from"]),
        "after": taught(move["to"]),
    } in told
    # col-b reads it in its own ``moved``; col-a's teachers teach no moved session
    assert api.get(url, "col-b").json()["hosted_session_moves"] == []
    assert api.get(url, "col-a").json()["hosted_session_moves"] == []

    page = f"/terms/{term}/versions/2?view=instructor&instructor=m-zhao"
    for lang in ("en", "zh"):
        html = page_as(api, page, "ent-x", lang)
        (block,) = [b for b in html.split("<section") if 'id="moves"' in b]
        (line,) = [li for li in block.split("<li") if _when(move["from"], lang) in li]
        assert "Welding basics" in line and _when(move["to"], lang) in line, line


def test_the_moves_box_of_a_fresh_solve_published_over_a_version_says_no_resolve(
    publish_tiny_term: PublishTiny,
) -> None:
    """A fresh solve published over version 1 fills ``moved`` too (what it changes of
    version 1): the box said "this version's re-solve moved" of a version no re-solve
    made. It says what changed from which version."""
    api, term, v1 = publish_tiny_term(time_limit=20, workers=1, seed=0)
    was = v1["schedule"]["sessions"][0]
    base = tiny_base()
    base["calendar"]["closed"].append({"week": was["week"], "day": was["day"]})
    assert api.put(f"/api/v1/terms/{term}/base", json=base).status_code == 200
    body = {"time_limit": 20, "workers": 1, "seed": 0}
    r = api.post(f"/api/v1/terms/{term}/solve", json=body)
    assert r.status_code == 202, r.text
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    check(scenario_of_job(api, job["id"]), api.get(f"/api/v1/jobs/{job['id']}/schedule").json())
    v2 = publish_job(api, term, job["id"])
    assert v2["parent"] is None and v2["moved"], v2["moved"]
    for lang, said, not_said in (
        ("en", "What changed from version 1", "re-solve"),
        ("zh", "与第 1 版相比的变动", "重新求解"),
    ):
        html = page_as(api, f"/terms/{term}/versions/2", "planner", lang)
        (block,) = [b for b in html.split("<section") if 'id="moves"' in b]
        assert said in block and not_said not in block, block
