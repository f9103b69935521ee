"""The page's sentences of what a re-solve moved (``api.web.moves``), on hand-made
``moved`` entries: each kind, a dropped session, and entries made before moves named
their teachers."""

from __future__ import annotations

from typing import Any

from api.schemas import HostedCohort, HostedSessionMove
from api.web.grid import Lookup
from api.web.moves import lines

SCENARIO: dict[str, Any] = {
    "calendar": {
        "weeks": 2,
        "days_per_week": 5,
        "slots_per_day": 4,
        "slot_minutes": 90,
        "first_monday": "2026-09-07",
        "slot_times": ["08:00", "10:00", "14:00", "16:00"],
    },
    "resources": [{"id": "lab", "name": "Lab"}, {"id": "post", "name": "Line post"}],
    "instructors": [{"id": "t1", "name": "Teacher One"}, {"id": "t2"}],
    "cohorts": [{"id": "c1", "institution": "a", "name": "Class 1"}],
    "requests": [
        {"id": "r1", "cohort": "c1", "title": "Turning"},
        {"id": "i1", "cohort": "c1", "title": "Line internship", "kind": "internship"},
    ],
}
SCHEDULE: dict[str, Any] = {
    "sessions": [{"request": "r1", "index": 2, "week": 2, "day": 1, "slot": 2, "duration": 2}]
}
WAS = {"week": 1, "day": 2, "slot": 1, "resources": ["lab"], "duration": 2}
T1 = [{"resource": "lab", "instructor": "t1"}]


def _lines(moved: list[dict[str, Any]], taught: list[Any], lang: str = "en") -> list[str]:
    return lines(moved, taught, SCENARIO, SCHEDULE, Lookup(SCENARIO, "hidden"), lang)


def test_each_kind_of_move_is_said_with_time_room_and_teacher() -> None:
    """A session moved (clock times from ``slot_times``, its two slots spanned), one
    dropped, one given another teacher (its length read from the schedule) and an
    internship moved to other weeks."""
    placed = {"resource": "post", "headcount": 5, "first_week": 1, "weeks": 1}
    moved: list[dict[str, Any]] = [
        {"kind": "session", "request": "r1", "index": 1}
        | {"from": WAS | {"parts": T1}, "to": {**WAS, "week": 2, "slot": 3, "parts": T1}},
        {"kind": "session", "request": "r1", "index": 3, "from": WAS | {"parts": T1}, "to": None},
        {"kind": "teacher", "request": "r1", "index": 2, "from": ["t1"], "to": ["t2"]}
        | {"at": {"week": 2, "day": 1, "slot": 2, "resources": ["lab"]}},
        {"kind": "internship", "request": "i1", "from": [placed]}
        | {"to": [{**placed, "first_week": 2}]},
    ]
    assert _lines(moved, []) == [
        "Turning #1: week 1 Tue 08:00–11:30 · Lab · Teacher One"
        " → week 2 Tue 14:00–17:30 · Lab · Teacher One",
        "Turning #3: week 1 Tue 08:00–11:30 · Lab · Teacher One → dropped",
        "Turning #2 (week 2 Mon 10:00–15:30 · Lab): taught by Teacher One → t2",
        "Line internship: Line post weeks 1–1 5 people → Line post weeks 2–2 5 people",
    ]
    zh = _lines(moved[:1], [], "zh")
    assert zh == [
        "Turning 第 1 次：第 1 周 周二 08:00–11:30 · Lab · Teacher One"
        " → 第 2 周 周二 14:00–17:30 · Lab · Teacher One"
    ]


def test_a_move_listed_before_moves_named_teachers_gives_its_rooms() -> None:
    """Versions published before a move's place held its parts: rooms, no teachers."""
    moved = [{"kind": "session", "request": "r1", "index": 1, "from": WAS, "to": None}]
    assert _lines(moved, []) == ["Turning #1: week 1 Tue 08:00–11:30 · Lab → dropped"]


def test_a_session_taught_for_another_institution_says_its_teachers_parts_only() -> None:
    """``hosted_session_moves``: the request is not in the caller's scenario; its title
    is the API's, and a side with none of its teachers is said so."""
    taught = HostedSessionMove(
        request="b/r9",
        title="Welding",
        cohorts=[HostedCohort(id="b/c9", name="Welders", institution="b")],
        kind="session",
        index=1,
        before={**WAS, "parts": T1},
        after=None,
    )
    assert _lines([], [taught]) == [
        "Welding #1, taught by your instructors: week 1 Tue 08:00–11:30 · Lab · Teacher One"
        " → dropped or no longer taught by your instructors"
    ]


def test_a_teacher_change_says_its_length_from_the_entry() -> None:
    """An entry with ``at.duration`` (``api.diff``) is said at its length even when the
    page's schedule holds no session there any more (an amendment moved it since): the
    page read the length from the schedule only, and said one slot."""
    moved = [
        {"kind": "teacher", "request": "r1", "index": 2, "from": ["t1"], "to": ["t2"]}
        | {"at": {"week": 1, "day": 3, "slot": 1, "resources": ["lab"], "duration": 2}}
        | {"from_parts": T1, "to_parts": [{"resource": "lab", "instructor": "t2"}]}
    ]
    assert _lines(moved, []) == [
        "Turning #2 (week 1 Wed 08:00–11:30 · Lab): taught by Teacher One → t2"
    ]
