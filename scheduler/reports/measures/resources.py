"""Resources: each one's use and who uses it, the owner-by-user sharing matrix, and the
internship posts' hosts."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import ResourceKind
from scheduler.reports.context import ScheduleContext
from scheduler.reports.measures.units import open_hours_per_week, share_of
from scheduler.reports.records import (
    InternshipHost,
    ResourceUsage,
    SharingMatrix,
)


def resource_usage(ctx: ScheduleContext, cal: CalendarIndex) -> list[ResourceUsage]:
    open_slots = cal.open_slots()
    occupied: dict[str, np.ndarray] = {}
    hours: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    parts: dict[str, int] = defaultdict(int)
    for s in ctx.schedule.sessions:
        t0 = cal.slot(s.week, s.day, s.slot)
        shares = ctx.institution_shares(s.request)
        for p in s.parts:
            mask = occupied.setdefault(p.resource, np.zeros(cal.n_slots, dtype=bool))
            mask[t0 : t0 + s.duration] = True
            parts[p.resource] += 1
            for inst, share in shares.items():
                hours[p.resource][inst] += share * p.headcount * s.duration * ctx.slot_hours
    week_hours = open_hours_per_week(cal, ctx.slot_hours)
    interns: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(cal.n_weeks))  # per week
    for pl in ctx.schedule.placements:
        interns[pl.resource][pl.first_week - 1 : pl.first_week - 1 + pl.weeks] += pl.headcount
        parts[pl.resource] += 1
        span = week_hours[pl.first_week - 1 : pl.first_week - 1 + pl.weeks]
        for inst, share in ctx.institution_shares(pl.request).items():
            hours[pl.resource][inst] += share * pl.headcount * float(span.sum())

    out = []
    for r in ctx.scenario.resources:
        by_inst = dict(hours.get(r.id, {}))
        total_hours = sum(by_inst.values())
        by_week: list[float | None]
        if r.kind is ResourceKind.INTERNSHIP_POST:
            weeks_ok = cal.week_mask(r.available)
            per_week = interns.get(r.id, np.zeros(cal.n_weeks))
            unit = "place_weeks"
            available = float(weeks_ok.sum() * r.capacity)
            used = float(per_week.sum())
            seat = share_of(used, available)
            by_week = [
                float(per_week[w] / r.capacity) if weeks_ok[w] else None for w in range(cal.n_weeks)
            ]
        else:
            avail = cal.window_mask(r.available) & open_slots
            used_mask = occupied.get(r.id, np.zeros(cal.n_slots, dtype=bool))
            avail_w = avail.reshape(cal.n_weeks, -1).sum(axis=1)
            used_w = used_mask.reshape(cal.n_weeks, -1).sum(axis=1)
            unit = "slot_hours"
            available = float(avail.sum()) * ctx.slot_hours
            used = float(used_mask.sum()) * ctx.slot_hours
            seat = share_of(total_hours, available * r.capacity)
            by_week = [
                float(used_w[w] / avail_w[w]) if avail_w[w] else None for w in range(cal.n_weeks)
            ]
        out.append(
            ResourceUsage(
                resource=r.id,
                name=r.name or r.id,
                kind=str(r.kind),
                owner=r.owner,
                site=r.site,
                capacity=r.capacity,
                shareable=r.shareable,
                unit=unit,
                available=available,
                used=used,
                utilisation=share_of(used, available),
                seat_utilisation=seat,
                by_week=by_week,
                sessions=parts.get(r.id, 0),
                person_hours=total_hours,
                person_hours_by_institution=by_inst,
                non_owner_share=share_of(total_hours - by_inst.get(r.owner, 0.0), total_hours),
            )
        )
    return out


def sharing_matrix(ctx: ScheduleContext, cal: CalendarIndex) -> SharingMatrix:
    ids = [i.id for i in ctx.scenario.institutions]
    pos = {iid: k for k, iid in enumerate(ids)}
    n = len(ids)
    sess = np.zeros((n, n))
    intern = np.zeros((n, n))
    for s in ctx.schedule.sessions:
        shares = ctx.institution_shares(s.request)
        for p in s.parts:
            owner = pos.get(ctx.resources[p.resource].owner)
            if owner is None:
                continue
            for inst, share in shares.items():
                if inst in pos:
                    sess[pos[inst], owner] += share * p.headcount * s.duration * ctx.slot_hours
    week_hours = open_hours_per_week(cal, ctx.slot_hours)
    for pl in ctx.schedule.placements:
        owner = pos.get(ctx.resources[pl.resource].owner)
        if owner is None:
            continue
        span = float(week_hours[pl.first_week - 1 : pl.first_week - 1 + pl.weeks].sum())
        for inst, share in ctx.institution_shares(pl.request).items():
            if inst in pos:
                intern[pos[inst], owner] += share * pl.headcount * span
    total = sess + intern
    diag = np.diag(total)
    col, row = total.sum(axis=0), total.sum(axis=1)
    return SharingMatrix(
        institutions=ids,
        sessions=sess.tolist(),
        internships=intern.tolist(),
        total=total.tolist(),
        non_owner_share=share_of(float(total.sum() - diag.sum()), float(total.sum())),
        owner_lent_share={
            iid: share_of(float(col[k] - diag[k]), float(col[k])) for k, iid in enumerate(ids)
        },
        user_borrowed_share={
            iid: share_of(float(row[k] - diag[k]), float(row[k])) for k, iid in enumerate(ids)
        },
    )


def internship_hosts(ctx: ScheduleContext, cal: CalendarIndex) -> list[InternshipHost]:
    posts_by_owner: dict[str, list] = defaultdict(list)
    for r in ctx.scenario.resources:
        if r.kind is ResourceKind.INTERNSHIP_POST:
            posts_by_owner[r.owner].append(r)
    out = []
    for inst in ctx.scenario.institutions:
        posts = posts_by_owner.get(inst.id)
        if not posts:
            continue
        ids = {p.id for p in posts}
        placements = [pl for pl in ctx.schedule.placements if pl.resource in ids]
        by_inst: dict[str, int] = defaultdict(int)
        for pl in placements:
            for user, share in ctx.institution_shares(pl.request).items():
                by_inst[user] += round(share * pl.headcount)
        available = sum(int(cal.week_mask(p.available).sum()) * p.capacity for p in posts)
        used = sum(pl.headcount * pl.weeks for pl in placements)
        out.append(
            InternshipHost(
                institution=inst.id,
                name=inst.name or inst.id,
                kind=str(inst.kind),
                posts=len(posts),
                places_per_week=sum(p.capacity for p in posts),
                posts_used=len({pl.resource for pl in placements}),
                interns_placed=sum(pl.headcount for pl in placements),
                place_weeks_available=available,
                intern_weeks=used,
                utilisation=share_of(used, available),
                interns_by_institution=dict(by_inst),
            )
        )
    return out
