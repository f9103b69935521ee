"""Sheet rows -> the scenario document, each value's cell remembered for the locator;
problems are collected, not raised, so that every one is reported at once."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import replace
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from scheduler.models import SCENARIO_FORMAT
from scheduler.spreadsheet.cells import COMMAS, CellError, Percent, blank, from_cell
from scheduler.spreadsheet.columns import Column, SheetSpec
from scheduler.spreadsheet.habits import folded
from scheduler.spreadsheet.reader.cell_values import Refused
from scheduler.spreadsheet.reader.headers import (
    NOTE_HEADERS,
    bracket_problem,
    column_named,
    is_header,
)
from scheduler.spreadsheet.reader.issues import BOUNDARY, CellIssue, CellRef, Locator


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


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


class SheetReader:
    """The document read so far, where each value came from, and the problems met."""

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
            if blank(value):
                continue
            if isinstance(value, Refused):  # a header typed as a formula, say
                self.error(CellRef(sheet.name, 1, k), f"a column header that is {value.message}")
                continue
            name = folded(str(value)).lower()  # 'ＩＤ', 'id\xa0'
            column = column_named(sheet, value)
            ref = CellRef(sheet.name, 1, k, str(value).strip())
            if column is None and name in NOTE_HEADERS:
                self.warnings.append(
                    CellIssue(ref, "a column of notes: not read into the scenario")
                )
            elif column is None and (problem := bracket_problem(sheet, value)) is not None:
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
        if not any(column_named(sheet, v) for v in header):
            below = next(
                (r for r, row in enumerate(rows[1:10], start=2) if is_header(sheet, row)), None
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
        unknown = {k for k, v in enumerate(header, start=1) if not blank(v)} - set(columns)
        items: list[dict[str, Any]] = []
        base = sheet.path
        if base:
            self.locator.add(base, CellRef(sheet.name))
        for r, values in enumerate(rows[1:], start=2):
            if all(blank(v) for v in values):
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
                if isinstance(value, Refused):
                    self.error(CellRef(sheet.name, r, k, "?"), value.message)
                elif not blank(value) and k not in unknown:
                    self.error(CellRef(sheet.name, r, k, "?"), "a value under no column header")
                continue
            ref = CellRef(sheet.name, r, k, column.name)
            path = f"{prefix}.{column.key}" if prefix else column.key
            self.locator.add(path, ref)
            for m in BOUNDARY.finditer(path):  # prefer.weight -> prefer: the row
                if m.start() > len(prefix):
                    self.locator.add(path[: m.start()], row_ref)
            if isinstance(value, Refused):
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

    # ----------------------------------------------------------------- cells after reading

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
