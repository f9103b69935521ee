"""Rules 7-9 [cohort, instructor, travel]: people are in one place at a time, and can get there."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from scheduler.checker.context import Context
from scheduler.checker.items import PartItem, PlacementItem, SessionItem
from scheduler.objective_terms import minutes_text
from scheduler.sites import travel_matrix


def internship_weeks(ctx: Context) -> dict[str, dict[int, list[PlacementItem]]]:
    """cohort id -> week -> placements of internships that take the cohort that week."""
    busy: dict[str, dict[int, list[PlacementItem]]] = defaultdict(lambda: defaultdict(list))
    for pl in ctx.placements:
        if not pl.timed:
            continue
        for c in ctx.lookup.cohorts_of(pl.request):
            for w in pl.weeks:
                busy[c.id][w].append(pl)
    return busy


def check_cohort(ctx: Context) -> None:
    """Rule 7: a cohort attends one session at a time, none in a week of its internships,
    and never two internships in one week.
    """
    at: dict[tuple[str, int], list[SessionItem]] = defaultdict(list)
    for it in ctx.timed_sessions():
        for c in it.cohorts:
            for t in range(it.start, it.end):
                at[(c.id, t)].append(it)
    clashes: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (cid, _), here in at.items():
        if len(here) < 2:
            continue  # most slots: nobody to clash with
        # each later session against the first one in the slot, not pair by pair: k
        # copies of a session made k^2 / 2 violations (a size audit); each is still reported
        a, *later = sorted({it.pos for it in here})
        for b in later:
            clashes[(a, b)].add(cid)
    by_pos = {it.pos: it for it in ctx.sessions}
    for (a, b), cids in sorted(clashes.items()):
        ctx.report(
            "cohort",
            by_pos[b].path,
            f"{by_pos[b].label()}: cohort {', '.join(sorted(cids))} already attends "
            f"{by_pos[a].label()} at the same time",
        )
    busy = internship_weeks(ctx)
    for it in ctx.timed_sessions():
        for c in it.cohorts:
            pls = busy.get(c.id, {}).get(it.session.week)
            if pls:
                ctx.report(
                    "cohort",
                    it.path,
                    f"{it.label()}: cohort {c.id} is on internship that week ({pls[0].label()})",
                )
    for cid, weeks in busy.items():
        reported: set[tuple[str, str]] = set()
        for w, pls in sorted(weeks.items()):
            reqs = list(dict.fromkeys(pl.request.id for pl in pls))
            for r1, r2 in itertools.combinations(reqs, 2):
                if (r1, r2) in reported:
                    continue
                reported.add((r1, r2))
                second = next(pl for pl in pls if pl.request.id == r2)
                ctx.report(
                    "cohort",
                    second.path,
                    f"{second.label()}: cohort {cid} is already on internship {r1} in "
                    f"week {w}; two internships of a cohort never share a week",
                )


def check_instructor(ctx: Context) -> None:
    """Rule 8: each part that needs an instructor names a qualified one, and every named
    instructor is available, teaches one part at a time and stays under the weekly load.
    """
    teaching: dict[tuple[str, int], list[tuple[SessionItem, PartItem]]] = defaultdict(list)
    load: dict[tuple[str, int], list[tuple[SessionItem, PartItem]]] = defaultdict(list)
    for it in ctx.sessions:
        req, s = it.request, it.session
        for p in it.parts:
            path = f"{it.path}.parts[{p.index}].instructor"
            name = p.part.instructor
            if req.needs_instructor and name is None:
                ctx.report(
                    "instructor",
                    path,
                    f"{it.label()}: the part in {p.part.resource} needs an instructor "
                    "and names none",
                )
            ins = p.instructor
            if ins is None:
                continue
            if req.needs_instructor:
                lacking = [k for k in req.instructor_skills or [] if k not in ins.skills]
                if lacking:
                    ctx.report(
                        "instructor",
                        path,
                        f"{it.label()}: {ins.id} lacks the skill(s) {', '.join(lacking)}",
                    )
                if req.instructors is not None and ins.id not in req.instructors:
                    ctx.report(
                        "instructor",
                        path,
                        f"{it.label()}: {ins.id} is not among the request's instructors "
                        f"({', '.join(req.instructors) or 'none'})",
                    )
            if not it.timed:
                continue
            ctx.report_unavailable("instructor", path, it, ins.id, ins.available)
            for t in range(it.start, it.end):
                teaching[(ins.id, t)].append((it, p))
            load[(ins.id, s.week)].append((it, p))
    done: set[tuple[int, int, int, int]] = set()
    for (tid, _), here in teaching.items():
        if len(here) < 2:
            continue
        # each later part against the first one in the slot, as for cohorts
        (a, pa), *later = sorted(here, key=lambda ip: (ip[0].pos, ip[1].index))
        for b, pb in later:
            key = (a.pos, pa.index, b.pos, pb.index)
            if key in done:
                continue
            done.add(key)
            what = (
                "another part of the same session"
                if a.pos == b.pos
                else f"{a.label()} in {pa.part.resource}"
            )
            ctx.report(
                "instructor",
                f"{b.path}.parts[{pb.index}].instructor",
                f"{b.label()}: {tid} already teaches {what} at the same time",
            )
    for (tid, week), items in sorted(load.items()):
        cap = ctx.lookup.instructors[tid].max_slots_per_week
        if cap is None:
            continue
        items.sort(key=lambda ip: (ip[0].start, ip[0].pos, ip[1].index))
        total = 0
        for it, p in items:
            total += it.session.duration
            if total > cap:
                week_total = sum(i.session.duration for i, _ in items)
                ctx.report(
                    "instructor",
                    f"{it.path}.parts[{p.index}].instructor",
                    f"{it.label()}: {tid} teaches {week_total} slots in week {week}, "
                    f"more than max_slots_per_week {cap}",
                )
                break


def check_travel(ctx: Context) -> None:
    """Rule 9: two sessions of a cohort or instructor on one day leave the free minutes the
    farthest pair of their sites needs; sites no path joins never share a day.
    """
    sites = {s.id: i for i, s in enumerate(ctx.scenario.sites)}
    matrix = travel_matrix(ctx.scenario)
    starts = ctx.cal.slot_start_minutes()
    # person -> (week, day) -> [(session, sites there)]
    days: dict[str, dict[tuple[int, int], list[tuple[SessionItem, set[str]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for it in ctx.timed_sessions():
        s = it.session
        all_sites = {p.resource.site for p in it.parts if p.resource is not None}
        for c in it.cohorts:
            days[f"cohort {c.id}"][(s.week, s.day)].append((it, all_sites))
        # an instructor, like a cohort, is at every site of the session (the spec's
        # "farthest pair of sites between the two sessions")
        for tid in dict.fromkeys(p.instructor.id for p in it.parts if p.instructor is not None):
            days[f"instructor {tid}"][(s.week, s.day)].append((it, all_sites))
    for who, per_day in days.items():
        for (_week, _day), items in sorted(per_day.items()):
            items.sort(key=lambda x: (x[0].session.slot, x[0].pos))
            # the earlier sessions by (last slot, sites), the first of each: copies of one
            # session were compared pair by pair, 20,000 of them for minutes (a size audit);
            # sessions alike in both are alike here, and two of them overlap (rule 7)
            earlier: dict[tuple[int, frozenset[str]], tuple[SessionItem, set[str]]] = {}
            for b, sb in items:
                for a, sa in list(earlier.values()):
                    if a.pos == b.pos or b.session.slot <= a.last_slot:
                        continue  # the same session, or overlapping (cohort/instructor rule)
                    _travel_pair(ctx, who, sites, matrix, starts, (a, sa), (b, sb))
                earlier.setdefault((b.last_slot, frozenset(sb)), (b, sb))


def _travel_pair(
    ctx: Context,
    who: str,
    sites: dict[str, int],
    matrix: np.ndarray,
    starts: Sequence[int],
    first: tuple[SessionItem, set[str]],
    second: tuple[SessionItem, set[str]],
) -> None:
    """Report ``second`` when it leaves ``who`` too few free minutes after ``first``."""
    (a, sa), (b, sb) = first, second
    need = 0.0
    pair = ("", "")
    for x, y in itertools.product(sorted(sa), sorted(sb)):
        if x not in sites or y not in sites:
            continue
        d = float(matrix[sites[x], sites[y]])
        if d > need:
            need, pair = d, (x, y)
    if need == 0:
        return
    if need == float("inf"):
        ctx.report(
            "travel",
            b.path,
            f"{b.label()}: {who} is at {pair[0]} for {a.label()} the same day, "
            f"and no travel path joins {pair[0]} and {pair[1]}: such sites never share a day",
        )
        return
    free = starts[b.session.slot - 1] - (starts[a.last_slot - 1] + ctx.cal.slot_minutes)
    if free < need:
        ctx.report(
            "travel",
            b.path,
            f"{b.label()}: {who} needs {minutes_text(need)} minutes from {pair[0]} "
            f"({a.label()}) to {pair[1]} but has {free} free minutes",
        )
