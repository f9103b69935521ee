"""Cohorts [rule 7]: one session at a time, joint sessions, internship weeks."""

from __future__ import annotations

import pytest

from tests.solver.cpsat.helpers import TWO_LABS, scenario, sessions_req, solve


def test_a_cohort_attends_one_session_at_a_time() -> None:
    sc = scenario(
        resources=TWO_LABS,
        requests=[
            sessions_req("r1", 6, resources=["lab1"]),
            sessions_req("r2", 6, resources=["lab2"]),
        ],
    )
    res = solve(sc)
    assert res.objective == 6000


def test_joint_session_occupies_every_listed_cohort() -> None:
    sc = scenario(
        cohorts=[
            {"id": "c1", "institution": "col", "size": 10},
            {"id": "c2", "institution": "col", "size": 10},
        ],
        resources=TWO_LABS,
        requests=[
            {"id": "joint", "cohorts": ["c1", "c2"], "sessions": 6, "resources": ["lab1"]},
            sessions_req("r1", 6, cohort="c1", resources=["lab2"]),
        ],
    )
    res = solve(sc)
    assert res.objective == 6000


@pytest.mark.parametrize(("window", "expected"), [([1, 2], 7000), ([1, 1], 6000)])
def test_internship_weeks_block_the_cohorts_sessions(window: list[int], expected: int) -> None:
    sc = scenario(
        calendar={"weeks": 2},
        resources=TWO_LABS
        + [{"id": "post", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 30}],
        requests=[
            sessions_req("r1", 6, window=[{"weeks": [1, 1]}]),
            {
                "id": "intern",
                "cohort": "c1",
                "kind": "internship",
                "weeks": 1,
                "window": [{"weeks": window}],
            },
        ],
    )
    res = solve(sc)
    assert res.objective == expected
