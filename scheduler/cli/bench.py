"""``trainshare bench``: greedy vs CP-SAT on generated tiers or on ITC-2007, with results.

Writes ``<suite>.json``, ``<suite>.md`` and PNG plots under ``--out``; see
``benchmarks/README.md`` for what is measured and how to read the table.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from scheduler.cli.numbers import finite
from scheduler.cli.output import os_problem


class Suite(StrEnum):
    """The ``--suite`` choices: generated tiers, or the ITC-2007 instances."""

    tiers = "tiers"
    itc2007 = "itc2007"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _ints(value: str, option: str) -> list[int]:
    """Distinct integers from 0 to 2^31-1, at least one; else exit 2 (an empty --seeds
    ran seed 0, a repeated one ran the same scenario twice under one name)."""
    try:
        numbers = [int(v) for v in _split(value)]
    except ValueError:
        numbers = [-1]
    if not numbers or any(not 0 <= n < 2**31 for n in numbers):
        typer.echo(
            f"error: {option} takes comma-separated integers from 0 to 2^31-1, not '{value}'",
            err=True,
        )
        raise typer.Exit(2)
    if len(set(numbers)) < len(numbers):
        typer.echo(f"error: {option} lists a value twice: '{value}'", err=True)
        raise typer.Exit(2)
    return numbers


def _probe_outputs(out_dir: Path, suite: Suite) -> None:
    """Every file the run will write, before its solves (whose results would be lost):
    a folder named like the table or a plot, or a file named like the solutions'
    folder, gave a traceback after the solves (an analyst's audit)."""
    from scheduler.cli.output import probe_writable

    names = [f"{suite}.json", f"{suite}.md", f"{suite}-trace.png", f"{suite}-fulfilled.png"]
    try:
        for name in names:
            probe_writable(out_dir / name)
        if suite is Suite.itc2007:
            (out_dir / "itc2007-solutions").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        typer.echo(f"error: {out_dir}: cannot write the results: {os_problem(e)}", err=True)
        raise typer.Exit(2) from None


def _on_sigterm() -> None:
    """SIGTERM ends the run as Ctrl-C does: its solver processes stopped, the finished
    runs written (the default ended the harness alone; its solves ran on)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def register(app: typer.Typer) -> None:
    """Add ``trainshare bench`` to ``app``; the harness and solvers load only when it runs."""

    @app.command()
    def bench(
        suite: Suite = typer.Option(Suite.tiers, "--suite", help="tiers or itc2007."),
        tiers: str = typer.Option("S,M,L", "--tiers", help="Generator tiers, e.g. S,M."),
        seeds: str = typer.Option(
            "1,2", "--seeds", help="Generator and solver seeds (itc2007: solver seeds)."
        ),
        time_limit: float = typer.Option(
            60.0, "--time-limit", help="Seconds per solve.", callback=finite
        ),
        workers: int = typer.Option(2, "--workers", help="CP-SAT search workers."),
        instances: list[str] = typer.Option(
            None,
            "--instances",
            help="itc2007: .ectt paths or names (repeat or comma-separate); default comp01-07.",
        ),
        solvers: str = typer.Option("greedy,cpsat", "--solvers", help="Solvers to compare."),
        out: Path | None = typer.Option(
            None,
            "--out",
            help="Results folder (default out/bench; the committed tables in "
            "benchmarks/results are kept, not overwritten).",
        ),
        shared: str | None = typer.Option(None, help="Shared folder (default ../shared)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar."),
        work_limit: float | None = typer.Option(
            None,
            "--work-limit",
            callback=finite,
            help="Work units per solve instead of seconds: with --workers 1, the same"
            " objectives on any machine; --time-limit still caps each solve.",
        ),
    ) -> None:
        """Run greedy and CP-SAT on the same scenarios; write JSON, Markdown and plots."""
        from benchmarks import cases as bench_cases
        from benchmarks import harness, report
        from benchmarks.itc2007.ectt import EcttError
        from scheduler.cli.itc2007 import resolve_instance
        from solver.options import SolveOptions

        try:  # the limits are checked here, not in each solve's child process
            SolveOptions(time_limit=time_limit, workers=workers, work_limit=work_limit)
        except ValueError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        chosen = _split(solvers)
        unknown = [s for s in chosen if s not in harness.SOLVERS]
        if unknown or not chosen:
            typer.echo(f"error: --solvers takes greedy and/or cpsat, not '{solvers}'", err=True)
            raise typer.Exit(2)
        chosen.sort(key=lambda s: s != "greedy")  # greedy first: the baseline of the ratios
        seed_list = _ints(seeds, "--seeds")
        # not the committed tables: a run by the README's command overwrote them (an
        # analyst's audit); results worth keeping are copied there under a dated name
        out_dir = out or Path("out") / "bench"

        if suite is Suite.itc2007:
            names = [n for item in instances or [] for n in _split(item)]
            paths = [resolve_instance(n, shared) for n in names]
            try:
                cases = bench_cases.itc_cases(paths or None, seeds=seed_list, shared=shared)
            except EcttError as e:
                typer.echo(f"error: {e}", err=True)
                raise typer.Exit(2) from None
        else:
            from scheduler.generator import TIERS

            tier_list = [t.upper() for t in _split(tiers)]
            unknown_tiers = [t for t in tier_list if t not in TIERS]
            if unknown_tiers or not tier_list:
                typer.echo(
                    f"error: --tiers takes {', '.join(TIERS)} (comma-separated), not '{tiers}'",
                    err=True,
                )
                raise typer.Exit(2)
            cases = bench_cases.tier_cases(tier_list, seed_list)
        _probe_outputs(out_dir, suite)  # once the options hold: no folder left for a typo

        _on_sigterm()
        records, interrupted = harness.run_suite(
            cases,
            time_limit=time_limit,
            workers=workers,
            solvers=chosen,
            show_progress=progress,
            solutions_dir=out_dir / "itc2007-solutions" if suite is Suite.itc2007 else None,
            work_limit=work_limit,
        )
        meta = {
            "suite": str(suite),
            "time_limit": time_limit,
            "work_limit": work_limit,
            "workers": workers,
            "seeds": seed_list,
            "solvers": chosen,
            **harness.environment(),
        }
        if interrupted:
            meta["interrupted"] = f"after {len(records)} of {len(cases) * len(chosen)} runs"
        try:
            paths_written = report.write_results(records, out_dir, str(suite), meta)
        except OSError as e:
            typer.echo(f"error: {out_dir}: cannot write the results: {os_problem(e)}", err=True)
            raise typer.Exit(1) from None
        typer.echo(report.markdown_table(records, str(suite)))
        for kind, path in paths_written.items():
            typer.echo(f"wrote {kind}: {path}")
        if interrupted:
            typer.echo(f"interrupted: the {len(records)} finished run(s) are written", err=True)
            raise typer.Exit(130)
        if any(r.error for r in records):
            raise typer.Exit(1)
