"""Workbook -> scenario, through the same validation as a JSON document.

The reader turns each sheet into the JSON structure of the scenario and remembers,
for every document path it produced (``requests[4].cohort``), the cell it came from.
:func:`scheduler.io.load_scenario_with_warnings` then checks the document exactly as
it checks JSON, and every issue is reported at its cell::

    requests!B7 (cohort): unknown cohort 'x'

Paths without a cell of their own fall back to the row (``requests row 7``), the sheet
or the workbook. Nothing in the workbook is ignored silently: unknown columns and
values under no header are errors, unknown sheets are warnings. A sheet may carry its
English or its Chinese name (``requests`` or ``实训需求``); merged cells read as their
top-left value in every cell of the range; a formula without a computed value is an
error at its cell.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.models import SCENARIO_FORMAT, Scenario
from scheduler.spreadsheet.cells import COMMAS, CellError, Percent, from_cell
from scheduler.spreadsheet.columns import README_SHEET, SHEETS, Column, SheetSpec
from scheduler.spreadsheet.habits import UNIT_NAMES, UNITS, folded, unit_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CellRef:
    """A place in the workbook: a cell, a row, a sheet, or (all ``None``) the workbook."""

    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.sheet is None:
            return "(workbook)"
        if self.row is None:
            return f"{self.sheet}" + (f" ({self.name})" if self.name else "")
        if self.column is None:
            return f"{self.sheet} row {self.row}"
        cell = f"{self.sheet}!{get_column_letter(self.column)}{self.row}"
        return cell + (f" ({self.name})" if self.name else "")


@dataclass(frozen=True)
class CellIssue:
    """One problem, at its place in the workbook; ``path`` is the document path, if any."""

    where: CellRef
    message: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SpreadsheetError(Exception):
    """A workbook was rejected; ``issues`` lists every reason (never empty)."""

    def __init__(self, issues: list[CellIssue], warnings: list[CellIssue] | None = None) -> None:
        self.issues = issues
        self.warnings = warnings or []
        n = len(issues)
        super().__init__(
            ("1 problem" if n == 1 else f"{n} problems") + ": " + "; ".join(map(str, issues))
        )


@dataclass(frozen=True)
class ImportResult:
    """A workbook's validated scenario, and its warnings placed at their cells."""

    scenario: Scenario
    warnings: list[CellIssue]


_BOUNDARY = re.compile(r"[.\[]")


class Locator:
    """Document path -> the workbook place it was read from (longest known prefix)."""

    def __init__(self) -> None:
        self.places: dict[str, CellRef] = {}

    def add(self, path: str, ref: CellRef) -> None:
        """Remember where ``path`` was read; the first place recorded for a path is kept."""
        self.places.setdefault(path, ref)

    def locate(self, path: str) -> CellRef:
        """The cell ``path`` was read from, else the place of its longest known prefix (a cell,
        a row or a sheet), else the whole workbook: every issue gets a place to point at.
        """
        if path in self.places:
            return self.places[path]
        for m in reversed(list(_BOUNDARY.finditer(path))):
            prefix = path[: m.start()]
            if prefix in self.places:
                return self.places[prefix]
        return CellRef()


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


#: A bracketed tail of a header: '(人)' of '容量(人)' (full-width brackets folded).
_BRACKETED = re.compile(r"\s*\(([^()]*)\)$")
#: Words in a header's brackets that say nothing of what the column holds.
_HEADER_MARKS = frozenset({"必填", "选填", "可选", "required", "optional"})
# text columns that hold an id or a reference to one: surrounding spaces are dropped
_ID_KEYS = frozenset({"id", "from", "to", "site", "owner", "institution", "cohort"})
# list columns of free tags, not ids: an item the writer kept in JSON keeps its spaces
_TAG_KEYS = frozenset({"features", "skills", "needs", "instructor_skills"})
#: List columns of ids, and the list of the document their ids name: 'a、b' there is
#: two ids only when both are known and 'a、b' is not one.
_ID_LISTS = {
    "open_to": ("institutions", "institution"),
    "cohorts": ("cohorts", "cohort"),
    "resources": ("resources", "resource"),
    "prefer.resources": ("resources", "resource"),
    "instructors": ("instructors", "instructor"),
    "after": ("requests", "request"),
}
#: What separates words in a tag that may have been meant as several tags.
_JOINED = re.compile(r"\s+|/|\|")


class _Refused:
    """A cell that holds no value to read, and why: a formula whose workbook stores no
    computed value, or one whose value is a spreadsheet error (``#N/A``)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"<{self.message}>"


_UNCOMPUTED = _Refused(
    "a formula without a computed value; open and save the workbook in Excel or WPS, "
    'or type the value (a formula whose value is empty, like IF(...,""), reads the same: '
    "leave such a cell empty instead)"
)


def _error_value(code: object) -> _Refused:
    return _Refused(
        f"the cell holds the spreadsheet error {code} (a formula that failed): fix the "
        "formula or type the value"
    )


#: Cells one merged range may cover: openpyxl makes an object for each on loading (an
#: empty merge down to row 1,048,576 took 24 s and 830 MB before any check could run).
MAX_MERGED_CELLS = 1_000_000
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"')


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts openpyxl reads as sheets, found as openpyxl finds them (the workbook's
    relationships), not by folder: a package may store a sheet anywhere, and only
    xl/worksheets/ was searched. Every XML part when the workbook part cannot be read
    (openpyxl's own error says why when it loads)."""
    names = archive.namelist()
    try:
        parser = WorkbookParser(archive, _find_workbook_part(archive).PartName[1:])
        parser.parse()
        return [rel.target for _, rel in parser.find_sheets() if rel.target in names]
    except Exception:  # a damaged package: openpyxl raises whatever its parser does
        return [name for name in names if name.endswith(".xml")]


def _refuse_huge_merges(path: Path) -> None:
    """Read the sheets' merged ranges from the file before openpyxl loads it (a file
    that is no workbook is left to openpyxl, whose errors say so)."""
    issues = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    ranges: list[tuple[int, str, str]] = []  # (cells, range, sheet file)
    with archive:
        for name in _sheet_parts(archive):
            for ref in _MERGE.findall(archive.read(name)):
                c0, r0, c1, r1 = range_boundaries(ref.decode())
                ranges.append(((c1 - c0 + 1) * (r1 - r0 + 1), ref.decode(), name))
    total = sum(cells for cells, _, _ in ranges)
    if total <= MAX_MERGED_CELLS:
        return
    # the cap is on the whole workbook: six ranges just under it took 94 s and 4 GB
    for cells, ref, name in sorted(ranges, reverse=True)[:3]:
        issues.append(
            CellIssue(
                CellRef(),
                f"a merged range ({ref}, in {name.rsplit('/', 1)[-1]}) covers {cells:,} "
                f"cells; unmerge it (merged ranges may cover {MAX_MERGED_CELLS:,} cells in "
                f"all, these cover {total:,})",
            )
        )
    raise SpreadsheetError(issues)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether a sheet of the workbook holds a formula: without one, the second load
    (formulas, to name those stored without a value) finds nothing, and it took half
    of an import's loading time (2 s of 4 on the L tier)."""
    with zipfile.ZipFile(path) as archive:
        return any(_FORMULA.search(archive.read(name)) for name in _sheet_parts(archive))


def _sheet_with_header(ws: Any, absent: list[str]) -> SheetSpec | None:
    """The sheet of ``absent`` whose columns (at least two, in English or Chinese)
    ``ws``'s first row names most of, if any."""
    if not isinstance(ws, Worksheet):
        return None
    header = {
        str(cell.value).strip().lower()
        for (r, _), cell in ws._cells.items()
        if r == 1 and not _blank(cell.value)
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


def _kind_of(path: Path) -> str:
    """What the file is instead of a workbook, and what to do, from its first bytes
    (renaming a CSV or an old .xls to .xlsx does not make it one)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(2048)
    except OSError:
        head = b""
    save = "open it in Excel or WPS and save it as an Excel Workbook (.xlsx)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # WPS's own .et format is this container too
        return (
            "an old .xls workbook, a WPS .et file, or one protected by a password: "
            f"{save}, without a password"
        )
    if head.startswith(b"PK") and b"opendocument" in head:
        return f"an OpenDocument spreadsheet (.ods): {save}"
    if head.lstrip().startswith((b"{", b"[")):
        return "a JSON document, which needs no import: `trainshare validate` reads it"
    if not head:
        return "the file is empty"
    if b"\x00" not in head:
        return f"a text file (CSV?): {save}"
    return f"not a file this reads: {save}"


#: Rows read from one sheet, at most: far beyond any term (the L tier has 4,181 requests).
MAX_ROWS = 100_000
#: Columns read from one sheet, at most: the widest sheet has a few dozen (a stray value
#: in column XFD, the last, made a 16,384-wide table of every row: 13 GB).
MAX_COLUMNS = 200


#: Excel's built-in date and time formats of Chinese, Japanese and Korean locales
#: (``yyyy"年"m"月"d"日"`` is 31, ``h"时"mm"分"`` 32): a file names them by number only,
#: and openpyxl, which knows them not, reads such a date as its day count (46272).
CJK_DATE_FORMATS = frozenset({*range(27, 37), *range(50, 59)})
_ZEROS = re.compile(r"0+")
#: Headers of columns a clerk adds for notes: not read, with a warning.
NOTE_HEADERS = frozenset(
    {"备注", "说明", "注释", "备考", "note", "notes", "remark", "remarks", "comment", "comments"}
)


def _shown(cell: Cell, epoch: Any) -> Any:
    """The value of ``cell`` as the spreadsheet shows it where openpyxl reads it otherwise:
    a number in a CJK built-in date format is that date (or time), a number under a
    format of zeros keeps the zeros it shows (``0701``), and one shown as a percentage
    is a :class:`Percent`."""
    value = cell.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value
    if cell.number_format == "General" and cell._style.numFmtId in CJK_DATE_FORMATS:
        try:
            return from_excel(value, epoch)
        except (OverflowError, ValueError):
            return value
    if _is_percent(cell.number_format):
        return Percent(value)
    fmt = cell.number_format
    if len(fmt) > 1 and _ZEROS.fullmatch(fmt) and value >= 0 and float(value).is_integer():
        return str(int(value)).zfill(len(fmt))
    return value


#: What a number format shows as written, not as a number code: quoted text, an escaped
#: character, a [colour] or [condition].
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_percent(number_format: str) -> bool:
    """Whether the format shows the number times 100 with a % sign (``0%``, ``0.0%``), not
    a % written after it (``0"%"``, ``0\\%``: the number as it is)."""
    return "%" in _FORMAT_LITERAL.sub("", number_format)


def _named(sheet: SheetSpec, name: str) -> Column | None:
    return next((c for c in sheet.columns if name in (c.name.lower(), c.zh)), None)


def _bracket_fits(column: Column, bracketed: str) -> bool:
    """Whether ``bracketed`` is a unit of what ``column`` counts (``人``, ``people``,
    ``人数``), the column's name in the other language, or a mark like ``必填``: other
    words ('per week') may change the meaning."""
    words = (*UNITS.get(unit_of(column.unit), ()), column.name.lower(), column.zh)
    # '容量（capacity）': a header in both languages names its column twice
    return bracketed in _HEADER_MARKS or bracketed in words or bracketed.removesuffix("数") in words


def _column_named(sheet: SheetSpec, header: Any) -> Column | None:
    """The column a header cell names: its English name or the Chinese one the template's
    header comments give, in any width and case, with or without a unit of the column
    or 必填 in brackets ('容量（人）', 'capacity (people)', '编号（必填）')."""
    if _blank(header) or isinstance(header, _Refused):
        return None
    name = folded(str(header)).lower()
    if (column := _named(sheet, name)) is not None:
        return column
    m = _BRACKETED.search(name)
    column = _named(sheet, name[: m.start()]) if m else None
    return column if m and column and _bracket_fits(column, m.group(1).strip()) else None


def _bracket_problem(sheet: SheetSpec, header: Any) -> str | None:
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


def _is_header(sheet: SheetSpec, row: tuple[Any, ...]) -> bool:
    """Whether ``row`` names at least two of the sheet's columns (or its only one)."""
    named = {c.name for v in row if (c := _column_named(sheet, v)) is not None}
    return len(named) >= min(2, len(sheet.columns))


def _has_rows(ws: Worksheet) -> bool:
    """Whether anything stands below the sheet's header row."""
    return any(r > 1 and not _blank(cell.value) for (r, _), cell in ws._cells.items())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    def __init__(self) -> None:
        self.doc: dict[str, Any] = {"format": SCENARIO_FORMAT}
        self.locator = Locator()
        self.issues: list[CellIssue] = []
        self.warnings: list[CellIssue] = []
        self.epoch: Any = WINDOWS_EPOCH  # the workbook's date system (1904 on old Macs)
        #: list cells of ids with an item holding a comma, split once every id is known
        self.joined: list[tuple[CellRef, str, list[Any], str]] = []
        #: merged ranges read into rows, by sheet name: (min_row, min_col, max_row, max_col)
        self.merged: dict[str, list[tuple[int, int, int, int]]] = {}

    def noted(self, issue: CellIssue) -> CellIssue:
        """``issue`` saying so when its cell is part of a merged range: a message at V3
        about a value typed in V2 reads as if V3 were wrong on its own."""
        where = issue.where
        if where.sheet is None or where.row is None or where.column is None:
            return issue
        for r0, c0, r1, c1 in self.merged.get(where.sheet, ()):
            if r0 <= where.row <= r1 and c0 <= where.column <= c1:
                anchor = f"{get_column_letter(c0)}{r0}"
                coord = f"{anchor}:{get_column_letter(c1)}{r1}"
                return replace(
                    issue,
                    message=f"{issue.message} (a cell of merged range {coord}, which reads "
                    f"{anchor}'s value in each of its cells)",
                )
        return issue

    def error(self, ref: CellRef, message: str) -> None:
        """Record a problem at ``ref``; reading goes on, so every problem is reported at once."""
        self.issues.append(CellIssue(ref, message))

    # ----------------------------------------------------------------- one sheet

    def _columns(self, sheet: SheetSpec, header: tuple[Any, ...]) -> dict[int, Column]:
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for k, value in enumerate(header, start=1):
            if _blank(value):
                continue
            if isinstance(value, _Refused):  # a header typed as a formula, say
                self.error(CellRef(sheet.name, 1, k), f"a column header that is {value.message}")
                continue
            name = folded(str(value)).lower()  # 'ＩＤ', 'id\xa0'
            column = _column_named(sheet, value)
            ref = CellRef(sheet.name, 1, k, str(value).strip())
            if column is None and name in NOTE_HEADERS:
                self.warnings.append(
                    CellIssue(ref, "a column of notes: not read into the scenario")
                )
            elif column is None and (problem := _bracket_problem(sheet, value)) is not None:
                self.error(ref, problem)
            elif column is None:
                near = difflib.get_close_matches(name, [c.name for c in sheet.columns], n=1)
                hint = f"did you mean '{near[0]}'? " if near else ""
                allowed = ", ".join(c.name for c in sheet.columns)
                self.error(
                    ref,
                    f"unknown column '{value}' ({hint}columns: {allowed}; a column of notes "
                    "is headed 备注 or notes)",
                )
            elif column.name in seen:
                self.error(ref, f"column '{column.name}' appears twice")
            else:
                seen[column.name] = k
                columns[k] = column
        return columns

    def read_sheet(self, sheet: SheetSpec, rows: list[tuple[Any, ...]]) -> None:
        """Read one sheet's rows (header first) into the document at the sheet's path, noting
        each value's cell for the locator; blank rows are skipped.
        """
        header = rows[0] if rows else ()
        if not any(_column_named(sheet, v) for v in header):
            below = next(
                (r for r, row in enumerate(rows[1:10], start=2) if _is_header(sheet, row)), None
            )
            if below is not None:  # a title row typed above the header: one message, not 30
                self.error(
                    CellRef(sheet.name, 1),
                    f"the column names are in row {below}; they must be in row 1: delete "
                    f"the rows above them (a title goes in the sheet name or a note)",
                )
                return
        columns = self._columns(sheet, header)
        # a header already named as unknown: its values are not named again row by row
        unknown = {k for k, v in enumerate(header, start=1) if not _blank(v)} - set(columns)
        items: list[dict[str, Any]] = []
        base = sheet.path
        if base:
            self.locator.add(base, CellRef(sheet.name))
        for r, values in enumerate(rows[1:], start=2):
            if all(_blank(v) for v in values):
                continue
            if sheet.single and items:
                self.error(CellRef(sheet.name, r), "this sheet holds one row only (row 2)")
                continue
            prefix = base if sheet.single else f"{base}[{len(items)}]"
            item = self._read_row(sheet, columns, values, r, prefix, unknown)
            items.append(item)
        if sheet.single:
            if items:
                if base:
                    _set(self.doc, base, items[0])
                else:
                    self.doc.update(items[0])
            elif sheet.required:
                self.error(CellRef(sheet.name), "the sheet has no data row (row 2)")
                for column in sheet.columns:  # what is missing then is missing from it
                    self.locator.add(column.key, CellRef(sheet.name, name=column.name))
        else:
            _set(self.doc, base, items)

    def _read_row(
        self,
        sheet: SheetSpec,
        columns: dict[int, Column],
        values: tuple[Any, ...],
        r: int,
        prefix: str,
        unknown: set[int],
    ) -> dict[str, Any]:
        row_ref = CellRef(sheet.name, r)
        if prefix:
            self.locator.add(prefix, row_ref)
        item: dict[str, Any] = {}
        for k, value in enumerate(values, start=1):
            column = columns.get(k)
            if column is None:
                if isinstance(value, _Refused):
                    self.error(CellRef(sheet.name, r, k, "?"), value.message)
                elif not _blank(value) and k not in unknown:
                    self.error(CellRef(sheet.name, r, k, "?"), "a value under no column header")
                continue
            ref = CellRef(sheet.name, r, k, column.name)
            path = f"{prefix}.{column.key}" if prefix else column.key
            self.locator.add(path, ref)
            for m in _BOUNDARY.finditer(path):  # prefer.weight -> prefer: the row
                if m.start() > len(prefix):
                    self.locator.add(path[: m.start()], row_ref)
            if isinstance(value, _Refused):
                self.issues.append(CellIssue(ref, value.message, path))
                continue
            if column.kind == "date":
                value = self._day_count(ref, path, value)
            try:
                present, parsed = from_cell(
                    column.kind,
                    value,
                    column.unit,
                    column.allowed,
                    "split" if column.key in _TAG_KEYS else "keep",
                )
            except CellError as e:
                self.issues.append(CellIssue(ref, str(e), path))
                continue
            if present and isinstance(parsed, str) and (column.key in _ID_KEYS or path == "name"):
                parsed = parsed.strip()  # ' c1 ' is the id 'c1', as list items are
            if present and column.key in _TAG_KEYS and isinstance(parsed, list):
                # a tag written as JSON keeps its spaces: " cnc " is not "cnc"
                if not str(value).lstrip().startswith("["):
                    self._note_joined_tags(ref, path, parsed)
            elif present and column.kind == "list" and isinstance(parsed, list):
                # items of a list written as JSON too: one rule for ids wherever they stand
                parsed = [x.strip() if isinstance(x, str) else x for x in parsed]
                if (
                    column.key in _ID_LISTS
                    and not str(value).lstrip().startswith("[")  # JSON items are whole
                    and any(isinstance(x, str) and COMMAS.search(x) for x in parsed)
                ):
                    self.joined.append((ref, path, parsed, column.key))
            if present:
                _set(item, column.key, parsed)
        return item

    # ----------------------------------------------------------------- workbook

    def _open(self, path: Path, data_only: bool) -> Any:
        if Path(path).is_dir():
            raise SpreadsheetError([CellIssue(CellRef(), f"{path} is a folder, not a workbook")])
        try:
            _refuse_huge_merges(path)
            return load_workbook(path, data_only=data_only)
        except SpreadsheetError:
            raise
        except FileNotFoundError:
            raise SpreadsheetError([CellIssue(CellRef(), f"file not found: {path}")]) from None
        except InvalidFileException:  # openpyxl goes by the name's suffix
            raise SpreadsheetError(
                [CellIssue(CellRef(), f"{path} is not an .xlsx workbook: {_kind_of(path)}")]
            ) from None
        except (zipfile.BadZipFile, KeyError, OSError) as e:
            raise SpreadsheetError(
                [CellIssue(CellRef(), f"{path} is not an .xlsx workbook ({e}): {_kind_of(path)}")]
            ) from None
        except Exception as e:  # a damaged part: openpyxl raises whatever its parser does
            raise SpreadsheetError(
                [
                    CellIssue(
                        CellRef(),
                        f"{path} is damaged and cannot be read ({type(e).__name__}: {e}); "
                        "open it in Excel or WPS and save it again",
                    )
                ]
            ) from None

    def _rows(self, ws: Any, formulas: Any) -> list[tuple[Any, ...]]:
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
            at: _error_value(cell.value) if cell.data_type == "e" else _shown(cell, self.epoch)
            for at, cell in ws._cells.items()
            if not _blank(cell.value)
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
        rows: list[list[Any]] = [[None] * width for _ in range(height)]
        for (r, c), value in values.items():
            rows[r - 1][c - 1] = value
        for merged in ws.merged_cells.ranges:
            if merged.min_row == 1 < merged.max_row:
                # its header would read as a value of row 2 too ('name' named the scenario)
                self.error(
                    CellRef(ws.title, 1, merged.min_col, str(values.get((1, merged.min_col)))),
                    f"merged range {merged.coord} crosses the header row; unmerge it",
                )
                continue
            anchor = values.get((merged.min_row, merged.min_col))
            if anchor is not None:
                self.merged.setdefault(ws.title.strip(), []).append(
                    (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
                )
            for r in range(merged.min_row, min(merged.max_row, height) + 1):
                for c in range(merged.min_col, min(merged.max_col, width) + 1):
                    rows[r - 1][c - 1] = anchor
        for r, c in uncomputed:
            rows[r - 1][c - 1] = _UNCOMPUTED  # not blank: reported at its cell
        return [tuple(row) for row in rows]

    def _day_count(self, ref: CellRef, path: str, value: Any) -> Any:
        """A date column's number as the date Excel counts it to (46272 is 2026-09-07 in
        the 1900 date system), with a warning: a cell formatted as a number, or a date
        pasted as a value, shows that number. Numbers far from any term are left as
        they are, for validation to refuse."""
        if not isinstance(value, int | float) or isinstance(value, bool | Percent):
            return value
        try:
            day = from_excel(value, self.epoch)
        except (OverflowError, ValueError, TypeError):
            return value
        if not float(value).is_integer() or not 2000 <= day.year <= 2100:
            return value
        self.warnings.append(
            CellIssue(
                ref,
                f"the number {value:g} is read as the date {day.date().isoformat()} (the "
                "spreadsheet's day count); format the cell as a date to see it so",
                path,
            )
        )
        return day

    def _split_joined_ids(self) -> None:
        """Split an item of an id list at its commas (``、``, ``，``, ``,``) when every
        piece is an id of the list it names and the item is not one itself; refuse it
        otherwise, saying how to write the list (an id may hold a comma)."""
        ids: dict[str, set[Any]] = {}  # by list: every cell of 'after' may hold a comma
        for ref, path, items, key in self.joined:
            plural, singular = _ID_LISTS[key]
            if plural not in ids:
                entries = self.doc.get(plural)
                ids[plural] = (
                    {x.get("id") for x in entries if isinstance(x, dict)}
                    if isinstance(entries, list)
                    else set()
                )
            known = ids[plural]
            split: list[Any] = []
            for item in items:
                if not isinstance(item, str) or item in known or not COMMAS.search(item):
                    split.append(item)
                    continue
                pieces = [p.strip() for p in COMMAS.split(item) if p.strip()]
                unknown = [p for p in pieces if p not in known]
                if not unknown:
                    split.extend(pieces)
                    continue
                split.append(item)
                comma = next(c for c in item if COMMAS.match(c))
                self.issues.append(
                    CellIssue(
                        ref,
                        f"'{item}' is no {singular}, and not every piece is one (unknown: "
                        f"{', '.join(unknown)}): separate {plural} with ';' "
                        f"({'; '.join(pieces)}); a {singular} id holding '{comma}' is written "
                        f"as JSON: {json.dumps([item], ensure_ascii=False)}",
                        path,
                    )
                )
            items[:] = split

    def _note_joined_tags(self, ref: CellRef, path: str, tags: list[Any]) -> None:
        """Warn of a tag that reads like several: 'cnc welding' or 'cnc/welding' is one
        feature no request needs, and nothing else would say so (ids are checked)."""
        for tag in tags:
            if isinstance(tag, str) and _JOINED.search(tag):
                parts = "; ".join(t for t in _JOINED.split(tag) if t)
                self.warnings.append(
                    CellIssue(
                        ref,
                        f"'{tag}' is read as one item; if it is several, separate them with "
                        f"';' ({parts})",
                        path,
                    )
                )

    def _note_hidden(self, ws: Worksheet, height: int) -> None:
        """Hidden sheets and rows are read like the rest: say so, since the planner who
        hid them may think them left out."""
        if ws.sheet_state != "visible":
            self.warnings.append(CellIssue(CellRef(ws.title), "a hidden sheet; it is read"))
        hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden and 2 <= r <= height]
        if hidden:
            shown = ", ".join(map(str, sorted(hidden)[:10])) + (" ..." if len(hidden) > 10 else "")
            self.warnings.append(
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
            self.warnings.append(
                CellIssue(
                    CellRef(ws.title), f"hidden columns ({letters}{more}) are read like the others"
                )
            )

    def read(self, path: Path) -> None:
        """Read every scenario sheet of the workbook at ``path`` into ``doc``; sheets match by
        English or Chinese name, and one that looks like a misnamed scenario sheet is an error.
        """
        wb = self._open(path, data_only=True)
        formulas = self._open(path, data_only=False) if _has_formulas(path) else wb
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
                like = _sheet_with_header(wb[original], absent)
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
                    copy := _sheet_with_header(wb[original], [s.name for s in SHEETS])
                ) is not None and _has_rows(wb[original]):
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
                rows = self._rows(wb[original], formulas[original])
                self._note_hidden(wb[original], len(rows))
                # issues name the sheet as the workbook does ('实训需求!B2', not 'requests!B2')
                self.read_sheet(replace(sheet, name=original.strip()), rows)
            self._split_joined_ids()
        finally:
            wb.close()
            formulas.close()


def _validate(reader: _Reader) -> ImportResult:
    from scheduler.io import ScenarioError, load_scenario_with_warnings

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
    reader = _Reader()
    reader.read(Path(path))
    return _validate(reader)
