"""``trainshare export`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io import dump_schedule
from tests.conftest import SCENARIOS
from tests.scheduler.reports.sample import tiny_schedule

runner = CliRunner()


@pytest.fixture
def schedule_file(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.json"
    dump_schedule(tiny_schedule(), path)
    return path


@pytest.mark.parametrize("fmt", ["ics", "csv", "xlsx"])
def test_export_each_format(tmp_path: Path, schedule_file: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    args = ["export", fmt, str(SCENARIOS / "tiny.json"), str(schedule_file), "-o", str(out)]
    result = runner.invoke(app, [*args, "--cohort", "b-weld-1"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "ics":
        events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        assert len(events) == 3  # r-b-cnc x2, r-b-weld x1
        assert "3 events" in result.output


def test_export_unknown_filter_id_is_a_clean_error(tmp_path: Path, schedule_file: Path) -> None:
    args = ["export", "csv", str(SCENARIOS / "tiny.json"), str(schedule_file)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "x.csv"), "--resource", "moon"])
    assert result.exit_code == 2
    assert "--resource: unknown resource 'moon'" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_export_xlsx_of_text_longer_than_a_cell_is_a_clean_error(
    tmp_path: Path, schedule_file: Path
) -> None:
    scenario = json.loads((SCENARIOS / "tiny.json").read_text(encoding="utf-8"))
    scenario["requests"][0]["title"] = "x" * 40_000
    (tmp_path / "long.json").write_text(json.dumps(scenario), encoding="utf-8")
    out = tmp_path / "x.xlsx"
    args = ["export", "xlsx", str(tmp_path / "long.json"), str(schedule_file), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "column 'title': 40,000 characters" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_an_export_short_of_a_required_request_says_it_is_a_draft(
    tmp_path: Path, schedule_file: Path
) -> None:
    # an infeasible answer holds the schedule of the rest; its calendar must not pass
    # for the term's timetable
    scenario = json.loads((SCENARIOS / "tiny.json").read_text(encoding="utf-8"))
    scenario["requests"][0]["required"] = True  # r-a-cnc, one session unmet
    (tmp_path / "required.json").write_text(json.dumps(scenario), encoding="utf-8")
    out = tmp_path / "x.ics"
    args = ["export", "ics", str(tmp_path / "required.json"), str(schedule_file), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    note = "1 required request is not fully met ('r-a-cnc')"
    assert note in result.output
    # an X- property is text, escaped; icalendar reads it back raw, so read the line
    unfolded = out.read_bytes().decode().replace("\r\n ", "").split("\r\n")
    description = next(line for line in unfolded if line.startswith("X-WR-CALDESC:"))
    assert description.startswith("X-WR-CALDESC:Draft\\, status 'feasible': " + note)
    plain = tmp_path / "plain.ics"
    args = ["export", "ics", str(SCENARIOS / "tiny.json"), str(schedule_file), "-o", str(plain)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "required" not in result.output, result.output
    assert "X-WR-CALDESC" not in icalendar.Calendar.from_ical(plain.read_bytes())
