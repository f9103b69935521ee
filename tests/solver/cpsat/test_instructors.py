"""Instructors [rule 8]: one part at a time, availability, weekly load, split parts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.solver.cpsat.helpers import TWO_COHORTS, TWO_LABS, scenario, sessions_req, solve


def teacher(tid: str = "t1", **extra: Any) -> dict:
    return {"id": tid, "institution": "col", "skills": ["cnc"], "site": "s1", **extra}


def two_classes(**teacher_extra: Any) -> dict:
    return {
        "resources": TWO_LABS,
        "cohorts": TWO_COHORTS,
        "instructors": [teacher(**teacher_extra)],
        "requests": [
            sessions_req("r1", 6, cohort="c1", resources=["lab1"], instructor_skills=["cnc"]),
            sessions_req("r2", 6, cohort="c2", resources=["lab2"], instructor_skills=["cnc"]),
        ],
    }


def test_an_instructor_teaches_one_session_at_a_time() -> None:
    res = solve(scenario(**two_classes()))
    assert res.objective == 6000
    assert all(s.parts[0].instructor == "t1" for s in res.schedule.sessions)


def test_weekly_load_caps_the_slots_taught() -> None:
    res = solve(scenario(**two_classes(max_slots_per_week=4)))
    assert res.objective == 4000


def test_instructor_availability_limits_the_sessions() -> None:
    res = solve(scenario(**two_classes(available=[{"days": [1]}])))
    assert res.objective == 3000
    assert all(s.day == 1 for s in res.schedule.sessions)


@pytest.mark.parametrize(("teachers", "expected"), [(1, 0), (2, 1000)])
def test_each_split_part_needs_its_own_instructor(teachers: int, expected: int) -> None:
    sc = scenario(
        resources=TWO_LABS,
        cohorts=[{"id": "c1", "institution": "col", "size": 50}],
        instructors=[teacher(f"t{k}") for k in range(1, teachers + 1)],
        requests=[sessions_req("r1", 1, split=True, instructor_skills=["cnc"])],
    )
    res = solve(sc)
    assert res.objective == expected
