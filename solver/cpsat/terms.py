"""Objective terms: what soft families hand to :mod:`solver.cpsat.objective`.

A term is the *value* of one named quantity of ``docs/objective.md`` (people-slots of
overflow, minutes of travel, ...) as a linear expression; the objective multiplies it by
the scenario's weight and sign. Keeping values and weights apart lets the solve report
each term and compare it with ``scheduler.evaluate`` term by term.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

#: term -> (weight name in ``Weights``, sign in the maximised objective); same table as
#: ``scheduler.evaluate.TERM_WEIGHTS``. ``moved_sessions`` is ours: minimal perturbation.
TERM_WEIGHTS: dict[str, tuple[str, int]] = {
    "fulfilled_units": ("demand", +1),
    "worst_share_permille": ("fairness", +1),
    "preference_misses": ("prefer", -1),
    "extra_resources": ("stability", -1),
    "travel_minutes": ("travel", -1),
    "overflow_person_slots": ("overflow", -1),
    "missing_days": ("min_days", -1),
    "isolated_sessions": ("isolated", -1),
    "moved_sessions": ("move_penalty", -1),
}


@dataclass(frozen=True, slots=True)
class Term:
    """``expr`` adds to the value of objective term ``name``."""

    name: str
    expr: cp_model.LinearExprT


def weighted_sum(pairs: list[tuple[cp_model.LinearExprT, int]]) -> cp_model.LinearExprT:
    """Sum of ``coef * expr`` built in one go (fast for thousands of terms)."""
    pairs = [(e, c) for e, c in pairs if c != 0]
    if not pairs:
        return 0
    return cp_model.LinearExpr.weighted_sum([e for e, _ in pairs], [c for _, c in pairs])
