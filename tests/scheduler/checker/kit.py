"""A hand-checkable scenario with a valid schedule, and helpers to break one rule at a time.

``tests/fixtures/checker/scenario.json`` (4 weeks x Mon-Fri x 4 slots of 90 minutes from
08:00; week 2 Wednesday closed; campus-a -40- campus-b -30- park; island unreachable)
and ``schedule.json`` (a valid answer, zero violations). Sessions by position::

    0  r-cnc#1      w1 Mon 1-2  lab-a 25 t-li         6  r-block#3  w2 Mon 2   lab-a2 12
    1  r-cnc#2      w2 Mon 1-2  lab-a 25 t-li         7  r-joint#1  w1 Wed 3-4 base-x 16 m-zhao
    2  r-weld#1     w1 Tue 1    shop-b 18 t-wu                                 + lab-a2 10 t-ma
    3  r-weld#2     w2 Tue 1    shop-b 18 t-wu        8  r-free#1   w3 Mon 3   shop-b 12
    4  r-block#1    w1 Thu 2    lab-a2 12             9  r-free#2   w4 Mon 3   shop-b 12
    5  r-block#2    w1 Fri 2    lab-a2 12             10 r-optional#1 w3 Thu 1-2 lab-b 18
                                                      11 r-required#1 w3 Fri 1  base-x 18

Placements: 0 r-intern post-x 20, 1 r-intern post-y 5 (week 3). Unmet: 0 r-optional 1,
1 r-unmet 1. Each test copies both documents, changes what it needs, and asserts the
checker reports exactly the rule it broke.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from scheduler.checker import CheckReport, check_schedule
from scheduler.models import Scenario, Schedule

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "checker"
_SCENARIO = json.loads((FIXTURES / "scenario.json").read_text())
_SCHEDULE = json.loads((FIXTURES / "schedule.json").read_text())

Doc = dict[str, Any]


def base_scenario() -> Doc:
    return copy.deepcopy(_SCENARIO)


def base_schedule() -> Doc:
    return copy.deepcopy(_SCHEDULE)


def check(schedule: Doc, scenario: Doc | None = None) -> CheckReport:
    scn = Scenario.model_validate(scenario if scenario is not None else _SCENARIO)
    return check_schedule(scn, Schedule.model_validate(schedule))


def session(schedule: Doc, request: str, index: int) -> Doc:
    """The (mutable) session dict of ``request`` number ``index``."""
    return next(s for s in schedule["sessions"] if s["request"] == request and s["index"] == index)


def entity(scenario: Doc, kind: str, id_: str) -> Doc:
    """The (mutable) scenario entity of list ``kind`` with id ``id_``."""
    return next(e for e in scenario[kind] if e["id"] == id_)


def unmet(request: str, missing: int, reason: str) -> Doc:
    """An unmet entry as the spec has it, its sentence for people included."""
    return {"request": request, "missing": missing, "reason": reason, "message": "why"}


def part(resource: str, headcount: int, instructor: str | None = None) -> Doc:
    out: Doc = {"resource": resource, "headcount": headcount}
    if instructor is not None:
        out["instructor"] = instructor
    return out


def describe(report: CheckReport) -> str:
    return "\n".join(str(v) for v in report.violations) or "(no violations)"


def assert_valid(report: CheckReport) -> None:
    assert report.ok, describe(report)
    assert report.violations == []


def assert_only(
    report: CheckReport, rule: str, path: str | None = None, says: str | None = None
) -> None:
    """The report breaks exactly ``rule``; one violation is at ``path`` and mentions ``says``."""
    assert report.rules == {rule}, describe(report)
    assert not report.ok
    if path is not None:
        at = [v for v in report.violations if v.path == path]
        assert at, f"nothing at {path}:\n{describe(report)}"
        if says is not None:
            assert any(says in v.message for v in at), describe(report)
    elif says is not None:
        assert any(says in v.message for v in report.violations), describe(report)
