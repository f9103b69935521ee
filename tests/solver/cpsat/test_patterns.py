"""Patterns [rule 10]: weekly, block, min_days_apart, max_per_week, partial runs."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.compile import compile_scenario
from solver.cpsat.bound import relaxation_bound
from solver.cpsat.indexed_bound.relaxation import indexed_bound
from solver.cpsat.params import CpSatParams
from tests.solver.cpsat.helpers import scenario, sessions_req, solve


def one_slot_days(weeks: int, days: int, closed: list[dict] | None = None) -> dict:
    return {
        "weeks": weeks,
        "days_per_week": days,
        "slots_per_day": 1,
        "closed": closed or [],
    }


@pytest.mark.parametrize(
    ("closed", "window", "expected"),
    [
        ([{"week": 2, "day": 1}], None, 2000),  # closed week skipped: weeks 1 and 3
        ([], [{"weeks": [1, 1]}, {"weeks": [3, 3]}], 1000),  # an open gap breaks the run
        ([], None, 2000),
    ],
)
def test_weekly_runs_skip_closed_weeks_only(
    closed: list[dict[str, int]], window: list[dict[str, Any]] | None, expected: int
) -> None:
    req = sessions_req("r1", 2, pattern="weekly")
    if window is not None:
        req["window"] = window
    res = solve(scenario(calendar=one_slot_days(3, 1, closed), requests=[req]))
    assert res.objective == expected
    if expected == 2000 and closed:
        assert sorted(s.week for s in res.schedule.sessions) == [1, 3]


def test_weekly_keeps_day_and_slot() -> None:
    cal = {"weeks": 3, "days_per_week": 2, "slots_per_day": 2}
    res = solve(scenario(calendar=cal, requests=[sessions_req("r1", 3, pattern="weekly")]))
    assert res.objective == 3000
    assert len({(s.day, s.slot) for s in res.schedule.sessions}) == 1


@pytest.mark.parametrize(("unavailable", "expected"), [(False, 3000), (True, 2000)])
def test_block_runs_over_consecutive_open_days(unavailable: bool, expected: int) -> None:
    # days 1-3, week 1 day 3 closed: (w1d1, w1d2, w2d1) is a block; if the cohort
    # cannot come on w2d1 (an open day) the run breaks and only two fit
    cohort = {"id": "c1", "institution": "col", "size": 20}
    if unavailable:
        cohort["available"] = [{"weeks": [1, 1]}, {"weeks": [2, 2], "days": [2, 3]}]
    sc = scenario(
        calendar=one_slot_days(2, 3, [{"week": 1, "day": 3}]),
        cohorts=[cohort],
        requests=[sessions_req("r1", 3, pattern="block")],
    )
    res = solve(sc)
    assert res.objective == expected


@pytest.mark.parametrize(("apart", "expected"), [(2, 3000), (3, 2000), (8, 2000), (9, 1000)])
def test_min_days_apart_counts_seven_days_a_week(apart: int, expected: int) -> None:
    # Mon/Tue over two weeks: Mon w1 -> Tue w1 is 1 day, Mon w1 -> Tue w2 is 8 days
    cal = one_slot_days(2, 2) if apart != 2 else one_slot_days(1, 5)
    res = solve(scenario(calendar=cal, requests=[sessions_req("r1", 3, min_days_apart=apart)]))
    assert res.objective == expected


def test_max_per_week() -> None:
    res = solve(
        scenario(calendar=one_slot_days(2, 3), requests=[sessions_req("r1", 5, max_per_week=2)])
    )
    assert res.objective == 4000


def test_max_per_week_and_min_days_apart_bind_free_requests_only() -> None:
    """The spec applies both to ``free`` requests: a block of five in a five-day week
    keeps all five, and both relaxations bound it at 5000 (they had read the week cap)."""
    sc = scenario(
        calendar=one_slot_days(1, 5),
        requests=[sessions_req("r1", 5, pattern="block", max_per_week=1, min_days_apart=3)],
    )
    res = solve(sc)
    assert res.objective == 5000 and res.schedule.status.value == "optimal"
    problem = compile_scenario(sc)
    params = CpSatParams(time_limit=10.0)
    assert relaxation_bound(problem, params) == indexed_bound(problem, params) == 5000
