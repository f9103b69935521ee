"""Objective terms: what soft families hand to :mod:`solver.cpsat.objective`.

A term is the *value* of one named quantity of ``docs/objective.md`` (people-slots of
overflow, minutes of travel, ...) as a linear expression; the objective multiplies it by
the scenario's weight and sign. Keeping values and weights apart lets the solve report
each term and compare it with ``scheduler.evaluate`` term by term.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.objective_terms import TERM_WEIGHTS as OBJECTIVE_TERM_WEIGHTS

#: term -> (weight name, sign in the maximised objective): the objective's own table
#: (``scheduler.objective_terms``) plus ``moved_sessions``, ours for minimal perturbation.
TERM_WEIGHTS: dict[str, tuple[str, int]] = {
    **OBJECTIVE_TERM_WEIGHTS,
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
