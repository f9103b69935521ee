"""The build context every constraint family and the objective read."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.variables import Variables


@dataclass(slots=True)
class BuildContext:
    """The model, the problem and the variables."""

    model: cp_model.CpModel
    problem: Problem
    vars: Variables
