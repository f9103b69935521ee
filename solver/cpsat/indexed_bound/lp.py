"""The LP as lists of columns and rows, handed to GLOP (or CP-SAT over whole numbers)
as one proto."""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Sequence

from ortools.linear_solver import linear_solver_pb2 as pb
from ortools.linear_solver import pywraplp

log = logging.getLogger(__name__)

Pairs = list[tuple[int, float]]  # (variable, coefficient)


Row = Sequence[tuple[int, float]]  # a row as read: lists of int coefficients too


#: (occupancy bits within the bucket, duration, weight per slot, expression)
Item = tuple[int, int, int, Pairs]


class IndexedLp:
    """Columns and rows collected in lists, handed to GLOP as one proto."""

    def __init__(self) -> None:
        self.ub: list[float] = []
        self.gain: list[float] = []
        #: whether a schedule maps to a whole number there (counts, choices)
        self.integer: list[bool] = []
        self.rows: list[tuple[float, Row]] = []
        self.values: list[float] = []  # the solution, once solved

    def var(self, ub: float, gain: float = 0.0, integer: bool = True) -> int:
        """Add a column in ``[0, ub]`` with objective ``gain``; ``integer`` marks it whole in every
        schedule (used only by :meth:`request` with ``integer=True``). Returns its index.
        """
        self.ub.append(float(ub))
        self.gain.append(float(gain))
        self.integer.append(integer)
        return len(self.ub) - 1

    def le(self, pairs: Row, rhs: float) -> None:
        """Add ``sum(c * x) <= rhs``; a variable listed twice is summed when the proto is built."""
        self.rows.append((float(rhs), pairs))

    def top(self, pairs: Pairs) -> float:
        """Value of ``pairs`` with every column at its upper bound: the most it can reach with
        non-negative coefficients, so a row whose top fits its right-hand side is left out.
        """
        return sum(c * self.ub[v] for v, c in pairs)

    def request(self, seconds: float, integer: bool = False) -> pb.MPModelRequest:
        """The model as a GLOP request, or with ``integer`` a CP-SAT one over whole numbers."""
        req = pb.MPModelRequest()
        req.solver_type = (
            pb.MPModelRequest.SAT_INTEGER_PROGRAMMING
            if integer
            else pb.MPModelRequest.GLOP_LINEAR_PROGRAMMING
        )
        req.solver_time_limit_seconds = max(0.1, seconds)
        model = req.model
        model.maximize = True
        for ub, gain, whole in zip(self.ub, self.gain, self.integer, strict=True):
            v = model.variable.add()
            v.lower_bound, v.upper_bound, v.objective_coefficient = 0.0, ub, gain
            v.is_integer = integer and whole
        for rhs, pairs in self.rows:
            ct = model.constraint.add()
            ct.lower_bound, ct.upper_bound = -math.inf, rhs
            merged: dict[int, float] = defaultdict(float)
            for v, c in pairs:
                merged[v] += c
            ct.var_index.extend(merged.keys())
            ct.coefficient.extend(merged.values())
        return req

    def solve(self, seconds: float) -> float | None:
        """Solve the LP with GLOP within ``seconds``: its optimum (not yet rounded down), or
        ``None`` when not proven optimal. Keeps the column values for the resource hint.
        """
        resp = pb.MPSolutionResponse()
        pywraplp.Solver.SolveWithProto(self.request(seconds), resp)
        if resp.status != pb.MPSOLVER_OPTIMAL:
            log.info("indexed bound: LP not solved (status %s)", resp.status)
            return None
        self.values = list(resp.variable_value)
        return resp.objective_value


def floored(value: float) -> float:
    """A solver's bound as a whole objective, after a relative 1e-6 margin for floats."""
    return float(math.floor(value + 1e-6 * abs(value) + 1e-6))
