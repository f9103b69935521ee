"""Which scenarios a benchmark run solves: generated tiers and the ITC-2007 instances.

Kept apart from the running so that a case list can be built (and its ITC reference
numbers read) without loading the solvers or the process machinery.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.itc2007 import instances_dir


@dataclass(frozen=True)
class ItcInfo:
    """What the ITC suite needs to turn a schedule into a UD2 cost."""

    instance_path: str
    lectures: int
    best_known: float | None = None
    winner_average: float | None = None


@dataclass(frozen=True)
class Case:
    """One scenario to solve with every solver."""

    suite: str
    name: str
    scenario: Any  # scheduler.models.Scenario (written as JSON for the child)
    tier: str | None = None
    seed: int = 0
    itc: ItcInfo | None = None


def tier_cases(tiers: Sequence[str], seeds: Sequence[int]) -> list[Case]:
    """Generated scenarios, one per (tier, seed); the seed also seeds the solvers."""
    from scheduler.generator import generate

    return [
        Case(
            suite="tiers",
            name=f"{tier}-{seed}",
            scenario=generate(tier, seed),
            tier=tier,
            seed=seed,
        )
        for tier in tiers
        for seed in seeds
    ]


def read_reference_table(readme: Path) -> dict[str, tuple[float, float]]:
    """``instance -> (best known, winner's average)`` from the shared ITC README's table.

    Read rather than hard-coded so that the numbers have one source; rows look like
    ``| comp01 | 5 | 5.0 |``.
    """
    out: dict[str, tuple[float, float]] = {}
    row = re.compile(r"^\|\s*([A-Za-z0-9_-]+)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|\s*$")
    for line in readme.read_text().splitlines():
        m = row.match(line.strip())
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


def itc_cases(
    paths: Sequence[Path] | None = None,
    seeds: Sequence[int] = (0,),
    shared: str | Path | None = None,
) -> list[Case]:
    """ITC-2007 instances (default: comp01-comp07 of the shared folder), one per seed."""
    from benchmarks.itc2007 import INSTANCE_NAMES
    from benchmarks.itc2007.convert import instance_to_scenario
    from benchmarks.itc2007.ectt import load_instance

    folder = instances_dir(shared)
    if not paths:
        paths = [folder / f"{n}.ectt" for n in INSTANCE_NAMES]
    readme = folder / "README.md"
    refs = read_reference_table(readme) if readme.exists() else {}
    cases = []
    for path in paths:
        path = Path(path)
        instance = load_instance(path)
        conversion = instance_to_scenario(instance)
        best, winner = refs.get(path.stem, (None, None))
        info = ItcInfo(str(path), instance.lectures, best, winner)
        for seed in seeds:
            name = path.stem if len(seeds) == 1 else f"{path.stem}-{seed}"
            cases.append(Case("itc2007", name, conversion.scenario, seed=seed, itc=info))
    return cases
