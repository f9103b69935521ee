"""``report`` and ``export`` of a schedule the checker rejects: a warning, output all the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from tests.conftest import SCENARIOS

runner = CliRunner()
TINY = str(SCENARIOS / "tiny.json")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A greedy schedule of tiny.json with one part's headcount wrong (a parts violation)."""
    folder = tmp_path_factory.mktemp("sched")
    out = folder / "tiny.schedule.json"
    result = runner.invoke(app, ["solve", TINY, "-o", str(out), "--solver", "greedy", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    doc["sessions"][0]["parts"][0]["headcount"] += 1
    out.write_text(json.dumps(doc))
    return str(out)


def _warned(result_output: str, schedule: str) -> bool:
    return (
        f"warning: {schedule} has 1 violation of the hard rules; "
        f"run `trainshare check {TINY} {schedule}` for details" in result_output
    )


def test_report_warns_and_still_writes(broken: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", TINY, broken, "-o", str(tmp_path), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert _warned(result.output, broken)
    assert (tmp_path / "report.md").exists()


def test_export_warns_and_still_writes(broken: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["export", "csv", TINY, broken, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _warned(result.output, broken)
    assert out.exists()


@pytest.mark.parametrize("command", [["report", "--no-plots"], ["export", "csv"]])
def test_a_schedule_of_another_scenario_is_refused_in_a_few_lines(
    command: list[str], tmp_path: Path
) -> None:
    """Dalian's schedule given with tiny.json: after the warning that it is another
    scenario's came 774 lines, one per reference tiny.json lacks."""
    other = tmp_path / "dalian.schedule.json"
    dalian = str(SCENARIOS / "dalian-cnc-consortium.json")
    solved = runner.invoke(app, ["solve", dalian, "-o", str(other), "--solver", "greedy", "-q"])
    assert solved.exit_code == 0, solved.output
    verb, *flags = command
    args = [verb, *flags[:1]] if verb == "export" else [verb]
    out = ["-o", str(tmp_path / ("x.csv" if verb == "export" else "report"))]
    result = runner.invoke(app, [*args, TINY, str(other), *out, *flags[1:]])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) <= 6, result.output
    assert "a schedule of 'dalian-cnc-consortium-2026-autumn', not of 'tiny-two-colleges'" in (
        result.output
    )
    assert "unknown request" in result.output  # the first of them, to see why
