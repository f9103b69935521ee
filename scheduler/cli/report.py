"""``trainshare report SCENARIO SCHEDULE [-o DIR] [--lang zh|en]``: the schedule report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from scheduler.models import Scenario, Schedule


class Lang(StrEnum):
    """The languages of the report's labels (``--lang``)."""

    zh = "zh"
    en = "en"


EXIT_INVALID = 2  # as ``trainshare validate``: the input is wrong


def fail(where: str, problems: list[str]) -> typer.Exit:
    """Print every problem of one input (no traceback) and return the exit to raise."""
    typer.echo(f"{where}: {len(problems)} problem(s)", err=True)
    for p in problems:
        typer.echo(f"  {p}", err=True)
    return typer.Exit(code=EXIT_INVALID)


def unresolved(
    schedule_path: Path, scenario: Scenario, schedule: Schedule, issues: list[tuple[str, str]]
) -> typer.Exit:
    """The exit for a schedule whose references ``scenario`` lacks: each of them, or, for
    a schedule of another scenario (a wrong pair of files: hundreds of them, one a line),
    that in one problem with the first to show why."""
    if schedule.scenario == scenario.name or not issues:
        return fail(str(schedule_path), [f"{p}: {m}" for p, m in issues])
    path, message = issues[0]
    return fail(
        str(schedule_path),
        [
            f"a schedule of '{schedule.scenario}', not of '{scenario.name}': {len(issues)} of "
            f"its references are not in this scenario (the first, {path}: {message}); give "
            "the scenario it was solved on"
        ],
    )


def load_inputs(scenario_path: Path, schedule_path: Path) -> tuple[Scenario, Schedule]:
    """Load and validate a scenario and a schedule; bad input ends the command cleanly."""
    from scheduler.checker import edited_since
    from scheduler.io import load_scenario, load_schedule
    from scheduler.issues import ScenarioError

    try:
        scenario = load_scenario(scenario_path)
    except ScenarioError as e:
        raise fail(str(scenario_path), [str(i) for i in e.issues]) from None
    try:
        schedule = load_schedule(schedule_path)
    except ScenarioError as e:
        raise fail(str(schedule_path), [str(i) for i in e.issues]) from None
    if schedule.scenario != scenario.name:
        typer.echo(
            f"warning: {schedule_path} is a schedule of '{schedule.scenario}', "
            f"not of '{scenario.name}'",
            err=True,
        )
    elif note := edited_since(scenario, schedule):
        typer.echo(f"warning: {schedule_path}: {note}", err=True)
    warn_if_rejected(scenario, schedule, scenario_path, schedule_path)
    from scheduler.reports.context import short_of_required

    if note := short_of_required(scenario, schedule):
        typer.echo(f"warning: {schedule_path}: {note}", err=True)
    return scenario, schedule


def warn_if_rejected(
    scenario: Scenario, schedule: Schedule, scenario_path: Path, schedule_path: Path
) -> None:
    """A report of a schedule that breaks hard rules misleads quietly: say so, still write it."""
    from scheduler.checker import check_schedule

    n = len(check_schedule(scenario, schedule).violations)
    if n:
        typer.echo(
            f"warning: {schedule_path} has {n} violation{'s' if n != 1 else ''} of the hard "
            f"rules; run `trainshare check {scenario_path} {schedule_path}` for details",
            err=True,
        )


def register(app: typer.Typer) -> None:
    """Add ``trainshare report`` to ``app``; the report writers load only when it runs."""

    @app.command()
    def report(
        scenario: Path = typer.Argument(..., help="scenario JSON"),
        schedule: Path = typer.Argument(..., help="schedule JSON (from `trainshare solve`)"),
        out: Path = typer.Option(Path("out/report"), "-o", "--out", help="output directory"),
        lang: Lang = typer.Option(Lang.zh, "--lang", help="label language: zh or en"),
        plots: bool = typer.Option(True, "--plots/--no-plots", help="draw the PNG charts"),
    ) -> None:
        """Write report.md, report.html, report.json and PNG charts of a schedule.

        Per institution: requested vs granted sessions and person-hours, unmet requests
        with reasons; per resource: utilisation overall and per week, and who used it;
        the cross-institution sharing matrix; trainee person-hours and person-times;
        internship posts filled; instructor load and cross-institution teaching.
        """
        from scheduler.cli.output import refuse_overwriting, writing
        from scheduler.reports import ScheduleReferenceError, write_report
        from scheduler.reports.write import REPORT_FILES

        refuse_overwriting([out / name for name in REPORT_FILES], [scenario, schedule])

        sc, sched = load_inputs(scenario, schedule)
        try:
            with writing(out):
                files = write_report(sc, sched, out, lang=lang.value, plots=plots)
        except ScheduleReferenceError as e:
            raise unresolved(schedule, sc, sched, e.issues) from None
        for path in [files.markdown, files.html, files.json, *files.plots.values()]:
            typer.echo(str(path))
