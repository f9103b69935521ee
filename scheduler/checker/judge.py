"""The checker's entry points: read a schedule, run every rule family in order, report.

The families run in the order of ``docs/rules.md`` (after the ids are resolved); the
violations are then sorted by rule code, stably, so each family's order is kept.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from scheduler.checker.accounting import check_required_and_unmet
from scheduler.checker.context import Context
from scheduler.checker.document import check_claims, resolve_items
from scheduler.checker.internships import check_internship
from scheduler.checker.patterns import check_pattern, check_precedence
from scheduler.checker.people import check_cohort, check_instructor, check_travel
from scheduler.checker.report import RULES, CheckReport, Violation
from scheduler.checker.resources import (
    check_availability,
    check_capacity,
    check_parts,
    check_resource,
)
from scheduler.checker.time_rules import check_calendar, check_window
from scheduler.evaluate import Evaluation, evaluate
from scheduler.io import scenario_digest, schedule_from_data
from scheduler.json_reading import Source, read_json
from scheduler.models import SCENARIO_FORMAT, SCHEDULE_FORMAT, Scenario, Schedule

#: The rule families, in the order they run (ids first: the others read what resolved).
_FAMILIES: tuple[Callable[[Context], None], ...] = (
    resolve_items,
    check_calendar,
    check_window,
    check_resource,
    check_availability,
    check_parts,
    check_capacity,
    check_cohort,
    check_instructor,
    check_travel,
    check_pattern,
    check_precedence,
    check_internship,
    check_required_and_unmet,
    check_claims,
)


def parse_schedule(source: Source) -> tuple[Schedule, list[Violation]]:
    """Read a schedule document, reporting a wrong ``format`` as a violation.

    The model only accepts ``trainshare/schedule@1``; a document that says otherwise is
    still checked (as if it said the right thing) so that the reader learns everything
    at once, with the ``format`` violation on top. ``source`` is anything
    :func:`scheduler.json_reading.read_json` reads (path, JSON text, parsed data).

    Raises
    ------
    scheduler.issues.ScenarioError
        When the document cannot be read or does not have the schedule's shape; every
        issue names its place.
    """
    data: Any = read_json(source)
    found: list[Violation] = []
    if isinstance(data, Mapping) and data.get("format") == SCENARIO_FORMAT:
        return schedule_from_data(data), found  # raises: a scenario, not a schedule
    if isinstance(data, Mapping) and data.get("format", SCHEDULE_FORMAT) != SCHEDULE_FORMAT:
        found.append(
            Violation(
                "document",
                "format",
                f"format is {data['format']!r}, expected {SCHEDULE_FORMAT!r}",
            )
        )
        data = copy.copy(data)  # keeps the reader's notes (duplicate keys) on the object
        data["format"] = SCHEDULE_FORMAT
    return schedule_from_data(data), found


def check_document(scenario: Scenario, source: Source) -> CheckReport:
    """:func:`check_schedule` on a schedule document not yet read (see :func:`parse_schedule`)."""
    schedule, found = parse_schedule(source)
    report = check_schedule(scenario, schedule)
    return dataclasses.replace(report, violations=found + report.violations)


def check_schedule(scenario: Scenario, schedule: Schedule) -> CheckReport:
    """Test ``schedule`` against every hard rule of ``docs/rules.md`` for ``scenario``."""
    evaluation = evaluate(scenario, schedule)
    note = edited_since(scenario, schedule)
    return CheckReport(
        violations=_violations(scenario, schedule, evaluation),
        evaluation=evaluation,
        reported_objective=schedule.objective,
        notes=[note] if note else [],
    )


def edited_since(scenario: Scenario, schedule: Schedule) -> str | None:
    """A sentence when ``schedule`` answers another version of this scenario: the same
    name, but content other than the ``metrics.scenario_sha256`` it was solved for (its
    rules are still checked against this one; a stale timetable may happen to pass)."""
    recorded = schedule.metrics.get("scenario_sha256")
    if not isinstance(recorded, str) or schedule.scenario != scenario.name:
        return None  # another tool's answer, or another scenario (a violation)
    if recorded == scenario_digest(scenario):
        return None
    return (
        f"the schedule was solved for another version of scenario '{scenario.name}': "
        "the scenario changed since (metrics.scenario_sha256 differs); solve it again for "
        "a timetable of this version"
    )


def _violations(scenario: Scenario, schedule: Schedule, evaluation: Evaluation) -> list[Violation]:
    """Every rule family over one context; violations grouped in the order of :data:`RULES`."""
    ctx = Context(scenario, schedule, evaluation)
    for family in _FAMILIES:
        family(ctx)
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(ctx.found, key=lambda v: order[v.rule])
