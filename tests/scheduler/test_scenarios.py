"""Bundled and generated scenarios: valid, round-trip, and greedy schedules that check clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.checker import check_schedule
from scheduler.generator import capacity_report, generate
from scheduler.io import load_scenario, scenario_to_json
from scheduler.models import Scenario, Schedule, Status
from scheduler.solving.scenario import solve_scenario
from scheduler.validation import validate
from solver.options import SolveOptions
from tests.conftest import SCENARIOS

DALIAN = SCENARIOS / "dalian-cnc-consortium.json"


@pytest.fixture(scope="module")
def dalian() -> Scenario:
    return load_scenario(DALIAN)


def test_dalian_validates_cleanly(dalian: Scenario) -> None:
    report = validate(dalian)
    assert report.errors == []
    assert report.warnings == []


def test_dalian_round_trips(dalian: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "dalian.json"
    path.write_text(scenario_to_json(dalian), encoding="utf-8")
    again = load_scenario(path)
    assert again == dalian
    assert scenario_to_json(again) == scenario_to_json(dalian)


def test_dalian_shape(dalian: Scenario) -> None:
    """What the scenario is meant to show (scenarios/README.md) is really in it."""
    kinds = [i.kind.value for i in dalian.institutions]
    assert kinds.count("college") == 4
    assert kinds.count("enterprise") == 2
    assert any(r.shareable and r.kind.value == "training_base" for r in dalian.resources)
    assert dalian.calendar.days_per_week == 7
    assert dalian.calendar.slot_times and dalian.calendar.slot_times[-1] == "19:00"
    closed = {(c.week, c.day) for c in dalian.calendar.closed}
    assert {(4, 4), (4, 5), (5, 1), (5, 3)} <= closed  # National Day, 1-7 October
    assert {r.pattern.value for r in dalian.requests if r.kind.value == "sessions"} == {
        "weekly",
        "block",
        "free",
    }
    assert any(r.cohorts and len(r.cohorts) == 3 for r in dalian.requests)
    assert any(r.split for r in dalian.requests)
    assert any(r.required for r in dalian.requests)
    assert {r.priority for r in dalian.requests} == {1, 2, 3, 4, 5}
    sessions = sum(r.sessions or 0 for r in dalian.requests)
    assert 150 <= sessions <= 300
    assert 30 <= len(dalian.requests) <= 60
    assert capacity_report(dalian).max_feature == "cnc-5axis"


def greedy(scenario: Scenario) -> Schedule:
    return solve_scenario(scenario, SolveOptions(solver="greedy", time_limit=60))


def test_dalian_greedy_schedule_checks_clean(dalian: Scenario) -> None:
    schedule = greedy(dalian)
    report = check_schedule(dalian, schedule)
    assert report.violations == []
    assert schedule.status is Status.FEASIBLE
    # The traps for first-come-first-served: earliest booking of the 5-axis labs and the
    # CNC posts leaves the contest week and the second CNC internship out, although a
    # schedule meeting everything exists (CP-SAT finds it; see scenarios/README.md).
    unmet = {u.request for u in schedule.unmet}
    assert {"dltc-cnc-contest-week", "dlemc-cnc-internship"} <= unmet


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_small_greedy_schedules_check_clean(seed: int) -> None:
    scenario = generate("S", seed)
    schedule = greedy(scenario)
    report = check_schedule(scenario, schedule)
    assert report.violations == []
    assert schedule.status is Status.FEASIBLE  # every required request met
    assert schedule.sessions  # and it scheduled something


@pytest.mark.slow
def test_generated_medium_greedy_schedule_checks_clean() -> None:
    scenario = generate("M", 1)
    schedule = greedy(scenario)
    report = check_schedule(scenario, schedule)
    assert report.violations == []
    assert schedule.status is Status.FEASIBLE
