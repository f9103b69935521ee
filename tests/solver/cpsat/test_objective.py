"""Soft terms of docs/objective.md: each one moves the optimum of a tiny scenario."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.models import Scenario, Weights
from tests.solver.cpsat.helpers import scenario, sessions_req, solve


def lab(rid: str, site: str = "s1", **extra: Any) -> dict:
    return {"id": rid, "kind": "lab", "owner": "col", "site": site, "capacity": 30, **extra}


def test_prefer_resources_and_windows() -> None:
    sc = scenario(
        resources=[lab("lab1"), lab("lab2")],
        requests=[
            sessions_req(
                "r1", 1, prefer={"resources": ["lab2"], "windows": [{"slots": [3]}], "weight": 2}
            )
        ],
        weights={"prefer": 20},
    )
    res = solve(sc)
    assert res.objective == 1000
    (s,) = res.schedule.sessions
    assert (s.parts[0].resource, s.slot) == ("lab2", 3)


def test_prefer_misses_are_paid_when_unavoidable() -> None:
    sc = scenario(
        resources=[lab("lab1")],
        requests=[sessions_req("r1", 1, prefer={"windows": [{"days": [3]}], "weight": 2})],
        weights={"prefer": 20},
    )
    assert solve(sc).objective == 1000 - 2 * 20


def test_stability_counts_extra_resources() -> None:
    # lab1 only in slot 1, lab2 only in slot 2: two sessions need two rooms
    sc = scenario(
        resources=[
            lab("lab1", available=[{"slots": [1]}]),
            lab("lab2", available=[{"slots": [2]}]),
        ],
        requests=[sessions_req("r1", 2, window=[{"days": [1]}])],
        weights={"stability": 10},
    )
    assert solve(sc).objective == 2000 - 10


def test_travel_minutes_pick_the_near_room() -> None:
    sc = scenario(
        sites=[{"id": "s1"}, {"id": "s2"}],
        travel=[{"from": "s1", "to": "s2", "minutes": 40}],
        resources=[lab("far", "s2"), lab("near", "s1", available=[{"days": [2]}])],
        requests=[sessions_req("r1", 1)],
        weights={"travel": 1},
    )
    res = solve(sc)
    assert res.objective == 1000
    assert res.schedule.sessions[0].parts[0].resource == "near"


@pytest.mark.parametrize(("days", "expected"), [([1, 2], 2000), ([1], 2000 - 10)])
def test_min_days_pays_each_missing_day(days: list[int], expected: int) -> None:
    sc = scenario(
        resources=[lab("lab1", available=[{"days": days}])],
        requests=[sessions_req("r1", 2, min_days=2)],
        weights={"min_days": 10},
    )
    assert solve(sc).objective == expected


@pytest.mark.parametrize(("slots", "expected"), [([1, 2], 2000), ([1, 3], 2000 - 2 * 5)])
def test_isolated_sessions(slots: list[int], expected: int) -> None:
    sc = scenario(
        calendar={"days_per_week": 1},
        requests=[sessions_req("r1", 2, window=[{"slots": slots}])],
        weights={"isolated": 5},
    )
    assert solve(sc).objective == expected


def two_colleges(priority_a: int = 1) -> Scenario:
    """Two slots; college ``col``'s request ``ra`` asks for 2, college ``b``'s ``rb`` for 1;
    only demand and fairness (20) count."""
    return scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        institutions=[
            {"id": "col", "kind": "college", "site": "s1"},
            {"id": "b", "kind": "college", "site": "s1"},
        ],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 10},
            {"id": "c2", "institution": "b", "size": 10},
        ],
        requests=[
            sessions_req("ra", 2, cohort="c1", priority=priority_a),
            sessions_req("rb", 1, cohort="c2"),
        ],
        weights={"fairness": 20},
    )


def test_fairness_shares_the_shortfall() -> None:
    # A1 + B1 gives shares 1/2 and 1 -> 500 permille
    res = solve(two_colleges())
    assert res.objective == 2000 + 20 * 500
    assert len(res.sessions_of("rb")) == 1


def test_by_default_no_share_of_fairness_buys_off_demand() -> None:
    """The spec puts demand before fairness. Here ``ra`` has priority 10: giving ``rb``
    a slot lifts the worst share from 0 to 500 per mille (10,000 at ``fairness`` 20) but
    loses 9 units; with ``demand`` resolved (not set) ``ra`` keeps both slots."""
    sc = two_colleges(priority_a=10)
    unset = sc.weights.model_dump(exclude={"demand"})
    sc = sc.model_copy(update={"weights": Weights.model_validate(unset)})
    res = solve(sc)
    assert res.problem.weights["demand"] == 21000
    assert len(res.sessions_of("ra")) == 2 and not res.sessions_of("rb")
    assert res.objective == 21000 * 20
