"""A sheet's cells as a table of rows: only stored cells, merged ranges filled, formulas
without a value marked, size capped; and warnings of what is hidden but read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.spreadsheet.cells import blank
from scheduler.spreadsheet.reader.cell_values import UNCOMPUTED, error_value, shown_value
from scheduler.spreadsheet.reader.issues import CellIssue, CellRef, SpreadsheetError

#: Rows read from one sheet, at most: far beyond any term (the L tier has 4,181 requests).
MAX_ROWS = 100_000
#: Columns read from one sheet, at most: the widest sheet has a few dozen (a stray value
#: in column XFD, the last, made a 16,384-wide table of every row: 13 GB).
MAX_COLUMNS = 200

#: A merged range as (min_row, min_col, max_row, max_col).
Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class SheetGrid:
    """A sheet's rows (header first), its merged ranges that show a value, and the
    problems met in reading them (the cells themselves are read later)."""

    rows: list[tuple[Any, ...]]
    merged: list[Merge]
    issues: list[CellIssue]


def sheet_rows(ws: Any, formulas: Any, epoch: Any) -> SheetGrid:
    """The sheet's values up to its last row holding one, merged ranges filled and
    uncomputed formulas reported.

    Only the cells stored in the file are read (``_cells``): walking the sheet's
    dimension made a cell for every position, and one stray space in row 100,000
    cost 14 s and 1.2 GB (a styled last row, 1,048,576 rows, never ended).
    A merged range reads as its top-left value in every cell (openpyxl gives the
    other cells ``None``, which would silently drop what the planner sees). A
    formula cell whose workbook carries no computed value (written by a script, or
    by an editor that does not store results) is an error at the cell.
    """
    values = {
        at: error_value(cell.value) if cell.data_type == "e" else shown_value(cell, epoch)
        for at, cell in ws._cells.items()
        if not blank(cell.value)
    }
    uncomputed = [
        at
        for at, cell in formulas._cells.items()
        if cell.data_type == "f" and values.get(at) is None
    ]
    used = [*values, *uncomputed]
    for merged in ws.merged_cells.ranges:
        if (merged.min_row, merged.min_col) in values:  # the range shows its value
            used.append((merged.max_row, merged.max_col))
    height = max((r for r, _ in used), default=0)
    width = max((c for _, c in used), default=0)
    if height > MAX_ROWS:
        raise SpreadsheetError(
            [
                CellIssue(
                    CellRef(ws.title, height),
                    f"the sheet reaches row {height:,}; at most {MAX_ROWS:,} rows are read "
                    "(clear what lies below the data)",
                )
            ]
        )
    if width > MAX_COLUMNS:
        row = next(r for r, c in used if c == width)
        raise SpreadsheetError(
            [
                CellIssue(
                    CellRef(ws.title, row, width),
                    f"the sheet reaches column {get_column_letter(width)}; at most "
                    f"{MAX_COLUMNS} columns are read (clear what lies right of the data)",
                )
            ]
        )
    issues: list[CellIssue] = []
    shown_merges: list[Merge] = []
    rows: list[list[Any]] = [[None] * width for _ in range(height)]
    for (r, c), value in values.items():
        rows[r - 1][c - 1] = value
    for merged in ws.merged_cells.ranges:
        if merged.min_row == 1 < merged.max_row:
            # its header would read as a value of row 2 too ('name' named the scenario)
            issues.append(
                CellIssue(
                    CellRef(ws.title, 1, merged.min_col, str(values.get((1, merged.min_col)))),
                    f"merged range {merged.coord} crosses the header row; unmerge it",
                )
            )
            continue
        anchor = values.get((merged.min_row, merged.min_col))
        if anchor is not None:
            shown_merges.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
        for r in range(merged.min_row, min(merged.max_row, height) + 1):
            for c in range(merged.min_col, min(merged.max_col, width) + 1):
                rows[r - 1][c - 1] = anchor
    for r, c in uncomputed:
        rows[r - 1][c - 1] = UNCOMPUTED  # not blank: reported at its cell
    return SheetGrid([tuple(row) for row in rows], shown_merges, issues)


def hidden_warnings(ws: Worksheet, height: int) -> list[CellIssue]:
    """Hidden sheets and rows are read like the rest: say so, since the planner who
    hid them may think them left out."""
    warnings: list[CellIssue] = []
    if ws.sheet_state != "visible":
        warnings.append(CellIssue(CellRef(ws.title), "a hidden sheet; it is read"))
    hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden and 2 <= r <= height]
    if hidden:
        shown = ", ".join(map(str, sorted(hidden)[:10])) + (" ..." if len(hidden) > 10 else "")
        warnings.append(
            CellIssue(CellRef(ws.title), f"hidden rows ({shown}) are read like the others")
        )
    columns = sorted(
        {
            k
            for dim in ws.column_dimensions.values()
            if dim.hidden and dim.min is not None
            for k in range(dim.min, min(dim.max or dim.min, MAX_COLUMNS) + 1)
        }
    )
    if columns:
        letters = ", ".join(get_column_letter(k) for k in columns[:10])
        more = " ..." if len(columns) > 10 else ""
        warnings.append(
            CellIssue(
                CellRef(ws.title), f"hidden columns ({letters}{more}) are read like the others"
            )
        )
    return warnings
