"""The CP-SAT model of a trainshare problem: variables, then constraints, then objective.

:class:`CpSatModel` builds everything once and exposes ``.model`` (the ``CpModel``, for
extension and for solving), ``.vars`` (the typed bundles) and ``.terms`` (the value of
each objective term). It can model a subset of the requests (a decomposition component)
with the fulfilment of the others as constants, and a published ``reference`` whose
sessions cost ``move_penalty`` each when they move.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Problem, Solution
from solver.cpsat import objective
from solver.cpsat.background import Background
from solver.cpsat.bundles import SessionVars
from solver.cpsat.constraints import FAMILIES, slots
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term, weighted_sum
from solver.cpsat.variables import Variables

log = logging.getLogger(__name__)


class CpSatModel:
    """Build the model of ``problem`` (or of the ``requests`` subset).

    Parameters
    ----------
    problem
        The compiled problem.
    requests
        Positions of ``problem.requests`` to model; ``None`` for all.
    offsets
        int (n_institutions,): units fulfilled outside the modelled requests, for the
        fairness term (decomposition).
    reference
        A published solution; its sessions not kept at the same start and resources
        cost ``move_penalty`` each.
    move_penalty
        Objective cost of one moved reference session.
    background
        Bookings of the requests outside ``requests`` that stay fixed (see
        :mod:`solver.cpsat.background`); its units are the fairness offsets unless
        ``offsets`` is given.
    teacher_pairs
        Instructor travel between modelled sessions only for these (instructor,
        request, request) triples; all pairs when ``None`` (see :class:`BuildContext`).
    """

    def __init__(
        self,
        problem: Problem,
        requests: list[int] | None = None,
        offsets: np.ndarray | None = None,
        reference: Solution | None = None,
        move_penalty: int = 0,
        background: Background | None = None,
        teacher_pairs: set[tuple[int, int, int]] | None = None,
    ) -> None:
        t0 = time.perf_counter()
        self.problem = problem
        #: the whole problem, no fixed bookings around it, nothing to stay close to
        self.whole = (
            requests is None
            and background is None
            and not (reference is not None and move_penalty > 0)
        )
        self.model = cp_model.CpModel()
        self.vars = Variables(self.model, problem, requests, background)
        if offsets is None and background is not None:
            offsets = background.units
        self.ctx = BuildContext(self.model, problem, self.vars, teacher_pairs)
        family_terms: list[Term] = []
        for family in FAMILIES:
            if family.applies(problem):
                family_terms += family.add(self.ctx)
        self._require()
        self.terms = objective.build_terms(self.ctx, family_terms, offsets)
        slots.add(self.ctx)  # over the start literals the terms asked for
        self.move_penalty = int(move_penalty)
        self.kept: list[tuple[int, int, cp_model.IntVar]] = []  # (request, ref index, lit)
        if reference is not None and self.move_penalty > 0:
            self.terms.append(self._reference(reference))
        self.model.maximize(objective.combine(self.terms, problem.weights, self.move_penalty))
        self.build_seconds = time.perf_counter() - t0
        log.debug(
            "cpsat model %s: %d variables, %d constraints in %.2fs",
            problem.name,
            self.num_variables,
            self.num_constraints,
            self.build_seconds,
        )

    # ------------------------------------------------------------------ required

    def _require(self) -> None:
        """``required[r]`` forces every session (or the placement) of request ``r``.

        A time-indexed request holds ``n`` of its one-per-start sessions. One literal per
        required request, so that the solve can pass them as assumptions and an
        infeasible set is named request by request.
        """
        v = self.vars
        for r, lit in v.required.items():
            if r in v.indexed:
                n = self.problem.requests[r].n_sessions  # type: ignore[union-attr]
                self.model.add(v.count(r) == n).only_enforce_if(lit)
            elif r in v.sessions:
                for sv in v.sessions[r]:
                    self.model.add_implication(lit, sv.present)
            else:
                self.model.add_implication(lit, v.internships[r].placed)

    @property
    def assumptions(self) -> list[cp_model.IntVar]:
        """The required literals in request order, passed as CP-SAT assumptions so that an
        infeasible set is named request by request.
        """
        return [self.vars.required[r] for r in sorted(self.vars.required)]

    # ------------------------------------------------------------------ reference

    def _reference(self, reference: Solution) -> Term:
        """One "kept" literal per reference session; ``moved = total - kept``.

        A reference session is kept when some session of the same request starts at the
        same slot in the same resources, each taught by the same instructor (indices may
        shift: sessions are re-ordered); ``moves.held_as`` is the same reading.
        """
        model, v = self.model, self.vars
        pairs: list[tuple[cp_model.LinearExprT, int]] = []
        total = 0
        for s in sorted(reference.sessions, key=lambda s: (s.request, s.index)):
            if s.request not in v.sessions:
                continue
            total += 1
            wanted = {p.resource: p.instructor for p in s.parts}
            ways = []
            for sv in v.sessions[s.request]:
                if not sv.parts or not sv.starts[s.start]:
                    continue
                needed = _kept_literals(sv, wanted)
                if needed is None:
                    continue
                way = model.new_bool_var("")
                model.add(sv.start == s.start).only_enforce_if(way)
                for lit in needed:
                    model.add_implication(way, lit)
                ways.append(way)
            if not ways:
                continue
            kept = model.new_bool_var("")
            model.add_bool_or(ways).only_enforce_if(kept)
            self.kept.append((s.request, s.index, kept))
            pairs.append((kept, -1))
        return Term("moved_sessions", weighted_sum(pairs) + total)

    # ------------------------------------------------------------------ stats

    @property
    def num_variables(self) -> int:
        """Variables in the model's proto (for the solve's metrics)."""
        return len(self.model.proto.variables)

    @property
    def num_constraints(self) -> int:
        """Constraints in the model's proto (for the solve's metrics)."""
        return len(self.model.proto.constraints)


def _kept_literals(
    sv: SessionVars, wanted: Mapping[int, int | None]
) -> list[cp_model.LiteralT] | None:
    """The literals that hold ``sv`` in exactly the resources of ``wanted``, each with
    its instructor (``None``: no one teaches there), or ``None`` when ``sv`` cannot."""
    if not wanted.keys() <= {p.resource for p in sv.parts}:
        return None
    out: list[cp_model.LiteralT] = []
    for part in sv.parts:
        if part.resource not in wanted:
            out.append(~part.present)
            continue
        out.append(part.present)
        teach = part.teach or sv.teach  # a split part's teacher, or the session's
        who = wanted[part.resource]
        if who is None:
            if teach:
                return None
            continue
        lit = next((t.literal for t in teach if t.instructor == who), None)
        if lit is None:
            return None
        out.append(lit)
    return out
