"""Internships [rules 6, 12]: all or nothing, headcounts over posts, weekly capacity."""

from __future__ import annotations

import pytest

from tests.solver.cpsat.helpers import scenario, solve


def post(pid: str, capacity: int, **extra) -> dict:
    return {
        "id": pid,
        "kind": "internship_post",
        "owner": "col",
        "site": "s1",
        "capacity": capacity,
        **extra,
    }


def intern(rid: str, cohort: str = "c1", weeks: int = 1, **extra) -> dict:
    return {"id": rid, "cohort": cohort, "kind": "internship", "weeks": weeks, **extra}


@pytest.mark.parametrize(("size", "expected"), [(30, 2000), (40, 0)])
def test_interns_are_spread_over_posts_all_or_nothing(size, expected):
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[{"id": "c1", "institution": "col", "size": size}],
        resources=[post("p1", 20), post("p2", 15)],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == expected
    if expected:
        assert sum(p.headcount for p in res.schedule.placements) == size
        assert {p.first_week for p in res.schedule.placements} == {1}


@pytest.mark.parametrize(("window", "expected"), [([1, 2], 2000), ([1, 1], 1000)])
def test_post_capacity_counts_interns_per_week(window, expected):
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[
            {"id": "c1", "institution": "col", "size": 25},
            {"id": "c2", "institution": "col", "size": 25},
        ],
        resources=[post("p1", 30)],
        requests=[
            intern("r1", "c1", window=[{"weeks": window}]),
            intern("r2", "c2", window=[{"weeks": window}]),
        ],
    )
    assert solve(sc).objective == expected


def test_post_availability_is_read_by_week():
    sc = scenario(
        calendar={"weeks": 3},
        resources=[post("p1", 30, available=[{"weeks": [2, 3], "days": [1]}])],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == 2000
    assert res.schedule.placements[0].first_week == 2


def test_a_post_open_only_on_closed_days_takes_no_interns_that_week():
    # week 1's Monday is closed: the post, open only on Mondays, holds no one in week 1
    sc = scenario(
        calendar={"weeks": 3, "closed": [{"week": 1, "day": 1}]},
        resources=[post("p1", 30, available=[{"days": [1]}])],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == 2000
    assert res.schedule.placements[0].first_week == 2


def test_an_internship_does_not_span_a_week_closed_throughout():
    # base(): two days a week; week 2 closed on both, so two consecutive weeks never fit
    closed = [{"week": 2, "day": d} for d in (1, 2)]
    sc = scenario(
        calendar={"weeks": 3, "closed": closed},
        resources=[post("p1", 30)],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == 0 and not res.schedule.placements
    assert [u.request for u in res.schedule.unmet] == ["r1"]
    one_week = scenario(
        calendar={"weeks": 3, "closed": closed},
        resources=[post("p1", 30)],
        requests=[intern("r1", weeks=1, window=[{"weeks": [2, 3]}])],
    )
    assert solve(one_week).schedule.placements[0].first_week == 3


def test_post_overflow_costs_each_intern_over_capacity_per_week():
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[{"id": "c1", "institution": "col", "size": 25}],
        resources=[post("p1", 20, overflow=10)],
        requests=[intern("r1", weeks=2)],
        weights={"overflow": 3},
    )
    assert solve(sc).objective == 2000 - 3 * 5 * 2
