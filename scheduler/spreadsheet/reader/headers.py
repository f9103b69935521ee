"""Header cells -> the columns they name, in English or Chinese, with a unit or a mark
in brackets; and which scenario sheet a misnamed sheet's header belongs to."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.spreadsheet.cells import blank
from scheduler.spreadsheet.columns import SHEETS, Column, SheetSpec
from scheduler.spreadsheet.habits import UNIT_NAMES, UNITS, folded, unit_of
from scheduler.spreadsheet.reader.cell_values import Refused

#: Headers of columns a clerk adds for notes: not read, with a warning.
NOTE_HEADERS = frozenset(
    {"备注", "说明", "注释", "备考", "note", "notes", "remark", "remarks", "comment", "comments"}
)

#: A bracketed tail of a header: '(人)' of '容量(人)' (full-width brackets folded).
_BRACKETED = re.compile(r"\s*\(([^()]*)\)$")
#: Words in a header's brackets that say nothing of what the column holds.
_HEADER_MARKS = frozenset({"必填", "选填", "可选", "required", "optional"})


def _named(sheet: SheetSpec, name: str) -> Column | None:
    return next((c for c in sheet.columns if name in (c.name.lower(), c.zh)), None)


def _bracket_fits(column: Column, bracketed: str) -> bool:
    """Whether ``bracketed`` is a unit of what ``column`` counts (``人``, ``people``,
    ``人数``), the column's name in the other language, or a mark like ``必填``: other
    words ('per week') may change the meaning."""
    words = (*UNITS.get(unit_of(column.unit), ()), column.name.lower(), column.zh)
    # '容量（capacity）': a header in both languages names its column twice
    return bracketed in _HEADER_MARKS or bracketed in words or bracketed.removesuffix("数") in words


def column_named(sheet: SheetSpec, header: Any) -> Column | None:
    """The column a header cell names: its English name or the Chinese one the template's
    header comments give, in any width and case, with or without a unit of the column
    or 必填 in brackets ('容量（人）', 'capacity (people)', '编号（必填）')."""
    if blank(header) or isinstance(header, Refused):
        return None
    name = folded(str(header)).lower()
    if (column := _named(sheet, name)) is not None:
        return column
    m = _BRACKETED.search(name)
    column = _named(sheet, name[: m.start()]) if m else None
    return column if m and column and _bracket_fits(column, m.group(1).strip()) else None


def bracket_problem(sheet: SheetSpec, header: Any) -> str | None:
    """Why a header that names a column before its brackets is not read as it
    ('sessions (per week)' is not sessions of the term), if that is the case."""
    name = folded(str(header)).lower()
    m = _BRACKETED.search(name)
    column = _named(sheet, name[: m.start()]) if m else None
    if m is None or column is None:
        return None
    unit = unit_of(column.unit)
    counts = f", which counts {UNIT_NAMES[unit]}" if unit else ""
    unit_hint = f" (a unit may stand in brackets: {column.zh}（{UNITS[unit][0]}）)" if unit else ""
    return (
        f"'{m.group(1).strip()}' in brackets is not a unit of '{column.name}'{counts}, and "
        f"other words may change what the column means; name the column '{column.name}' "
        f"or '{column.zh}'{unit_hint}"
    )


def is_header(sheet: SheetSpec, row: tuple[Any, ...]) -> bool:
    """Whether ``row`` names at least two of the sheet's columns (or its only one)."""
    named = {c.name for v in row if (c := column_named(sheet, v)) is not None}
    return len(named) >= min(2, len(sheet.columns))


def has_rows(ws: Worksheet) -> bool:
    """Whether anything stands below the sheet's header row."""
    return any(r > 1 and not blank(cell.value) for (r, _), cell in ws._cells.items())


def sheet_with_header(ws: Any, absent: list[str]) -> SheetSpec | None:
    """The sheet of ``absent`` whose columns (at least two, in English or Chinese)
    ``ws``'s first row names most of, if any."""
    if not isinstance(ws, Worksheet):
        return None
    header = {
        str(cell.value).strip().lower()
        for (r, _), cell in ws._cells.items()
        if r == 1 and not blank(cell.value)
    }
    best, shared = None, 0
    for sheet in SHEETS:
        if sheet.name in absent:
            names = {c.name.lower() for c in sheet.columns} | {c.zh for c in sheet.columns}
            common = len(header & names)
            # the sheet sharing the most columns: 'id' and 'name' are everywhere
            if common >= min(2, len(sheet.columns)) and common > shared:
                best, shared = sheet, common
    return best
