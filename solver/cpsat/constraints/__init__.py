"""Constraint families of the CP-SAT model, one module each, applied in this order.

Each module exposes ``add(ctx) -> list[Term]`` (hard constraints; soft families return
their objective terms) and ``applies(problem) -> bool`` so that a family the scenario
does not use costs nothing (PyVRP's ``supports``). ``cuts`` adds only redundant
inequalities that tighten the linear relaxation, last.
"""

from __future__ import annotations

from types import ModuleType

from solver.cpsat.constraints import (
    cohorts,
    cuts,
    instructors,
    internships,
    patterns,
    precedence,
    resources,
    travel,
)
from solver.cpsat.context import BuildContext

#: Families in the order they are added.
FAMILIES: tuple[ModuleType, ...] = (
    resources,
    cohorts,
    instructors,
    travel,
    patterns,
    precedence,
    internships,
    cuts,
)

__all__ = ["FAMILIES", "BuildContext"]
