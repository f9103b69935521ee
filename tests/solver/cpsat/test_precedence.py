"""Precedence [rule 11]: after everything scheduled of the predecessors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.models import Scenario
from tests.solver.cpsat.helpers import TWO_COHORTS, TWO_LABS, scenario, sessions_req, solve

LABS = [
    *TWO_LABS,
    {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 30},
]
AUDIT = Path(__file__).resolve().parents[2] / "fixtures" / "audit"
ONE_DAY = {"weeks": 1, "days_per_week": 1, "slots_per_day": 3}


@pytest.mark.parametrize(
    ("after", "priority", "expected"), [([], 1, 4000), (["r1"], 1, 3000), (["r1"], 2, 5000)]
)
def test_successor_starts_after_the_predecessor_ends(
    after: list[str], priority: int, expected: int
) -> None:
    sc = scenario(
        calendar=ONE_DAY,
        resources=LABS,
        cohorts=TWO_COHORTS,
        requests=[
            sessions_req("r1", 2, cohort="c1", resources=["lab1"]),
            sessions_req("r2", 2, cohort="c2", resources=["lab2"], after=after, priority=priority),
        ],
    )
    res = solve(sc)
    assert res.objective == expected
    if after:
        first = min(s.slot for s in res.sessions_of("r2"))
        assert all(s.slot + s.duration <= first for s in res.sessions_of("r1"))


def test_nothing_scheduled_before_means_nothing_to_wait_for() -> None:
    sc = scenario(
        calendar=ONE_DAY,
        resources=LABS,
        cohorts=TWO_COHORTS,
        requests=[
            sessions_req("r1", 2, cohort="c1", needs=["laser"]),  # no resource at all
            sessions_req("r2", 3, cohort="c2", resources=["lab2"], after=["r1"]),
        ],
    )
    assert solve(sc).objective == 3000


def test_internship_after_sessions_spans_whole_weeks() -> None:
    sc = scenario(
        calendar={"weeks": 2, "days_per_week": 1, "slots_per_day": 1},
        resources=LABS,
        cohorts=TWO_COHORTS,
        requests=[
            sessions_req("r1", 2, cohort="c1", resources=["lab1"]),
            {
                "id": "intern",
                "cohort": "c2",
                "kind": "internship",
                "weeks": 1,
                "after": ["r1"],
                "priority": 3,
            },
        ],
    )
    res = solve(sc)
    assert res.objective == 4000
    assert res.schedule.placements[0].first_week == 2


CYCLES = {
    "two optional": [
        sessions_req("r1", 1, cohort="c1", after=["r2"]),
        sessions_req("r2", 1, cohort="c2", after=["r1"]),
    ],
    "three, one required": [
        sessions_req("r1", 1, cohort="c1", after=["r3"], required=True),
        sessions_req("r2", 1, cohort="c2", after=["r1"]),
        sessions_req("r3", 1, cohort="c1", after=["r2"]),
    ],
}


@pytest.mark.parametrize("requests", CYCLES.values(), ids=CYCLES.keys())
def test_after_cycle_leaves_one_out_with_reason_precedence(requests: list[dict[str, Any]]) -> None:
    """An optional request closes each cycle; it stays empty and the checker passes."""
    res = solve(scenario(calendar=ONE_DAY, resources=LABS, cohorts=TWO_COHORTS, requests=requests))
    assert res.schedule.status.value == "optimal"
    assert len(res.schedule.unmet) == 1
    assert res.schedule.unmet[0].reason == "precedence"
    assert len(res.schedule.sessions) == len(requests) - 1


def test_audit_repro_after_cycle_solves_and_checks() -> None:
    doc = json.loads((AUDIT / "after-cycle-only.json").read_text())
    res = solve(Scenario.model_validate(doc))
    assert res.schedule.status.value == "optimal"
    assert [(u.request, u.reason, u.missing) for u in res.schedule.unmet] in (
        [("r1", "precedence", 2)],
        [("r2", "precedence", 2)],
    )
