"""``trainshare template``, ``import`` and ``export-scenario`` through CliRunner."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.io import load_scenario
from scheduler.spreadsheet import example_scenario
from tests.conftest import SCENARIOS

runner = CliRunner()


def test_template_then_import(tmp_path: Path) -> None:
    book, out = tmp_path / "scenario.xlsx", tmp_path / "scenario.json"
    assert runner.invoke(app, ["template", "-o", str(book)]).exit_code == 0
    result = runner.invoke(app, ["import", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_scenario(out) == example_scenario()


def test_export_scenario_then_import_round_trips(tmp_path: Path) -> None:
    book, out = tmp_path / "tiny.xlsx", tmp_path / "tiny.json"
    result = runner.invoke(
        app, ["export-scenario", "xlsx", str(SCENARIOS / "tiny.json"), "-o", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["import", str(book), "-o", str(out)]).exit_code == 0
    assert load_scenario(out) == load_scenario(SCENARIOS / "tiny.json")


def test_import_errors_exit_2_with_cells(tmp_path: Path) -> None:
    book = tmp_path / "scenario.xlsx"
    runner.invoke(app, ["template", "-o", str(book)])
    wb = openpyxl.load_workbook(book)
    wb["requests"]["B2"] = "x"
    wb.save(book)
    result = runner.invoke(app, ["import", str(book), "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 2
    assert "requests!B2 (cohort): unknown cohort 'x'" in result.output
    assert not (tmp_path / "s.json").exists()


def test_a_near_miss_sheet_name_is_an_error(tmp_path: Path) -> None:
    """'request' for 'requests' used to import 0 requests with exit 0."""
    book = tmp_path / "t.xlsx"
    runner.invoke(app, ["template", "-o", str(book)])
    wb = openpyxl.load_workbook(book)
    wb["requests"].title = "request"
    wb.save(book)
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["import", str(book), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "request: not a scenario sheet (did you mean 'requests'?); rename it" in result.output
    assert not out.exists()
