"""Workbook -> scenario: match the sheets by name, read each, and validate the document
as a JSON one is, every issue placed at its cell."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.spreadsheet.columns import README_SHEET, SHEETS
from scheduler.spreadsheet.habits import folded
from scheduler.spreadsheet.reader.file_checks import has_formulas, open_workbook
from scheduler.spreadsheet.reader.grid import hidden_warnings, sheet_rows
from scheduler.spreadsheet.reader.headers import has_rows, sheet_with_header
from scheduler.spreadsheet.reader.issues import CellIssue, CellRef, ImportResult, SpreadsheetError
from scheduler.spreadsheet.reader.rows import SheetReader


class WorkbookReader(SheetReader):
    """Reads every scenario sheet of one workbook into the document."""

    def read(self, path: Path) -> None:
        """Read every scenario sheet of the workbook at ``path`` into ``doc``; sheets match by
        English or Chinese name, and one that looks like a misnamed scenario sheet is an error.
        """
        wb = open_workbook(path, data_only=True)
        formulas = open_workbook(path, data_only=False) if has_formulas(path) else wb
        self.epoch = wb.epoch
        try:
            names: dict[str, str] = {}
            for n in wb.sheetnames:
                lower = folded(n).lower()
                sheet = next((s for s in SHEETS if lower in (s.name, folded(s.zh))), None)
                canonical = sheet.name if sheet else lower
                if canonical in names:
                    self.error(
                        CellRef(n),
                        f"sheet '{names[canonical]}' is already read as '{canonical}'; "
                        "keep one of the two",
                    )
                    continue
                names[canonical] = n
            known = {s.name for s in SHEETS} | {README_SHEET.lower()}
            absent = sorted(s.name for s in SHEETS if s.name not in names)
            for lower, original in names.items():
                if lower in known:
                    continue
                near = difflib.get_close_matches(lower, absent, n=1, cutoff=0.8)
                like = sheet_with_header(wb[original], absent)
                if near:  # 'request' for 'requests' would import nothing, silently
                    self.error(
                        CellRef(original),
                        f"not a scenario sheet (did you mean '{near[0]}'?); rename it",
                    )
                elif like is not None:  # 'reqs' holding every request would drop them all
                    self.error(
                        CellRef(original),
                        f"not a scenario sheet, but it has the columns of '{like.name}' "
                        f"({like.zh}), which is missing; rename it '{like.name}'",
                    )
                elif (
                    copy := sheet_with_header(wb[original], [s.name for s in SHEETS])
                ) is not None and has_rows(wb[original]):
                    # Excel's copy 'requests (2)' holding the requests while 'requests'
                    # is empty imported none of them, with a warning
                    self.error(
                        CellRef(original),
                        f"not a scenario sheet, but it has the columns of '{copy.name}' "
                        f"({copy.zh}) and rows under them, which would not be read: move "
                        f"them to '{copy.name}', or delete this sheet",
                    )
                else:
                    self.warnings.append(
                        CellIssue(CellRef(original), "not a scenario sheet; it is not read")
                    )
            for sheet in SHEETS:
                if sheet.name not in names:
                    if sheet.required:
                        self.error(CellRef(), f"sheet '{sheet.name}' is missing")
                    elif sheet.name == "requests":
                        self.warnings.append(
                            CellIssue(
                                CellRef(),
                                f"sheet 'requests' ({sheet.zh}) is missing: "
                                "the scenario has no requests",
                            )
                        )
                    continue
                original = names[sheet.name]
                if not isinstance(wb[original], Worksheet):
                    self.error(CellRef(original), "a chart sheet, not a table; it cannot be read")
                    continue
                grid = sheet_rows(wb[original], formulas[original], self.epoch)
                self.issues.extend(grid.issues)
                if grid.merged:
                    self.merged.setdefault(original.strip(), []).extend(grid.merged)
                rows = grid.rows
                self.warnings.extend(hidden_warnings(wb[original], len(rows)))
                # issues name the sheet as the workbook does ('实训需求!B2', not 'requests!B2')
                self.read_sheet(replace(sheet, name=original.strip()), rows)
            self._split_joined_ids()
        finally:
            wb.close()
            formulas.close()


def _validate(reader: WorkbookReader) -> ImportResult:
    from scheduler.io import load_scenario_with_warnings
    from scheduler.issues import ScenarioError

    def at(issue: Any) -> CellIssue:
        return CellIssue(reader.locator.locate(issue.path), issue.message, issue.path)

    def noted(issues: list[CellIssue]) -> list[CellIssue]:
        return [reader.noted(i) for i in issues]

    try:
        scenario, warnings = load_scenario_with_warnings(reader.doc)
    except ScenarioError as e:
        seen = {i.where for i in reader.issues if i.path}
        issues = reader.issues + [i for i in map(at, e.issues) if i.where not in seen]
        raise SpreadsheetError(
            noted(issues), noted(reader.warnings + [at(w) for w in e.warnings])
        ) from None
    warned = noted(reader.warnings + [at(w) for w in warnings])
    if reader.issues:
        raise SpreadsheetError(noted(reader.issues), warned)
    return ImportResult(scenario, warned)


def import_workbook(path: str | Path) -> ImportResult:
    """Read and fully validate a scenario workbook.

    Raises
    ------
    SpreadsheetError
        With every problem at its sheet, row and column.
    """
    reader = WorkbookReader()
    reader.read(Path(path))
    return _validate(reader)
