"""``trainshare generate --tier S|M|L --seed N -o FILE``: write a synthetic scenario.

Prints what was generated (institutions, resources, cohorts, requests, sessions) and how
tight it is (demand ratio overall, the tightest feature, internships); see
:mod:`scheduler.generator.capacity` for what the ratio counts.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from scheduler.cli.output import writing


class Tier(StrEnum):
    """The generator's size tiers (``--tier``; lower case is accepted too)."""

    S = "S"
    M = "M"
    L = "L"


def register(app: typer.Typer) -> None:
    """Add ``trainshare generate`` to ``app``; the generator loads only when it runs."""

    @app.command()
    def generate(
        tier: Tier = typer.Option(
            Tier.S, "--tier", "-t", case_sensitive=False, help="size: S, M or L"
        ),
        seed: int = typer.Option(
            0, "--seed", "-s", min=0, help="random seed (same seed, same file)"
        ),
        output: Path = typer.Option(..., "--output", "-o", help="scenario JSON file to write"),
    ) -> None:
        """Generate a synthetic consortium scenario of the given size."""
        from scheduler.generator import capacity_report
        from scheduler.generator import generate as make
        from scheduler.io import dump_scenario
        from scheduler.reports.labels import fill

        console = Console()
        began = time.perf_counter()
        scenario = make(tier.value, seed)
        seconds = time.perf_counter() - began
        with writing(output):
            dump_scenario(scenario, output)
        report = capacity_report(scenario)
        kinds: dict[str, int] = {}
        for inst in scenario.institutions:
            kinds[inst.kind.value] = kinds.get(inst.kind.value, 0) + 1
        sessions = sum(r.sessions or 0 for r in scenario.requests if r.kind.value == "sessions")
        internships = sum(1 for r in scenario.requests if r.kind.value == "internship")
        table = Table(title=f"{scenario.name} -> {output}", show_header=False)
        table.add_column("what", style="bold")
        table.add_column("count", justify="right")
        table.add_row(
            "institutions",
            f"{len(scenario.institutions)} ("
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            + ")",
        )
        table.add_row("sites", str(len(scenario.sites)))
        table.add_row("resources", str(len(scenario.resources)))
        table.add_row("instructors", str(len(scenario.instructors)))
        table.add_row("cohorts", str(len(scenario.cohorts)))
        table.add_row(
            "requests",
            # fill's {n:s}: "1 internship", not "1 internships"
            fill(
                "{n} ({internships} internship{internships:s}, {required} required)",
                n=len(scenario.requests),
                internships=internships,
                required=sum(r.required for r in scenario.requests),
            ),
        )
        table.add_row("sessions", str(sessions))
        table.add_row("demand ratio", f"{report.overall:.2f} (room-slots asked / usable)")
        if report.max_feature:
            table.add_row("tightest feature", f"{report.max_feature} {report.max_ratio:.2f}")
        table.add_row("internship ratio", f"{report.internships:.2f} (person-weeks)")
        table.add_row("generated in", f"{seconds:.1f} s")
        console.print(table)
