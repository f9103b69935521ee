"""Internships [rules 6, 12]: all or nothing, headcounts over posts, weekly capacity."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.models import Scenario
from tests.solver.cpsat.helpers import scenario, solve


def post(pid: str, capacity: int, **extra: Any) -> dict:
    return {
        "id": pid,
        "kind": "internship_post",
        "owner": "col",
        "site": "s1",
        "capacity": capacity,
        **extra,
    }


def intern(rid: str, cohort: str = "c1", weeks: int = 1, **extra: Any) -> dict:
    return {"id": rid, "cohort": cohort, "kind": "internship", "weeks": weeks, **extra}


@pytest.mark.parametrize(("size", "expected"), [(30, 2000), (40, 0)])
def test_interns_are_spread_over_posts_all_or_nothing(size: int, expected: int) -> None:
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
def test_post_capacity_counts_interns_per_week(window: list[int], expected: int) -> None:
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


def test_post_availability_is_read_by_week() -> None:
    sc = scenario(
        calendar={"weeks": 3},
        resources=[post("p1", 30, available=[{"weeks": [2, 3], "days": [1]}])],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == 2000
    assert res.schedule.placements[0].first_week == 2


def test_a_post_open_only_on_closed_days_takes_no_interns_that_week() -> None:
    # week 1's Monday is closed: the post, open only on Mondays, holds no one in week 1
    sc = scenario(
        calendar={"weeks": 3, "closed": [{"week": 1, "day": 1}]},
        resources=[post("p1", 30, available=[{"days": [1]}])],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(sc)
    assert res.objective == 2000
    assert res.schedule.placements[0].first_week == 2


def test_an_internship_does_not_span_a_week_closed_throughout() -> None:
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


def test_an_internship_keeps_out_of_the_weeks_its_cohort_is_away() -> None:
    """The class sits exams in weeks 1-2 (available weeks 3-4 only): its two-week
    internship, window the whole term, goes in weeks 3-4; with exams in weeks 2-3 no run
    of two weeks is left and it stays unmet, reported as a window problem."""
    away = scenario(
        calendar={"weeks": 4},
        cohorts=[{"id": "c1", "institution": "col", "size": 20, "available": [{"weeks": [3, 4]}]}],
        resources=[post("p1", 30)],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(away)
    assert res.objective == 2000
    assert [(p.first_week, p.weeks) for p in res.schedule.placements] == [(3, 2)]
    split = scenario(
        calendar={"weeks": 4},
        cohorts=[
            {
                "id": "c1",
                "institution": "col",
                "size": 20,
                "available": [{"weeks": [1, 1]}, {"weeks": [4, 4]}],
            }
        ],
        resources=[post("p1", 30)],
        requests=[intern("r1", weeks=2)],
    )
    res = solve(split)
    assert res.objective == 0 and not res.schedule.placements
    assert [(u.request, u.reason) for u in res.schedule.unmet] == [("r1", "window")]
    assert "in the availability of cohort 'c1'" in res.schedule.unmet[0].message


def test_post_overflow_costs_each_intern_over_capacity_per_week() -> None:
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[{"id": "c1", "institution": "col", "size": 25}],
        resources=[post("p1", 20, overflow=10)],
        requests=[intern("r1", weeks=2)],
        weights={"overflow": 3},
    )
    assert solve(sc).objective == 2000 - 3 * 5 * 2


def _owner_kept_post(owner_windows: list[dict]) -> Scenario:
    """Post ``p1`` belongs to enterprise ``ex``; ``a1`` is a college's cohort, ``e1`` the
    enterprise's own apprentices; both ask for the post for one week of three."""
    return scenario(
        calendar={"weeks": 3},
        institutions=[
            {"id": "col", "kind": "college", "site": "s1"},
            {"id": "ex", "kind": "enterprise", "site": "s1"},
        ],
        cohorts=[
            {"id": "a1", "institution": "col", "size": 10},
            {"id": "e1", "institution": "ex", "size": 10},
        ],
        resources=[post("p1", 10, owner="ex", owner_windows=owner_windows)],
        requests=[
            intern("guest", "a1", window=[{"weeks": [1, 2]}]),
            intern("own", "e1", window=[{"weeks": [1, 1]}]),
        ],
    )


def test_owner_windows_keep_a_posts_weeks_from_other_institutions_interns() -> None:
    """The owner keeps weeks 1-2: the college's interns have no week in their window,
    the enterprise's own take week 1."""
    res = solve(_owner_kept_post([{"weeks": [1, 2]}]))
    assert [(p.request, p.first_week) for p in res.schedule.placements] == [("own", 1)]
    assert res.objective == 1000


def test_an_owner_window_on_one_day_keeps_the_whole_week_from_guests() -> None:
    """An internship takes every slot of its weeks, so a window of week 2's Mondays keeps
    week 2: the guest goes in week 1 (the owner's interns also want week 1: one fits)."""
    res = solve(_owner_kept_post([{"weeks": [2, 2], "days": [1]}]))
    placed = {p.request: p.first_week for p in res.schedule.placements}
    assert placed.get("guest") != 2
    assert res.objective == 1000
