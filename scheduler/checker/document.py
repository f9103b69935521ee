"""Rule 15 [document]: resolve the schedule's ids, once, before any other rule; and
the answer's claims: the objective is the schedule's, a bound is never below it,
``optimal`` reaches it.

Whatever does not resolve (unknown ids, a session of an internship request) is
reported here and left out of the other rules, so one mistake is not reported ten
times.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from scheduler.checker.context import Context
from scheduler.checker.items import PartItem, PlacementItem, SessionItem
from scheduler.models import SCHEDULE_FORMAT, Request, RequestKind, Status

T = TypeVar("T")


def resolve_items(ctx: Context) -> None:
    """Resolve ids; whatever does not resolve is reported here and left out elsewhere."""
    sch, lk = ctx.schedule, ctx.lookup
    if sch.format != SCHEDULE_FORMAT:
        ctx.report("document", "format", f"format is {sch.format!r}, expected {SCHEDULE_FORMAT!r}")
    if sch.scenario != ctx.scenario.name:
        ctx.report(
            "document",
            "scenario",
            f"the schedule is for scenario {sch.scenario!r}, "
            f"but this scenario is {ctx.scenario.name!r}",
        )
    for i, s in enumerate(sch.sessions):
        req = _request(
            ctx,
            f"sessions[{i}].request",
            s.request,
            RequestKind.INTERNSHIP,
            f"request {s.request} is an internship: it is placed with placements, not sessions",
        )
        if req is None:
            continue
        parts = []
        whose = f"request {s.request} session {s.index}: "
        for k, part in enumerate(s.parts):
            where = f"sessions[{i}].parts[{k}]"
            res = _known(ctx, lk.resources, part.resource, f"{where}.resource", whose, "resource")
            ins = None
            if part.instructor is not None:
                ins = _known(
                    ctx, lk.instructors, part.instructor, f"{where}.instructor", whose, "instructor"
                )
            parts.append(PartItem(k, part, res, ins))
        timed = (
            1 <= s.week <= ctx.cal.weeks
            and 1 <= s.day <= ctx.cal.days_per_week
            and s.slot >= 1
            and s.slot + s.duration - 1 <= ctx.cal.slots_per_day
        )
        item = SessionItem(i, s, req, lk.cohorts_of(req), parts, timed)
        if timed:
            item.start = ctx.global_slot(s.week, s.day, s.slot)
        ctx.sessions.append(item)
    for i, p in enumerate(sch.placements):
        req = _request(
            ctx,
            f"placements[{i}].request",
            p.request,
            RequestKind.SESSIONS,
            f"request {p.request} asks for sessions: only internships are placed",
        )
        if req is None:
            continue
        whose = f"request {p.request}: "
        res = _known(ctx, lk.resources, p.resource, f"placements[{i}].resource", whose, "resource")
        timed = p.first_week + p.weeks - 1 <= ctx.cal.weeks
        ctx.placements.append(PlacementItem(i, p, req, res, timed))
    for i, u in enumerate(sch.unmet):
        _known(ctx, lk.requests, u.request, f"unmet[{i}].request", "", "request")


def _known(
    ctx: Context, found: Mapping[str, T], key: str, where: str, whose: str, noun: str
) -> T | None:
    """What ``key`` names in ``found``; an unknown one is reported (``whose`` opens the
    message) and comes back ``None``, for the other rules to pass over."""
    item = found.get(key)
    if item is None:
        ctx.report("document", where, f"{whose}unknown {noun} {key!r}")
    return item


def _request(ctx: Context, where: str, key: str, other: RequestKind, why: str) -> Request | None:
    """The request an entry names, or ``None`` (reported) when it is unknown or of the
    ``other`` kind than the entry places."""
    req = _known(ctx, ctx.lookup.requests, key, where, "", "request")
    if req is not None and req.kind is other:
        ctx.report("document", where, why)
        return None
    return req


def check_claims(ctx: Context) -> None:
    """The answer's numbers against its own schedule: the objective it reports is the
    recomputed one, no bound lies below what the schedule reaches or claims, ``optimal``
    only where the objective meets the bound, and the gap is the one
    ``docs/objective.md`` defines. Each claim is reported once."""
    sch = ctx.schedule
    reached = ctx.evaluation.objective
    if sch.objective is not None and not _same(sch.objective, reached):
        ctx.report(
            "document",
            "objective",
            f"the schedule reports objective {sch.objective:g}; recomputed from the "
            f"documents it is {reached}",
        )
    if sch.status is Status.OPTIMAL and (sch.objective is None or sch.bound is None):
        ctx.report("document", "bound", "an optimal schedule states its objective and bound")
    if sch.bound is not None:
        slack = _slack(sch.bound)
        own = max(reached, sch.objective if sch.objective is not None else reached)
        if sch.bound < own - slack:
            ctx.report(
                "document",
                "bound",
                f"the bound {sch.bound:g} is below the schedule's own objective {own:g}",
            )
        elif (
            sch.status is Status.OPTIMAL
            and sch.objective is not None
            and sch.bound > sch.objective + slack
        ):
            ctx.report(
                "document",
                "status",
                f"optimal, but the bound {sch.bound:g} is above the objective {sch.objective:g}",
            )
    if sch.gap is None:
        return
    if sch.objective is None or sch.bound is None:
        ctx.report("document", "gap", "a gap is stated without both objective and bound")
        return
    gap = max(0.0, sch.bound - sch.objective) / max(abs(sch.bound), 1.0)
    if abs(sch.gap - gap) > 1e-9:
        ctx.report(
            "document",
            "gap",
            f"the gap {sch.gap:g} is not (bound - objective) / max(|bound|, 1) = {gap:g}",
        )


def _slack(value: float) -> float:
    """Rounding room when comparing reported numbers (JSON floats of integer scores)."""
    return 1e-9 * max(1.0, abs(value))


def _same(reported: float, recomputed: int) -> bool:
    return abs(reported - recomputed) <= _slack(recomputed)
