"""CP-SAT values -> :class:`~scheduler.problem.Solution` (sessions and placements).

Values are read from the flat solution vector of the response (one array, not one
Python call per variable), so that extracting a 25,000-session term stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from scheduler.problem import PartAssignment, PlacementAssignment, SessionAssignment
from solver.cpsat.variables import Variables


class Values:
    """Lookup of variable values in a solution vector."""

    def __init__(self, solution: Sequence[int] | np.ndarray) -> None:
        self.x = np.asarray(solution, dtype=np.int64)

    @classmethod
    def of(cls, response: cp_model_helper.CpSolverResponse) -> Values:
        """Values of a solved CP-SAT response, read once from its flat solution vector."""
        return cls(response.solution)

    def __call__(self, expr: cp_model.LinearExprT) -> int:
        if isinstance(expr, int | np.integer):
            return int(expr)
        if isinstance(expr, cp_model.IntVar | cp_model_helper.NotBooleanVariable):
            idx = expr.index
            return int(1 - self.x[-idx - 1]) if idx < 0 else int(self.x[idx])
        flat = cp_model.FlatIntExpr(expr)
        total = sum(c * self(v) for v, c in zip(flat.vars, flat.coeffs, strict=True))
        return int(total + flat.offset)


def sessions_and_placements(
    v: Variables, values: Values
) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
    """The scheduled sessions (numbered 1..k in start order) and placements."""
    sessions: list[SessionAssignment] = []
    for r in sorted(v.sessions):
        number = 0
        for sv in v.sessions[r]:
            if not sv.parts or not values(sv.present):
                continue
            number += 1
            parts = []
            for p in sv.parts:
                if not values(p.present):
                    continue
                teacher = None
                for t in p.teach or sv.teach:
                    if values(t.literal):
                        teacher = t.instructor
                        break
                parts.append(PartAssignment(p.resource, values(p.headcount), teacher))
            sessions.append(SessionAssignment(r, number, values(sv.start), tuple(parts)))
    placements: list[PlacementAssignment] = []
    for r in sorted(v.internships):
        iv = v.internships[r]
        if not iv.week_choice or not values(iv.placed):
            continue
        fw = values(iv.first_week)
        for pv in iv.posts:
            if values(pv.used):
                placements.append(
                    PlacementAssignment(r, pv.resource, values(pv.headcount), fw, iv.weeks)
                )
    return sessions, placements
