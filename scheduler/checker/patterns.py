"""Rules 10-11 [pattern, precedence]: how sessions follow each other and other requests."""

from __future__ import annotations

import itertools
from collections import defaultdict

from scheduler.checker.context import Context
from scheduler.checker.items import SessionItem
from scheduler.checker.wording import DAY_NAMES, plural
from scheduler.models import Pattern, Request


def check_pattern(ctx: Context) -> None:
    """Rule 10: each request's timed sessions follow its pattern; ``weekly`` and ``block``
    runs skip closed days, and ``min_days_apart`` counts 7 days a week.
    """
    by_request: dict[str, list[SessionItem]] = defaultdict(list)
    for it in ctx.timed_sessions():
        by_request[it.request.id].append(it)
    open_days = [
        (w, d)
        for w in range(1, ctx.cal.weeks + 1)
        for d in range(1, ctx.cal.days_per_week + 1)
        if (w, d) not in ctx.closed
    ]
    ordinal = {wd: i for i, wd in enumerate(open_days)}
    for rid, items in by_request.items():
        req = ctx.lookup.requests[rid]
        items.sort(key=lambda it: (it.start, it.pos))
        if req.pattern is Pattern.WEEKLY:
            _weekly(ctx, req, items)
        elif req.pattern is Pattern.BLOCK:
            _block(ctx, req, items, ordinal)
        else:
            _free(ctx, req, items)


def _weekly(ctx: Context, req: Request, items: list[SessionItem]) -> None:
    first = items[0].session
    for it in items[1:]:
        s = it.session
        if (s.day, s.slot) != (first.day, first.slot):
            ctx.report(
                "pattern",
                it.path,
                f"{it.label()}: weekly request {req.id} runs on {DAY_NAMES[first.day - 1]} "
                f"slot {first.slot} (session {first.index}), this one does not",
            )
            return
    for a, b in itertools.pairwise(items):
        wa, wb = a.session.week, b.session.week
        if wa == wb:
            ctx.report(
                "pattern",
                b.path,
                f"{b.label()}: weekly request {req.id} has two sessions in week {wb}",
            )
            continue
        gap = [w for w in range(wa + 1, wb) if (w, first.day) not in ctx.closed]
        if gap:
            ctx.report(
                "pattern",
                b.path,
                f"{b.label()}: weekly request {req.id} skips week {gap[0]}, whose "
                f"{DAY_NAMES[first.day - 1]} is open; the weeks must be consecutive",
            )


def _block(
    ctx: Context, req: Request, items: list[SessionItem], ordinal: dict[tuple[int, int], int]
) -> None:
    placed = [it for it in items if (it.session.week, it.session.day) in ordinal]
    for a, b in itertools.pairwise(placed):
        oa = ordinal[(a.session.week, a.session.day)]
        ob = ordinal[(b.session.week, b.session.day)]
        if oa == ob:
            ctx.report(
                "pattern",
                b.path,
                f"{b.label()}: block request {req.id} has one session per day, and "
                f"{a.label()} is on the same day",
            )
        elif ob != oa + 1:
            ctx.report(
                "pattern",
                b.path,
                f"{b.label()}: block request {req.id} runs on consecutive open days, but "
                f"{plural(ob - oa - 1, 'open day')} pass after {a.label()}",
            )


def _free(ctx: Context, req: Request, items: list[SessionItem]) -> None:
    if req.max_per_week is not None:
        per_week: dict[int, list[SessionItem]] = defaultdict(list)
        for it in items:
            per_week[it.session.week].append(it)
        for w, its in sorted(per_week.items()):
            if len(its) > req.max_per_week:
                ctx.report(
                    "pattern",
                    its[req.max_per_week].path,
                    f"{its[req.max_per_week].label()}: request {req.id} has {len(its)} "
                    f"sessions in week {w}, max_per_week is {req.max_per_week}",
                )
    if req.min_days_apart > 0:

        def day(it: SessionItem) -> int:
            return (it.session.week - 1) * 7 + (it.session.day - 1)

        for a, b in itertools.pairwise(items):
            apart = day(b) - day(a)
            if apart < req.min_days_apart:
                ctx.report(
                    "pattern",
                    b.path,
                    f"{b.label()}: {plural(apart, 'day')} after {a.label()}, request "
                    f"{req.id} asks for min_days_apart {req.min_days_apart}",
                )


def check_precedence(ctx: Context) -> None:
    """Rule 11: everything of a request starts at or after the latest end of each request
    in its ``after``; an internship spans whole weeks, and an empty predecessor is skipped.
    """
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for it in ctx.timed_sessions():
        spans[it.request.id].append((it.start, it.end, it.path, it.label()))
    for pl in ctx.placements:
        if pl.timed:
            p = pl.placement
            start = ctx.week_start(p.first_week)
            end = ctx.week_start(p.first_week + p.weeks)
            spans[pl.request.id].append((start, end, pl.path, pl.label()))
    for req in ctx.scenario.requests:
        mine = spans.get(req.id)
        if not mine:
            continue
        for before in dict.fromkeys(req.after):
            theirs = spans.get(before)
            if before == req.id or not theirs:
                continue
            end, _, _, what = max(((e, s, p, lbl) for s, e, p, lbl in theirs), key=lambda x: x[0])
            for start, _, path, label in mine:
                if start < end:
                    ctx.report(
                        "precedence",
                        path,
                        f"{label}: request {req.id} comes after {before}, but starts "
                        f"before {what} ends",
                    )
