"""People: cohorts' travel, enterprise trainees trained by cohort and institution, and
instructors' teaching load."""

from __future__ import annotations

from collections import defaultdict

from scheduler.models import CohortKind
from scheduler.objective_terms import travel_cost_minutes
from scheduler.reports.context import ScheduleContext
from scheduler.reports.records import (
    CohortTravel,
    InstructorLoad,
    TraineeCohort,
    TraineeInstitution,
)
from scheduler.sites import travel_matrix


def cohort_travel(ctx: ScheduleContext) -> list[CohortTravel]:
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


def trainee_cohorts(ctx: ScheduleContext) -> list[TraineeCohort]:
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


def trainee_institutions(
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


def instructor_load(ctx: ScheduleContext) -> list[InstructorLoad]:
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
