"""Saving a workbook: built in memory, then written in one go.

openpyxl's ``Workbook.save(path)`` streams a zip into the open file; when the disk fills
up the zip is left open, and closing it again when it is collected prints a second
traceback after the command's own error. Writing the finished bytes fails once, cleanly.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook


def save_workbook(wb: Workbook, path: str | Path) -> None:
    """Write ``wb`` to ``path``; an :class:`OSError` (disk full, no permission) as raised."""
    buffer = io.BytesIO()
    wb.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
