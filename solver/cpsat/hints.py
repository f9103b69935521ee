"""Warm start: a :class:`~scheduler.problem.Solution` as a CP-SAT solution hint.

The decision variables (presence, start, parts, headcounts, instructors, first weeks,
posts) are read straight off the solution, with sessions re-numbered in start order to
match the model's ordered sessions (time-indexed requests: matched by start). The
auxiliary variables (sites, fairness, penalty indicators, ...) are then completed by a
short solve of a clone of the model with the decisions fixed, so that CP-SAT receives a
*complete* hint and starts from a feasible solution of known objective instead of
repairing a partial one.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import Solution
from solver.cpsat.bundles import only_start
from solver.cpsat.context import BuildContext
from solver.cpsat.params import CpSatParams
from solver.cpsat.variables import Variables

log = logging.getLogger(__name__)


def decision_values(v: Variables, solution: Solution) -> dict[int, int]:
    """Proto index -> value of the decision variables the solution determines."""
    out: dict[int, int] = {}

    def put(lit: cp_model.IntVar | int, value: int) -> None:
        """Record ``value`` for a variable: constants are skipped, and a negated literal stores the
        complement on its variable.
        """
        if isinstance(lit, int):
            return
        idx = lit.index
        if idx < 0:  # negated literal
            idx, value = -idx - 1, 1 - value
        out[idx] = int(value)

    by_request: dict[int, list] = defaultdict(list)
    for s in solution.sessions:
        by_request[s.request].append(s)
    for r, svs in v.sessions.items():
        given = sorted(by_request.get(r, []), key=lambda s: s.start)
        usable = [sv for sv in svs if sv.parts]
        if r in v.indexed:  # one session per start: matched by start
            at = {s.start: s for s in given}
            matched = [at.get(only_start(sv.starts)) for sv in usable]
        else:
            matched = [given[n] if n < len(given) else None for n in range(len(usable))]
        for sv, match in zip(usable, matched, strict=True):
            put(sv.present, 1 if match is not None else 0)
            if match is None:
                # an absent session's start is free; pin it to leave the search nothing
                put(sv.start, int(np.flatnonzero(sv.starts)[0]))
                for p in sv.parts:
                    put(p.present, 0)
                    put(p.headcount, 0)
                    for t in p.teach:
                        put(t.literal, 0)
                for t in sv.teach:
                    put(t.literal, 0)
                continue
            put(sv.start, match.start)
            held = {a.resource: a for a in match.parts}
            for p in sv.parts:
                a = held.get(p.resource)
                put(p.present, 1 if a is not None else 0)
                if not isinstance(p.headcount, int):
                    put(p.headcount, a.headcount if a is not None else 0)
                for t in p.teach:
                    put(t.literal, 1 if a is not None and a.instructor == t.instructor else 0)
            teacher = next((a.instructor for a in match.parts), None)
            for t in sv.teach:
                put(t.literal, 1 if teacher == t.instructor else 0)
    placed: dict[int, list] = defaultdict(list)
    for pl in solution.placements:
        placed[pl.request].append(pl)
    for r, iv in v.internships.items():
        if not iv.week_choice:
            continue
        pls = placed.get(r, [])
        put(iv.placed, 1 if pls else 0)
        fw = pls[0].first_week if pls else None
        if fw is not None:
            put(iv.first_week, fw)
        for w, lit in iv.week_choice.items():
            put(lit, 1 if w == fw else 0)
        by_post = {pl.resource: pl for pl in pls}
        for pv in iv.posts:
            post = by_post.get(pv.resource)
            put(pv.used, 1 if post is not None else 0)
            put(pv.headcount, post.headcount if post is not None else 0)
    return out


def token_values(ctx: BuildContext, solution: Solution) -> dict[int, int]:
    """Capacity tokens held exactly as the solution's loads allow (see ``capacity_tokens``).

    Tokens are the one family of auxiliary variables whose best values a search cannot
    find token by token (the held sizes must add up to what the load leaves), so they are
    computed here: load of each unit (the solution plus the background), overflow
    ``max(0, load - capacity)``, held amount ``top - overflow`` written in the binary
    sizes.
    """
    if not ctx.tokens:
        return {}
    problem, bg = ctx.problem, ctx.background
    n, n_weeks = problem.calendar.n_slots, problem.calendar.n_weeks
    slot_load: dict[int, np.ndarray] = {}
    week_load: dict[int, np.ndarray] = {}
    wanted_slots = {t.resource for t in ctx.tokens if t.kind == "slot"}
    wanted_weeks = {t.resource for t in ctx.tokens if t.kind == "week"}
    for k in wanted_slots:
        fixed = bg.resource_load.get(k)
        slot_load[k] = np.zeros(n, dtype=np.int64) if fixed is None else fixed.astype(np.int64)
    for k in wanted_weeks:
        fixed = bg.post_load.get(k)
        week_load[k] = np.zeros(n_weeks, dtype=np.int64) if fixed is None else fixed.copy()
    for s in solution.sessions:
        d = problem.requests[s.request].duration  # type: ignore[union-attr]
        for p in s.parts:
            if p.resource in slot_load:
                slot_load[p.resource][s.start : s.start + d] += p.headcount
    for pl in solution.placements:
        if pl.resource in week_load:
            week_load[pl.resource][pl.first_week : pl.first_week + pl.weeks] += pl.headcount
    out: dict[int, int] = {}
    for t in ctx.tokens:
        load = (slot_load if t.kind == "slot" else week_load)[t.resource][t.unit]
        over = min(t.top, max(0, int(load) - t.capacity))
        held = t.top - over
        for lit, _ in _subset(held, t.tokens):
            out[lit.index] = 1
        for lit, _ in t.tokens:
            out.setdefault(lit.index, 0)
    return out


def _subset(amount: int, tokens: list[tuple[cp_model.IntVar, int]]) -> list:
    """Tokens (binary sizes, last one the remainder) whose sizes add up to ``amount``."""
    sizes = [size for _, size in tokens]
    powers = sum(sizes[:-1]) if len(sizes) > 1 else 0
    chosen = []
    rest = amount
    if len(sizes) == 1:
        return list(tokens) if amount == sizes[0] else []
    if rest > powers:  # needs the remainder token
        chosen.append(tokens[-1])
        rest -= sizes[-1]
    for lit, size in reversed(tokens[:-1]):
        if size <= rest:
            chosen.append((lit, size))
            rest -= size
    return chosen


def complete(
    model: cp_model.CpModel, decisions: dict[int, int], params: CpSatParams
) -> list[int] | None:
    """A full assignment extending ``decisions``, or ``None`` if they are infeasible here.

    Solves a clone with the hinted decisions fixed, up to its first solution: the
    auxiliary variables get consistent values (perhaps not the best for the objective,
    which the real solve then improves at once).
    """
    clone = model.clone()
    clone.clear_hints()
    clone.clear_assumptions()
    proto = clone.proto
    # decisions become fixed domains; the objective's own variables are hinted towards
    # their better end (fairness up, penalty indicators down, capacity tokens held), so
    # that the first solution CP-SAT's hint search finds has them at their best
    for k, value in decisions.items():
        dom = proto.variables[k].domain
        dom.clear()
        dom.extend([value, value])
    obj = proto.objective
    preferred: dict[int, int] = {}
    for v, c in zip(obj.vars, obj.coeffs, strict=True):
        if v in decisions:
            continue
        dom = list(proto.variables[v].domain)
        preferred[int(v)] = int(dom[-1]) if c < 0 else int(dom[0])
    hint = proto.solution_hint
    hint.vars.extend(sorted(preferred))
    hint.values.extend(preferred[k] for k in sorted(preferred))
    solver = cp_model.CpSolver()
    params.apply(solver)
    # every decision is fixed: propagation does the work, presolve would only cost time
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.stop_after_first_solution = True
    status = params.solve(solver, clone)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.info("warm start: hint not feasible in the model (%s)", solver.status_name(status))
        return None
    return list(solver.response_proto.solution)


def set_hint(model: cp_model.CpModel, values: dict[int, int] | list[int]) -> None:
    """Replace the model's hint by ``values`` (index -> value, or a full vector)."""
    model.clear_hints()
    hint = model.proto.solution_hint
    if isinstance(values, dict):
        keys = sorted(values)
        hint.vars.extend(keys)
        hint.values.extend(values[k] for k in keys)
    else:
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)
