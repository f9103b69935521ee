"""``trainshare itc2007 cost|convert|solve``: the ITC-2007 UD2 benchmark from the command line.

An INSTANCE is a path to a ``.ectt`` file or the name of one in the shared folder
(``comp01`` means ``$TRAINSHARE_SHARED/benchmarks/itc2007/comp01.ectt``, by default
``../shared`` next to the repository).

Exit codes: 0 done (for ``cost`` and ``solve``: no hard violation), 1 the timetable has
hard violations, 2 bad input (unreadable or malformed file).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from scheduler.cli.numbers import finite
from scheduler.cli.output import refuse_one_file_for_two_outputs, refuse_overwriting, writing

if TYPE_CHECKING:
    from solver.options import SolveOptions

EXIT_HARD = 1
EXIT_BAD_INPUT = 2

log = logging.getLogger(__name__)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def resolve_instance(arg: str, shared: str | None = None) -> Path:
    """A path as given if it exists, else a name looked up in the shared ITC-2007 folder."""
    from benchmarks.itc2007 import instances_dir

    path = Path(arg)
    if path.exists():
        return path
    folder = instances_dir(shared)
    for candidate in (folder / arg, folder / f"{arg}.ectt"):
        if candidate.exists():
            return candidate
    named = arg if arg.endswith(".ectt") else f"{arg}.ectt"  # not 'nope.ectt.ectt'
    raise _fail(f"{arg}: no such file, and no {Path(named).name} in {folder}")


def _load(arg: str, shared: str | None) -> Any:
    from benchmarks.itc2007.ectt import EcttError, load_instance

    try:
        return load_instance(resolve_instance(arg, shared))
    except EcttError as e:
        raise _fail(str(e)) from None


def print_cost(cost: Any, lectures: int) -> None:
    """Hard violations, then the soft terms with their weights and the UD2 total."""
    from benchmarks.itc2007.cost import ISOLATED_LECTURES_WEIGHT, MIN_WORKING_DAYS_WEIGHT

    for w in cost.warnings:
        typer.echo(f"warning: {w}", err=True)
    hard = cost.hard_terms()
    typer.echo(f"Hard violations: {cost.hard}")
    for name, value in hard.items():
        typer.echo(f"  {name:<17}{value:>6}")
    typer.echo(f"Soft cost (UD2): {cost.soft}")
    typer.echo(f"  {'RoomCapacity':<17}{cost.room_capacity:>6}")
    typer.echo(
        f"  {'MinWorkingDays':<17}{MIN_WORKING_DAYS_WEIGHT * cost.min_working_days:>6}"
        f"   ({cost.min_working_days} day(s) x {MIN_WORKING_DAYS_WEIGHT})"
    )
    typer.echo(
        f"  {'IsolatedLectures':<17}{ISOLATED_LECTURES_WEIGHT * cost.isolated_lectures:>6}"
        f"   ({cost.isolated_lectures} lecture(s) x {ISOLATED_LECTURES_WEIGHT})"
    )
    typer.echo(f"  {'RoomStability':<17}{cost.room_stability:>6}")
    status = "feasible" if cost.feasible else "INFEASIBLE (hard violations)"
    typer.echo(f"Timetable: {status}; {lectures} lectures required")


def _cost_json(cost: Any) -> dict[str, Any]:
    return {
        "hard": cost.hard,
        "soft": cost.soft,
        "hard_terms": cost.hard_terms(),
        "soft_terms": cost.soft_terms(),
        "warnings": list(cost.warnings),
    }


def register(app: typer.Typer) -> None:
    """Add the ``trainshare itc2007`` group (``cost``, ``convert``, ``solve``) to ``app``;
    the benchmark code loads only when a command runs.
    """
    itc = typer.Typer(
        help="ITC-2007 track 3 (curriculum-based course timetabling, UD2): cost, convert, solve.",
        no_args_is_help=True,
    )
    app.add_typer(itc, name="itc2007")

    @itc.command()
    def cost(
        instance: str = typer.Argument(..., help="INSTANCE.ectt (or a name in the shared folder)"),
        solution: Path = typer.Argument(..., help="SOLUTION.sol: 'course room day period' lines"),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        shared: str | None = typer.Option(None, help="Shared folder (default ../shared)."),
    ) -> None:
        """UD2 cost of a solution: hard violations and the soft cost breakdown."""
        from benchmarks.itc2007.cost import SolutionError, load_solution, ud2_cost

        inst = _load(instance, shared)
        try:
            assignments = load_solution(solution)
        except SolutionError as e:
            raise _fail(str(e)) from None
        result = ud2_cost(inst, assignments)
        if as_json:
            typer.echo(json.dumps({"instance": inst.name, **_cost_json(result)}, indent=2))
        else:
            typer.echo(f"Instance {inst.name}: {solution}")
            print_cost(result, inst.lectures)
        if not result.feasible:
            raise typer.Exit(EXIT_HARD)

    @itc.command()
    def convert(
        instance: str = typer.Argument(..., help="INSTANCE.ectt (or a name in the shared folder)"),
        output: Path = typer.Option(..., "-o", "--output", help="Scenario JSON to write."),
        solution: Path | None = typer.Option(
            None, "--solution", help="Also convert this .sol into a schedule document."
        ),
        schedule_out: Path | None = typer.Option(
            None,
            "--schedule-out",
            help="Where to write that schedule"
            " (default: OUTPUT with its suffix replaced by .schedule.json).",
        ),
        shared: str | None = typer.Option(None, help="Shared folder (default ../shared)."),
    ) -> None:
        """Write the trainshare scenario of an instance (UD2 weights, exact mapping)."""
        from benchmarks.itc2007.convert import (
            ConversionError,
            instance_to_scenario,
            solution_to_schedule,
        )
        from benchmarks.itc2007.cost import SolutionError, load_solution
        from scheduler.io import dump_scenario, dump_schedule

        inst = _load(instance, shared)
        target = schedule_out or output.with_suffix(".schedule.json")
        outputs = [output, target] if solution is not None else [output]
        refuse_overwriting(outputs, [inst.source, solution])
        if solution is not None:
            refuse_one_file_for_two_outputs(output, target)
        try:
            conv = instance_to_scenario(inst)
        except ConversionError as e:
            raise _fail(str(e)) from None
        with writing(output):
            dump_scenario(conv.scenario, output)
        typer.echo(
            f"wrote {output}: {len(conv.scenario.requests)} requests, {inst.lectures} lectures"
        )
        for note in conv.notes:
            typer.echo(f"note: {note}", err=True)
        if solution is not None:
            try:
                schedule = solution_to_schedule(conv, load_solution(solution))
            except (SolutionError, ConversionError) as e:
                raise _fail(str(e)) from None
            with writing(target):
                dump_schedule(schedule, target)
            typer.echo(f"wrote {target}: {len(schedule.sessions)} sessions")

    @itc.command()
    def solve(
        instance: str = typer.Argument(..., help="INSTANCE.ectt (or a name in the shared folder)"),
        time_limit: float = typer.Option(
            60.0, "--time-limit", help="Seconds for the solver.", callback=finite
        ),
        workers: int = typer.Option(2, "--workers", help="CP-SAT search workers."),
        seed: int = typer.Option(0, "--seed", help="Random seed."),
        solver: str = typer.Option("cpsat", "--solver", help="cpsat or greedy."),
        output: Path | None = typer.Option(None, "-o", "--output", help="SOLUTION.sol to write."),
        schedule_out: Path | None = typer.Option(
            None, "--schedule-out", help="Also write the trainshare schedule document."
        ),
        log_search: bool = typer.Option(False, "--log", help="Show the solver's search log."),
        shared: str | None = typer.Option(None, help="Shared folder (default ../shared)."),
        work_limit: float | None = typer.Option(
            None,
            "--work-limit",
            callback=finite,
            help="Work units instead of seconds: with --workers 1 the same .sol on any"
            " machine; --time-limit still ends the run.",
        ),
    ) -> None:
        """Convert, solve with the general trainshare solver, export .sol, print the UD2 cost."""
        from benchmarks.itc2007.convert import (
            ConversionError,
            instance_to_scenario,
            schedule_to_solution,
        )
        from benchmarks.itc2007.cost import format_solution, ud2_cost
        from solver.options import SolveOptions, SolverName

        if solver not in ("cpsat", "greedy"):
            raise _fail(f"--solver must be cpsat or greedy, not '{solver}'")
        try:
            options = SolveOptions(
                solver=cast(SolverName, solver),
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                log=log_search,
                work_limit=work_limit,
            )
        except ValueError as e:
            raise _fail(str(e)) from None
        inst = _load(instance, shared)
        outputs = [p for p in (output, schedule_out) if p is not None]
        refuse_overwriting(outputs, [inst.source])
        if output is not None and schedule_out is not None:
            refuse_one_file_for_two_outputs(output, schedule_out)
        try:
            conv = instance_to_scenario(inst)
        except ConversionError as e:
            raise _fail(str(e)) from None
        if log_search:
            logging.basicConfig(level=logging.INFO, stream=sys.stderr)
        from scheduler.issues import ScenarioError

        try:
            schedule = _solve(conv.scenario, options)
        except ScenarioError as e:  # an impossible instance: more lectures than periods, ...
            for issue in e.issues:
                typer.echo(f"error: {inst.source or inst.name}: {issue}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        assignments = schedule_to_solution(schedule)
        if output is not None:
            with writing(output):
                output.write_text(format_solution(assignments))
            typer.echo(f"wrote {output}: {len(assignments)} lectures")
        if schedule_out is not None:
            from scheduler.io import dump_schedule

            with writing(schedule_out):
                dump_schedule(schedule, schedule_out)
        result = ud2_cost(inst, assignments)
        typer.echo(
            f"Instance {inst.name}: solver {schedule.solver or solver}, status {schedule.status}, "
            f"{schedule.solve_seconds:.1f} s"
        )
        typer.echo(f"trainshare objective {schedule.objective}, bound {schedule.bound}")
        if result.feasible and schedule.objective is not None:
            implied = conv.ud2_cost_of(schedule.objective)
            if implied != result.soft:
                log.warning(
                    "objective implies UD2 %s but the calculator says %s", implied, result.soft
                )
            if schedule.bound is not None:
                typer.echo(f"UD2 lower bound from the solver: {conv.ud2_cost_of(schedule.bound):g}")
        print_cost(result, inst.lectures)
        if not result.feasible:
            raise typer.Exit(EXIT_HARD)


def _solve(scenario: Any, options: SolveOptions) -> Any:
    """Run the general pipeline; fall back to greedy while CP-SAT is not installed."""
    from scheduler.solving.scenario import SolverUnavailable, solve_scenario
    from solver.options import SolveOptions

    try:
        return solve_scenario(scenario, options)
    except SolverUnavailable as e:
        if options.solver != "cpsat":
            raise
        typer.echo(f"warning: {e}; using the greedy baseline", err=True)
        return solve_scenario(
            scenario, SolveOptions(solver="greedy", time_limit=options.time_limit)
        )
