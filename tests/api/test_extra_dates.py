"""Extra requests book from the day after today on: days gone by are not offered.

The tiny term runs two weeks from Monday 2026-09-07 (week 1's Wednesday is closed);
``today`` is the service setting the tests pin (``Api.settings`` is the app's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from api.diff import changes_before, moved_items
from scheduler.calendar import date_of_day, day_of_date
from scheduler.models import Calendar
from tests.api.conftest import Api, PublishTiny, check, tiny_data

WELD = {"cohort": "b-weld-1", "sessions": 1, "duration": 1, "needs": ["welding"]}
CAL = Calendar.model_validate(
    {
        "weeks": 2,
        "days_per_week": 5,
        "slots_per_day": 4,
        "slot_minutes": 90,
        "first_monday": "2026-09-07",
    }
)


@pytest.mark.parametrize(
    ("date", "day"),
    [
        ("2026-08-31", 0),  # before the term
        ("2026-09-07", 0),  # its first Monday
        ("2026-09-11", 4),  # week 1, Friday
        ("2026-09-12", 5),  # a Saturday: week 2's Monday
        ("2026-09-14", 5),
        ("2026-09-18", 9),  # the last day
        ("2026-09-19", 10),  # past it: the term's length
        ("2027-03-01", 10),
    ],
)
def test_a_date_falls_on_the_first_teaching_day_from_it(date: str, day: int) -> None:
    assert day_of_date(CAL, dt.date.fromisoformat(date)) == day


def test_a_term_day_has_its_calendar_date() -> None:
    assert date_of_day(CAL, 0) == dt.date(2026, 9, 7)
    assert date_of_day(CAL, 5) == dt.date(2026, 9, 14)
    assert date_of_day(CAL, 9) == dt.date(2026, 9, 18)


def _published(publish_tiny_term: PublishTiny) -> tuple[Api, int, str]:
    """The tiny term published: the app, the term's id and col-b's extra-requests URL."""
    api, term_id, _ = publish_tiny_term()
    return api, term_id, f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"


def _checked(api: Api, term_id: int, number: int = 1) -> dict[str, Any]:
    """Version ``number`` with its amendments; it passes the independent checker."""
    url = f"/api/v1/terms/{term_id}/versions/{number}"
    version: dict[str, Any] = api.get(url).json()
    check(api.get(f"{url}/scenario").json(), version["schedule"])
    return version


def _on_or_after(item: dict[str, Any], week: int, day: int) -> bool:
    return (item["week"], item["day"]) >= (week, day)


def test_an_extra_request_mid_term_books_and_offers_only_days_to_come(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, url = _published(publish_tiny_term)
    api.settings.today = dt.date(2026, 9, 10)  # week 1, Thursday: Friday is next
    six = {**WELD, "id": "e-six", "sessions": 6, "window": [{"weeks": [1, 1]}]}
    r = api.post(url, "col-b", json=six)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["bookable_from"] == {"week": 1, "day": 5, "date": "2026-09-11"}
    # week 1's Friday holds at most four one-slot sessions: the rest is missing
    assert body["outcome"] == "partial", body
    assert body["sessions"] and all(_on_or_after(s, 1, 5) for s in body["sessions"])
    offered = [s for alt in body["alternatives"] for s in alt["sessions"]]
    assert offered and all(_on_or_after(s, 1, 5) for s in offered), body["alternatives"]
    _checked(api, term_id)


def test_without_a_pinned_date_the_answer_says_from_which_day_it_booked(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, url = _published(publish_tiny_term)
    api.settings.today = dt.date(2026, 9, 14)  # week 2, Monday
    api.settings.extra_lead_days = 0  # today itself may still be booked
    r = api.post(url, "col-b", json={**WELD, "id": "e-today", "sessions": 2})
    assert r.status_code == 201, r.text
    assert r.json()["bookable_from"] == {"week": 2, "day": 1, "date": "2026-09-14"}
    assert r.json()["sessions"] and all(_on_or_after(s, 2, 1) for s in r.json()["sessions"])


def test_a_window_wholly_gone_by_is_refused_naming_the_first_bookable_day(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, url = _published(publish_tiny_term)
    api.settings.today = dt.date(2026, 9, 10)
    early = {**WELD, "id": "e-early", "window": [{"weeks": [1, 1], "days": [1, 2, 4]}]}
    r = api.post(url, "col-b", json=early)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "loc": ["body", "window"],
            "path": "window",
            "msg": "the window ends before week 1, Friday (2026-09-11), the first day an "
            "extra request can be booked",
            "messages": {
                "zh": "时间窗口在第 1 周周五（2026年9月11日）之前已经结束，"
                "而这是最早可以追加课次的日子"
            },
        }
    ]
    # nothing was stored: the same id is answered once the window reaches Friday
    later = {**early, "window": [{"weeks": [1, 1], "days": [4, 5]}]}
    r = api.post(url, "col-b", json=later)
    assert r.status_code == 201, r.text
    assert [(s["week"], s["day"]) for s in r.json()["sessions"]] == [(1, 5)]


def test_once_the_term_is_over_extra_requests_are_refused(publish_tiny_term: PublishTiny) -> None:
    api, term_id, url = _published(publish_tiny_term)
    api.settings.today = dt.date(2026, 9, 18)  # the last day: tomorrow is past it
    r = api.post(url, "col-b", json={**WELD, "id": "e-late"})
    assert r.status_code == 409, r.text
    assert "last day (2026-09-18) has passed" in r.json()["detail"]
    assert _checked(api, term_id)["amendment_list"] == []


def test_an_internship_window_in_a_week_already_begun_is_refused(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, url = _published(publish_tiny_term)
    api.settings.today = dt.date(2026, 9, 7)  # week 1, Monday: Tuesday is next
    intern = {"cohort": "b-weld-1", "kind": "internship", "weeks": 1, "needs": ["cnc"]}
    r = api.post(url, "col-b", json={**intern, "id": "e-in", "window": [{"weeks": [1, 1]}]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["msg"] == (
        "the window ends before week 2, Monday (2026-09-14), the first day an internship can start"
    )
    # in Chinese too, of an internship (the form's Chinese spoke of sessions), its date
    # as a Chinese page writes one (it read "第 2 周周一（2026-09-14）")
    assert r.json()["errors"][0]["messages"] == {
        "zh": "时间窗口在第 2 周周一（2026年9月14日）之前已经结束，而这是实习最早可以开始的日子"
    }
    api.settings.today = dt.date(2026, 9, 14)  # week 2 has begun: none can start
    r = api.post(url, "col-b", json={**intern, "id": "e-in"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["msg"] == (
        "no internship can start any more: the term's last week has begun"
    )
    assert r.json()["errors"][0]["messages"] == {"zh": "实习已无法开始：学期的最后一周已经开始"}
    assert _checked(api, term_id)["amendment_list"] == []


def _session(request: str, index: int, week: int, day: int) -> dict[str, Any]:
    return {
        "request": request,
        "index": index,
        "week": week,
        "day": day,
        "slot": 1,
        "parts": [{"resource": "weld-shop", "headcount": 18}],
    }


def test_changes_before_a_day_name_moves_drops_and_additions_there() -> None:
    known = {
        "sessions": [
            _session("r", 1, 1, 2),  # kept
            _session("r", 2, 1, 4),  # moved to week 2
            _session("r", 3, 2, 3),  # after the day: moving it is fine
            _session("q", 1, 1, 5),  # dropped
        ],
        "placements": [
            {"request": "i", "resource": "post", "headcount": 8, "first_week": 1, "weeks": 1}
        ],
    }
    new = {
        "sessions": [
            _session("r", 1, 1, 2),
            _session("r", 2, 2, 4),
            _session("r", 3, 2, 4),
            _session("s", 1, 1, 1),  # added in week 1
            _session("s", 2, 2, 5),  # added after the day
        ],
        "placements": [],
    }
    assert changes_before(known, new, 5, 6) == [
        "r #2 (week 1, day 4) to week 2, day 4",
        "q #1 (week 1, day 5) dropped",
        "internship i changed",
        "s #1 added in week 1, day 1",
    ]
    assert changes_before(known, new, 5, 0) == []
    assert changes_before(known, known, 5, 10) == []


def test_changes_before_a_day_name_a_session_kept_in_place_with_another_teacher() -> None:
    # a term simulation's publication rewrote who taught past sessions, with no word
    def taught(session: dict[str, Any], by: str | None) -> dict[str, Any]:
        return {**session, "parts": [{**session["parts"][0], "instructor": by}]}

    known = {"sessions": [taught(_session("r", 1, 1, 2), "t-li"), _session("r", 2, 2, 2)]}
    new = {
        "sessions": [
            taught(_session("r", 1, 1, 2), "t-wang"),
            taught(_session("r", 2, 2, 2), "t-wang"),  # after the day: fine
        ]
    }
    assert changes_before(known, new, 5, 6) == [
        "r #1 (week 1, day 2) taught by t-wang instead of t-li"
    ]
    assert changes_before(new, known, 5, 6) == [
        "r #1 (week 1, day 2) taught by t-li instead of t-wang"
    ]
    # other people in the same place, and interns shared out otherwise among the same posts
    fewer = {"sessions": [{**known["sessions"][0], "parts": [{"resource": "weld-shop",
                                                             "headcount": 15}]}]}  # fmt: skip
    posts = [
        {"request": "i", "resource": p, "headcount": h, "first_week": 1, "weeks": 2}
        for p, h in (("post", 20), ("post2", 17))
    ]
    resplit = [{**posts[0], "headcount": 21}, {**posts[1], "headcount": 16}]
    assert changes_before(
        {**known, "placements": posts}, {**fewer, "placements": resplit}, 5, 6
    ) == [
        "r #1 (week 1, day 2) taught by nobody instead of t-li",
        "r #1 (week 1, day 2) held 15 people instead of 18",
        "internship i held 21 + 16 interns instead of 20 + 17",
    ]

    # not a move, but listed: a teacher's week changes; which part each taught before
    # and after is kept too (the page and a host read the rooms from it)
    def shop(by: str | None) -> list[dict[str, Any]]:
        return [{"resource": "weld-shop", "instructor": by}]

    assert moved_items(known, new) == [
        {
            "kind": "teacher",
            "request": "r",
            "index": 1,
            "at": {"week": 1, "day": 2, "slot": 1, "resources": ["weld-shop"], "duration": 1},
            "from": ["t-li"],
            "to": ["t-wang"],
            "from_parts": shop("t-li"),
            "to_parts": shop("t-wang"),
        },
        {
            "kind": "teacher",
            "request": "r",
            "index": 2,
            "at": {"week": 2, "day": 2, "slot": 1, "resources": ["weld-shop"], "duration": 1},
            "from": [],
            "to": ["t-wang"],
            "from_parts": shop(None),
            "to_parts": shop("t-wang"),
        },
    ]


def test_changes_before_a_day_name_requests_and_teachers_as_the_planner_knows_them() -> None:
    """The planner's warning names a request by its title and a teacher by name, the id
    after it, as the rest of the product does; things without a name keep their id."""
    names = {("request", "r"): "“Welding” (r)", ("instructor", "t-li"): "“Li Wei” (t-li)"}

    def name(kind: str, id_: str) -> str:
        return names.get((kind, id_), id_)

    def taught(session: dict[str, Any], by: str) -> dict[str, Any]:
        return {**session, "parts": [{**session["parts"][0], "instructor": by}]}

    known = {
        "sessions": [taught(_session("r", 1, 1, 2), "t-li"), _session("q", 1, 1, 3)],
        "placements": [
            {"request": "r", "resource": "post", "headcount": 8, "first_week": 1, "weeks": 1}
        ],
    }
    new = {"sessions": [taught(_session("r", 1, 1, 2), "t-wang"), _session("r", 2, 1, 4)]}
    assert changes_before(known, new, 5, 6, name) == [
        "“Welding” (r) #1 (week 1, day 2) taught by t-wang instead of “Li Wei” (t-li)",
        "q #1 (week 1, day 3) dropped",
        "internship “Welding” (r) changed",
        "“Welding” (r) #2 added in week 1, day 4",
    ]


def test_a_session_booked_before_the_others_moves_none_of_them() -> None:
    """Sessions are numbered by time: one more, earlier, renumbers the published ones,
    which stay where they were (they were listed as moved: a re-solve audit finding)."""
    known = {"sessions": [_session("r", 1, 2, 4), _session("r", 2, 2, 5)]}
    new = {"sessions": [_session("r", 1, 1, 2), _session("r", 2, 2, 4), _session("r", 3, 2, 5)]}
    assert moved_items(known, new) == []
    assert changes_before(known, new, 5, 6) == ["r #1 added in week 1, day 2"]
    # an internship whose cohort was resized, in the same post and weeks, did not move
    placed = {"request": "i", "resource": "post", "headcount": 8, "first_week": 1, "weeks": 2}
    resized = {**placed, "headcount": 6}
    assert moved_items({"placements": [placed]}, {"placements": [resized]}) == []
    assert moved_items({"placements": [placed]}, {"placements": [{**placed, "first_week": 2}]})
    # one of them moved to the new place, the other stays: only that one is named
    fewer = {"sessions": [_session("r", 1, 1, 2), _session("r", 2, 2, 5)]}
    (moved,) = moved_items(known, fewer)
    assert (moved["index"], moved["from"]["day"], moved["to"]["week"]) == (1, 4, 1)


def test_publishing_mid_term_warns_of_changes_to_days_gone_by(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, v1 = publish_tiny_term()
    term = f"/api/v1/terms/{term_id}"
    # col-b withdraws a request it had in week 1; the new solve drops those sessions
    week1 = [s for s in v1["schedule"]["sessions"] if s["week"] == 1]
    gone = next(s["request"] for s in week1 if s["request"].startswith("col-b/"))
    assert api.post(f"{term}/reopen").status_code == 200
    local = gone.split("/", 1)[1]
    assert api.delete(f"{term}/institutions/col-b/requests/{local}", "col-b").status_code == 204
    assert api.post(f"{term}/close").status_code == 200
    job = api.wait_job(api.post(f"{term}/solve", json={"time_limit": 5}).json()["id"])
    assert job["status"] == "done", job
    # week 2, Monday: week 1 and today are gone by (extra requests book from Tuesday on;
    # a term simulation's publication on a Monday changed that Monday unsaid)
    api.settings.today = dt.date(2026, 9, 14)
    r = api.post(f"{term}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201, r.text
    [warning] = r.json()["warnings"]
    assert (
        warning.startswith(f"job {job['id']}'s timetable changes ")
        and "of version 1 in days gone by (before week 2, Tuesday (2026-09-15)): " in warning
    )
    dropped = sum(1 for s in week1 if s["request"] == gone)
    # named by its title, though withdrawn: the published version's scenario holds it
    title = next(r["title"] for r in tiny_data()["requests"] if r["id"] == local)
    said = f"“{title}” ({gone}) #"
    assert warning.count(said) >= min(dropped, 1) and "dropped" in warning
    _checked(api, term_id, 2)


def _day(item: dict[str, Any]) -> int:
    return (item["week"] - 1) * 5 + item["day"] - 1  # the tiny term's 5-day weeks


def _asks_more_in_week_one(
    publish_tiny_term: PublishTiny,
) -> tuple[Api, int, str, dict[str, Any]]:
    """The tiny term published; col-b then asks for three more welding sessions (with the
    whole term free to change, week 1's Monday to Thursday would do); today is week 1's
    Thursday, so Friday is the first day that may change. Returns the app, the term's
    id, its URL and version 1."""
    api, term_id, v1 = publish_tiny_term()
    term = f"/api/v1/terms/{term_id}"
    assert api.post(f"{term}/reopen").status_code == 200
    more = {**WELD, "id": "r-b-more", "sessions": 3}
    assert api.post(f"{term}/institutions/col-b/requests", "col-b", json=more).status_code == 201
    assert api.post(f"{term}/close").status_code == 200
    api.settings.today = dt.date(2026, 9, 10)
    return api, term_id, term, v1


def test_a_mid_term_resolve_keeps_what_happened_and_books_new_work_from_the_day_on(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, term, v1 = _asks_more_in_week_one(publish_tiny_term)
    r = api.post(f"{term}/versions/1/resolve", json={"options": {"time_limit": 5, "workers": 1}})
    assert r.status_code == 202, r.text
    assert r.json()["keep_before"] == "2026-09-11"
    assert any(
        "nothing before week 1, Friday (2026-09-11) changes" in w for w in r.json()["warnings"]
    )
    assert any(
        "第 1 周周五（2026年9月11日）之前的安排都不会改变" in w["zh"]
        for w in r.json()["warning_messages"]
    )
    job = api.wait_job(r.json()["id"])
    assert job["status"] == "done", job
    r = api.post(f"{term}/versions", json={"job_id": job["id"]})
    assert r.status_code == 201, r.text  # the independent checker passed it
    assert r.json()["warnings"] == []  # nothing before today changed
    v2 = _checked(api, term_id, 2)["schedule"]
    first = 4  # week 1, Friday

    def where(schedule: dict[str, Any]) -> dict[tuple[str, int], Any]:
        return {(s["request"], s["index"]): s for s in schedule["sessions"]}

    before = {k: s for k, s in where(v1["schedule"]).items() if _day(s) < first}
    after = where(v2)
    assert before and all(after.get(k) == s for k, s in before.items())
    assert not [s for k, s in after.items() if _day(s) < first and k not in before]
    new = [s for s in v2["sessions"] if s["request"] == "col-b/r-b-more"]
    assert new and all(_day(s) >= first for s in new)


def test_a_term_solve_mid_term_keeps_the_past_with_either_solver(
    publish_tiny_term: PublishTiny,
) -> None:
    api, term_id, term, v1 = _asks_more_in_week_one(publish_tiny_term)
    first = 4
    before = {(s["request"], s["index"]): s for s in v1["schedule"]["sessions"] if _day(s) < first}
    assert before
    for number, solver in ((2, "cpsat"), (3, "greedy")):
        options = {"time_limit": 5, "workers": 1, "solver": solver}
        r = api.post(f"{term}/solve", json=options)
        assert r.status_code == 202, r.text
        assert r.json()["keep_before"] == "2026-09-11" and r.json()["reference_version"] >= 1
        assert any("the term is under way" in w for w in r.json()["warnings"])
        assert any(
            w["zh"].startswith(
                f"学期已在进行中：本次求解保留第 {number - 1} 版在第 1 周周五（2026年9月11日）之前"
            )
            for w in r.json()["warning_messages"]
        ), r.json()
        job = api.wait_job(r.json()["id"])
        assert job["status"] == "done", job
        r = api.post(f"{term}/versions", json={"job_id": job["id"]})
        assert r.status_code == 201, r.text  # the independent checker passed it
        assert r.json()["warnings"] == []  # nothing before today changed
        now = {
            (s["request"], s["index"]): s
            for s in _checked(api, term_id, number)["schedule"]["sessions"]
        }
        assert all(now.get(k) == s for k, s in before.items()), solver
        assert all(_day(s) >= first for k, s in now.items() if k not in before), solver
