"""Rule 12 [internship]: placements in full, one run of weeks, in window, cohorts' and posts'
availability.

A run past the calendar's end is reported here under ``calendar``, as the sessions'
calendar rule cannot see placements.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.checker.context import Context
from scheduler.checker.items import PlacementItem
from scheduler.checker.wording import plural
from scheduler.evaluate import week_in_windows


def check_internship(ctx: Context) -> None:
    by_request: dict[str, list[PlacementItem]] = defaultdict(list)
    for pl in ctx.placements:
        by_request[pl.request.id].append(pl)
    cal = ctx.cal
    for rid, pls in by_request.items():
        req = ctx.lookup.requests[rid]
        full = ctx.lookup.headcount(req)
        total = sum(pl.placement.headcount for pl in pls)
        who = "+".join(c.id for c in ctx.lookup.cohorts_of(req))
        if total != full:
            ctx.report(
                "internship",
                pls[0].path,
                f"internship {rid} places {total} people, but {who} are {full}: an "
                "internship is placed in full or not at all",
            )
        first = pls[0].placement.first_week
        seen: set[str] = set()
        for pl in pls:
            p = pl.placement
            if p.first_week != first:
                ctx.report(
                    "internship",
                    f"{pl.path}.first_week",
                    f"{pl.label()}: starts in week {p.first_week}, the other placements "
                    f"of {rid} in week {first}",
                )
            if p.weeks != req.weeks:
                ctx.report(
                    "internship",
                    f"{pl.path}.weeks",
                    f"{pl.label()}: lasts {plural(p.weeks, 'week')}, internship {rid} "
                    f"asks for {req.weeks}",
                )
            if p.resource in seen:
                ctx.report(
                    "internship",
                    f"{pl.path}.resource",
                    f"{pl.label()}: {p.resource} is used twice by internship {rid}",
                )
            seen.add(p.resource)
            if not pl.timed:
                ctx.report(
                    "calendar",
                    f"{pl.path}.weeks",
                    f"{pl.label()}: the calendar ends with week {cal.weeks}",
                )
                continue
            outside = [
                w
                for w in pl.weeks
                if not week_in_windows(
                    req.window, w, cal.days_per_week, cal.slots_per_day, ctx.closed
                )
            ]
            if outside:
                ctx.report(
                    "internship",
                    f"{pl.path}.first_week",
                    f"{pl.label()}: week {outside[0]} is outside the request's window",
                )
            for cohort in ctx.lookup.cohorts_of(req):
                if cohort.available is None:  # weeks closed throughout: reported above
                    continue
                away = [
                    w
                    for w in pl.weeks
                    if not week_in_windows(
                        cohort.available, w, cal.days_per_week, cal.slots_per_day, ctx.closed
                    )
                ]
                if away:
                    ctx.report(
                        "internship",
                        f"{pl.path}.first_week",
                        f"{pl.label()}: cohort {cohort.id} is not available in week {away[0]}",
                    )
            if pl.resource is not None:
                closed = [
                    w
                    for w in pl.weeks
                    if not week_in_windows(
                        pl.resource.available, w, cal.days_per_week, cal.slots_per_day, ctx.closed
                    )
                ]
                if closed:
                    ctx.report(
                        "internship",
                        f"{pl.path}.resource",
                        f"{pl.label()}: {pl.resource.id} is not available in week {closed[0]}",
                    )
                post = pl.resource
                insts = set(ctx.lookup.institutions_of(req))
                if post.owner_windows is not None and insts != {post.owner}:
                    # an internship takes every slot of its weeks, the owner's ones too
                    kept = [
                        w
                        for w in pl.weeks
                        if week_in_windows(
                            post.owner_windows, w, cal.days_per_week, cal.slots_per_day, ctx.closed
                        )
                    ]
                    if kept:
                        ctx.report(
                            "internship",
                            f"{pl.path}.resource",
                            f"{pl.label()}: week {kept[0]} of {post.id} is kept for its owner "
                            f"{post.owner}'s own cohorts ('owner_windows')",
                        )
