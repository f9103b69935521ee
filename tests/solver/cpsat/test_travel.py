"""Travel [rule 9]: same-day sessions at different sites leave time to travel."""

from __future__ import annotations

from typing import Any

import pytest

from tests.solver.cpsat.helpers import scenario, sessions_req, solve


def two_sites(travel: list[dict], slot_times: list[str] | None = None, **extra) -> dict:
    cal: dict[str, Any] = {"weeks": 1, "days_per_week": 1, "slots_per_day": 3, "slot_minutes": 60}
    if slot_times is not None:
        cal["slot_times"] = slot_times
    return {
        "calendar": cal,
        "sites": [{"id": "s1"}, {"id": "s2"}],
        "travel": travel,
        "resources": [
            {"id": "lab1", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
            {"id": "lab2", "kind": "lab", "owner": "col", "site": "s2", "capacity": 30},
        ],
        **extra,
    }


COHORT_REQUESTS = [
    sessions_req("r1", 2, resources=["lab1"]),
    sessions_req("r2", 1, resources=["lab2"]),
]
EDGE = [{"from": "s1", "to": "s2", "minutes": 30}]


@pytest.mark.parametrize(
    ("travel", "slot_times", "expected"),
    [
        ([{"from": "s1", "to": "s2", "minutes": 0}], None, 3000),
        (EDGE, None, 2000),  # back-to-back slots leave no time to travel
        (EDGE, ["08:00", "09:00", "11:00"], 3000),  # an hour's gap before slot 3
        ([], ["08:00", "09:00", "11:00"], 2000),  # no path: never on one day
    ],
)
def test_a_cohort_needs_time_to_change_site(travel, slot_times, expected):
    res = solve(scenario(**two_sites(travel, slot_times, requests=COHORT_REQUESTS)))
    assert res.objective == expected


def test_an_instructor_needs_time_to_change_site():
    teacher = {"id": "t1", "institution": "col", "skills": ["cnc"], "site": "s1"}
    cohorts = [
        {"id": "c1", "institution": "col", "size": 20},
        {"id": "c2", "institution": "col", "size": 20},
    ]
    reqs = [
        sessions_req("r1", 2, cohort="c1", resources=["lab1"], instructor_skills=["cnc"]),
        sessions_req("r2", 2, cohort="c2", resources=["lab2"], instructor_skills=["cnc"]),
    ]
    no_travel = [{"from": "s1", "to": "s2", "minutes": 0}]
    free = solve(
        scenario(**two_sites(no_travel, instructors=[teacher], cohorts=cohorts, requests=reqs))
    )
    assert free.objective == 3000
    res = solve(scenario(**two_sites(EDGE, instructors=[teacher], cohorts=cohorts, requests=reqs)))
    assert res.objective == 2000
