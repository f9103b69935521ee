"""Default weights keep the spec's order: a booking that fits is never worth leaving out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scheduler.io import parse_scenario
from scheduler.issues import ScenarioError
from scheduler.models import Scenario
from scheduler.weights import BASE_DEMAND, resolved_weights
from tests.solver.cpsat.helpers import base, sessions_req, solve


def with_default_weights(**weights: int) -> dict[str, Any]:
    """``base()`` with the project's default weights, except those given and fairness
    (off: with one institution, meeting its only request lifts its share to 1000)."""
    doc = base()
    doc["weights"] = {"fairness": 0, **weights}
    return doc


def far_lab(weights: dict[str, int]) -> Scenario:
    """The only lab is at a site with no path from the college: 1,440 travel minutes."""
    doc = with_default_weights(**weights)
    doc["sites"].append({"id": "far"})
    doc["resources"] = [{"id": "lab", "kind": "lab", "owner": "col", "site": "far", "capacity": 30}]
    doc["requests"] = [sessions_req("r", 1)]
    return Scenario.model_validate(doc)


def tolerated_overflow(weights: dict[str, int]) -> Scenario:
    """60 people in a room of 30 that tolerates 30 more: 30 x 50 over the defaults' 1000."""
    doc = with_default_weights(**weights)
    doc["resources"] = [
        {
            "id": "hall",
            "kind": "lab",
            "owner": "col",
            "site": "s1",
            "capacity": 30,
            "overflow": 30,
            "shareable": True,
        }
    ]
    doc["cohorts"] = [{"id": "c1", "institution": "col", "size": 60}]
    doc["requests"] = [sessions_req("r", 1)]
    return Scenario.model_validate(doc)


@pytest.mark.parametrize("build", [far_lab, tolerated_overflow])
def test_a_request_that_fits_is_met_under_the_default_weights(
    build: Callable[[dict[str, int]], Scenario],
) -> None:
    result = solve(build({}))
    assert len(result.sessions_of("r")) == 1 and not result.schedule.unmet
    assert result.objective is not None and result.objective > 0
    # the schedule says which weights it was scored with
    assert result.schedule.metrics["weights"]["demand"] == 2 * BASE_DEMAND


@pytest.mark.parametrize("build", [far_lab, tolerated_overflow])
def test_a_demand_weight_the_scenario_sets_is_kept(
    build: Callable[[dict[str, int]], Scenario],
) -> None:
    sc = build({"demand": BASE_DEMAND})
    assert resolved_weights(sc)["demand"] == BASE_DEMAND
    # the planner said a slot of demand is worth less than this travel or overflow
    result = solve(sc)
    assert not result.sessions_of("r")
    [unmet] = result.schedule.unmet
    assert unmet.reason == "trade_off"
    # and the message says what booking it would have cost
    term = "travel minutes +1,440" if build is far_lab else "people over capacity (per slot) +30"
    assert term in unmet.message and "cost more in penalties" in unmet.message


def test_demand_is_raised_only_as_far_as_the_costliest_booking_needs() -> None:
    # 1,440 travel + 10 stability; 1,500 overflow + 10 stability
    assert resolved_weights(far_lab({}))["demand"] == 2 * BASE_DEMAND
    assert resolved_weights(tolerated_overflow({}))["demand"] == 2 * BASE_DEMAND
    near = Scenario.model_validate(with_default_weights())
    assert resolved_weights(near)["demand"] == BASE_DEMAND
    # the other weights are the scenario's (or the defaults) either way
    weights = resolved_weights(far_lab({"travel": 2}))
    assert weights["travel"] == 2 and weights["demand"] == 3 * BASE_DEMAND


def test_demand_outweighs_the_whole_range_of_fairness() -> None:
    """One request booked instead of another can lift the worst share from 0 to 1000 per
    mille: with the default fairness 20 that is 20,000, so a unit of demand is 21,000."""
    doc = base()
    doc["weights"] = {}
    assert resolved_weights(Scenario.model_validate(doc))["demand"] == 21 * BASE_DEMAND
    doc["weights"] = {"fairness": 3, "travel": 2}
    far = far_lab({"fairness": 3, "travel": 2})  # 2 x 1,440 + 10 + 3 x 1000
    assert resolved_weights(Scenario.model_validate(doc))["demand"] == 4 * BASE_DEMAND
    assert resolved_weights(far)["demand"] == 6 * BASE_DEMAND


def test_demand_outweighs_a_whole_booking_not_its_cost_per_unit() -> None:
    """'a' (priority 2) always misses its preferred slot (99 x 20 = 1,980); 'b' (priority
    1, another college) competes for the one slot. Booking 'b' instead gives up one unit
    and gains the fairness swing (999 per mille x 20) plus a's whole 1,980: demand read
    per unit (990) resolved 21,000, and the solver left the 2-unit request out (an audit
    of the objective against docs/objective.md)."""
    doc = base()
    doc["weights"] = {}
    doc["calendar"] = {**doc["calendar"], "days_per_week": 1, "slots_per_day": 2}
    doc["institutions"].append({"id": "col-b", "kind": "college", "site": "s1"})
    doc["resources"].append(
        {
            "id": "big",
            "kind": "lab",
            "owner": "col",
            "site": "s1",
            "capacity": 30,
            "features": ["x"],
        }
    )
    doc["cohorts"] += [
        {"id": "c2", "institution": "col", "size": 10},
        {"id": "cb", "institution": "col-b", "size": 10},
    ]
    slot1 = [{"slots": [1]}]
    doc["requests"] = [
        sessions_req("bulk", 1, cohort="c2", priority=10000, needs=["x"]),
        sessions_req("a", 1, priority=2, window=slot1, resources=["lab"],
                     prefer={"windows": [{"slots": [2]}], "weight": 99}),
        sessions_req("b", 1, cohort="cb", window=slot1, resources=["lab"]),
    ]  # fmt: skip
    sc = Scenario.model_validate(doc)
    assert resolved_weights(sc)["demand"] == 22 * BASE_DEMAND  # 20,000 + 1,980
    result = solve(sc)
    assert result.sessions_of("a") and not result.sessions_of("b")


@pytest.mark.parametrize("weights", [{}, {"demand": BASE_DEMAND}])
def test_a_scenario_written_out_keeps_whether_demand_was_set(
    tmp_path: Path, weights: dict[str, int]
) -> None:
    """The API stores and the workbook export writes the scenario back out: a demand left
    to be resolved must stay unset (else it would read back as 1000 and the same file
    would score, and solve, differently), and one the planner set must stay set."""
    from scheduler.io import parse_scenario, scenario_to_json
    from scheduler.spreadsheet import import_workbook, write_workbook

    scenario = far_lab(weights)
    expected = resolved_weights(scenario)["demand"]
    assert expected == (BASE_DEMAND if weights else 2 * BASE_DEMAND)
    again = parse_scenario(scenario_to_json(scenario))
    path = tmp_path / "s.xlsx"
    write_workbook(scenario, path)
    imported = import_workbook(path).scenario
    for copy in (again, imported):
        assert copy == scenario
        assert resolved_weights(copy)["demand"] == expected


def test_the_resolved_demand_can_be_written_out_and_scores_the_same() -> None:
    """The default 21,000 (and far more, with a heavy fairness) is a valid explicit demand:
    a planner who writes out the weights a schedule reports gets the same objective."""
    doc = base()
    doc["weights"] = {}
    implicit = solve(Scenario.model_validate(doc))
    resolved = implicit.schedule.metrics["weights"]["demand"]
    assert resolved == 21 * BASE_DEMAND
    doc["weights"] = {"demand": resolved}
    explicit = solve(Scenario.model_validate(doc))
    assert explicit.objective == implicit.objective
    doc["weights"] = {"fairness": 10_000}
    heavy = resolved_weights(Scenario.model_validate(doc))["demand"]
    assert heavy > 10_000_000
    Scenario.model_validate({**doc, "weights": {"demand": heavy}})


def test_a_demand_beyond_its_limit_is_an_error_naming_it() -> None:
    doc = base()
    doc["weights"] = {"demand": 1_000_000_001}
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(doc)
    [issue] = exc.value.issues
    assert issue.path == "weights.demand" and "must be at most 1000000000" in issue.message
