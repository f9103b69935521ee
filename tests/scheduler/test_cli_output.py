"""Unwritable output paths end every writing command with exit 2 and one line, no traceback."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from scheduler.checker import check_schedule
from scheduler.cli import app
from scheduler.io import load_schedule
from tests.conftest import SCENARIOS, load_scenario

runner = CliRunner()
TINY = str(SCENARIOS / "tiny.json")


@pytest.fixture(scope="module")
def schedule(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("sched") / "tiny.schedule.json"
    result = runner.invoke(app, ["solve", TINY, "-o", str(out), "--solver", "greedy", "-q"])
    assert result.exit_code == 0, result.output
    assert check_schedule(load_scenario("tiny.json"), load_schedule(out)).ok
    return str(out)


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A path under a regular file: no directory can be made there."""
    (tmp_path / "file").write_text("")
    return tmp_path / "file"


def _assert_clean_failure(args: list[str], target: Path) -> Result:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"error: {target}: cannot write: " in result.output
    assert "Traceback" not in result.output
    return result


def test_report_into_a_path_under_a_file(schedule: str, blocked: Path) -> None:
    target = blocked / "report"
    _assert_clean_failure(["report", TINY, schedule, "-o", str(target), "--no-plots"], target)


def test_report_into_an_existing_file(schedule: str, blocked: Path) -> None:
    _assert_clean_failure(["report", TINY, schedule, "-o", str(blocked), "--no-plots"], blocked)


@pytest.mark.parametrize("fmt", ["ics", "csv", "xlsx"])
def test_export(schedule: str, blocked: Path, fmt: str) -> None:
    target = blocked / f"x.{fmt}"
    _assert_clean_failure(["export", fmt, TINY, schedule, "-o", str(target)], target)


def test_template_and_import(tmp_path: Path, blocked: Path) -> None:
    workbook = tmp_path / "scenario.xlsx"
    assert runner.invoke(app, ["template", "-o", str(workbook)]).exit_code == 0
    _assert_clean_failure(["template", "-o", str(blocked / "t.xlsx")], blocked / "t.xlsx")
    _assert_clean_failure(
        ["import", str(workbook), "-o", str(blocked / "s.json")], blocked / "s.json"
    )
    target = blocked / "w.xlsx"
    _assert_clean_failure(["export-scenario", "xlsx", TINY, "-o", str(target)], target)


FULL = Path("/dev/full")  # Linux: every write fails with "no space left on the device"


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["export", "ics", TINY, "{schedule}"],
        ["export", "csv", TINY, "{schedule}"],
        ["export", "xlsx", TINY, "{schedule}"],
        ["export-scenario", "xlsx", TINY],
        ["template"],
    ],
)
def test_a_full_disk_is_one_error_line(
    schedule: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a workbook streamed into the file left its zip open, and closing it when collected
    # printed a second traceback after the error line
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    filled = [a.replace("{schedule}", schedule) for a in args]
    result = _assert_clean_failure([*filled, "-o", str(FULL)], FULL)
    assert "no space left on the device" in result.output
    gc.collect()
    assert not unraisable
