"""``trainshare check SCENARIO SCHEDULE [--json]``: judge a schedule against the spec.

Prints the violations grouped by rule (``docs/rules.md``) and the recomputed objective
(``docs/objective.md``) with every term and each institution's fulfilled share.

Exit codes: 0 no violation, 1 violations, 2 unreadable input (file, JSON, shape, or a
scenario that fails validation). Never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from scheduler.checker import CheckReport, check_document
from scheduler.evaluate import TERM_WEIGHTS, share_text
from scheduler.io import load_scenario
from scheduler.issues import Issue, ScenarioError

EXIT_VIOLATIONS = 1
EXIT_UNREADABLE = 2

log = logging.getLogger(__name__)


class Unreadable(Exception):
    """Input the checker cannot judge; ``issues`` name the file and place."""

    def __init__(self, issues: list[tuple[str, Issue]]):
        self.issues = issues
        super().__init__("; ".join(f"{f}: {i}" for f, i in issues))


def run_check(scenario_path: str, schedule_path: str) -> CheckReport:
    """Load both documents and check; :class:`Unreadable` when either cannot be read."""
    try:
        scenario = load_scenario(Path(scenario_path))
    except ScenarioError as e:
        raise Unreadable([(scenario_path, i) for i in e.issues]) from None
    try:
        return check_document(scenario, Path(schedule_path))
    except ScenarioError as e:
        raise Unreadable([(schedule_path, i) for i in e.issues]) from None
    except Exception as e:  # a bug of ours must still not greet the user with a traceback
        log.exception("checking crashed")
        message = f"internal error while checking ({type(e).__name__}: {e}); please report it"
        raise Unreadable([(schedule_path, Issue("", message))]) from None


def to_data(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON data."""
    ev = report.evaluation
    return {
        "ok": report.ok,
        "violations": [
            {"rule": v.rule, "path": v.path, "message": v.message} for v in report.violations
        ],
        "evaluation": {
            "objective": ev.objective,
            "terms": ev.terms,
            "weights": ev.weights,
            "demanded_units": ev.demanded_units,
            "fulfilled_units": ev.fulfilled_by_institution,
            "shares": ev.shares,
            "worst_share": ev.worst_share,
        },
        "reported_objective": report.reported_objective,
        "objective_matches": report.objective_matches,
        "notes": report.notes,
    }


#: Violations shown per rule in the table; ``--json`` lists them all. A schedule with
#: every session doubled has hundreds of thousands, which no one reads in a terminal
#: (and a table of them took minutes and gigabytes to lay out).
SHOWN_PER_RULE = 50


def print_report(report: CheckReport, console: Console) -> None:
    """Print ``report`` for people: violations by rule (at most ``SHOWN_PER_RULE`` each), the
    objective's terms, each institution's share, the notes and a one-line verdict.
    """
    groups = report.by_rule()
    if groups:
        table = Table(title="Violations", show_lines=False, expand=False)
        table.add_column("rule", style="bold red", no_wrap=True)
        table.add_column("where", style="bold", no_wrap=True)
        table.add_column("problem")
        for rule, found in groups.items():
            for i, v in enumerate(found[:SHOWN_PER_RULE]):
                table.add_row(rule if i == 0 else "", v.path, v.message)
            if len(found) > SHOWN_PER_RULE:
                more = len(found) - SHOWN_PER_RULE
                table.add_row("", "...", f"and {more:,} more of rule {rule} (--json lists all)")
            table.add_section()
        console.print(table)

    ev = report.evaluation
    terms = Table(title=f"Objective {ev.objective} (maximised)")
    terms.add_column("term")
    terms.add_column("value", justify="right")
    terms.add_column("weight", justify="right")
    terms.add_column("contribution", justify="right")
    for term, (weight, sign) in TERM_WEIGHTS.items():
        w = ev.weights.get(weight, 0)
        terms.add_row(term, str(ev.terms[term]), f"{weight} {w}", f"{sign * w * ev.terms[term]:+d}")
    console.print(terms)

    shares = Table(title="Fulfilled share per institution")
    shares.add_column("institution")
    shares.add_column("fulfilled / demanded units", justify="right")
    shares.add_column("share", justify="right")
    for inst, share in ev.shares.items():
        got, want = ev.fulfilled_by_institution[inst], ev.demanded_units[inst]
        shares.add_row(inst, f"{got} / {want}", share_text(share, want))
    console.print(shares)

    for note in report.notes:
        console.print(Text(f"note: {note}", "bold yellow"))
    if report.ok:
        console.print(Text("no violations: the schedule keeps every hard rule", "bold green"))
    else:
        n = len(report.violations)
        rules = ", ".join(groups)
        console.print(Text(f"{n} violation{'s' if n != 1 else ''} of rule(s) {rules}", "bold red"))


def register(app: typer.Typer) -> None:
    """Add ``trainshare check`` to ``app`` (exit 1 on violations, 2 on unreadable input)."""

    @app.command("check")
    def check_command(
        scenario: str = typer.Argument(..., help="scenario JSON file", metavar="SCENARIO"),
        schedule: str = typer.Argument(..., help="schedule JSON file", metavar="SCHEDULE"),
        as_json: bool = typer.Option(
            False,
            "--json",
            help='print {"ok", "violations", "evaluation", ...} as JSON',
        ),
    ) -> None:
        """Check a schedule against every hard rule; recompute its objective.

        Exit 1 on violations, 2 when a document cannot be read.
        """
        console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        try:
            report = run_check(scenario, schedule)
        except Unreadable as e:
            if as_json:
                issues = [{"file": f, "path": i.path, "message": i.message} for f, i in e.issues]
                typer.echo(json.dumps({"ok": False, "unreadable": issues}, indent=2))
            else:
                for f, issue in e.issues:
                    console.print(
                        Text.assemble(
                            ("error   ", "bold red"),
                            (f"{f}: {issue.path or '(document)'}", "bold"),
                            ": ",
                            (issue.message, "red"),
                        )
                    )
            raise typer.Exit(EXIT_UNREADABLE) from None
        if as_json:
            typer.echo(json.dumps(to_data(report), indent=2, ensure_ascii=False))
        else:
            print_report(report, console)
        if not report.ok:
            raise typer.Exit(EXIT_VIOLATIONS)
