"""Where an import problem is: a place in the workbook, the issue at it, and the map
from document paths back to the cells they were read from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from scheduler.models import Scenario


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


BOUNDARY = re.compile(r"[.\[]")


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
        for m in reversed(list(BOUNDARY.finditer(path))):
            prefix = path[: m.start()]
            if prefix in self.places:
                return self.places[prefix]
        return CellRef()
