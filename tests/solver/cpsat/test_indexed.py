"""Time-indexed requests (one optional session per start): same optima as ordered ones."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pytest import MonkeyPatch

import solver.cpsat.variables as variables
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.model import CpSatModel
from tests.solver.cpsat.helpers import scenario, sessions_req, solve

WEIGHTS = {"stability": 10, "min_days": 30, "isolated": 7, "prefer": 5, "overflow": 1}


def test_free_requests_are_time_indexed_one_session_per_start() -> None:
    sc = scenario(requests=[sessions_req("a", 2), sessions_req("b", 1, duration=2)])
    cm = CpSatModel(compile_scenario(sc))
    assert cm.vars.indexed == {0, 1}
    # 2 days of 3 slots: 6 starts for one slot, 4 for two
    assert [len(cm.vars.sessions[r]) for r in (0, 1)] == [6, 4]


@pytest.mark.parametrize(
    "other",
    [
        sessions_req("weekly", 2, pattern="weekly"),
        sessions_req("then", 1, after=["free"]),
        sessions_req("split", 1, split=True),
    ],
)
def test_one_request_that_needs_an_order_keeps_the_whole_model_ordered(
    other: dict[str, Any],
) -> None:
    sc = scenario(requests=[sessions_req("free", 2), other])
    cm = CpSatModel(compile_scenario(sc))
    assert cm.vars.indexed == set()
    assert len(cm.vars.sessions[0]) == 2


def test_no_budget_keeps_every_request_ordered(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(variables, "INDEXED_BUDGET", 0)
    sc = scenario(requests=[sessions_req("free", 2)])
    cm = CpSatModel(compile_scenario(sc))
    assert cm.vars.indexed == set()
    assert len(cm.vars.sessions[0]) == 2


def _random(seed: int) -> Scenario:
    """Two weeks of three days with three slots, two rooms, free requests only."""
    rnd = random.Random(seed)
    requests: list[dict[str, Any]] = []
    for k in range(rnd.randint(2, 4)):
        req = sessions_req(
            f"r{k}",
            rnd.randint(1, 4),
            duration=rnd.choice([1, 1, 2]),
            cohort=rnd.choice(["c1", "c2"]),
            priority=rnd.randint(1, 3),
            required=rnd.random() < 0.3,
        )
        if rnd.random() < 0.4:
            req["min_days_apart"] = rnd.choice([1, 2])
        if rnd.random() < 0.4:
            req["max_per_week"] = rnd.choice([1, 2])
        if rnd.random() < 0.3:
            req["min_days"] = 2
        if rnd.random() < 0.3:
            req["prefer"] = {"windows": [{"slots": [1]}], "weight": 1}
        requests.append(req)
    return scenario(
        calendar={"weeks": 2, "days_per_week": 3},
        resources=[
            {"id": "lab", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
            {
                "id": "lab2",
                "kind": "lab",
                "owner": "col",
                "site": "s1",
                "capacity": 15,
                "overflow": 10,
            },
        ],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 12},
        ],
        requests=requests,
        weights=WEIGHTS,
    )


@pytest.mark.parametrize("seed", range(8))
def test_both_forms_reach_the_same_optimum(seed: int, monkeypatch: MonkeyPatch) -> None:
    sc = _random(seed)
    indexed = solve(sc, time_limit=20)
    assert CpSatModel(compile_scenario(sc)).vars.indexed  # the form under test is used
    monkeypatch.setattr(variables, "INDEXED_BUDGET", 0)
    ordered = solve(sc, time_limit=20)
    assert indexed.schedule.status.value == ordered.schedule.status.value
    if ordered.schedule.status.value == "optimal":
        assert indexed.objective == ordered.objective


def test_a_required_request_with_no_start_is_named_in_both_forms(monkeypatch: MonkeyPatch) -> None:
    sc = scenario(
        requests=[
            sessions_req("fits", 2),
            sessions_req(
                "never", 2, duration=2, required=True, window=[{"days": [2], "slots": [3, 3]}]
            ),
        ]
    )
    for budget in (variables.INDEXED_BUDGET, 0):
        monkeypatch.setattr(variables, "INDEXED_BUDGET", budget)
        res = solve(sc, time_limit=10)
        sch = res.schedule
        assert sch.status.value == "infeasible"
        (conflict,) = sch.conflicts
        assert conflict.items == ["requests[1]"]
        assert "never" in conflict.message
