"""Rule 12 [internship]: placements in full, one run of weeks, in window, cohorts' and posts'
availability.

A run past the calendar's end is reported here under ``calendar``, as the sessions'
calendar rule cannot see placements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from scheduler.checker.context import Context
from scheduler.checker.items import PlacementItem
from scheduler.checker.wording import plural
from scheduler.evaluate import week_in_windows
from scheduler.models import Window


def check_internship(ctx: Context) -> None:
    """Rule 12: each internship's placements hold its people in full, share one first week
    and length, use distinct posts, and lie in window, cohorts' and posts' weeks.
    A run past the calendar is reported under ``calendar``.
    """
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
            # (field, what is wrong) for the first week breaking each reading
            broken: list[tuple[str, str]] = []
            if (w := _first(ctx, req.window, pl.weeks, inside=False)) is not None:
                broken.append(("first_week", _why_not(ctx, req.window, w, "the request's window")))
            for c in ctx.lookup.cohorts_of(req):
                # no 'available': only weeks closed throughout, reported just above
                if (
                    c.available is not None
                    and (w := _first(ctx, c.available, pl.weeks, inside=False)) is not None
                ):
                    why = _why_not(ctx, c.available, w, f"cohort {c.id}'s 'available'")
                    broken.append(("first_week", why))
            post = pl.resource
            if post is not None:
                if (w := _first(ctx, post.available, pl.weeks, inside=False)) is not None:
                    broken.append(
                        ("resource", _why_not(ctx, post.available, w, f"{post.id}'s 'available'"))
                    )
                guests = set(ctx.lookup.institutions_of(req)) != {post.owner}
                # an internship takes every slot of its weeks, the owner's ones too
                if (
                    guests
                    and post.owner_windows is not None
                    and (w := _first(ctx, post.owner_windows, pl.weeks, inside=True)) is not None
                ):
                    broken.append(
                        (
                            "resource",
                            f"week {w} of {post.id} is kept for its owner {post.owner}'s own "
                            "cohorts ('owner_windows')",
                        )
                    )
            said: set[str] = set()
            for where, what in broken:
                if what not in said:  # a week closed throughout breaks every reading alike
                    said.add(what)
                    ctx.report("internship", f"{pl.path}.{where}", f"{pl.label()}: {what}")


def _first(
    ctx: Context, windows: list[Window] | None, weeks: Iterable[int], *, inside: bool
) -> int | None:
    """The first of ``weeks`` that ``windows`` hold (``inside``) or do not, read by week."""
    cal = ctx.cal
    for w in weeks:
        if week_in_windows(windows, w, cal.days_per_week, cal.slots_per_day, ctx.closed) == inside:
            return w
    return None


def _why_not(ctx: Context, windows: list[Window] | None, week: int, what: str) -> str:
    """Why ``week`` cannot hold interns under ``windows`` (read by week over open days)."""
    cal = ctx.cal
    if all((week, d) in ctx.closed for d in range(1, cal.days_per_week + 1)):
        return f"week {week} is closed throughout, with no working day to intern on"
    if week_in_windows(windows, week, cal.days_per_week, cal.slots_per_day, set()):
        return f"week {week} is in {what} only on days that are closed that week"
    return f"week {week} is outside {what}"
