"""Shared fixtures: paths to bundled scenarios and to ``../shared`` (as CI lays it out)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scheduler.models import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SHARED = Path(os.environ.get("TRAINSHARE_SHARED", ROOT.parent / "shared"))


def load_scenario(name: str) -> Scenario:
    return Scenario.model_validate(json.loads((SCENARIOS / name).read_text()))


@pytest.fixture
def tiny() -> Scenario:
    return load_scenario("tiny.json")
