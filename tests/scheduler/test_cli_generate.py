"""``trainshare generate``'s summary counts read right for one ("1 internships")."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import scheduler.generator
from scheduler.cli import app
from scheduler.io import load_scenario
from scheduler.models import Scenario
from tests.conftest import SCENARIOS


def test_one_internship_is_counted_in_the_singular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No tier makes exactly one internship: the bundled tiny scenario, which has one,
    stands in for the generator."""
    tiny = load_scenario(SCENARIOS / "tiny.json")
    assert sum(r.kind.value == "internship" for r in tiny.requests) == 1

    def one(tier: str, seed: int) -> Scenario:
        return tiny

    monkeypatch.setattr(scheduler.generator, "generate", one)
    result = CliRunner().invoke(app, ["generate", "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    assert "(1 internship, " in result.output, result.output
    assert "1 internships" not in result.output
