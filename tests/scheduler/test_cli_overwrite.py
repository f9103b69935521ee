"""No command writes over one of its own input files (nothing a user sent is lost)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from tests.conftest import SCENARIOS

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A scenario and its greedy schedule, copied where the test may (not) write."""
    scenario = tmp_path / "tiny.json"
    shutil.copy(SCENARIOS / "tiny.json", scenario)
    schedule = tmp_path / "schedule.json"
    done = runner.invoke(app, ["solve", str(scenario), "-o", str(schedule), "--solver", "greedy"])
    assert done.exit_code == 0, done.output
    return scenario, schedule


def _refused(
    args: list[str], kept: list[Path], why: str = "is also an input of this command"
) -> None:
    before = [p.read_bytes() for p in kept]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert why in result.output
    assert "Traceback" not in result.output
    assert [p.read_bytes() for p in kept] == before


def test_solve_export_and_spreadsheets_refuse_to_write_over_their_inputs(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    scenario, schedule = inputs
    kept = [scenario, schedule]
    _refused(["solve", str(scenario), "-o", str(scenario), "--solver", "greedy"], kept)
    # the same file by another spelling
    again = tmp_path / "." / "tiny.json"
    _refused(["solve", str(scenario), "-o", str(again), "--solver", "greedy"], kept)
    for fmt in ("csv", "ics", "xlsx"):
        _refused(["export", fmt, str(scenario), str(schedule), "-o", str(schedule)], kept)
    _refused(["export-scenario", "xlsx", str(scenario), "-o", str(scenario)], kept)
    workbook = tmp_path / "tiny.xlsx"
    ok = runner.invoke(app, ["export-scenario", "xlsx", str(scenario), "-o", str(workbook)])
    assert ok.exit_code == 0, ok.output
    _refused(["import", str(workbook), "-o", str(workbook)], [*kept, workbook])


def test_report_refuses_a_folder_where_it_would_replace_an_input(inputs: tuple[Path, Path]) -> None:
    scenario, schedule = inputs
    report_json = schedule.parent / "report.json"
    shutil.copy(schedule, report_json)  # the schedule, named as the report's own file
    args = ["report", str(scenario), str(report_json), "-o", str(schedule.parent), "--no-plots"]
    _refused(args, [scenario, report_json])
    # elsewhere, the same inputs make a report
    elsewhere = schedule.parent / "report"
    args = ["report", str(scenario), str(report_json), "-o", str(elsewhere), "--no-plots"]
    assert runner.invoke(app, args).exit_code == 0
    assert (elsewhere / "report.json").exists()


def test_itc2007_solve_refuses_one_file_for_both_outputs(tmp_path: Path) -> None:
    from tests.benchmarks.conftest import instance_path

    instance = tmp_path / "toy.ectt"
    shutil.copy(instance_path("toy"), instance)
    out = tmp_path / "toy.sol"
    args = ["itc2007", "solve", str(instance), "--solver", "greedy", "-o", str(instance)]
    _refused(args, [instance])
    out.write_text("")
    args = ["itc2007", "solve", str(instance), "--solver", "greedy", "-o", str(out)]
    _refused([*args, "--schedule-out", str(out)], [instance, out], "the command's other output")
