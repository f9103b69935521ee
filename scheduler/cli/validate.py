"""``trainshare validate FILE [--json]``: report every problem of a scenario, never a traceback.

Exit codes: 0 valid (warnings may be printed), 2 errors (unreadable file, malformed
JSON, wrong types, failed cross-document checks).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from scheduler.error_messages import grouped
from scheduler.io import parse_scenario
from scheduler.issues import Issue, ScenarioError
from scheduler.validation import ValidationReport, validate

EXIT_INVALID = 2

log = logging.getLogger(__name__)


def check_file(path: str) -> ValidationReport:
    """Read, type-check and validate ``path``; reading problems become errors."""
    try:
        scenario = parse_scenario(Path(path))  # a Path: always a file, even if named "{..."
    except ScenarioError as e:
        return ValidationReport(errors=e.issues, warnings=e.warnings)
    try:
        return validate(scenario)
    except Exception as e:  # a bug of ours must still not greet the user with a traceback
        log.exception("validation crashed")
        message = f"internal error while validating ({type(e).__name__}: {e}); please report it"
        return ValidationReport(errors=[Issue("", message)])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _line(kind: str, style: str, issue: Issue) -> Text:
    return Text.assemble(
        (f"{kind:<8}", f"bold {style}"),
        (issue.path or "(document)", "bold"),
        ": ",
        (issue.message, style),
    )


def print_report(path: str, report: ValidationReport, console: Console) -> None:
    """Print every error, then the warnings with their paths (those of one kind on one list
    after the first few counted: :func:`~scheduler.error_messages.grouped`), and a
    valid/invalid line with the counts of all.
    """
    for issue in report.errors:
        console.print(_line("error", "red", issue))
    shown = grouped(report.warnings)
    for issue in shown:
        console.print(_line("warning", "yellow", issue))
    if len(shown) < len(report.warnings):
        console.print(Text("(trainshare validate --json lists every warning)", "dim"))
    counts = f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"
    if report.ok:
        console.print(Text.assemble((f"{path}: valid", "bold green"), f" ({counts})"))
    else:
        console.print(Text.assemble((f"{path}: invalid", "bold red"), f" ({counts})"))


def to_json(report: ValidationReport) -> str:
    """The report as the JSON ``--json`` prints: ``ok``, ``errors``, ``warnings``."""
    return json.dumps(
        {
            "ok": report.ok,
            "errors": [{"path": i.path, "message": i.message} for i in report.errors],
            "warnings": [{"path": i.path, "message": i.message} for i in report.warnings],
        },
        indent=2,
        ensure_ascii=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``trainshare validate`` to ``app`` (exit 2 on errors)."""

    @app.command("validate")
    def validate_command(
        file: str = typer.Argument(..., help="scenario JSON file", metavar="FILE"),
        as_json: bool = typer.Option(
            False, "--json", help='print {"ok", "errors", "warnings"} as JSON'
        ),
    ) -> None:
        """Check a scenario: every error and warning with its place (exit 2 on errors)."""
        report = check_file(file)
        if as_json:
            typer.echo(to_json(report))
        else:
            print_report(file, report, Console(file=sys.stdout, highlight=False, soft_wrap=True))
        if not report.ok:
            raise typer.Exit(EXIT_INVALID)
