"""Synthetic consortium scenarios in three sizes, and how tight they are.

``generate("M", seed=1)`` returns a :class:`~scheduler.models.Scenario` that uses every
part of the format (see ``scenarios/README.md``), sized by :data:`TIERS` and tuned to a
target :func:`demand_ratio`. Generation is pure and deterministic in ``seed``.
"""

from __future__ import annotations

from scheduler.generator.build import Builder
from scheduler.generator.capacity import CapacityReport, capacity_report, demand_ratio
from scheduler.generator.tiers import TIERS, TierSpec
from scheduler.generator.witness import witness_schedule
from scheduler.models import Scenario, Schedule

__all__ = [
    "TIERS",
    "CapacityReport",
    "TierSpec",
    "capacity_report",
    "demand_ratio",
    "generate",
    "generate_with_witness",
]


def generate(tier: str, seed: int) -> Scenario:
    """A scenario of size ``tier`` (S, M or L), the same for the same ``seed``."""
    spec = TIERS.get(tier.upper())
    if spec is None:
        raise ValueError(f"unknown tier '{tier}': choose one of {', '.join(TIERS)}")
    return Builder(spec, seed).run()


def generate_with_witness(tier: str, seed: int) -> tuple[Scenario, Schedule]:
    """``generate(tier, seed)`` and a schedule that meets exactly its required requests.

    The schedule is the generator's proof that the required requests fit together;
    tests hand it to the checker.
    """
    spec = TIERS.get(tier.upper())
    if spec is None:
        raise ValueError(f"unknown tier '{tier}': choose one of {', '.join(TIERS)}")
    builder = Builder(spec, seed)
    scenario = builder.run()
    return scenario, witness_schedule(scenario, builder.witness)
