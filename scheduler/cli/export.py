"""``trainshare export ics|csv|xlsx SCENARIO SCHEDULE -o FILE [--cohort ID | ...]``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from scheduler.cli.output import refuse_overwriting, writing
from scheduler.cli.report import fail, load_inputs, unresolved


class ExportFormat(StrEnum):
    """The file formats ``trainshare export`` writes."""

    ics = "ics"
    csv = "csv"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    """Add ``trainshare export`` to ``app``; the exporters load only when it runs."""

    @app.command()
    def export(
        fmt: ExportFormat = typer.Argument(..., metavar="ics|csv|xlsx", help="file format"),
        scenario: Path = typer.Argument(..., help="scenario JSON"),
        schedule: Path = typer.Argument(..., help="schedule JSON"),
        out: Path = typer.Option(..., "-o", "--out", help="file to write"),
        cohort: str | None = typer.Option(None, "--cohort", help="only this cohort"),
        resource: str | None = typer.Option(None, "--resource", help="only this resource"),
        instructor: str | None = typer.Option(None, "--instructor", help="only this instructor"),
        institution: str | None = typer.Option(
            None, "--institution", help="only what involves this institution"
        ),
    ) -> None:
        """Export a schedule as an iCalendar file, a CSV table or an XLSX workbook.

        ics: one event per session (per part with --resource/--instructor), Asia/Shanghai
        times; internships as all-day events. csv (UTF-8 with BOM) and xlsx: one row per
        session part, plus internship rows (xlsx: sheet 'internships').
        """
        from scheduler.exports import (
            CellTooLong,
            SelectionError,
            selection_from_options,
            write_csv,
            write_ics,
            write_xlsx,
        )
        from scheduler.reports import ScheduleContext, ScheduleReferenceError

        refuse_overwriting([out], [scenario, schedule])
        sc, sched = load_inputs(scenario, schedule)
        try:
            ctx = ScheduleContext.build(sc, sched)
        except ScheduleReferenceError as e:
            raise unresolved(schedule, sc, sched, e.issues) from None
        try:
            selection = selection_from_options(cohort, resource, instructor, institution)
            selection.check(ctx)
        except SelectionError as e:
            raise fail("options", [str(e)]) from None
        writer = {"ics": write_ics, "csv": write_csv, "xlsx": write_xlsx}[fmt.value]
        with writing(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                n = writer(ctx, out, selection)
            except CellTooLong as e:
                raise fail(str(out), [str(e)]) from None
        unit = "events" if fmt is ExportFormat.ics else "rows"
        typer.echo(f"{out}: {n} {unit}")
