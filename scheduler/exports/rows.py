"""Flat rows of a schedule, one per session part and one per internship placement.

CSV and XLSX exports write these rows as they are; the column order is the one of
:data:`SESSION_COLUMNS` and :data:`INTERNSHIP_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from scheduler.exports.selection import Selection
from scheduler.reports.context import ScheduleContext


@dataclass(frozen=True)
class SessionRow:
    """One exported row per session part; the field order is the column order."""

    request: str
    session: int
    title: str
    cohorts: str  # cohort ids joined with "; "
    institution: str  # names of the cohorts' institutions joined with "; "
    week: int
    day: int
    date: dt.date
    start: dt.time
    end: dt.time
    end_date: dt.date  # later than ``date`` when the session runs past midnight
    resource: str
    resource_name: str
    site: str
    headcount: int
    instructor: str


@dataclass(frozen=True)
class InternshipRow:
    """One exported row per internship placement; the field order is the column order."""

    request: str
    title: str
    cohorts: str
    institution: str
    first_week: int
    weeks: int
    date_from: dt.date
    date_until: dt.date
    resource: str
    resource_name: str
    site: str
    headcount: int


SESSION_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(SessionRow))
INTERNSHIP_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(InternshipRow))


def _joined(values: list[str]) -> str:
    return "; ".join(values)


def session_rows(ctx: ScheduleContext, selection: Selection = Selection()) -> list[SessionRow]:
    """One row per shown session part, in time order (then request, session, part)."""
    rows = []
    for s in ctx.schedule.sessions:
        parts = selection.parts(ctx, s)
        start, end = ctx.session_times(s)
        cohorts = _joined(ctx.requests[s.request].cohort_ids)
        institution = _joined([ctx.institution_label(i) for i in ctx.institutions_of(s.request)])
        for p in parts:
            resource = ctx.resources[p.resource]
            rows.append(
                SessionRow(
                    request=s.request,
                    session=s.index,
                    title=ctx.requests[s.request].title,
                    cohorts=cohorts,
                    institution=institution,
                    week=s.week,
                    day=s.day,
                    date=start.date(),
                    start=start.time(),
                    end=end.time(),
                    end_date=end.date(),
                    resource=p.resource,
                    resource_name=resource.name,
                    site=ctx.site_label(resource.site),
                    headcount=p.headcount,
                    instructor=p.instructor or "",
                )
            )
    rows.sort(key=lambda r: (r.date, r.start, r.request, r.session, r.resource))
    return rows


def internship_rows(
    ctx: ScheduleContext, selection: Selection = Selection()
) -> list[InternshipRow]:
    """One row per shown placement, by first week."""
    rows = []
    for p in ctx.schedule.placements:
        if not selection.shows_placement(ctx, p):
            continue
        first, last = ctx.placement_dates(p)
        resource = ctx.resources[p.resource]
        rows.append(
            InternshipRow(
                request=p.request,
                title=ctx.requests[p.request].title,
                cohorts=_joined(ctx.requests[p.request].cohort_ids),
                institution=_joined(
                    [ctx.institution_label(i) for i in ctx.institutions_of(p.request)]
                ),
                first_week=p.first_week,
                weeks=p.weeks,
                date_from=first,
                date_until=last,
                resource=p.resource,
                resource_name=resource.name,
                site=ctx.site_label(resource.site),
                headcount=p.headcount,
            )
        )
    rows.sort(key=lambda r: (r.first_week, r.request, r.resource))
    return rows


def as_tuple(row: SessionRow | InternshipRow) -> tuple:
    """The row's values in column order, as a sheet row.

    Shallow: every field is a str, int, date or time; ``dataclasses.astuple`` deep-copied
    each of them (0.3 s of an L term's XLSX export).
    """
    return tuple(getattr(row, f.name) for f in fields(row))
