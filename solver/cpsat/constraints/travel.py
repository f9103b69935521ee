"""Travel [rule 9]: same-day sessions at different sites leave time to travel.

For a cohort and for an instructor (both at the sites of all parts of the session, the
spec's farthest pair read as written), two sessions on one day at sites ``a`` and ``b`` need
``travel[a, b]`` free minutes between the end of the earlier (its last slot's start plus
``slot_minutes``) and the start of the later; sites with no path never share a day.

Whether a pair of sessions breaks this depends only on their sites, their slots of the
day and whether they share a day. So, per pair that could break it:

- a literal ``same`` with ``not same -> day_a != day_b`` (it is forced true on a shared
  day, and only ever appears negated, so a spurious true merely restricts);
- for every *bad* combination -- slot of the day of each, sites of each, such that the
  gap in minutes is shorter than the travel time (any combination when unreachable) --
  the clause ``not (same and at_site_a and at_site_b and slot_a and slot_b)``.

These are plain clauses over small one-hot encodings (slot of the day, site), which
propagate well, instead of big-M inequalities on minute time lines. Overlapping slot
combinations are left to the cohort and instructor ``no_overlap``.

Pairs are considered only when the two could share a day and some pair of their
candidate sites is apart; an entity whose sessions all have one site adds nothing.
Sessions fixed in the background (requests outside the model) have a known day, slot
and sites: they forbid a set of starts per site of the modelled session.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from ortools.sat.python import cp_model

from scheduler.problem import CSessionRequest, Problem, SessionAssignment
from solver.cpsat.background import Visit
from solver.cpsat.bundles import SessionVars, Teach, domain_of
from solver.cpsat.context import BuildContext
from solver.cpsat.terms import Term

SiteLits = dict[int, cp_model.IntVar]


def applies(problem: Problem) -> bool:
    """Whether some two sites are apart; otherwise travel never constrains anything."""
    return problem.has_travel


def _positions(problem: Problem, sv: SessionVars) -> tuple[int, ...]:
    spd = problem.calendar.slots_per_day
    return tuple(np.unique(np.flatnonzero(sv.starts) % spd).tolist())


def _day_bits(problem: Problem, sv: SessionVars) -> int:
    days = np.unique(np.flatnonzero(sv.starts) // problem.calendar.slots_per_day)
    bits = 0
    for d in days.tolist():
        bits |= 1 << d
    return bits


def bad_slot_pairs(
    problem: Problem,
    a: tuple[int, tuple[int, ...]],
    b: tuple[int, tuple[int, ...]],
    minutes: float,
) -> list[tuple[int, int]]:
    """Slot-of-day pairs (pos_a, pos_b) where ``a`` and ``b`` on one day lack the gap.

    ``a`` and ``b`` are (duration, possible slots of the day).
    """
    cal = problem.calendar
    return _bad_slot_pairs(cal.slot_start_minutes, cal.slot_minutes, a, b, minutes)


@functools.lru_cache(maxsize=65536)
def _bad_slot_pairs(
    sm: tuple[int, ...],
    slot_minutes: int,
    a: tuple[int, tuple[int, ...]],
    b: tuple[int, tuple[int, ...]],
    minutes: float,
) -> list[tuple[int, int]]:
    (da, pos_a), (db, pos_b) = a, b
    out = []
    for pa in pos_a:
        for pb in pos_b:
            if not np.isfinite(minutes):
                out.append((pa, pb))
                continue
            if pa + da <= pb:  # a first
                gap = sm[pb] - (sm[pa + da - 1] + slot_minutes)
            elif pb + db <= pa:  # b first
                gap = sm[pa] - (sm[pb + db - 1] + slot_minutes)
            else:
                continue  # overlap: the no_overlap constraints forbid it
            if gap < minutes:
                out.append((pa, pb))
    return out


def add(ctx: BuildContext) -> list[Term]:
    """Travel clauses per cohort and per instructor whose sessions (or fixed background visits) span
    two sites or more; ``ctx.teacher_pairs`` limits the instructors' modelled pairs. Returns no
    terms.
    """
    problem, v = ctx.problem, ctx.vars
    bits: dict[int, int] = {}

    def day_bits(sv: SessionVars) -> int:
        """Days ``sv`` may start on, as a bitset cached per session: pairs sharing no day need no
        clause.
        """
        if id(sv) not in bits:
            bits[id(sv)] = _day_bits(problem, sv)
        return bits[id(sv)]

    same: dict[tuple[int, int], cp_model.IntVar] = {}

    by_cohort: dict[int, list[SessionVars]] = defaultdict(list)
    for r, svs in v.sessions.items():
        for c in problem.requests[r].cohorts:
            by_cohort[c].extend(sv for sv in svs if sv.parts)
    for c in sorted(by_cohort):
        svs = by_cohort[c]
        sites = [{problem.resources[p.resource].site for p in sv.parts} for sv in svs]
        visits = ctx.background.cohort_visits.get(c, [])
        if len(set().union(*sites, *(vs for _, _, vs in visits))) < 2:
            continue
        lits: list[Callable[[], SiteLits]] = [functools.partial(v.at_sites, sv) for sv in svs]
        _pairs(ctx, svs, sites, lits, day_bits, same)
        _fixed(ctx, svs, sites, lits, visits)

    by_teacher: dict[int, list[tuple[SessionVars, Teach]]] = defaultdict(list)
    for sv in v.all_sessions():
        for t in sv.all_teach():
            by_teacher[t.instructor].append((sv, t))
    for i in sorted(by_teacher):
        items = by_teacher[i]
        svs = [sv for sv, _ in items]
        # at every site of the session, like its cohorts (docs/rules.md 9)
        sites = [{problem.resources[p.resource].site for p in sv.parts} for sv, _ in items]
        visits = ctx.background.teacher_visits.get(i, [])
        if len(set().union(*sites, *(vs for _, _, vs in visits))) < 2:
            continue
        # built once per session, whether a pair or a fixed visit asks first
        lits = [functools.cache(functools.partial(_teacher_sites, ctx, sv, t)) for sv, t in items]
        allowed = None
        if ctx.teacher_pairs is not None:
            allowed = {(a, b) for j, a, b in ctx.teacher_pairs if j == i}
        _pairs(ctx, svs, sites, lits, day_bits, same, allowed)
        _fixed(ctx, svs, sites, lits, visits)
    return []


def _fixed(
    ctx: BuildContext,
    svs: list[SessionVars],
    sites: list[set[int]],
    site_lits: Sequence[Callable[[], SiteLits]],
    visits: list[Visit],
) -> None:
    """Modelled sessions against the fixed sessions of the same cohort or instructor.

    A fixed session's day, slot and sites are known, so each (modelled session, site)
    has a set of starts it may not take when there: one domain constraint per site
    literal, however many fixed sessions there are.
    """
    if not visits:
        return
    problem, model = ctx.problem, ctx.model
    spd = problem.calendar.slots_per_day
    by_day: dict[int, list[tuple[int, int, frozenset[int]]]] = defaultdict(list)
    for start, duration, fixed_sites in visits:
        by_day[start // spd].append((start % spd, duration, fixed_sites))
    for n, sv in enumerate(svs):
        starts = np.flatnonzero(sv.starts)
        days = sorted(set((starts // spd).tolist()) & set(by_day))
        if not days:
            continue
        shape = (sv.duration, _positions(problem, sv))
        forbidden: dict[int, np.ndarray] = {}
        for x in sorted(sites[n]):
            mask = np.zeros(len(sv.starts), dtype=bool)
            for day in days:
                for pos, duration, fixed_sites in by_day[day]:
                    for y in fixed_sites:
                        minutes = float(problem.travel[x, y])
                        if x == y or minutes <= 0:
                            continue
                        for pa, _ in bad_slot_pairs(problem, shape, (duration, (pos,)), minutes):
                            mask[day * spd + pa] = True
            mask &= sv.starts
            if mask.any():
                forbidden[x] = mask
        if not forbidden:
            continue
        lits = site_lits[n]()
        for x, mask in forbidden.items():
            model.add_linear_expression_in_domain(
                sv.start, domain_of(sv.starts & ~mask)
            ).only_enforce_if(lits[x])


def _teacher_sites(ctx: BuildContext, sv: SessionVars, t: Teach) -> SiteLits:
    """Site -> literal "this instructor teaches in this session, which is at this site".

    The instructor is at every site of the session (the parts of a split session
    included, as its cohorts are): the literal is at least the conjunction of the
    assignment (to the session or to one of its parts) and the session's site literal
    (forced when both hold).
    """
    at = ctx.vars.at_sites(sv)
    if len(at) == 1:
        return {site: t.literal for site in at}
    out = {}
    for site, lit in at.items():
        both = ctx.model.new_bool_var("")
        ctx.model.add_bool_or([both, ~t.literal, ~lit])
        out[site] = both
    return out


def _pairs(
    ctx: BuildContext,
    svs: list[SessionVars],
    sites: list[set[int]],
    site_lits: Sequence[Callable[[], SiteLits]],
    day_bits: Callable[[SessionVars], int],
    same: dict[tuple[int, int], cp_model.IntVar],
    allowed: set[tuple[int, int]] | None = None,
) -> None:
    problem, model, v = ctx.problem, ctx.model, ctx.vars
    cache: dict[int, SiteLits] = {}
    shape = [(sv.duration, _positions(problem, sv)) for sv in svs]
    bad: dict[tuple, list[tuple[int, int]]] = {}

    def lits(n: int) -> SiteLits:
        """Site literals of session ``n``, built on first use (an instructor's create variables, so
        only pairs that need them pay).
        """
        if n not in cache:
            cache[n] = site_lits[n]()
        return cache[n]

    for a in range(len(svs)):
        sa = svs[a]
        for b in range(a + 1, len(svs)):
            sb = svs[b]
            if sa is sb or not (day_bits(sa) & day_bits(sb)):
                continue
            if (
                allowed is not None
                and (
                    min(sa.request, sb.request),
                    max(sa.request, sb.request),
                )
                not in allowed
            ):
                continue
            if sa.request == sb.request and not _same_day_possible(problem, sa):
                continue
            clauses: list[tuple[int, int, int, int]] = []
            for x in sorted(sites[a]):
                for y in sorted(sites[b]):
                    minutes = float(problem.travel[x, y])
                    if x == y or minutes <= 0:
                        continue
                    key = (shape[a], shape[b], minutes)
                    if key not in bad:
                        bad[key] = bad_slot_pairs(problem, shape[a], shape[b], minutes)
                    clauses.extend((x, y, pa, pb) for pa, pb in bad[key])
            if not clauses:
                continue
            pair = (id(sa), id(sb)) if id(sa) < id(sb) else (id(sb), id(sa))
            lit = same.get(pair)
            if lit is None:
                lit = same[pair] = model.new_bool_var("")
                model.add(v.day(sa) != v.day(sb)).only_enforce_if(~lit)
            pos_a = v.position_literals(sa)
            pos_b = v.position_literals(sb)
            la, lb = lits(a), lits(b)
            for x, y, pa, pb in clauses:
                model.add_bool_or([~lit, ~la[x], ~lb[y], ~pos_a[pa], ~pos_b[pb]])


def _same_day_possible(problem: Problem, sv: SessionVars) -> bool:
    """Two sessions of one request can share a day only in a free pattern with no gap."""
    req = problem.requests[sv.request]
    return getattr(req, "pattern", "free") == "free" and getattr(req, "min_days_apart", 0) == 0


def teacher_violations(
    problem: Problem, sessions: Iterable[SessionAssignment]
) -> set[tuple[int, int, int]]:
    """(instructor, request, request) of sessions that break instructor travel.

    Used by the large-neighbourhood search, which models instructor travel between the
    sessions it re-schedules lazily: it solves, looks here, adds the pairs, solves again.
    """
    cal = problem.calendar
    sm = cal.slot_start_minutes
    spd = cal.slots_per_day
    by_day: dict[tuple[int, int], list[tuple[int, int, tuple[int, ...], int]]] = defaultdict(list)
    for s in sessions:
        req = problem.requests[s.request]
        assert isinstance(req, CSessionRequest)
        d = req.duration
        # at every site of the session (docs/rules.md 9)
        sites = tuple(sorted({problem.resources[p.resource].site for p in s.parts}))
        for i in dict.fromkeys(p.instructor for p in s.parts if p.instructor is not None):
            by_day[(i, s.start // spd)].append((s.start % spd, d, sites, s.request))
    out: set[tuple[int, int, int]] = set()
    for (i, _), items in by_day.items():
        items.sort()
        for a in range(len(items)):
            pa, da, xa, ra = items[a]
            for b in range(a + 1, len(items)):
                pb, _, xb, rb = items[b]
                minutes = max(float(problem.travel[x, y]) for x in xa for y in xb)
                if minutes == 0:
                    continue
                gap = sm[pb] - (sm[pa + da - 1] + cal.slot_minutes)
                if not np.isfinite(minutes) or gap < minutes:
                    out.add((i, min(ra, rb), max(ra, rb)))
    return out
