"""Cell values as the spreadsheet shows them, and cells that hold no value to read.

openpyxl reads some cells otherwise than Excel or WPS shows them (a CJK date format as
a day count, ``0701`` as 701, 50% as 0.5); these are read as shown, and a formula
without a value or a spreadsheet error is kept as a :class:`Refused` for its cell.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils.datetime import from_excel

from scheduler.spreadsheet.cells import Percent


class Refused:
    """A cell that holds no value to read, and why: a formula whose workbook stores no
    computed value, or one whose value is a spreadsheet error (``#N/A``)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"<{self.message}>"


UNCOMPUTED = Refused(
    "a formula without a computed value; open and save the workbook in Excel or WPS, "
    'or type the value (a formula whose value is empty, like IF(...,""), reads the same: '
    "leave such a cell empty instead)"
)


def error_value(code: object) -> Refused:
    return Refused(
        f"the cell holds the spreadsheet error {code} (a formula that failed): fix the "
        "formula or type the value"
    )


#: Excel's built-in date and time formats of Chinese, Japanese and Korean locales
#: (``yyyy"年"m"月"d"日"`` is 31, ``h"时"mm"分"`` 32): a file names them by number only,
#: and openpyxl, which knows them not, reads such a date as its day count (46272).
CJK_DATE_FORMATS = frozenset({*range(27, 37), *range(50, 59)})
_ZEROS = re.compile(r"0+")


def shown_value(cell: Cell, epoch: Any) -> Any:
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
