"""Scenarios as spreadsheets.

``trainshare template -o scenario.xlsx``: a commented workbook with example rows.
``trainshare import scenario.xlsx -o scenario.json``: workbook -> validated JSON; every
problem is named by sheet, cell and column (``requests!B7 (cohort): unknown cohort 'x'``).
``trainshare export-scenario xlsx scenario.json -o scenario.xlsx``: JSON -> workbook.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from scheduler.cli.output import refuse_overwriting, writing
from scheduler.cli.report import fail


class ScenarioFormat(StrEnum):
    """The formats ``trainshare export-scenario`` writes: only ``xlsx`` for now."""

    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    """Add ``trainshare template``, ``import`` and ``export-scenario`` to ``app``; the
    workbook code loads only when a command runs.
    """

    @app.command()
    def template(
        out: Path = typer.Option(Path("scenario.xlsx"), "-o", "--out", help="workbook to write"),
    ) -> None:
        """Write a scenario workbook to fill in, with comments and example rows.

        A README sheet explains the cell syntax; each entity has a sheet whose header
        comments give every column's meaning and allowed values.
        """
        from scheduler.spreadsheet import write_template

        with writing(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            write_template(out)
        typer.echo(str(out))

    @app.command("import")
    def import_(
        workbook: Path = typer.Argument(..., help="scenario workbook (.xlsx)"),
        out: Path = typer.Option(..., "-o", "--out", help="scenario JSON to write"),
    ) -> None:
        """Read a scenario workbook, validate it like a JSON scenario, write the JSON."""
        from scheduler.io import dump_scenario
        from scheduler.spreadsheet import SpreadsheetError, import_workbook

        refuse_overwriting([out], [workbook])
        try:
            result = import_workbook(workbook)
        except SpreadsheetError as e:
            for w in e.warnings:
                typer.echo(f"warning: {w}", err=True)
            raise fail(str(workbook), [str(i) for i in e.issues]) from None
        for w in result.warnings:
            typer.echo(f"warning: {w}", err=True)
        with writing(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            dump_scenario(result.scenario, out)
        typer.echo(str(out))

    @app.command("export-scenario")
    def export_scenario(
        fmt: ScenarioFormat = typer.Argument(..., metavar="xlsx", help="file format"),
        scenario: Path = typer.Argument(..., help="scenario JSON"),
        out: Path = typer.Option(..., "-o", "--out", help="workbook to write"),
    ) -> None:
        """Write a JSON scenario as a workbook (the format `trainshare import` reads).

        Only types are checked, so a scenario with dangling ids can still be fixed in a
        spreadsheet; `trainshare import` validates it in full.
        """
        from scheduler.io import parse_scenario
        from scheduler.issues import ScenarioError
        from scheduler.spreadsheet import write_workbook

        refuse_overwriting([out], [scenario])
        try:
            sc = parse_scenario(scenario)
        except ScenarioError as e:
            raise fail(str(scenario), [str(i) for i in e.issues]) from None
        with writing(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_workbook(sc, out)
            except ScenarioError as e:
                raise fail(str(scenario), [str(i) for i in e.issues]) from None
        typer.echo(str(out))
