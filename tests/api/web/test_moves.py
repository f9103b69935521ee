"""The page's sentences of what a re-solve moved (``api.web.moves``), on hand-made
``moved`` entries: each kind, a dropped session, and entries made before moves named
their teachers."""

from __future__ import annotations

from typing import Any

from api.version_schemas import HostedCohort, HostedSessionMove
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
    "resources": [
        {"id": "lab", "name": "Lab"},
        {"id": "hall", "name": "Hall"},
        {"id": "post", "name": "Line post"},
    ],
    "instructors": [{"id": "t1", "name": "Teacher One"}, {"id": "t2"}]
    + [{"id": "t3", "name": "Teacher Three"}],
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
        "Line internship: Line post week 1 5 people → Line post week 2 5 people",
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


#: A split session's teacher change, the parts before and after (``api.diff``).
SPLIT_AT = {"week": 1, "day": 3, "slot": 1, "resources": ["hall", "lab"], "duration": 2}


def _retaught(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> dict[str, Any]:
    """A ``teacher`` entry of r1 #2 whose (room, teacher) parts go from ``before`` to
    ``after``."""

    def parts(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"resource": r, "instructor": i or None} for r, i in pairs]

    def ids(pairs: list[tuple[str, str]]) -> list[str]:
        return [i for _, i in pairs if i]

    return {"kind": "teacher", "request": "r1", "index": 2, "at": SPLIT_AT} | {
        "from": ids(before),
        "to": ids(after),
        "from_parts": parts(before),
        "to_parts": parts(after),
    }


def test_a_split_sessions_teacher_change_names_the_room_whose_teacher_changed() -> None:
    """Two rooms, only the hall's teacher changes: the sentence said "taught by Teacher
    One, t2 → Teacher One, Teacher Three", so nobody could tell which room's class got
    the new teacher; it says the hall's, and a swap of two teachers says both rooms."""
    hall = _retaught([("lab", "t1"), ("hall", "t2")], [("lab", "t1"), ("hall", "t3")])
    swap = _retaught([("lab", "t1"), ("hall", "t2")], [("lab", "t2"), ("hall", "t1")])
    nobody = _retaught([("lab", "t1"), ("hall", "")], [("lab", "t1"), ("hall", "t2")])
    when = "week 1 Wed 08:00–11:30 · Hall, Lab"
    assert _lines([hall, swap, nobody], []) == [
        f"Turning #2 ({when}): Hall taught by t2 → Teacher Three",
        f"Turning #2 ({when}): Lab taught by Teacher One → t2; Hall taught by t2 → Teacher One",
        f"Turning #2 ({when}): Hall taught by none → t2",
    ]
    zh_when = "第 1 周 周三 08:00–11:30 · Hall、Lab"
    assert _lines([hall, swap], [], "zh") == [
        f"Turning 第 2 次（{zh_when}）：Hall 任课教师 t2 → Teacher Three",
        f"Turning 第 2 次（{zh_when}）：Lab 任课教师 Teacher One → t2；"
        "Hall 任课教师 t2 → Teacher One",
    ]


def test_a_retaught_session_for_another_institution_says_its_own_rooms_only() -> None:
    """``hosted_session_moves`` of a teacher change holds the parts the caller's teachers
    teach only (``api.hosting``): Teacher One's lab went to another institution's teacher,
    whom the caller is not told. The page said "→ dropped or no longer taught by your
    instructors", though the session is held as before; it says the lab's teacher is
    not one of the caller's any more, and names nobody of the other institution's."""
    when = {"week": 1, "day": 2, "slot": 1, "duration": 2}
    taught = HostedSessionMove(
        request="b/r9",
        title="Welding",
        cohorts=[HostedCohort(id="b/c9", name="Welders", institution="b")],
        kind="teacher",
        index=3,
        before=when | {"parts": T1},
        after=None,
    )
    assert _lines([], [taught]) == [
        "Welding #3 (week 1 Tue 08:00–11:30), with your instructors:"
        " Lab taught by Teacher One → not your instructors"
    ]
    assert _lines([], [taught], "zh") == [
        "本单位教师任教的 Welding 第 3 次（第 1 周 周二 08:00–11:30）："
        "Lab 任课教师 Teacher One → 非本单位教师"
    ]


def test_a_teacher_the_readers_view_hides_is_said_in_the_pages_language() -> None:
    """A joint session's teacher whose id reads as another institution's item comes
    hidden in ``moved`` (``api.hosting.moves_seen``, as the schedule hides it): the
    Chinese page said the API's English words for it."""
    hidden = "another institution's item"
    moved = [_retaught([("lab", "t1"), ("hall", hidden)], [("lab", "t1"), ("hall", "t2")])]
    assert _lines(moved, [], "zh") == [
        "Turning 第 2 次（第 1 周 周三 08:00–11:30 · Hall、Lab）：Hall 任课教师 其他单位的项目 → t2"
    ]
    assert _lines(moved, [])[0].endswith(f"Hall taught by {hidden} → t2")


def test_a_post_the_readers_view_hides_is_said_in_the_pages_language() -> None:
    """A joint internship moved off another institution's post comes with the post hidden
    (``api.hosting.moves_seen`` redacts it): the Chinese page said the API's English words
    for it, as it did for a hidden teacher."""
    hidden = "another institution's item"
    placed = {"resource": hidden, "headcount": 5, "first_week": 1, "weeks": 1}
    moved = [{"kind": "internship", "request": "i1", "from": [placed], "to": None}]
    assert _lines(moved, [], "zh") == ["Line internship：其他单位的项目 第 1 周 5 人 → 已取消"]
    assert _lines(moved, []) == [f"Line internship: {hidden} week 1 5 people → dropped"]


def test_a_session_in_several_rooms_says_each_rooms_teacher() -> None:
    """A session held in two rooms moved: the place said its rooms, then its teachers, as
    two lists ("Hall, Lab · t2, Teacher One"), so nobody could tell who teaches in which
    room; each room is said with its teachers, one the reader's view hides in the page's
    language, a room nobody teaches in alone."""
    hidden = "another institution's item"
    two = [{"resource": "hall", "instructor": "t2"}, {"resource": "lab", "instructor": "t1"}]
    swapped = [{"resource": "hall", "instructor": hidden}, {"resource": "lab"}]
    split = WAS | {"resources": ["hall", "lab"]}
    moved = [
        {"kind": "session", "request": "r1", "index": 1}
        | {"from": split | {"parts": two}, "to": {**split, "week": 2, "parts": swapped}}
    ]
    assert _lines(moved, []) == [
        "Turning #1: week 1 Tue 08:00–11:30 · Hall (t2), Lab (Teacher One)"
        f" → week 2 Tue 08:00–11:30 · Hall ({hidden}), Lab"
    ]
    assert _lines(moved, [], "zh") == [
        "Turning 第 1 次：第 1 周 周二 08:00–11:30 · Hall（t2）、Lab（Teacher One）"
        " → 第 2 周 周二 08:00–11:30 · Hall（其他单位的项目）、Lab"
    ]


def test_a_room_of_several_teachers_is_said_once_with_them_all() -> None:
    """Two teachers in the lab and one in the hall: the lab is said once, with both."""
    parts = [
        {"resource": "lab", "instructor": "t1"},
        {"resource": "hall", "instructor": "t3"},
        {"resource": "lab", "instructor": "t2"},
    ]
    split = WAS | {"resources": ["hall", "lab"], "parts": parts}
    moved = [{"kind": "session", "request": "r1", "index": 1, "from": split, "to": None}]
    assert _lines(moved, []) == [
        "Turning #1: week 1 Tue 08:00–11:30 · Lab (Teacher One, t2), Hall (Teacher Three) → dropped"
    ]


def test_an_internship_of_several_weeks_says_their_range_and_one_of_one_its_week() -> None:
    """A one-week internship read "weeks 1–1" ("第 1–1 周")."""
    placed = {"resource": "post", "headcount": 5, "first_week": 1, "weeks": 2}
    moved: list[dict[str, Any]] = [
        {"kind": "internship", "request": "i1", "from": [placed]}
        | {"to": [{**placed, "weeks": 1, "first_week": 2}]},
    ]
    assert _lines(moved, []) == [
        "Line internship: Line post weeks 1–2 5 people → Line post week 2 5 people"
    ]
    assert _lines(moved, [], "zh") == [
        "Line internship：Line post 第 1–2 周 5 人 → Line post 第 2 周 5 人"
    ]


def test_a_session_nobody_teaches_says_no_teacher_word() -> None:
    """A request that asks for no instructor ended each side of its move in "· none"
    ("· 无"), a word about nothing the reader could tell."""
    lab = [{"resource": "lab"}]
    moved = [
        {"kind": "session", "request": "r1", "index": 1}
        | {"from": WAS | {"parts": lab}, "to": {**WAS, "week": 2, "parts": lab}},
    ]
    assert _lines(moved, []) == [
        "Turning #1: week 1 Tue 08:00–11:30 · Lab → week 2 Tue 08:00–11:30 · Lab"
    ]
    assert _lines(moved, [], "zh") == [
        "Turning 第 1 次：第 1 周 周二 08:00–11:30 · Lab → 第 2 周 周二 08:00–11:30 · Lab"
    ]
