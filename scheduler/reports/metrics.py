"""Every number of the schedule report, computed once from a scenario and a schedule.

Renderers (Markdown, HTML, JSON, plots) and the web timetable only format what
:func:`compute_metrics` returns, so the numbers never disagree between outputs.

Units and readings
------------------
- A *slot-hour* is one slot of ``calendar.slot_minutes / 60`` hours.
- *Person-hours* of a session part: ``headcount x duration x slot_hours``. A joint
  session's person-hours go to the institutions of its cohorts in proportion to the
  cohorts' sizes (a split part does not say whose people sit in it).
- An internship *person-week* is one intern for one week; in person-hours it counts
  full time, the week's open slots (closed days excluded) x ``slot_hours``. The
  person-hours an internship *requests* use the term's average open week, since an
  unplaced internship has no weeks yet.
- *Person-times* (人次): one person attending one session; a session of a cohort of
  ``n`` people adds ``n`` (with the ``headcount`` extension, the cohorts' share of the
  session's headcount).
- *Demand units* follow ``docs/objective.md``: ``priority x duration`` per session,
  ``priority x weeks`` per internship placed in full; a request counts in full for
  every distinct institution among its cohorts. The fulfilled share is 1.0 when an
  institution demands nothing.
- *Utilisation* of a lab, workshop or training base: the share of its available
  slot-hours (its ``available`` windows on open days) in which at least one session
  uses it. Seat utilisation also weighs by headcount against capacity. An internship
  post's utilisation is intern-weeks over ``capacity x`` available weeks.
- *Cross-institution teaching*: a session part whose instructor belongs to an
  institution that none of the session's cohorts belong to.
- *Travel* of a cohort: per session part, the shortest minutes from its institution's
  site to the part's site, one way, capped at a day (the objective's travel term);
  cohorts that never leave their site are not listed.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import (
    CohortKind,
    Request,
    RequestKind,
    ResourceKind,
    Scenario,
    Schedule,
)
from scheduler.objective_terms import travel_cost_minutes
from scheduler.reports.context import ScheduleContext
from scheduler.reports.records import (
    CohortTravel,
    ConflictItem,
    InstitutionFulfilment,
    InstructorLoad,
    InternshipHost,
    ReportMetrics,
    RequestFulfilment,
    ResourceUsage,
    SharingMatrix,
    Summary,
    TraineeCohort,
    TraineeInstitution,
    UnmetItem,
)
from scheduler.sites import travel_matrix

#: The sentence of a shortfall the schedule does not explain (an entry missing from
#: ``unmet``), in the languages of the report.
NO_REASON = {
    "en": "the schedule gives no reason for this shortfall",
    "zh": "排程未说明此项缺额的原因",
}

_ITEM = re.compile(r"^(\w+)\[(\d+)\]$")


def _item_id(scenario: Scenario, item: str) -> str:
    """``requests[0]`` -> that request's id; anything else stays as written."""
    m = _ITEM.match(item)
    entries = getattr(scenario, m.group(1), None) if m else None
    if m and isinstance(entries, list | tuple) and int(m.group(2)) < len(entries):
        return str(getattr(entries[int(m.group(2))], "id", item))
    return item


def _conflicts(scenario: Scenario, schedule: Schedule) -> list[ConflictItem]:
    return [
        ConflictItem(
            list(c.items),
            [_item_id(scenario, i) for i in c.items],
            c.message,
            dict(c.messages or {}),
        )
        for c in schedule.conflicts
    ]


def _share(part: float, whole: float, empty: float = 0.0) -> float:
    return part / whole if whole > 0 else empty


# ---------------------------------------------------------------------------- compute


def compute_metrics(scenario: Scenario, schedule: Schedule) -> ReportMetrics:
    """All report numbers for ``schedule`` of ``scenario`` (see the module docstring).

    Raises
    ------
    ScheduleReferenceError
        When the schedule names ids or positions the scenario does not have.
    """
    ctx = ScheduleContext.build(scenario, schedule)
    cal = CalendarIndex.from_calendar(scenario.calendar)
    requests = _request_fulfilment(ctx, cal)
    unmet = _unmet_items(ctx, requests)
    institutions = _institution_fulfilment(ctx, requests, unmet)
    resources = _resource_usage(ctx, cal)
    sharing = _sharing_matrix(ctx, cal)
    trainees = _trainee_cohorts(ctx)
    instructors = _instructor_load(ctx)
    worst = min(institutions, key=lambda f: f.share, default=None)
    time_resources = [r for r in resources if r.available > 0]
    summary = Summary(
        scenario=scenario.name,
        status=str(schedule.status),
        objective=schedule.objective,
        solver=schedule.solver,
        slot_minutes=scenario.calendar.slot_minutes,
        weeks=scenario.calendar.weeks,
        requests=len(scenario.requests),
        sessions_requested=sum(r.requested for r in requests if r.unit == "sessions"),
        sessions_granted=sum(r.granted for r in requests if r.unit == "sessions"),
        person_hours_requested=sum(r.person_hours_requested for r in requests),
        person_hours_granted=sum(r.person_hours_granted for r in requests),
        internship_people_requested=sum(r.requested for r in requests if r.unit == "people"),
        internship_people_placed=sum(r.granted for r in requests if r.unit == "people"),
        unmet_requests=len({u.request for u in unmet}),
        worst_share=worst.share if worst is not None else 1.0,
        worst_institution=worst.institution if worst is not None else None,
        mean_utilisation=(
            float(np.mean([r.utilisation for r in time_resources])) if time_resources else 0.0
        ),
        non_owner_share=sharing.non_owner_share,
        trainee_person_hours=sum(t.person_hours for t in trainees),
        trainee_person_times=sum(t.person_times for t in trainees),
        teaching_hours=sum(i.hours for i in instructors),
        cross_institution_teaching_hours=sum(i.cross_institution_hours for i in instructors),
    )
    names = {i.id: i.name or i.id for i in scenario.institutions}
    names.update({r.id: r.name or r.id for r in scenario.resources})
    names.update({c.id: c.name or c.id for c in scenario.cohorts})
    names.update({i.id: i.name or i.id for i in scenario.instructors})
    return ReportMetrics(
        summary=summary,
        institutions=institutions,
        requests=requests,
        resources=resources,
        sharing=sharing,
        trainees=trainees,
        trainee_institutions=_trainee_institutions(ctx, trainees),
        internship_hosts=_internship_hosts(ctx, cal),
        instructors=instructors,
        weeks=list(range(1, scenario.calendar.weeks + 1)),
        names=names,
        conflicts=_conflicts(scenario, schedule),
        travel=_cohort_travel(ctx),
    )


def _cohort_travel(ctx: ScheduleContext) -> list[CohortTravel]:
    """Per cohort that leaves its institution's site: sessions away, travel minutes as
    the objective counts them, the farthest trip and the days at two sites."""
    matrix = travel_matrix(ctx.scenario)
    pos = {site.id: k for k, site in enumerate(ctx.scenario.sites)}
    sessions: dict[str, int] = defaultdict(int)
    away: dict[str, int] = defaultdict(int)
    minutes: dict[str, int] = defaultdict(int)
    farthest: dict[str, tuple[int, str]] = {}
    days: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for s in ctx.schedule.sessions:
        sites = [ctx.resources[p.resource].site for p in s.parts]
        for cohort in ctx.cohorts_of(s.request):
            home = ctx.institutions[cohort.institution].site
            cid = cohort.id
            sessions[cid] += 1
            days[cid, s.week, s.day].update(sites)
            if any(site != home for site in sites):
                away[cid] += 1
            for site in sites:
                trip = travel_cost_minutes(float(matrix[pos[home], pos[site]]))
                minutes[cid] += trip
                if trip > farthest.get(cid, (0, ""))[0]:
                    farthest[cid] = (trip, site)
    two_sites: dict[str, int] = defaultdict(int)
    for (cid, _, _), seen in days.items():
        if len(seen) > 1:
            two_sites[cid] += 1

    def site_name(site: str) -> str:
        return ctx.site_label(site) if site else ""

    rows = []
    for c in ctx.scenario.cohorts:
        if not (away[c.id] or two_sites[c.id]):
            continue
        home = ctx.institutions[c.institution].site
        trip, where = farthest.get(c.id, (0, ""))
        rows.append(
            CohortTravel(
                cohort=c.id,
                name=c.name or c.id,
                institution=c.institution,
                home_site=home,
                home_site_name=site_name(home),
                sessions=sessions[c.id],
                sessions_away=away[c.id],
                travel_minutes=minutes[c.id],
                farthest_site=where,
                farthest_site_name=site_name(where),
                farthest_minutes=trip,
                days_at_two_sites=two_sites[c.id],
            )
        )
    return sorted(rows, key=lambda t: (-t.travel_minutes, t.cohort))


def _open_hours_per_week(cal: CalendarIndex, slot_hours: float) -> np.ndarray:
    """float (n_weeks,): full-time hours of each week (its open slots)."""
    open_days = cal.open_day.reshape(cal.n_weeks, cal.days_per_week).sum(axis=1)
    return open_days * cal.slots_per_day * slot_hours


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


def _request_fulfilment(ctx: ScheduleContext, cal: CalendarIndex) -> list[RequestFulfilment]:
    granted_sessions: dict[str, int] = defaultdict(int)
    granted_hours: dict[str, float] = defaultdict(float)
    for s in ctx.schedule.sessions:
        granted_sessions[s.request] += 1
        heads = sum(p.headcount for p in s.parts)
        granted_hours[s.request] += heads * s.duration * ctx.slot_hours
    week_hours = _open_hours_per_week(cal, ctx.slot_hours)
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


def _unmet_items(ctx: ScheduleContext, requests: list[RequestFulfilment]) -> list[UnmetItem]:
    """The schedule's ``unmet`` list, plus any shortfall the schedule leaves unexplained."""
    items = []
    explained = set()
    by_id = {r.request: r for r in requests}
    for u in ctx.schedule.unmet:
        r = by_id[u.request]
        explained.add(u.request)
        items.append(
            UnmetItem(
                request=u.request,
                title=r.title,
                cohorts=r.cohorts,
                institutions=r.institutions,
                missing=u.missing,
                unit=r.unit,
                reason=str(u.reason),
                message=u.message,
                messages=dict(u.messages or {}),
            )
        )
    for r in requests:
        if r.granted < r.requested and r.request not in explained:
            items.append(
                UnmetItem(
                    request=r.request,
                    title=r.title,
                    cohorts=r.cohorts,
                    institutions=r.institutions,
                    missing=r.requested - r.granted,
                    unit=r.unit,
                    reason="",
                    message=NO_REASON["en"],
                    messages={"zh": NO_REASON["zh"]},
                )
            )
    return items


def _institution_fulfilment(
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
                fulfilled += req.priority * weeks * min(1.0, _share(r.granted, r.requested))
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
                share=_share(fulfilled, demand, empty=1.0),
                unmet=[u for u in unmet if inst.id in u.institutions],
            )
        )
    return out


def _resource_usage(ctx: ScheduleContext, cal: CalendarIndex) -> list[ResourceUsage]:
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
    week_hours = _open_hours_per_week(cal, ctx.slot_hours)
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
            seat = _share(used, available)
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
            seat = _share(total_hours, available * r.capacity)
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
                utilisation=_share(used, available),
                seat_utilisation=seat,
                by_week=by_week,
                sessions=parts.get(r.id, 0),
                person_hours=total_hours,
                person_hours_by_institution=by_inst,
                non_owner_share=_share(total_hours - by_inst.get(r.owner, 0.0), total_hours),
            )
        )
    return out


def _sharing_matrix(ctx: ScheduleContext, cal: CalendarIndex) -> SharingMatrix:
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
    week_hours = _open_hours_per_week(cal, ctx.slot_hours)
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
        non_owner_share=_share(float(total.sum() - diag.sum()), float(total.sum())),
        owner_lent_share={
            iid: _share(float(col[k] - diag[k]), float(col[k])) for k, iid in enumerate(ids)
        },
        user_borrowed_share={
            iid: _share(float(row[k] - diag[k]), float(row[k])) for k, iid in enumerate(ids)
        },
    )


def _trainee_cohorts(ctx: ScheduleContext) -> list[TraineeCohort]:
    sessions: dict[str, int] = defaultdict(int)
    people: dict[str, float] = defaultdict(float)  # attendances (person-times)
    person_slots: dict[str, float] = defaultdict(float)
    for s in ctx.schedule.sessions:
        heads = sum(p.headcount for p in s.parts)
        for c, share in ctx.cohort_shares(s.request).items():
            sessions[c] += 1
            people[c] += share * heads
            person_slots[c] += share * heads * s.duration
    person_weeks: dict[str, int] = defaultdict(int)
    for pl in ctx.schedule.placements:
        # a joint internship: attribute the interns by cohort size
        for cohort_id, share in ctx.cohort_shares(pl.request).items():
            person_weeks[cohort_id] += round(pl.headcount * share) * pl.weeks
    return [
        TraineeCohort(
            cohort=c.id,
            name=c.name or c.id,
            institution=c.institution,
            size=c.size,
            sessions=sessions[c.id],
            person_hours=person_slots[c.id] * ctx.slot_hours,
            person_times=round(people[c.id]),
            internship_person_weeks=person_weeks[c.id],
        )
        for c in ctx.scenario.cohorts
        if c.kind is CohortKind.TRAINEES
    ]


def _trainee_institutions(
    ctx: ScheduleContext, trainees: list[TraineeCohort]
) -> list[TraineeInstitution]:
    out = []
    for inst in ctx.scenario.institutions:
        mine = [t for t in trainees if t.institution == inst.id]
        if not mine:
            continue
        out.append(
            TraineeInstitution(
                institution=inst.id,
                name=inst.name or inst.id,
                cohorts=len(mine),
                trainees=sum(t.size for t in mine),
                sessions=sum(t.sessions for t in mine),
                person_hours=sum(t.person_hours for t in mine),
                person_times=sum(t.person_times for t in mine),
            )
        )
    return out


def _internship_hosts(ctx: ScheduleContext, cal: CalendarIndex) -> list[InternshipHost]:
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
                utilisation=_share(used, available),
                interns_by_institution=dict(by_inst),
            )
        )
    return out


def _instructor_load(ctx: ScheduleContext) -> list[InstructorLoad]:
    parts: dict[str, int] = defaultdict(int)
    slots: dict[str, int] = defaultdict(int)
    weekly: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    cross_parts: dict[str, int] = defaultdict(int)
    cross_slots: dict[str, int] = defaultdict(int)
    by_inst: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for s in ctx.schedule.sessions:
        cohort_insts = ctx.institutions_of(s.request)
        for p in s.parts:
            if p.instructor is None:
                continue
            i = p.instructor
            parts[i] += 1
            slots[i] += s.duration
            weekly[i][s.week] += s.duration
            if ctx.instructors[i].institution not in cohort_insts:
                cross_parts[i] += 1
                cross_slots[i] += s.duration
            for inst, share in ctx.institution_shares(s.request).items():
                by_inst[i][inst] += share * s.duration * ctx.slot_hours
    return [
        InstructorLoad(
            instructor=t.id,
            name=t.name or t.id,
            institution=t.institution,
            parts=parts[t.id],
            slots=slots[t.id],
            hours=slots[t.id] * ctx.slot_hours,
            busiest_week_slots=max(weekly[t.id].values(), default=0),
            max_slots_per_week=t.max_slots_per_week,
            cross_institution_parts=cross_parts[t.id],
            cross_institution_hours=cross_slots[t.id] * ctx.slot_hours,
            hours_by_institution=dict(by_inst[t.id]),
        )
        for t in ctx.scenario.instructors
    ]
