"""An institution whose instructor teaches another institution's session is told when a
re-solve moves it or gives it other teachers (``api.hosting.session_moves_taught``), with
only the parts its instructors teach; for that, a move's places name their teachers."""

from __future__ import annotations

from api.diff import moved_items
from api.hosting import session_moves_taught


def test_a_moved_session_names_its_duration_and_who_taught_which_part() -> None:
    """``moved`` gave a session's week, day, slot and resources: not how long it is nor who
    teaches it, so nobody could be told that its teacher's week changed with it."""
    part = {"resource": "shop", "instructor": "m-zhao", "headcount": 12}
    was = {"request": "r", "index": 1, "week": 1, "day": 2, "slot": 1, "duration": 2}
    (move,) = moved_items(
        {"sessions": [was | {"parts": [part]}]},
        {"sessions": [was | {"week": 2, "parts": [{**part, "instructor": "t-wu"}]}]},
    )
    where = {"week": 1, "day": 2, "slot": 1, "resources": ["shop"], "duration": 2}
    assert move["from"] == where | {"parts": [{"resource": "shop", "instructor": "m-zhao"}]}
    assert move["to"] == where | {"week": 2, "parts": [{"resource": "shop", "instructor": "t-wu"}]}


def test_a_host_is_told_only_its_teachers_parts_of_a_moved_or_retaught_session() -> None:
    """A session of col-b's with two parts, one taught by ent-x's m-zhao and one by
    col-b's t-wu: ent-x hears of the move and of a change of teacher with its own part
    only, as ``hosted_sessions`` shows it; the other room and teacher stay col-b's."""
    scenario = {
        "instructors": [
            {"id": "m-zhao", "institution": "ent-x"},
            {"id": "t-wu", "institution": "col-b"},
        ],
        "cohorts": [{"id": "col-b/b-1", "name": "焊接2401班", "institution": "col-b"}],
        "requests": [{"id": "col-b/r-weld", "title": "Welding", "cohort": "col-b/b-1"}],
    }
    ours = {"resource": "shop", "instructor": "m-zhao"}
    theirs = {"resource": "b-lab", "instructor": "t-wu"}
    was = {"week": 1, "day": 2, "slot": 1, "resources": ["b-lab", "shop"], "duration": 2}
    now = {**was, "week": 2}
    moved = [
        {"kind": "session", "request": "col-b/r-weld", "index": 1}
        | {"from": was | {"parts": [ours, theirs]}, "to": now | {"parts": [theirs, ours]}},
        {"kind": "session", "request": "col-b/r-weld", "index": 2}
        | {"from": {**was, "slot": 3, "parts": [theirs]}, "to": None},
    ]
    at = {k: now[k] for k in ("week", "day", "slot", "resources")}
    retaught = {"kind": "teacher", "request": "col-b/r-weld", "index": 3, "at": at}
    schedule = {
        "sessions": [
            {"request": "col-b/r-weld", "index": 3, **at, "duration": 2}
            | {"parts": [{**ours, "instructor": "t-wu", "headcount": 9}, theirs | {"headcount": 9}]}
        ]
    }
    moved.append(retaught | {"from": ["m-zhao", "t-wu"], "to": ["t-wu", "t-wu"]})

    told = session_moves_taught(scenario, schedule, moved, "ent-x")
    when = {"week": 1, "day": 2, "slot": 1, "duration": 2}
    cohort = {"id": "col-b/b-1", "name": "焊接2401班", "institution": "col-b"}
    about = {"request": "col-b/r-weld", "title": "Welding", "cohorts": [cohort]}
    assert told == [
        about
        | {"kind": "session", "index": 1}
        | {"before": when | {"parts": [ours]}, "after": {**when, "week": 2, "parts": [ours]}},
        # the session of t-wu's alone is not ent-x's business; the retaught one is
        about
        | {"kind": "teacher", "index": 3}
        | {"before": {**when, "week": 2, "parts": [ours]}, "after": None},
    ]
    assert "b-lab" not in str(told) and "t-wu" not in str(told)
    # col-b's own moves are in its ``moved``, not here
    assert session_moves_taught(scenario, schedule, moved, "col-b") == []


def test_a_retaught_session_tells_the_room_its_old_teacher_taught_in() -> None:
    """A session of col-b's with two parts: before, m-zhao taught the shop and nobody the
    lab; after, t-wu teaches the lab and m-zhao none. The entry held the instructors only,
    so the parts did not line up and ent-x was told m-zhao's part without its room."""
    scenario = {
        "instructors": [
            {"id": "m-zhao", "institution": "ent-x"},
            {"id": "t-wu", "institution": "col-b"},
        ],
        "cohorts": [{"id": "col-b/b-1", "institution": "col-b"}],
        "requests": [{"id": "col-b/r-weld", "cohort": "col-b/b-1"}],
    }
    at = {"request": "col-b/r-weld", "index": 1, "week": 1, "day": 2, "slot": 1, "duration": 2}
    was = at | {"parts": [{"resource": "shop", "instructor": "m-zhao"}, {"resource": "lab"}]}
    now = at | {"parts": [{"resource": "shop"}, {"resource": "lab", "instructor": "t-wu"}]}
    moved = moved_items({"sessions": [was]}, {"sessions": [now]})
    assert [m["kind"] for m in moved] == ["teacher"]
    (told,) = session_moves_taught(scenario, {"sessions": [now]}, moved, "ent-x")
    when = {"week": 1, "day": 2, "slot": 1, "duration": 2}
    assert told["before"] == when | {"parts": [{"resource": "shop", "instructor": "m-zhao"}]}
    assert told["after"] is None
