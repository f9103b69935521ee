"""CSV export: one row per session part, then one per internship placement.

Written as UTF-8 *with* a byte-order mark: Excel on Windows reads BOM-less CSV in the
local code page and turns Chinese names into mojibake. A ``kind`` column tells
``session`` rows from ``internship`` rows; a session row's ``end_date`` is the day it
ends (the next day past midnight); an internship row puts its first week in ``week``,
its first day in ``date`` and its last day in ``until``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scheduler.exports.rows import SESSION_COLUMNS, internship_rows, session_rows
from scheduler.exports.selection import Selection
from scheduler.reports.context import ScheduleContext

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """User text as a CSV field that a spreadsheet shows as text, never runs as a formula.

    Text beginning with ``= + - @``, a tab or a carriage return gets a leading ``'``
    (the usual defence against CSV formula injection); other text is unchanged.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


CSV_COLUMNS: tuple[str, ...] = ("kind", *SESSION_COLUMNS, "weeks", "until")


def render_csv(ctx: ScheduleContext, selection: Selection = Selection()) -> str:
    """CSV text (without the BOM; :func:`write_csv` adds it)."""
    return _render(ctx, selection)[0]


def _render(ctx: ScheduleContext, selection: Selection) -> tuple[str, int]:
    """CSV text and its number of data rows, counted as written: a line break inside a
    quoted field is not a new row, and reading the text back to count them fails on a
    field over the reader's limit (131,072 characters, a 1 MB title: a size audit)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    rows = 0
    for r in session_rows(ctx, selection):
        rows += 1
        out.writerow(
            [
                "session",
                _text(r.request),
                r.session,
                _text(r.title),
                _text(r.cohorts),
                _text(r.institution),
                r.week,
                r.day,
                r.date.isoformat(),
                r.start.strftime("%H:%M"),
                r.end.strftime("%H:%M"),
                r.end_date.isoformat(),
                _text(r.resource),
                _text(r.resource_name),
                _text(r.site),
                r.headcount,
                _text(r.instructor),
                "",
                "",
            ]
        )
    for p in internship_rows(ctx, selection):
        rows += 1
        out.writerow(
            [
                "internship",
                _text(p.request),
                "",
                _text(p.title),
                _text(p.cohorts),
                _text(p.institution),
                p.first_week,
                "",
                p.date_from.isoformat(),
                "",
                "",
                "",
                _text(p.resource),
                _text(p.resource_name),
                _text(p.site),
                p.headcount,
                "",
                p.weeks,
                p.date_until.isoformat(),
            ]
        )
    return buf.getvalue(), rows


def write_csv(ctx: ScheduleContext, path: Path, selection: Selection = Selection()) -> int:
    """Write the CSV file (UTF-8 with BOM); returns the number of data rows."""
    text, rows = _render(ctx, selection)
    Path(path).write_text(text, encoding="utf-8-sig", newline="")
    return rows
