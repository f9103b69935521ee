"""Rules 3-6 [resource, availability, parts, capacity]: what each resource may hold, and when."""

from __future__ import annotations

from collections import defaultdict

from scheduler.checker.context import Context
from scheduler.checker.items import PartItem, PlacementItem, SessionItem
from scheduler.checker.wording import when
from scheduler.evaluate import in_windows
from scheduler.models import Request, Resource, ResourceKind


def check_resource(ctx: Context) -> None:
    """Rule 3: every resource a session part or placement uses may serve that request at all
    (kind, features, lists, ``open_to``); unknown resources are the document rule's.
    """
    for it in ctx.sessions:
        insts = set(ctx.lookup.institutions_of(it.request))
        for p in it.parts:
            if p.resource is None:
                continue
            path = f"{it.path}.parts[{p.index}].resource"
            for problem in resource_problems(p.resource, it.request, insts, False):
                ctx.report("resource", path, f"{it.label()}: {problem}")
    for pl in ctx.placements:
        if pl.resource is None:
            continue
        insts = set(ctx.lookup.institutions_of(pl.request))
        for problem in resource_problems(pl.resource, pl.request, insts, True):
            ctx.report("resource", f"{pl.path}.resource", f"{pl.label()}: {problem}")


def resource_problems(
    res: Resource, req: Request, institutions: set[str], internship: bool
) -> list[str]:
    """Why ``res`` may not serve ``req`` at all (kind, features, lists, ``open_to``)."""
    out = []
    is_post = res.kind is ResourceKind.INTERNSHIP_POST
    if internship and not is_post:
        out.append(f"{res.id} is a {res.kind.value}; internships use only internship posts")
    if not internship and is_post:
        out.append(f"{res.id} is an internship post; sessions never use posts")
    lacking = [f for f in req.needs if f not in res.features]
    if lacking:
        out.append(f"{res.id} lacks the needed feature(s) {', '.join(lacking)}")
    if req.resource_kinds is not None and res.kind not in req.resource_kinds:
        kinds = ", ".join(k.value for k in req.resource_kinds) or "none"
        out.append(f"{res.id} is a {res.kind.value}; the request admits only {kinds}")
    if req.resources is not None and res.id not in req.resources:
        out.append(f"{res.id} is not in the request's list of resources")
    if res.open_to is not None:
        allowed = set(res.open_to) | {res.owner}
        barred = sorted(institutions - allowed)
        if barred:
            out.append(f"{res.id} is not open to {', '.join(barred)}")
    return out


def check_availability(ctx: Context) -> None:
    """Rule 4: each part's resource is available on every slot of the session, and a guest
    session touches none of its ``owner_windows``.
    """
    for it in ctx.timed_sessions():
        s = it.session
        insts = set(ctx.lookup.institutions_of(it.request))
        for p in it.parts:
            res = p.resource
            if res is None:
                continue
            path = f"{it.path}.parts[{p.index}].resource"
            ctx.report_unavailable("availability", path, it, res.id, res.available)
            if res.owner_windows is not None and insts != {res.owner}:
                inside = [
                    k
                    for k in range(s.slot, s.slot + s.duration)
                    if in_windows(res.owner_windows, s.week, s.day, k)
                ]
                if inside:
                    ctx.report(
                        "availability",
                        path,
                        f"{it.label()}: {when(s.week, s.day, inside[0])} of {res.id} is "
                        f"kept for its owner {res.owner}'s own cohorts",
                    )


def check_parts(ctx: Context) -> None:
    """Rule 5: one part with the full headcount without ``split``; with it, distinct
    resources whose headcounts sum to the full headcount.
    """
    for it in ctx.sessions:
        full = ctx.lookup.session_headcount(it.request)
        parts = it.session.parts
        total = sum(p.headcount for p in parts)
        need = f"{'+'.join(c.id for c in it.cohorts)} are {full} people"
        if it.request.headcount is not None:
            need = f"request {it.request.id} sets headcount {full}"
        if not it.request.split:
            if len(parts) != 1:
                ctx.report(
                    "parts",
                    f"{it.path}.parts",
                    f"{it.label()}: has {len(parts)} parts, but the request does not "
                    "allow split: one resource holds the whole cohort",
                )
            elif total != full:
                ctx.report(
                    "parts",
                    f"{it.path}.parts[0].headcount",
                    f"{it.label()}: headcount {total}, but {need}",
                )
            continue
        seen: set[str] = set()
        for k, p in enumerate(parts):
            if p.resource in seen:
                ctx.report(
                    "parts",
                    f"{it.path}.parts[{k}].resource",
                    f"{it.label()}: {p.resource} is used by two parts of the session",
                )
            seen.add(p.resource)
        if total != full:
            ctx.report(
                "parts",
                f"{it.path}.parts",
                f"{it.label()}: the parts' headcounts sum to {total}, but {need}",
            )


def check_capacity(ctx: Context) -> None:
    """Exclusive resources hold one session at a time; nobody exceeds capacity + overflow.

    Two parts of one session in one resource are a [parts] matter, so exclusivity
    counts distinct sessions.
    """
    people: dict[tuple[str, int], list[tuple[SessionItem, PartItem]]] = defaultdict(list)
    for it in ctx.timed_sessions():
        for p in it.parts:
            if p.resource is not None:
                for t in range(it.start, it.end):
                    people[(p.resource.id, t)].append((it, p))
    pairs_done: set[tuple[str, int, int]] = set()
    over_done: set[frozenset[tuple[int, int]]] = set()
    for (rid, t), here in sorted(people.items(), key=lambda kv: kv[0]):
        res = ctx.lookup.resources[rid]
        if not res.shareable and len(here) > 1:
            # each later session against the first one here, not pair by pair: k copies of
            # a session made k^2 / 2 violations (a size audit); each is still reported
            by_pos: dict[int, tuple[SessionItem, PartItem]] = {}
            for it, p in here:
                by_pos.setdefault(it.pos, (it, p))
            a, *later_positions = sorted(by_pos)
            first = by_pos[a][0]
            for b in later_positions:
                if (rid, a, b) in pairs_done:
                    continue
                pairs_done.add((rid, a, b))
                later, part = by_pos[b]
                ctx.report(
                    "capacity",
                    f"{later.path}.parts[{part.index}].resource",
                    f"{later.label()}: {rid} is not shareable and already holds {first.label()}",
                )
        total = sum(p.part.headcount for _, p in here)
        limit = res.capacity + res.overflow
        if total > limit:
            key = frozenset((it.pos, p.index) for it, p in here)
            if key in over_done:
                continue
            over_done.add(key)
            last, part = max(here, key=lambda ip: (ip[0].pos, ip[1].index))
            who = ", ".join(f"{it.label()}: {p.part.headcount}" for it, p in here)
            ctx.report(
                "capacity",
                f"{last.path}.parts[{part.index}].headcount",
                f"{rid} holds {total} people in {ctx.human(t)} (capacity {res.capacity}"
                f" + overflow {res.overflow}): {who}",
            )
    check_post_capacity(ctx)


def check_post_capacity(ctx: Context) -> None:
    """Internship posts count places per week: interns at most capacity + overflow."""
    interns: dict[tuple[str, int], list[PlacementItem]] = defaultdict(list)
    for pl in ctx.placements:
        if pl.resource is not None and pl.timed:
            for w in pl.weeks:
                interns[(pl.resource.id, w)].append(pl)
    for (rid, w), placed in sorted(interns.items(), key=lambda kv: kv[0]):
        res = ctx.lookup.resources[rid]
        total = sum(pl.placement.headcount for pl in placed)
        if total > res.capacity + res.overflow:
            # the placement that began last overflows the post (one under way was there first)
            last = max(placed, key=lambda pl: (pl.placement.first_week, pl.pos))
            ctx.report(
                "capacity",
                f"{last.path}.headcount",
                f"{rid} holds {total} interns in week {w} (capacity {res.capacity} + "
                f"overflow {res.overflow}): "
                + ", ".join(f"{pl.label()}: {pl.placement.headcount}" for pl in placed),
            )
