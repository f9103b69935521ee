"""The booking each forbidden probe leaves out, added by hand: both checkers must name the
same broken rule, so that each family of the audit is shown to see what it guards."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from scheduler.checker import check_schedule
from scheduler.models import Scenario, Schedule
from tests.spec_audit.audit import audit
from tests.spec_audit.test_forbidden import PROBES, solved_probe

Doc = dict[str, Any]


def _session(request: str, index: int, week: int, slot: int, parts: list[Doc], d: int = 1) -> Doc:
    return {
        "request": request,
        "index": index,
        "week": week,
        "day": 1,
        "slot": slot,
        "duration": d,
        "parts": parts,
    }


def _again(schedule: Doc, **changes: int) -> Doc:
    """The schedule's one session once more, as session 2, with ``changes``."""
    [first] = schedule["sessions"]
    return {**copy.deepcopy(first), "index": 2, **changes}


#: probe -> (what to add, given the solved schedule, and the rule both checkers must name)
ADDED: dict[str, tuple[Doc | Callable[[Doc], Doc], str]] = {
    "travel half a minute short": (
        _session("b", 1, 1, 2, [{"resource": "labB", "headcount": 20}]),
        "travel",
    ),
    "sites with no path never share a day": (
        _session("b", 1, 1, 2, [{"resource": "labB", "headcount": 20}]),
        "travel",
    ),
    "one instructor, two parts": (
        _session(
            "r",
            1,
            1,
            1,
            [
                {"resource": "l1", "headcount": 10, "instructor": "t"},
                {"resource": "l2", "headcount": 10, "instructor": "t"},
            ],
        ),
        "instructor",
    ),
    "a cohort on internship has no sessions": (
        _session("r", 1, 1, 1, [{"resource": "lab", "headcount": 12}]),
        "cohort",
    ),
    "owner window kept from others": (
        _session("r", 1, 1, 1, [{"resource": "lab", "headcount": 20}]),
        "availability",
    ),
    "weekly does not skip an open week": (
        lambda s: _again(s, week=4 - s["sessions"][0]["week"]),
        "pattern",
    ),
    "weekly load of an instructor": (
        lambda s: _again(s, day=1 + s["sessions"][0]["day"] % 5),
        "instructor",
    ),
    "post capacity per week": (
        {"request": "p", "resource": "post", "headcount": 12, "first_week": 1, "weeks": 1},
        "capacity",
    ),
}


def _rules_of_ours(scenario: Doc, schedule: Doc) -> set[str]:
    report = check_schedule(Scenario.model_validate(scenario), Schedule.model_validate(schedule))
    return {v.rule for v in report.violations}


@pytest.mark.parametrize("name", ADDED)
def test_both_checkers_name_the_rule_an_added_booking_breaks(name: str) -> None:
    scenario, request, _, _ = PROBES[name]
    schedule = solved_probe(name)
    add, rule = ADDED[name]
    item = add(schedule) if callable(add) else add
    broken = copy.deepcopy(schedule)
    broken["placements" if "first_week" in item else "sessions"].append(copy.deepcopy(item))
    added = item["headcount"] if "first_week" in item else 1
    for u in broken["unmet"]:
        u["missing"] -= added if u["request"] == request else 0
    broken["unmet"] = [u for u in broken["unmet"] if u["missing"] > 0]
    # no figures to hold it to: only the added booking can break a rule
    broken.update(status="unknown", objective=None, bound=None, gap=None)
    mine = {finding.split(":", 1)[0] for finding in audit(copy.deepcopy(scenario), broken)}
    assert mine == {rule}
    assert _rules_of_ours(scenario, broken) == {rule}
