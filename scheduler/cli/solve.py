"""``trainshare solve SCENARIO -o SCHEDULE.json``: solve a scenario and summarise the answer.

Loads and validates the scenario (errors printed with their paths, exit 2), solves
with the chosen solver while a live line shows objective, bound, gap and time, writes
the schedule JSON, then prints the summary of :mod:`scheduler.summary`.

Exit codes: 0 a schedule was written (whatever its status; the summary says it),
2 unusable input or options (unreadable scenario, failed validation, bad flag value,
unwritable output, solver not available), 1 an internal error. Never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.text import Text

from scheduler.cli.numbers import finite
from scheduler.cli.output import os_problem, probe_writable, refuse_overwriting
from scheduler.io import dump_schedule, load_scenario_with_warnings
from scheduler.issues import Issue, ScenarioError
from scheduler.models import Scenario, Schedule

if TYPE_CHECKING:  # the solver is imported lazily, inside the command
    from solver.options import Progress, SolveOptions

EXIT_INTERNAL = 1
EXIT_INVALID = 2

log = logging.getLogger(__name__)


class SummaryLang(StrEnum):
    """The languages of the summary printed after a solve (``--lang``)."""

    en = "en"
    zh = "zh"


class SolverChoice(StrEnum):
    """The solvers ``trainshare solve --solver`` can run."""

    greedy = "greedy"
    cpsat = "cpsat"


#: CP-SAT unless ``--solver greedy`` asks for the first-come-first-served baseline.
DEFAULT_SOLVER = SolverChoice.cpsat


def _fail(console: Console, code: int, where: str, issues: list[Issue]) -> typer.Exit:
    for i in issues:
        path = f"{i.path}: " if i.path else ""
        console.print(
            Text.assemble(
                ("error   ", "bold red"), (f"{where}: {path}", "bold"), (i.message, "red")
            )
        )
    return typer.Exit(code)


def _cannot_write(e: OSError) -> list[Issue]:
    return [Issue("", f"cannot write: {os_problem(e)}")]


def _interruptible(
    solve: Callable[..., Schedule],
    scenario: Scenario,
    options: SolveOptions,
    progress: Callable[[Progress], None] | None,
    console: Console,
    quiet: bool,
) -> Schedule:
    """Solve in a worker thread; Ctrl-C asks the solver to stop and keeps its best answer.

    CP-SAT releases the interpreter while it searches, so the main thread stays free to
    catch the interrupt and set the stop flag (``docs``: the solver then returns the best
    schedule found so far, which is written as usual).
    """
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="solve") as pool:
        future = pool.submit(solve, scenario, options, progress=progress, stop=stop, validate=False)
        while True:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                continue
            except KeyboardInterrupt:
                stop.set()
                if not quiet:
                    console.print("stopping: keeping the best schedule found so far ...")


def _resolve_options(
    err: Console,
    solver: SolverChoice,
    published: Path | None,
    keep_before: str | None,
    move_penalty: int | None,
) -> dt.date | None:
    """The re-solve flags, checked together; the date to keep the term before."""
    if published is None:
        for flag, value in (("--keep-before", keep_before), ("--move-penalty", move_penalty)):
            if value is not None:
                raise _fail(err, EXIT_INVALID, flag, [Issue("", "needs --published")])
        return None
    if solver is not SolverChoice.cpsat:
        issue = Issue("", "a re-solve weighs moves: it runs CP-SAT, not greedy")
        raise _fail(err, EXIT_INVALID, "--published", [issue])
    if keep_before is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", keep_before):
            raise ValueError(keep_before)  # fromisoformat reads 20260915 too
        return dt.date.fromisoformat(keep_before)
    except ValueError:
        issue = Issue("", f"must be a date YYYY-MM-DD (got {keep_before!r})")
        raise _fail(err, EXIT_INVALID, "--keep-before", [issue]) from None


def _resolving(
    err: Console,
    scenario: Scenario,
    published: Path,
    keep: dt.date | None,
    move_penalty: int | None,
) -> Callable[..., Schedule]:
    """A solve function that re-solves ``scenario`` close to the ``published`` schedule."""
    from scheduler.io import load_schedule
    from scheduler.solving.resolve import default_move_penalty, resolve_with_reference

    try:
        reference = load_schedule(published)
    except ScenarioError as e:
        raise _fail(err, EXIT_INVALID, str(published), e.issues) from None
    if keep is not None:
        _warn_outside_term(err, scenario, keep)
    if reference.scenario != scenario.name:
        issue = Issue(
            "scenario",
            f"a schedule of '{reference.scenario}', not of '{scenario.name}': re-solve a "
            "term with a schedule published for it",
        )
        raise _fail(err, EXIT_INVALID, str(published), [issue])
    penalty = default_move_penalty(scenario) if move_penalty is None else move_penalty

    def solve(
        scenario: Scenario, options: SolveOptions, *, progress: Any, stop: Any, validate: bool
    ) -> Schedule:
        return resolve_with_reference(
            scenario, options, reference, penalty, progress, stop, keep_before=keep
        )

    return solve


def _warn_outside_term(err: Console, scenario: Scenario, keep: dt.date) -> None:
    """``--keep-before`` before the term keeps nothing, after it everything: likely a
    typo, so say which it is."""
    from scheduler.calendar import date_of_day, term_days

    first = scenario.calendar.first_monday
    last = date_of_day(scenario.calendar, term_days(scenario.calendar) - 1)
    if keep <= first:
        what = f"on or before the term's first day ({first.isoformat()}): nothing is kept"
    elif keep > last:
        what = f"after the term's last day ({last.isoformat()}): everything is kept as published"
    else:
        return
    err.print(Text(f"warning: --keep-before {keep.isoformat()} is {what}", "bold yellow"))


def _kept_summary(scenario: Scenario, schedule: Schedule, out: Console, lang: str) -> None:
    """What a re-solve kept of the published schedule, and what it could not keep, in
    the summary's language (``lang``)."""
    from scheduler.calendar import day_words, term_days
    from scheduler.reports.labels import fill, label

    m = schedule.metrics
    kept, dropped = m.get("kept_requests"), m.get("kept_dropped")
    if kept is None:
        return
    day = int(str(m.get("kept_before_day", 0)))
    if day >= term_days(scenario.calendar):
        out.print(label("cli_term_over", lang))
    else:
        when = day_words(scenario.calendar, day, lang)
        out.print(fill(label("cli_resolved_from", lang), day=when, kept=kept))
    if dropped:
        out.print(Text(fill(label("cli_kept_dropped", lang), dropped=dropped), "bold yellow"))


def register(app: typer.Typer) -> None:
    """Add ``trainshare solve`` to ``app``; the solvers load only when it runs."""

    @app.command("solve")
    def solve_command(
        scenario_path: str = typer.Argument(..., help="scenario JSON file", metavar="SCENARIO"),
        output: Path = typer.Option(
            ..., "--output", "-o", help="where to write the schedule JSON", metavar="SCHEDULE.json"
        ),
        solver: SolverChoice = typer.Option(DEFAULT_SOLVER, "--solver", help="greedy or cpsat"),
        time_limit: float = typer.Option(
            60.0, "--time-limit", help="seconds (CP-SAT)", callback=finite
        ),
        seed: int = typer.Option(0, "--seed", help="random seed (CP-SAT)"),
        workers: int = typer.Option(
            2,
            "--workers",
            help="parallel workers (CP-SAT threads; on large terms, ruin-and-recreate processes)",
        ),
        log_search: bool = typer.Option(False, "--log", help="print the CP-SAT search log"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress, no summary"),
        lang: SummaryLang = typer.Option(
            SummaryLang.en, "--lang", help="language of the summary: en or zh"
        ),
        work_limit: float | None = typer.Option(
            None,
            "--work-limit",
            callback=finite,
            help="budget in work units instead of seconds (about a second of search each):"
            " with --workers 1 the same scenario and seed give the same schedule;"
            " --time-limit still ends the run",
        ),
        published: Path | None = typer.Option(
            None,
            "--published",
            help="a schedule published earlier for this term: re-solve the term as it is "
            "now, moving as few of its sessions as it can (CP-SAT)",
            metavar="SCHEDULE.json",
        ),
        keep_before: str | None = typer.Option(
            None,
            "--keep-before",
            help="with --published: change nothing before this date (YYYY-MM-DD); "
            "requests under way keep their timetable, the rest start from it",
            metavar="DATE",
        ),
        move_penalty: int | None = typer.Option(
            None,
            "--move-penalty",
            min=0,
            max=1_000_000,
            help="with --published: objective cost of each session moved or given "
            "another teacher (default: one priority-slot of the demand weight)",
        ),
    ) -> None:
        """Solve a scenario, write the schedule, print a summary (exit 2 on bad input).

        With --published, re-solve close to an earlier schedule of the term (the API's
        re-solve): it starts from that schedule fitted to the term as it is now and never
        ends below it; --keep-before keeps everything before a date.
        """
        # plain words above: typer shows this docstring as the command's help
        from scheduler.solving.scenario import SolverUnavailable, solve_scenario
        from solver.options import SolveOptions

        out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
        try:
            options = SolveOptions(
                solver=solver.value,
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                log=log_search,
                work_limit=work_limit,
            )
        except ValueError as e:
            raise _fail(err, EXIT_INVALID, "options", [Issue("", str(e))]) from None
        keep = _resolve_options(err, solver, published, keep_before, move_penalty)
        try:
            scenario, warnings = load_scenario_with_warnings(Path(scenario_path))
        except ScenarioError as e:
            raise _fail(err, EXIT_INVALID, scenario_path, e.issues) from None
        solve = solve_scenario
        if published is not None:
            solve = _resolving(err, scenario, published, keep, move_penalty)
        refuse_overwriting([output], [scenario_path, *([str(published)] if published else [])])
        try:
            probe_writable(output)  # before the solve, whose schedule would be lost
        except OSError as e:
            raise _fail(err, EXIT_INVALID, str(output), _cannot_write(e)) from None
        if not quiet:
            from scheduler.error_messages import grouped

            # those of one kind on one list counted after the first few, as validate prints them
            for w in grouped(warnings):
                out.print(
                    Text.assemble(
                        ("warning ", "bold yellow"),
                        (w.path or "(document)", "bold"),
                        ": ",
                        (w.message, "yellow"),
                    )
                )
        try:
            if quiet:
                schedule = _interruptible(solve, scenario, options, None, err, quiet)
            else:
                from scheduler.summary import LiveProgress

                with LiveProgress(err, f"solving {scenario.name} ({options.solver})") as live:
                    schedule = _interruptible(solve, scenario, options, live, err, quiet)
        except SolverUnavailable as e:
            raise _fail(err, EXIT_INVALID, "solver", [Issue("", str(e))]) from None
        except Exception as e:  # a bug of ours must still not greet the user with a traceback
            log.exception("solving crashed")
            message = f"internal error while solving ({type(e).__name__}: {e}); please report it"
            raise _fail(err, EXIT_INTERNAL, scenario_path, [Issue("", message)]) from None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            dump_schedule(schedule, output)
        except OSError as e:
            raise _fail(err, EXIT_INVALID, str(output), _cannot_write(e)) from None
        if quiet:
            return
        from scheduler.reports.labels import label
        from scheduler.summary import render_summary

        render_summary(scenario, schedule, out, lang=lang.value)
        if published is not None:
            _kept_summary(scenario, schedule, out, lang.value)
        out.print(Text.assemble(label("cli_written", lang.value), (str(output), "bold")))
