"""Checks of the workbook file itself, before and while openpyxl loads it: merged ranges
too large to load, whether any formula is stored, and what a file that is no workbook is."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from scheduler.spreadsheet.reader.issues import CellIssue, CellRef, SpreadsheetError

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


def has_formulas(path: Path) -> bool:
    """Whether a sheet of the workbook holds a formula: without one, the second load
    (formulas, to name those stored without a value) finds nothing, and it took half
    of an import's loading time (2 s of 4 on the L tier)."""
    with zipfile.ZipFile(path) as archive:
        return any(_FORMULA.search(archive.read(name)) for name in _sheet_parts(archive))


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


def open_workbook(path: Path, data_only: bool) -> Any:
    """The workbook at ``path``, or a :class:`SpreadsheetError` saying why it cannot be one."""
    if Path(path).is_dir():
        raise SpreadsheetError([CellIssue(CellRef(), f"{path} is a folder, not a workbook")])
    if Path(path).exists() and not Path(path).is_file():  # a pipe would wait for a writer
        raise SpreadsheetError(
            [CellIssue(CellRef(), f"{path} is not a regular file (a pipe or a device)")]
        )
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
