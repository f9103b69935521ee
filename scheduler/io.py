"""Reading and writing scenario and schedule documents.

A document is read as raw JSON (:mod:`scheduler.json_reading`), then type-checked
against its model, every problem an :class:`~scheduler.issues.Issue` of one
:class:`~scheduler.issues.ScenarioError` (pydantic's errors put in words by
:mod:`scheduler.error_messages`).

Documents are written with ``by_alias=True, exclude_none=True``, 2-space indent, UTF-8
with non-ASCII kept readable (Chinese names stay Chinese), so that
``load(dump(x)) == x``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scheduler.error_messages import issues_from_validation_error
from scheduler.issues import Issue, ScenarioError
from scheduler.json_reading import Source, duplicate_key_issues, read_json
from scheduler.models import SCENARIO_FORMAT, SCHEDULE_FORMAT, Scenario, Schedule

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


#: Per model: what it reads, and the other document a user may pass by mistake.
_DOCUMENTS: dict[type[BaseModel], tuple[str, str, str]] = {
    Scenario: ("scenario", "schedule", SCHEDULE_FORMAT),
    Schedule: ("schedule", "scenario", SCENARIO_FORMAT),
}


def _to_model(data: Any, model: type[M]) -> M:
    if model in _DOCUMENTS and isinstance(data, Mapping):
        wanted, other, other_format = _DOCUMENTS[model]
        if data.get("format") == other_format:
            # it would read as a dozen unknown keys: say what it is
            raise ScenarioError(
                [Issue("format", f"this is a {other} ({other_format}), not a {wanted}")]
            )
    issues = duplicate_key_issues(data)
    try:
        result = model.model_validate(data)
    except ValidationError as e:
        issues.extend(issues_from_validation_error(e, data))
        raise ScenarioError(issues) from None
    if issues:
        raise ScenarioError(issues)
    return result


# --------------------------------------------------------------------------- scenarios


def parse_scenario(source: Source | Scenario) -> Scenario:
    """Read and type-check a scenario, *without* the cross-document checks of
    :func:`scheduler.validation.validate` (use :func:`load_scenario` for both)."""
    if isinstance(source, Scenario):
        return source
    return _to_model(read_json(source), Scenario)


def load_scenario_with_warnings(source: Source | Scenario) -> tuple[Scenario, list[Issue]]:
    """Load a scenario and run :func:`~scheduler.validation.validate`.

    Returns the scenario and the warnings; raises :class:`ScenarioError` with every
    error (and the warnings alongside) if there is any.
    """
    from scheduler.validation import validate

    scenario = parse_scenario(source)
    report = validate(scenario)
    if report.errors:
        raise ScenarioError(report.errors, report.warnings)
    return scenario, list(report.warnings)


def load_scenario(source: Source | Scenario) -> Scenario:
    """Load and fully validate a scenario; warnings are logged, errors raise
    :class:`ScenarioError`."""
    scenario, warnings = load_scenario_with_warnings(source)
    for w in warnings:
        log.warning("scenario %s: %s", scenario.name, w)
    return scenario


def scenario_to_json(scenario: Scenario) -> str:
    """The canonical JSON text of a scenario (aliases, no nulls, 2-space indent, UTF-8)."""
    return _to_json(scenario)


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical content (keys sorted): a schedule keeps it in
    ``metrics.scenario_sha256``, so a scenario edited since under the same name shows,
    and the API stores each distinct scenario once."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def dump_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario's canonical JSON (:func:`scenario_to_json`) to ``path`` in UTF-8."""
    _write(Path(path), scenario_to_json(scenario))


# --------------------------------------------------------------------------- schedules


def load_schedule(source: Source | Schedule) -> Schedule:
    """Read and type-check a schedule document; :class:`ScenarioError` on any problem."""
    if isinstance(source, Schedule):
        return source
    return schedule_from_data(read_json(source))


def schedule_from_data(data: Any) -> Schedule:
    """Type-check parsed JSON (any value: a list or a string is an error here, not
    read again as a document or a path) as a schedule."""
    return _to_model(data, Schedule)


def schedule_to_json(schedule: Schedule) -> str:
    """The canonical JSON text of a schedule (aliases, 2-space indent, UTF-8).

    Unset optional fields are left out, but ``objective`` and ``bound`` are written as
    ``null`` when there is no value: the spec shows them in every answer, and a tool
    reading ``doc["objective"]`` of an infeasible answer must not fail.
    """
    data = schedule.model_dump(mode="json", by_alias=True, exclude_none=True)
    ordered: dict[str, object] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "status":
            ordered["objective"] = data.get("objective")
            ordered["bound"] = data.get("bound")
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def dump_schedule(schedule: Schedule, path: str | Path) -> None:
    """Write the schedule's canonical JSON (:func:`schedule_to_json`) to ``path`` in UTF-8."""
    _write(Path(path), schedule_to_json(schedule))


# --------------------------------------------------------------------------- writing


def _to_json(model: BaseModel) -> str:
    # ``exclude_none`` drops unset optional fields only; nulls inside free-form dicts
    # (``metrics``) are kept, so a document reads back equal.
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
