"""``trainshare schema``: bounds are JSON Schema keywords a validator enforces."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scheduler.cli import app

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _schema(document: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", document])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


@pytest.mark.parametrize("document", ["scenario", "schedule"])
def test_bounds_are_minimum_and_maximum(document: str) -> None:
    schema = _schema(document)
    pydantic_words = [o for o in _objects(schema) if {"ge", "le", "gt", "lt"} & o.keys()]
    assert pydantic_words == []
    assert any("minimum" in o for o in _objects(schema))


def test_a_validator_enforces_the_scenarios_bounds() -> None:
    weeks = _schema("scenario")["$defs"]["Calendar"]["properties"]["weeks"]
    assert (weeks["minimum"], weeks["maximum"]) == (1, 104)
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # comes with schemathesis
    validator = jsonschema_rs.validator_for(_schema("scenario"))
    doc = json.loads((SCENARIOS / "tiny.json").read_text(encoding="utf-8"))
    assert validator.is_valid(doc)
    doc["calendar"]["weeks"] = 0
    assert not validator.is_valid(doc)
