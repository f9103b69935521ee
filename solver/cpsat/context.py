"""The build context every constraint family and the objective read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.background import Background
from solver.cpsat.variables import Variables


@dataclass(slots=True)
class TokenSet:
    """Capacity tokens of one resource at one time unit (see ``capacity_tokens``).

    ``unit`` is a slot for rooms (``kind == "slot"``) and a week for posts; the held
    tokens' sizes add up to ``top`` minus the people over ``capacity`` there.
    """

    kind: str
    resource: int
    unit: int
    capacity: int
    top: int
    tokens: list[tuple[cp_model.IntVar, int]]


@dataclass(slots=True)
class BuildContext:
    """The model, the problem, the variables and the fixed background.

    ``teacher_pairs``: when not ``None``, instructor travel between two *modelled*
    sessions is added only for these (instructor, request, request) triples (request
    positions in increasing order); the large-neighbourhood search adds them lazily,
    where a sub-schedule broke the rule. ``None`` models every pair.
    """

    model: cp_model.CpModel
    problem: Problem
    vars: Variables
    teacher_pairs: set[tuple[int, int, int]] | None = None
    tokens: list[TokenSet] = field(default_factory=list)

    @property
    def background(self) -> Background:
        """The fixed background, held by the variables (which filter their domains by it)."""
        return self.vars.background
