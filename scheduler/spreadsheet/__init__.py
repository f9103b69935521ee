"""Scenarios as spreadsheets: a commented template, XLSX import and export.

``write_template(path)``: the workbook to fill in (``trainshare template``).
``import_workbook(path)``: workbook -> validated Scenario, errors at their cells
(``trainshare import``). ``write_workbook(scenario, path)``: Scenario -> workbook
(``trainshare export-scenario xlsx``). The layout is described once, in :mod:`.columns`.
"""

from __future__ import annotations

from scheduler.spreadsheet.reader.issues import (
    CellIssue,
    CellRef,
    ImportResult,
    SpreadsheetError,
)
from scheduler.spreadsheet.reader.workbook import import_workbook
from scheduler.spreadsheet.template import example_scenario, write_template
from scheduler.spreadsheet.writer import build_workbook, write_workbook

__all__ = [
    "CellIssue",
    "CellRef",
    "ImportResult",
    "SpreadsheetError",
    "build_workbook",
    "example_scenario",
    "import_workbook",
    "write_template",
    "write_workbook",
]
