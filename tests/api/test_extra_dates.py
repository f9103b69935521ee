"""Extra requests book from the day after today on: days gone by are not offered.

The tiny term runs two weeks from Monday 2026-09-07 (week 1's Wednesday is closed);
``today`` is the service setting the tests pin (``Api.settings`` is the app's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from api.extra import date_of_day, day_of_date
from scheduler.models import Calendar
from tests.api.conftest import Api, check, open_tiny_term, publish_tiny, submit_tiny

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


def _published(api: Api) -> tuple[int, str]:
    term_id = open_tiny_term(api)
    submit_tiny(api, term_id)
    publish_tiny(api, term_id)
    return term_id, f"/api/v1/terms/{term_id}/institutions/col-b/extra-requests"


def _checked(api: Api, term_id: int) -> dict[str, Any]:
    """The latest version with its amendments; it passes the independent checker."""
    url = f"/api/v1/terms/{term_id}/versions/1"
    version: dict[str, Any] = api.get(url).json()
    check(api.get(f"{url}/scenario").json(), version["schedule"])
    return version


def _on_or_after(item: dict[str, Any], week: int, day: int) -> bool:
    return (item["week"], item["day"]) >= (week, day)


def test_an_extra_request_mid_term_books_and_offers_only_days_to_come(solving_api: Api) -> None:
    term_id, url = _published(solving_api)
    solving_api.settings.today = dt.date(2026, 9, 10)  # week 1, Thursday: Friday is next
    six = {**WELD, "id": "e-six", "sessions": 6, "window": [{"weeks": [1, 1]}]}
    r = solving_api.post(url, "col-b", json=six)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["bookable_from"] == {"week": 1, "day": 5, "date": "2026-09-11"}
    # week 1's Friday holds at most four one-slot sessions: the rest is missing
    assert body["outcome"] == "partial", body
    assert body["sessions"] and all(_on_or_after(s, 1, 5) for s in body["sessions"])
    offered = [s for alt in body["alternatives"] for s in alt["sessions"]]
    assert offered and all(_on_or_after(s, 1, 5) for s in offered), body["alternatives"]
    _checked(solving_api, term_id)


def test_without_a_pinned_date_the_answer_says_from_which_day_it_booked(
    solving_api: Api,
) -> None:
    term_id, url = _published(solving_api)
    solving_api.settings.today = dt.date(2026, 9, 14)  # week 2, Monday
    solving_api.settings.extra_lead_days = 0  # today itself may still be booked
    r = solving_api.post(url, "col-b", json={**WELD, "id": "e-today", "sessions": 2})
    assert r.status_code == 201, r.text
    assert r.json()["bookable_from"] == {"week": 2, "day": 1, "date": "2026-09-14"}
    assert r.json()["sessions"] and all(_on_or_after(s, 2, 1) for s in r.json()["sessions"])


def test_a_window_wholly_gone_by_is_refused_naming_the_first_bookable_day(
    solving_api: Api,
) -> None:
    term_id, url = _published(solving_api)
    solving_api.settings.today = dt.date(2026, 9, 10)
    early = {**WELD, "id": "e-early", "window": [{"weeks": [1, 1], "days": [1, 2, 4]}]}
    r = solving_api.post(url, "col-b", json=early)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {
            "loc": ["body", "window"],
            "path": "window",
            "msg": "the window ends before week 1, Friday (2026-09-11), the first day an "
            "extra request can be booked",
        }
    ]
    # nothing was stored: the same id is answered once the window reaches Friday
    later = {**early, "window": [{"weeks": [1, 1], "days": [4, 5]}]}
    r = solving_api.post(url, "col-b", json=later)
    assert r.status_code == 201, r.text
    assert [(s["week"], s["day"]) for s in r.json()["sessions"]] == [(1, 5)]


def test_once_the_term_is_over_extra_requests_are_refused(solving_api: Api) -> None:
    term_id, url = _published(solving_api)
    solving_api.settings.today = dt.date(2026, 9, 18)  # the last day: tomorrow is past it
    r = solving_api.post(url, "col-b", json={**WELD, "id": "e-late"})
    assert r.status_code == 409, r.text
    assert "last day (2026-09-18) has passed" in r.json()["detail"]
    assert _checked(solving_api, term_id)["amendment_list"] == []


def test_an_internship_window_in_a_week_already_begun_is_refused(solving_api: Api) -> None:
    term_id, url = _published(solving_api)
    solving_api.settings.today = dt.date(2026, 9, 7)  # week 1, Monday: Tuesday is next
    intern = {"cohort": "b-weld-1", "kind": "internship", "weeks": 1, "needs": ["cnc"]}
    r = solving_api.post(url, "col-b", json={**intern, "id": "e-in", "window": [{"weeks": [1, 1]}]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["msg"] == (
        "the window ends before week 2, Monday (2026-09-14), the first day an internship can start"
    )
    solving_api.settings.today = dt.date(2026, 9, 14)  # week 2 has begun: none can start
    r = solving_api.post(url, "col-b", json={**intern, "id": "e-in"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["msg"] == (
        "no internship can start any more: the term's last week has begun"
    )
    assert _checked(solving_api, term_id)["amendment_list"] == []
