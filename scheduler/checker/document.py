"""Rule 15 [document]: resolve the schedule's ids, once, before any other rule; and
the answer's claims: the objective is the schedule's, a bound is never below it,
``optimal`` reaches it.

Whatever does not resolve (unknown ids, a session of an internship request) is
reported here and left out of the other rules, so one mistake is not reported ten
times.
"""

from __future__ import annotations

from scheduler.checker.context import Context
from scheduler.checker.items import PartItem, PlacementItem, SessionItem
from scheduler.models import SCHEDULE_FORMAT, RequestKind, Status


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
        req = lk.requests.get(s.request)
        if req is None:
            ctx.report("document", f"sessions[{i}].request", f"unknown request {s.request!r}")
            continue
        if req.kind is RequestKind.INTERNSHIP:
            ctx.report(
                "document",
                f"sessions[{i}].request",
                f"request {s.request} is an internship: it is placed with placements, not sessions",
            )
            continue
        parts = []
        for k, part in enumerate(s.parts):
            res = lk.resources.get(part.resource)
            if res is None:
                ctx.report(
                    "document",
                    f"sessions[{i}].parts[{k}].resource",
                    f"request {s.request} session {s.index}: unknown resource {part.resource!r}",
                )
            ins = None
            if part.instructor is not None:
                ins = lk.instructors.get(part.instructor)
                if ins is None:
                    ctx.report(
                        "document",
                        f"sessions[{i}].parts[{k}].instructor",
                        f"request {s.request} session {s.index}: unknown instructor "
                        f"{part.instructor!r}",
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
        req = lk.requests.get(p.request)
        if req is None:
            ctx.report("document", f"placements[{i}].request", f"unknown request {p.request!r}")
            continue
        if req.kind is RequestKind.SESSIONS:
            ctx.report(
                "document",
                f"placements[{i}].request",
                f"request {p.request} asks for sessions: only internships are placed",
            )
            continue
        res = lk.resources.get(p.resource)
        if res is None:
            ctx.report(
                "document",
                f"placements[{i}].resource",
                f"request {p.request}: unknown resource {p.resource!r}",
            )
        timed = p.first_week + p.weeks - 1 <= ctx.cal.weeks
        ctx.placements.append(PlacementItem(i, p, req, res, timed))
    for i, u in enumerate(sch.unmet):
        if u.request not in lk.requests:
            ctx.report("document", f"unmet[{i}].request", f"unknown request {u.request!r}")


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
