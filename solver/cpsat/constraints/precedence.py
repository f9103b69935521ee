"""Precedence [rule 11]: a request starts after everything of its ``after`` requests.

Compared on what is scheduled: each constraint is enforced by the presence of both
sides, so a predecessor with nothing scheduled constrains nothing. Sessions of a request
are ordered, so the successor's first session stands for all of them; every session of
the predecessor is compared (its last present one is the binding one). Internships span
whole weeks: from the first slot of the first week to the end of the last. Requests fixed
in the background (outside the model) enter with their known first start and last end.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import Problem
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term


def applies(problem: Problem) -> bool:
    """Whether any request has ``after`` links."""
    return any(r.after for r in problem.requests)


def _starts(ctx: BuildContext, r: int) -> list[tuple[cp_model.IntVar, cp_model.LinearExprT]]:
    """(presence, start slot) items whose earliest stands for the request's start."""
    v = ctx.vars
    spw = ctx.problem.calendar.slots_per_week
    if r in v.sessions:
        svs = [sv for sv in v.sessions[r] if sv.parts]
        return [(svs[0].present, svs[0].start)] if svs else []
    iv = v.internships.get(r)
    if iv is None or not iv.week_choice:
        return []
    return [(iv.placed, spw * iv.first_week)]


def _ends(ctx: BuildContext, r: int) -> list[tuple[cp_model.IntVar, cp_model.LinearExprT]]:
    """(presence, end slot) of everything the request may schedule."""
    v = ctx.vars
    spw = ctx.problem.calendar.slots_per_week
    if r in v.sessions:
        return [(sv.present, sv.end) for sv in v.sessions[r] if sv.parts]
    iv = v.internships.get(r)
    if iv is None or not iv.week_choice:
        return []
    return [(iv.placed, spw * (iv.first_week + iv.weeks))]


def add(ctx: BuildContext) -> list[Term]:
    """Successors start after their predecessors end, each constraint enforced by the presence of
    both sides; a side fixed in the background enters with its known span. Returns no terms.
    """
    model, problem = ctx.model, ctx.problem
    modelled = set(ctx.vars.request_ids)
    span = ctx.background.request_span
    for r in ctx.vars.request_ids:
        for pred in problem.requests[r].after:
            if pred in modelled:
                for p_succ, start in _starts(ctx, r):
                    for p_pred, end in _ends(ctx, pred):
                        model.add(start >= end).only_enforce_if([p_succ, p_pred])
            elif pred in span:  # fixed predecessor: start after its last end
                for p_succ, start in _starts(ctx, r):
                    model.add(start >= span[pred][1]).only_enforce_if(p_succ)
    # fixed successors of modelled requests: end before their first start
    for succ, (first, _) in sorted(span.items()):
        for pred in problem.requests[succ].after:
            if pred in modelled:
                for p_pred, end in _ends(ctx, pred):
                    model.add(end <= first).only_enforce_if(p_pred)
    return []
