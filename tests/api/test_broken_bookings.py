"""Which published bookings a new term base breaks (``api.base_changes.broken_bookings``):
the independent checker judges the published timetable under the old base and the new,
and every rule the change breaks counts, split at the first day that may still change."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from api.base_changes import base_of, broken_bookings, with_base
from scheduler.io import schedule_to_json
from scheduler.models import Scenario
from scheduler.solving.scenario import solve_scenario
from solver.options import SolveOptions
from tests.api.conftest import check, tiny_data

Doc = dict[str, Any]


@cache
def _greedy_tiny() -> str:
    schedule = solve_scenario(Scenario.model_validate(tiny_data()), SolveOptions(solver="greedy"))
    return schedule_to_json(schedule)


def _published() -> tuple[Doc, Doc]:
    """The tiny scenario and greedy's schedule of it, moved so that cohort b-weld-1
    crosses from campus-b to campus-a on week 1's Tuesday with one free slot between."""
    scenario, schedule = tiny_data(), json.loads(_greedy_tiny())
    sessions = schedule["sessions"]
    weld = next(s for s in sessions if s["request"] == "r-b-weld" and s["slot"] == 3)
    cnc = [s for s in sessions if s["request"] == "r-b-cnc"]
    assert (weld["week"], weld["day"]) == (1, 1)
    assert [(s["week"], s["day"], s["slot"]) for s in cnc] == [(1, 2, 3), (2, 2, 3)]
    weld["day"], weld["slot"] = 2, 1  # weld-shop, Tuesday slots 1-2
    for s in cnc:
        s["slot"] = 4  # cnc-lab, Tuesdays slot 4 (weekly)
    check(scenario, schedule)  # a timetable that keeps every rule of the old base
    return scenario, schedule


def _where(schedule: Doc, request: str, **at: int) -> set[str]:
    """Paths of ``request``'s bookings (those at ``at``'s week, day, ... if given)."""
    kind = "placements" if request.endswith("intern") else "sessions"
    return {
        f"{kind}[{i}]"
        for i, b in enumerate(schedule[kind])
        if b["request"] == request and all(b[k] == v for k, v in at.items())
    }


def _resource(base: Doc, rid: str) -> Doc:
    return next(r for r in base["resources"] if r["id"] == rid)


def _capacity(base: Doc) -> None:
    _resource(base, "weld-shop")["capacity"] = 10  # b-weld-1 has 18, x-staff 8


def _travel(base: Doc) -> None:
    base["travel"] = [{"from": "campus-a", "to": "campus-b", "minutes": 100}]


def _post_week(base: Doc) -> None:
    _resource(base, "post-x")["available"] = [{"weeks": [1, 1]}]


def _owner_monday(base: Doc) -> None:
    _resource(base, "cnc-lab")["owner_windows"] = [{"days": [1]}, {"days": [2], "slots": [4]}]


def _closed_to_guests(base: Doc) -> None:
    _resource(base, "cnc-lab")["open_to"] = []


def _instructor_gone(base: Doc) -> None:
    base["instructors"] = [t for t in base["instructors"] if t["id"] != "m-zhao"]


def _closed_monday(base: Doc) -> None:
    base["calendar"]["closed"] = [*base["calendar"]["closed"], {"week": 1, "day": 1}]


def _one_week(base: Doc) -> None:
    base["calendar"]["weeks"] = 1


CASES: dict[str, tuple[Callable[[Doc], None], Callable[[Doc], set[str]]]] = {
    # what the base change does, and the bookings it breaks
    "capacity": (_capacity, lambda s: _where(s, "r-b-weld")),
    "travel": (_travel, lambda s: _where(s, "r-b-cnc", week=1)),
    "post week": (_post_week, lambda s: _where(s, "r-a-intern")),
    "owner windows": (_owner_monday, lambda s: _where(s, "r-b-cnc")),
    "open_to": (_closed_to_guests, lambda s: _where(s, "r-b-cnc")),
    "instructor": (
        _instructor_gone,
        lambda s: _where(s, "r-b-weld") | _where(s, "r-x-weld"),
    ),
    "closed day": (
        _closed_monday,
        lambda s: {p for p in _all(s) if _day_of(s, p) == 0},
    ),
    "calendar": (_one_week, lambda s: {p for p in _all(s) if _day_of(s, p) >= 5}),
}


def _all(schedule: Doc) -> set[str]:
    return {f"{k}[{i}]" for k in ("sessions", "placements") for i in range(len(schedule[k]))}


def _day_of(schedule: Doc, path: str) -> int:
    """0-based term day a booking counts on (a placement: its first week's Monday)."""
    kind, i = _split(path)
    b = schedule[kind][i]
    return (b["week"] - 1) * 5 + b["day"] - 1 if kind == "sessions" else (b["first_week"] - 1) * 5


def _split(path: str) -> tuple[str, int]:
    m = re.match(r"(sessions|placements)\[(\d+)\]", path)
    assert m is not None, path
    return m[1], int(m[2])


def _items(pairs: list[tuple[str, str]]) -> set[str]:
    return {"{}[{}]".format(*_split(path)) for path, _ in pairs}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_base_change_breaks_the_bookings_whose_rule_it_changes(case: str) -> None:
    scenario, schedule = _published()
    change, expected = CASES[case]
    base = copy.deepcopy(base_of(scenario))
    change(base)
    broken = expected(schedule)
    assert broken, "each case breaks something in the tiny timetable"
    for before_day in (0, 1, 5, 10):
        found = broken_bookings(scenario, schedule, with_base(scenario, base), before_day)
        assert _items(found.past) == {p for p in broken if _day_of(schedule, p) < before_day}
        assert _items(found.later) == {p for p in broken if _day_of(schedule, p) >= before_day}
    # each booking once, with the checker's sentence naming it
    found = broken_bookings(scenario, schedule, with_base(scenario, base), 10)
    assert len(found.past) == len(broken)
    for path, msg in found.past:
        kind, i = _split(path)
        assert f"request {schedule[kind][i]['request']} " in msg


def test_the_same_base_breaks_nothing_and_old_faults_are_not_counted() -> None:
    scenario, schedule = _published()
    assert broken_bookings(scenario, schedule, scenario, 10).past == []
    # a booking that already broke a rule under the published base is not the change's
    _resource(scenario, "weld-shop")["capacity"] = 10
    base = copy.deepcopy(base_of(scenario))
    assert broken_bookings(scenario, schedule, with_base(scenario, base), 10).past == []
    _capacity_lowered_more = copy.deepcopy(base)
    _instructor_gone(_capacity_lowered_more)
    found = broken_bookings(scenario, schedule, with_base(scenario, _capacity_lowered_more), 10)
    assert _items(found.past) == _where(schedule, "r-b-weld") | _where(schedule, "r-x-weld")
    assert all("m-zhao" in msg for _, msg in found.past)


def test_a_full_post_blames_the_internship_that_began_last() -> None:
    """Week 2 of 'post-x' over its lowered capacity: the internship under way since
    week 1 was there first; the one starting in week 2 (still to come) may move, so the
    change is warned, not refused (the last one listed was blamed: an audit finding)."""
    scenario = tiny_data()
    scenario["calendar"]["weeks"] = 3
    _resource(scenario, "post-x")["capacity"] = 50
    scenario["requests"] = [
        {"id": "i-late", "cohort": "b-weld-1", "kind": "internship", "weeks": 1, "needs": ["cnc"]},
        {"id": "i-begun", "cohort": "a-cnc-1", "kind": "internship", "weeks": 2, "needs": ["cnc"]},
    ]
    placements = [
        {"request": "i-late", "resource": "post-x", "headcount": 18, "first_week": 2, "weeks": 1},
        {"request": "i-begun", "resource": "post-x", "headcount": 25, "first_week": 1, "weeks": 2},
    ]
    schedule = {
        "format": "trainshare/schedule@1",
        "scenario": scenario["name"],
        "status": "feasible",
        "sessions": [],
        "placements": placements,
        "unmet": [],
    }
    base = copy.deepcopy(base_of(scenario))
    _resource(base, "post-x")["capacity"] = 30  # week 2 holds 18 + 25
    found = broken_bookings(
        scenario, schedule, with_base(scenario, base), before_day=5
    )  # from week 2 on
    assert found.past == []
    assert _items(found.later) == {"placements[0]"}
