"""XLSX export: sheet ``sessions`` (one row per session part) and sheet ``internships``.

Dates and times are real Excel date and time cells, so planners can sort and filter;
the header row is frozen and carries an auto-filter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.exports.rows import (
    INTERNSHIP_COLUMNS,
    SESSION_COLUMNS,
    as_tuple,
    internship_rows,
    session_rows,
)
from scheduler.exports.selection import Selection
from scheduler.reports.context import ScheduleContext
from scheduler.spreadsheet.cells import cell_text, keep_text
from scheduler.spreadsheet.saving import save_workbook
from scheduler.spreadsheet.writer import CELL_LIMIT

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F6")
_DATES = ("date", "end_date", "date_from", "date_until")
_FORMATS = {name: "yyyy-mm-dd" for name in _DATES} | {"start": "hh:mm", "end": "hh:mm"}
#: Spreadsheets count dates from 1900: earlier ones are written as ISO text.
_FIRST_DATE = dt.date(1900, 3, 1)


class CellTooLong(ValueError):
    """A text longer than a spreadsheet cell holds (it would be cut short)."""


def _value(value: Any, sheet: str, row: int, column: str) -> Any:
    """``value`` as its cell holds it: a date a spreadsheet cannot show as ISO text."""
    if isinstance(value, dt.date) and value < _FIRST_DATE:
        return value.isoformat()
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        raise CellTooLong(
            f"sheet '{sheet}', row {row}, column '{column}': {len(value):,} characters; a "
            f"spreadsheet cell holds at most {CELL_LIMIT:,} (export csv or ics instead)"
        )
    return cell_text(value)


def _sheet(ws: Worksheet, columns: tuple[str, ...], rows: list[tuple]) -> None:
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    # rows by number: ``ws.max_row`` and ``ws[n]`` scan every cell written so far, which
    # made an L term's export quadratic (885 s; a performance audit)
    for n, row in enumerate(rows, start=2):
        ws.append([_value(v, ws.title, n, name) for v, name in zip(row, columns, strict=True)])
        # user text such as '=HYPERLINK(...)' is not a formula
        keep_text(ws.cell(row=n, column=k) for k in range(1, len(columns) + 1))
    for k, name in enumerate(columns, start=1):
        letter = get_column_letter(k)
        fmt = _FORMATS.get(name)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=k, max_col=k):
                cell.number_format = fmt
        width = max([len(name)] + [len(str(r[k - 1])) for r in rows[:200]])
        ws.column_dimensions[letter].width = min(40, width + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def build_workbook(ctx: ScheduleContext, selection: Selection = Selection()) -> Workbook:
    """The export workbook in memory, sheets ``sessions`` and ``internships`` with the rows
    ``selection`` shows; raises :class:`CellTooLong` for a text a cell cannot hold.
    """
    wb = Workbook()
    sessions = wb.active
    sessions.title = "sessions"
    _sheet(sessions, SESSION_COLUMNS, [as_tuple(r) for r in session_rows(ctx, selection)])
    _sheet(
        wb.create_sheet("internships"),
        INTERNSHIP_COLUMNS,
        [as_tuple(r) for r in internship_rows(ctx, selection)],
    )
    return wb


def write_xlsx(ctx: ScheduleContext, path: Path, selection: Selection = Selection()) -> int:
    """Write the workbook; returns the number of data rows over both sheets.

    Raises
    ------
    CellTooLong
        Before anything is written, when a text is longer than a cell holds.
    """
    wb = build_workbook(ctx, selection)
    save_workbook(wb, path)
    return sum(ws.max_row - 1 for ws in wb.worksheets)
