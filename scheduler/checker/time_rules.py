"""Rules 1-2 [calendar, window]: sessions inside the calendar, the request and cohorts' windows."""

from __future__ import annotations

from collections import defaultdict

from scheduler.checker.context import Context
from scheduler.checker.items import SessionItem
from scheduler.checker.wording import plural, when


def check_calendar(ctx: Context) -> None:
    """Rule 1: each session lies inside the calendar and its day, not on a closed day, with
    the request's duration; indices are distinct and no more sessions than asked.
    """
    cal = ctx.cal
    by_request: dict[str, list[SessionItem]] = defaultdict(list)
    for it in ctx.sessions:
        s, req = it.session, it.request
        by_request[req.id].append(it)
        where = it.label()
        if not 1 <= s.week <= cal.weeks:
            ctx.report(
                "calendar",
                f"{it.path}.week",
                f"{where}: the calendar has weeks 1-{cal.weeks}",
            )
        if not 1 <= s.day <= cal.days_per_week:
            ctx.report(
                "calendar",
                f"{it.path}.day",
                f"{where}: the calendar has days 1-{cal.days_per_week}",
            )
        if s.slot > cal.slots_per_day:
            ctx.report(
                "calendar",
                f"{it.path}.slot",
                f"{where}: a day has slots 1-{cal.slots_per_day}",
            )
        elif s.slot + s.duration - 1 > cal.slots_per_day:
            ctx.report(
                "calendar",
                f"{it.path}.slot",
                f"{where}: runs past the end of the day (slots 1-{cal.slots_per_day})",
            )
        if (s.week, s.day) in ctx.closed:
            ctx.report("calendar", f"{it.path}.day", f"{where}: the day is closed")
        if s.duration != req.duration:
            ctx.report(
                "calendar",
                f"{it.path}.duration",
                f"{where}: lasts {plural(s.duration, 'slot')}, the request asks for {req.duration}",
            )
    for rid, items in by_request.items():
        req = ctx.lookup.requests[rid]
        asked = req.sessions or 0
        seen: set[int] = set()
        for it in items:
            idx = it.session.index
            if idx > asked:
                ctx.report(
                    "calendar",
                    f"{it.path}.index",
                    f"{it.label()}: index {idx} is out of range, request {rid} asks for "
                    f"{plural(asked, 'session')}",
                )
            elif idx in seen:
                ctx.report(
                    "calendar",
                    f"{it.path}.index",
                    f"{it.label()}: index {idx} is used twice for request {rid}",
                )
            seen.add(idx)
        if len(items) > asked:
            ctx.report(
                "calendar",
                items[asked].path,
                f"request {rid} has {len(items)} sessions but asks for {asked}",
            )


def check_window(ctx: Context) -> None:
    """Rule 2: every slot of a timed session lies in the request's window and in every
    attending cohort's ``available``.
    """
    for it in ctx.timed_sessions():
        s = it.session
        bad = ctx.first_slot_outside(it, it.request.window)
        if bad is not None:
            ctx.report(
                "window",
                it.path,
                f"{it.label()}: {when(s.week, s.day, bad)} is outside the request's window",
            )
        for c in it.cohorts:
            ctx.report_unavailable("window", it.path, it, f"cohort {c.id}", c.available)
