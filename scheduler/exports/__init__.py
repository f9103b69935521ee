"""Schedule exports: iCalendar (:mod:`.ics`), CSV (:mod:`.csv_export`), XLSX (:mod:`.xlsx_export`).

Each takes a :class:`~scheduler.reports.context.ScheduleContext` (a schedule checked
against its scenario) and an optional :class:`~.selection.Selection` (one cohort,
resource, instructor or institution).
"""

from __future__ import annotations

from scheduler.exports.csv_export import write_csv
from scheduler.exports.ics import write_ics
from scheduler.exports.selection import Scope, Selection, SelectionError, selection_from_options
from scheduler.exports.xlsx_export import CellTooLong, write_xlsx

__all__ = [
    "CellTooLong",
    "Scope",
    "Selection",
    "SelectionError",
    "selection_from_options",
    "write_csv",
    "write_ics",
    "write_xlsx",
]
