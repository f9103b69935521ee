"""A conflict's items and sentence: what the core's requests compete for (an order,
resources, cohorts, instructors, trips, patterns), or a counting proof's pool."""

from __future__ import annotations

from collections import Counter

import numpy as np

from scheduler.objective_terms import minutes_text
from scheduler.problem import CInternship, CSessionRequest, Problem
from solver.cpsat.conflicts.alone import alone_text, candidate_items
from solver.cpsat.conflicts.naming import (
    cohort_names,
    instructor_names,
    request_names,
    resource_names,
    site_names,
    span_text,
    weeks_of,
)
from solver.cpsat.conflicts.pools import bases_clause, posts_clause, rooms_clause, session_resource
from solver.cpsat.counting import Pigeonhole
from solver.words import Text, join, say

#: items, the English sentence, the sentence in other languages
Conflict = tuple[list[str], str, dict[str, str]]


def describe(problem: Problem, core: list[int]) -> Conflict:
    """Items and a sentence (English, and the others by language) for one conflicting set
    of required requests."""
    items, text = _describe(problem, core)
    return items, text.en, text.others()


def _describe(problem: Problem, core: list[int]) -> tuple[list[str], Text]:
    reqs = [problem.requests[r] for r in core]
    items = [f"requests[{r}]" for r in core]
    if len(reqs) == 1:
        return items + candidate_items(reqs[0]), alone_text(problem, reqs[0])
    cand: Counter[int] = Counter()
    for req in reqs:
        pool = req.resources if isinstance(req, CSessionRequest) else req.posts
        cand.update(int(k) for k in set(pool.tolist()))
    shared_res = sorted(k for k, n in cand.items() if n > 1)
    cohorts = Counter(c for req in reqs for c in set(req.cohorts))
    shared_coh = sorted(c for c, n in cohorts.items() if n > 1)
    teachers = Counter(
        int(i)
        for req in reqs
        if isinstance(req, CSessionRequest)
        for i in set(req.instructors.tolist())
    )
    shared_t = sorted(i for i, n in teachers.items() if n > 1)
    items += [f"resources[{k}]" for k in shared_res]
    items += [f"cohorts[{c}]" for c in shared_coh]
    items += [f"instructors[{i}]" for i in shared_t]
    parts = []
    # an order between them is the likeliest cause: said first
    in_core = set(core)
    ordered = [r for r in reqs if in_core.intersection(r.after)]
    if ordered:
        parts.append(say("core_after", names=request_names(ordered)))
    rooms = [k for k in shared_res if session_resource(problem, reqs, k, shareable=False)]
    if rooms:
        parts.append(rooms_clause(problem, reqs, rooms))
    bases = [k for k in shared_res if session_resource(problem, reqs, k, shareable=True)]
    if bases:
        parts.append(bases_clause(problem, reqs, bases))
    posts = [k for k in shared_res if k not in rooms and k not in bases]
    if posts:
        parts.append(posts_clause(problem, reqs, posts))
    sess = [r for r in reqs if isinstance(r, CSessionRequest)]
    if shared_coh:
        shared = cohort_names(problem, shared_coh)
        if len(shared_coh) == 1:
            # named: not every request of the set need take it (a spec audit's chain of
            # three, two of one cohort, read "they all take cohort a1")
            takers = [r for r in reqs if shared_coh[0] in r.cohorts]
            need = sum(r.n_sessions * r.duration for r in sess if shared_coh[0] in r.cohorts)
            both = "both" if len(takers) == 2 else "all"
            who = request_names(takers)
            parts.append(say("core_cohort", ids=who, both=both, names=shared, need=need))
        else:
            parts.append(say("core_cohorts", names=shared))
        for r in reqs:
            if isinstance(r, CInternship) and set(r.cohorts) & set(shared_coh):
                who = cohort_names(problem, [c for c in r.cohorts if c in shared_coh])
                parts.append(
                    say("core_intern_takes", id=request_names([r]), names=who, weeks=r.weeks)
                )
    if shared_t:
        parts.append(say("core_instructors", names=instructor_names(problem, shared_t)))
        for i in shared_t:
            most = problem.instructors[i].max_slots_per_week
            if most is not None:
                who = instructor_names(problem, [i])
                parts.append(say("core_weekly_limit", name=who, most=most))
    if shared_coh or shared_t:
        apart = _travel_clause(problem, sess)
        if apart is not None:
            parts.append(apart)
    if shared_t:
        parts += [t for r in sess if (t := _split_sites_clause(problem, r)) is not None]
    patterns = [t for r in sess if (t := _pattern_item(problem, r)) is not None]
    if patterns:
        parts.append(say("core_patterns", items=join(patterns, "list")))
    if not parts:
        parts.append(say("core_exclusive"))
    return items, say("core", names=request_names(reqs), parts=join(parts, "clause"))


def _pattern_item(problem: Problem, req: CSessionRequest) -> Text | None:
    """What binds a request beyond its sessions' count: its pattern, weekly cap, days
    apart, or a cohort no single resource holds."""
    rid = request_names([req])
    if req.pattern == "weekly":
        return say("core_pat_weekly", id=rid)
    if req.pattern == "block":
        return say("core_pat_block", id=rid)
    if req.max_per_week is not None:
        return say("core_pat_max", id=rid, n=req.max_per_week)
    if req.min_days_apart > 0:
        return say("core_pat_apart", id=rid, n=req.min_days_apart)
    if req.split and len(req.resources):
        most = max(
            problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
            for k in req.resources
        )
        if req.headcount > most:
            return say("core_pat_split", id=rid, people=req.headcount, most=most)
    return None


def _travel_clause(problem: Problem, sess: list[CSessionRequest]) -> Text | None:
    """When the requests of a shared cohort can only meet at different sites: how far
    apart they are (a day then needs the travel time between them)."""
    sites = [{problem.resources[int(k)].site for k in r.resources} for r in sess]
    if len(sites) < 2 or set.intersection(*sites):
        return None
    gaps = [
        problem.travel[a, b]
        for i, mine in enumerate(sites)
        for theirs in sites[i + 1 :]
        for a in mine
        for b in theirs
        if a != b
    ]
    if not gaps:
        return None
    where = site_names(problem, sorted(set().union(*sites)))
    nearest = min(gaps)
    if not np.isfinite(nearest):
        return say("core_no_path", sites=where)
    return say("core_travel", sites=where, minutes=minutes_text(nearest))


def _split_sites_clause(problem: Problem, req: CSessionRequest) -> Text | None:
    """A split session too large for one resource, whose candidates lie at several
    sites: an instructor on any part counts as at every site of the session
    (docs/rules.md 9), so a shared teacher may need the trip between them (a spec audit:
    the sentence named only the shared teacher and the patterns)."""
    if not (req.split and req.needs_instructor and len(req.resources)):
        return None
    most = max(
        problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
        for k in req.resources
    )
    sites = sorted({problem.resources[int(k)].site for k in req.resources})
    if req.headcount <= most or len(sites) < 2:
        return None
    far = max(problem.travel[a, b] for a in sites for b in sites)
    where = site_names(problem, sites)
    if not np.isfinite(far):
        return say("core_split_no_path", id=request_names([req]), sites=where)
    return say("core_split_sites", id=request_names([req]), sites=where, minutes=minutes_text(far))


_COUNTED_ITEMS = {
    "cohort": "cohorts",
    "resources": "resources",
    "shared": "resources",
    "instructors": "instructors",
}


def describe_count(problem: Problem, proof: Pigeonhole) -> Conflict:
    """Items and sentences for required requests that overfill one cohort or pool
    (:func:`solver.cpsat.counting.counting_core`): what they share, the slots they ask
    for and the slots it offers where they can run."""
    items = [f"requests[{r}]" for r in proof.requests]
    items += [f"{_COUNTED_ITEMS[proof.what]}[{u}]" for u in proof.units]
    if proof.what == "cohort":
        units = cohort_names(problem, list(proof.units))
    elif proof.what in ("resources", "shared"):
        units = resource_names(problem, list(proof.units))
    else:
        units = instructor_names(problem, list(proof.units))
    key = f"count_{proof.what}"
    if proof.what in ("resources", "instructors") and len(proof.units) == 1:
        key = key[:-1]  # count_resource, count_instructor
    facts: dict[str, object] = {}
    if proof.what == "shared":
        res = problem.resources[proof.units[0]]
        facts = {
            "capacity": res.capacity + res.overflow,
            "smallest": proof.smallest,
            "at_once": proof.at_once,
        }
    clause = say(
        key,
        names=units,
        span=span_text(weeks_of(problem, proof.slots)),
        room=proof.room,
        need=proof.need,
        **facts,
    )
    text = say(
        "core", names=request_names([problem.requests[r] for r in proof.requests]), parts=clause
    )
    return items, text.en, text.others()
