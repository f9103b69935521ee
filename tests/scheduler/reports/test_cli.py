"""``trainshare report`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io import dump_schedule
from tests.conftest import SCENARIOS
from tests.scheduler.reports.sample import tiny_schedule

runner = CliRunner()


def test_report_writes_files_in_english(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.json"
    dump_schedule(tiny_schedule(), schedule)
    out = tmp_path / "rep"
    result = runner.invoke(
        app, ["report", str(SCENARIOS / "tiny.json"), str(schedule), "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "utilization_heatmap.png").exists()
    assert "Resource utilisation" in (out / "report.html").read_text(encoding="utf-8")
    assert str(out / "report.md") in result.output


def test_report_rejects_a_schedule_with_unknown_ids(tmp_path: Path) -> None:
    data = json.loads(tiny_schedule().model_dump_json(exclude_none=True))
    data["placements"][0]["resource"] = "ghost-post"
    schedule = tmp_path / "bad.json"
    schedule.write_text(json.dumps(data))
    result = runner.invoke(
        app, ["report", str(SCENARIOS / "tiny.json"), str(schedule), "-o", str(tmp_path / "r")]
    )
    assert result.exit_code == 2
    assert "placements[0].resource: unknown resource 'ghost-post'" in result.output
    assert "Traceback" not in result.output
