"""The week grid on hand-made documents: lanes, spans, anonymous occupancy, closed days."""

from __future__ import annotations

from typing import Any

from api.web.grid import Cell, Lookup, build_grid, occupied_cells, slots_of
from scheduler.models import Calendar

SCENARIO: dict[str, Any] = {
    "calendar": {
        "weeks": 2,
        "days_per_week": 5,
        "slots_per_day": 4,
        "slot_minutes": 90,
        "first_monday": "2026-09-07",
        "closed": [{"week": 1, "day": 5}],
        "slot_times": ["08:00", "10:00", "14:00", "16:00"],
    },
    "institutions": [{"id": "a"}],
    "resources": [{"id": "hall", "name": "Hall"}, {"id": "lab", "name": "Lab"}],
    "instructors": [{"id": "t1", "name": "Teacher One"}],
    "cohorts": [{"id": "c1", "institution": "a", "name": "Class 1"}],
    "requests": [
        {"id": "r1", "cohort": "c1", "title": "Long"},
        {"id": "r2", "cohort": "c1", "title": "Short"},
        {"id": "r3", "cohorts": ["c1", "hidden/c9"], "title": "Joint"},
    ],
}


def _session(request: str, day: int, slot: int, duration: int, resource: str = "hall") -> dict:
    return {
        "request": request,
        "week": 1,
        "day": day,
        "slot": slot,
        "duration": duration,
        "parts": [{"resource": resource, "headcount": 10, "instructor": "t1"}],
    }


def test_overlapping_sessions_get_lanes_and_span_their_slots() -> None:
    schedule = {
        "sessions": [
            _session("r1", 1, 1, 3),
            _session("r2", 1, 2, 1),
            _session("r3", 1, 4, 1, resource="lab"),
        ]
    }
    look = Lookup(SCENARIO, hidden="(hidden)")
    g = build_grid(SCENARIO, schedule, "resource", "hall", 1, look)
    assert [d.lanes for d in g.days] == [2, 1, 1, 1, 1]
    assert [d.closed for d in g.days] == [False, False, False, False, True]
    assert [(s.start, s.end) for s in g.slots][:2] == [("08:00", "09:30"), ("10:00", "11:30")]
    # Row 1: r1 starts in lane 0 (spans 3), lane 1 empty, then 4 other days.
    kinds = [[k for k, _ in row] for row in g.rows]
    assert kinds[0] == ["cell", "empty", "empty", "empty", "empty", "empty"]
    assert kinds[1] == ["cell", "empty", "empty", "empty", "empty"]  # r2 in lane 1
    assert kinds[2] == ["empty", "empty", "empty", "empty", "empty"]  # lane 1 free again
    assert g.rows[0][0][1].duration == 3
    assert g.rows[0][-1] == ("empty", True)  # Friday of week 1 is closed
    # Every row covers every column exactly once.
    for i, row in enumerate(g.rows, start=1):
        spans = sum(1 for c in g.cells if c.slot < i <= c.end)
        assert len(row) + spans == 6
    joint = build_grid(SCENARIO, schedule, "resource", "lab", 1, look).cells[0]
    assert joint.cohorts == ["Class 1", "(hidden)"]
    assert joint.instructors == ["Teacher One"] and joint.headcount == 10


def test_cohort_view_and_other_weeks() -> None:
    schedule = {"sessions": [_session("r1", 2, 1, 2)]}
    look = Lookup(SCENARIO, hidden="?")
    assert len(build_grid(SCENARIO, schedule, "cohort", "c1", 1, look).cells) == 1
    assert build_grid(SCENARIO, schedule, "cohort", "c1", 2, look).cells == []


def test_others_occupancy_is_what_own_sessions_do_not_explain() -> None:
    own = [Cell(day=1, slot=1, duration=2, headcount=10)]
    busy = [(1, 1, 10), (1, 2, 25), (1, 3, 15), (2, 1, 5), (2, 2, 5), (2, 3, 6)]
    blocks = occupied_cells(busy, own, slots_per_day=4)
    assert [(b.day, b.slot, b.duration, b.headcount) for b in blocks] == [
        (1, 2, 2, 15),  # same count in consecutive slots: one block
        (2, 1, 2, 5),
        (2, 3, 1, 6),
    ]
    assert all(b.occupied and not b.request and not b.title for b in blocks)


def test_slot_times_past_midnight_are_marked_as_the_next_day() -> None:
    cal = Calendar.model_validate(
        {**SCENARIO["calendar"], "slot_times": ["08:00", "14:00", "20:00", "23:30"]}
    )
    assert [(s.start, s.end) for s in slots_of(cal)][-2:] == [
        ("20:00", "21:30"),
        ("23:30", "01:00+1"),
    ]
