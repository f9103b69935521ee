"""Fulfilment: what each request asked for and got, each shortfall with its reason, and
each institution's demand units met."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import Request, RequestKind
from scheduler.reports.context import ScheduleContext
from scheduler.reports.measures.units import open_hours_per_week, share_of
from scheduler.reports.records import (
    InstitutionFulfilment,
    RequestFulfilment,
    UnmetItem,
)

#: The sentence of a shortfall the schedule does not explain (an entry missing from
#: ``unmet``), in the languages of the report.
NO_REASON = {
    "en": "the schedule gives no reason for this shortfall",
    "zh": "排程未说明此项缺额的原因",
}


def _window_weeks(req: Request, n_weeks: int) -> list[int]:
    """0-based weeks the request's window allows (no window: every week)."""
    if req.window is None:
        return list(range(n_weeks))
    weeks: set[int] = set()
    for w in req.window:
        lo, hi = w.weeks if w.weeks is not None else (1, n_weeks)
        weeks.update(range(max(lo, 1) - 1, min(hi, n_weeks)))
    return sorted(weeks)


def _internship_hours_requested(
    req: Request, size: int, ctx: ScheduleContext, week_hours: np.ndarray
) -> float:
    """Person-hours an internship asks for: interns x the open hours of each placed week.

    Placed interns are priced at the weeks they were placed in, exactly as the granted
    figure (docs/reports.md), so a request met in full has granted == requested. Interns
    left unplaced have no weeks of their own; they are priced at ``weeks`` times the mean
    open hours of the weeks the request's window allows. Granted never exceeds requested.
    """
    hours, placed = 0.0, 0
    for p in ctx.schedule.placements:
        if p.request != req.id or placed >= size:
            continue
        heads = min(p.headcount, size - placed)
        placed += heads
        hours += heads * float(week_hours[p.first_week - 1 : p.first_week - 1 + p.weeks].sum())
    allowed = week_hours[_window_weeks(req, len(week_hours))]
    typical = float(allowed.mean()) if len(allowed) else 0.0
    return hours + (size - placed) * (req.weeks or 0) * typical


def request_fulfilment(ctx: ScheduleContext, cal: CalendarIndex) -> list[RequestFulfilment]:
    granted_sessions: dict[str, int] = defaultdict(int)
    granted_hours: dict[str, float] = defaultdict(float)
    for s in ctx.schedule.sessions:
        granted_sessions[s.request] += 1
        heads = sum(p.headcount for p in s.parts)
        granted_hours[s.request] += heads * s.duration * ctx.slot_hours
    week_hours = open_hours_per_week(cal, ctx.slot_hours)
    placed: dict[str, int] = defaultdict(int)
    for p in ctx.schedule.placements:
        placed[p.request] += p.headcount
        span = week_hours[p.first_week - 1 : p.first_week - 1 + p.weeks]
        granted_hours[p.request] += p.headcount * float(span.sum())
    out = []
    for req in ctx.scenario.requests:
        size = ctx.headcount_of(req.id)
        if req.kind is RequestKind.INTERNSHIP:
            requested, granted, unit = size, placed[req.id], "people"
            hours_requested = _internship_hours_requested(req, size, ctx, week_hours)
        else:
            requested, granted, unit = req.sessions or 0, granted_sessions[req.id], "sessions"
            hours_requested = requested * req.duration * size * ctx.slot_hours
        out.append(
            RequestFulfilment(
                request=req.id,
                title=req.title,
                kind=str(req.kind),
                cohorts=list(req.cohort_ids),
                institutions=ctx.institutions_of(req.id),
                requested=requested,
                granted=granted,
                unit=unit,
                person_hours_requested=hours_requested,
                person_hours_granted=granted_hours[req.id],
            )
        )
    return out


def unmet_items(ctx: ScheduleContext, requests: list[RequestFulfilment]) -> list[UnmetItem]:
    """The schedule's ``unmet`` list, plus any shortfall the schedule leaves unexplained."""
    by_id = {r.request: r for r in requests}
    items = [
        _unmet(by_id[u.request], u.missing, str(u.reason), u.message, dict(u.messages or {}))
        for u in ctx.schedule.unmet
    ]
    explained = {u.request for u in ctx.schedule.unmet}
    for r in requests:
        if r.granted < r.requested and r.request not in explained:
            no_reason = {"zh": NO_REASON["zh"]}
            items.append(_unmet(r, r.requested - r.granted, "", NO_REASON["en"], no_reason))
    return items


def _unmet(
    r: RequestFulfilment, missing: int, reason: str, message: str, messages: dict[str, str]
) -> UnmetItem:
    """The unmet entry of request ``r``: what it is comes from ``r``, why from the caller."""
    return UnmetItem(
        request=r.request,
        title=r.title,
        cohorts=r.cohorts,
        institutions=r.institutions,
        missing=missing,
        unit=r.unit,
        reason=reason,
        message=message,
        messages=messages,
    )


def institution_fulfilment(
    ctx: ScheduleContext, requests: list[RequestFulfilment], unmet: list[UnmetItem]
) -> list[InstitutionFulfilment]:
    out = []
    for inst in ctx.scenario.institutions:
        mine = [r for r in requests if inst.id in r.institutions]
        sessions = [r for r in mine if r.unit == "sessions"]
        internships = [r for r in mine if r.unit == "people"]
        demand = fulfilled = 0.0
        hours_requested = hours_granted = 0.0
        weeks_requested = weeks_placed = 0
        for r in mine:
            req = ctx.requests[r.request]
            share = ctx.institution_shares(r.request).get(inst.id, 0.0)
            hours_requested += share * r.person_hours_requested
            hours_granted += share * r.person_hours_granted
            if r.unit == "sessions":
                demand += req.priority * req.duration * r.requested
                fulfilled += req.priority * req.duration * min(r.granted, r.requested)
            else:
                weeks = req.weeks or 0
                demand += req.priority * weeks
                fulfilled += req.priority * weeks * min(1.0, share_of(r.granted, r.requested))
                people = round(share * r.requested)
                weeks_requested += people * weeks
                weeks_placed += round(share * r.granted) * weeks
        out.append(
            InstitutionFulfilment(
                institution=inst.id,
                name=inst.name or inst.id,
                kind=str(inst.kind),
                requests=len(mine),
                sessions_requested=sum(r.requested for r in sessions),
                sessions_granted=sum(r.granted for r in sessions),
                person_hours_requested=hours_requested,
                person_hours_granted=hours_granted,
                internship_people_requested=sum(
                    round(ctx.institution_shares(r.request)[inst.id] * r.requested)
                    for r in internships
                ),
                internship_people_placed=sum(
                    round(ctx.institution_shares(r.request)[inst.id] * r.granted)
                    for r in internships
                ),
                person_weeks_requested=weeks_requested,
                person_weeks_placed=weeks_placed,
                demand_units=demand,
                fulfilled_units=fulfilled,
                share=share_of(fulfilled, demand, empty=1.0),
                unmet=[u for u in unmet if inst.id in u.institutions],
            )
        )
    return out
