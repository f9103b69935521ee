"""iCalendar export (RFC 5545) with the ``icalendar`` library.

One VEVENT per session, or per session part when the export is one resource's or one
instructor's timetable. Times are local to Asia/Shanghai (``TZID`` with a VTIMEZONE):
a session at (week w, day d, slot k) starts on ``first_monday + (w-1)*7 + (d-1)`` at
slot k's start (``slot_times`` or 08:00 + (k-1) * slot_minutes) and ends at its last
slot's start + ``slot_minutes``. Internship placements are all-day events, one per
placement (post), from the first working (open) day of the first week through the last
working day of the last week.

UIDs are derived from the scenario name, request, session index and resource, so
re-exporting a revised schedule updates the same events in a subscribed calendar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar

from scheduler.exports.selection import Selection
from scheduler.models import Session, SessionPart
from scheduler.reports.context import ScheduleContext, short_of_required
from scheduler.spreadsheet.cells import printable

TIMEZONE = "Asia/Shanghai"
PRODID = "-//trainshare//schedule export//EN"


def _uid(*parts: str) -> str:
    """Stable and one-to-one: each part percent-encoded (UTF-8; ``.``, the joiner,
    included), so ids that differ only in characters outside ASCII (``r-王``, ``r-李``)
    or in punctuation (``r 1``, ``r_1``) never share a UID, which calendar clients use
    to tell events apart."""
    return ".".join(quote(p, safe="-_").replace(".", "%2E") for p in parts) + "@trainshare"


def _add_text(component: icalendar.Component, name: str, value: str) -> None:
    """A text property, with any control character (which iCalendar forbids) as U+FFFD.

    Given as ``vText`` so that ``X-`` properties, whose type icalendar does not know, are
    escaped (``, ; \\`` and newlines) like SUMMARY is.
    """
    component.add(name, icalendar.vText(printable(value)))


def _summary(ctx: ScheduleContext, request: str) -> str:
    return f"{ctx.request_title(request)} · {ctx.cohort_label(request)}"


def _location(ctx: ScheduleContext, parts: list[SessionPart]) -> str:
    seen: dict[str, None] = {}
    for p in parts:
        r = ctx.resources[p.resource]
        seen.setdefault(f"{ctx.resource_label(r.id)}, {ctx.site_label(r.site)}", None)
    return "; ".join(seen)


def _describe(
    ctx: ScheduleContext, session: Session, parts: list[SessionPart], outsider: bool
) -> str:
    """The request, the session's number and its parts. Of another institution's session
    in an institution's timetable (``outsider``) the number only: how many sessions that
    request holds is not in the institution's view (``hosted_sessions``, docs/api.md)."""
    req = ctx.requests[session.request]
    size = "" if outsider else f" of {req.sessions}"
    lines = [f"request {req.id}, session {session.index}{size}"]
    for p in parts:
        who = (
            f", instructor {ctx.instructors[p.instructor].name or p.instructor}"
            if (p.instructor)
            else ""
        )
        lines.append(f"{ctx.resource_label(p.resource)}: {p.headcount} people{who}")
    return "\n".join(lines)


def build_calendar(
    ctx: ScheduleContext,
    selection: Selection = Selection(),
    stamp: dt.datetime | None = None,
) -> icalendar.Calendar:
    """The calendar object; ``stamp`` (DTSTAMP) defaults to now, UTC."""
    tz = ZoneInfo(TIMEZONE)
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = ctx.scenario.name + ("" if selection.id is None else f" - {selection.label}")
    _add_text(cal, "x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    if note := short_of_required(ctx.scenario, ctx.schedule):
        # a calendar carries no status: its subscribers see the note, not the schedule
        _add_text(cal, "x-wr-caldesc", f"Draft, {note}.")
    for s in ctx.schedule.sessions:
        parts = selection.parts(ctx, s)
        if not parts:
            continue
        groups = [[p] for p in parts] if selection.per_part else [parts]
        start, end = ctx.session_times(s)
        outsider = selection.outsider(ctx, s.request)
        for group in groups:
            uid = [ctx.scenario.name, s.request, str(s.index)]
            if selection.per_part:
                uid.append(group[0].resource)
            event = icalendar.Event()
            event.add("uid", _uid(*uid))
            event.add("dtstamp", stamp)
            event.add("dtstart", start.replace(tzinfo=tz))
            event.add("dtend", end.replace(tzinfo=tz))
            _add_text(event, "summary", _summary(ctx, s.request))
            _add_text(event, "location", _location(ctx, group))
            _add_text(event, "description", _describe(ctx, s, group, outsider))
            event.add("categories", ["session"])
            cal.add_component(event)
    for p in ctx.schedule.placements:
        if not selection.shows_placement(ctx, p):
            continue
        first, last = ctx.placement_dates(p)
        event = icalendar.Event()
        event.add("uid", _uid(ctx.scenario.name, p.request, "placement", p.resource))
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))  # all-day DTEND is exclusive
        _add_text(event, "summary", _summary(ctx, p.request))
        post = SessionPart(resource=p.resource, headcount=1)
        _add_text(event, "location", _location(ctx, [post]))
        _add_text(
            event,
            "description",
            f"internship {p.request}: {p.headcount} interns, weeks {p.first_week}-"
            f"{p.first_week + p.weeks - 1}",
        )
        event.add("categories", ["internship"])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def write_ics(
    ctx: ScheduleContext,
    path: Path,
    selection: Selection = Selection(),
    stamp: dt.datetime | None = None,
) -> int:
    """Write the ``.ics`` file; returns the number of events."""
    cal = build_calendar(ctx, selection, stamp)
    Path(path).write_bytes(cal.to_ical())
    return len(cal.walk("VEVENT"))
