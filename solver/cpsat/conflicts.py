"""Why required requests cannot all hold: a small core, in a planner's words.

Each required request has one literal forcing all its sessions (or its placement).
When the model is infeasible, a model of the required requests alone is solved with
those literals as assumptions (one worker, presolve off: OR-Tools #5141) and
``sufficient_assumptions_for_infeasibility`` gives a subset that cannot hold together;
a deletion pass then drops every request the conflict does not need, while time allows.

The message names what the core's requests compete for: a resource that is a candidate
of several (with the slots they need against the slots it offers in their weeks), a
cohort they share, instructors they share; a single request that cannot fit alone is
described by its window, pattern and candidates.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from ortools.sat.python import cp_model

from scheduler.objective_terms import minutes_text
from scheduler.problem import CInternship, CRequest, CSessionRequest, Problem, UnmetAssignment
from solver.cpsat.constraints.cuts import occupancy
from solver.cpsat.counting import Pigeonhole
from solver.cpsat.model import CpSatModel
from solver.cpsat.params import CpSatParams
from solver.words import EMPTY, Text, join, names, say

log = logging.getLogger(__name__)

#: items, the English sentence, the sentence in other languages
Conflict = tuple[list[str], str, dict[str, str]]

#: Groups of at most this many required requests skip the assumption core: deleting one
#: request at a time costs as many quick solves, where the core may stall
DELETION_ONLY = 8


def find_core(problem: Problem, params: CpSatParams, seconds: float) -> list[int]:
    """Positions of required requests that cannot all be met together.

    The required requests split into groups that share nothing (no cohort, candidate
    resource or instructor, no ``after`` link): a conflict lies inside one, so the
    groups are tried alone, smallest first. A group of more than :data:`DELETION_ONLY`
    is first shrunk by CP-SAT's assumption core, for at most a quarter of the time
    (without presolve it can stall: a spec audit's shared base and joint triangle ran
    out its 30 s); then a deletion pass over models that force the rest with presolve
    on (proven in hundredths of a second where the assumption core stalled). Falls back
    to every required request when nothing is proven in time.
    """
    required = [r for r, req in enumerate(problem.requests) if req.required]
    if len(required) <= 1:
        return required
    deadline = params.now() + seconds
    core = None
    for group in sorted(linked_groups(problem, required), key=len):
        if forced_status(problem, group, params, deadline) == cp_model.INFEASIBLE:
            core = group
            break
    if core is None:
        return required
    if len(core) <= 1:
        return core
    cm = CpSatModel(problem, requests=core)
    cm.model.clear_objective()
    if len(core) > DELETION_ONLY:
        lits = {cm.vars.required[r].index: r for r in core}
        quarter = params.now() + 0.25 * max(0.0, deadline - params.now())
        status, core_idx = _solve_with(cm, [cm.vars.required[r] for r in core], params, quarter)
        if status == cp_model.INFEASIBLE:
            core = sorted(lits[i] for i in core_idx if i in lits) or core
        cm.model.clear_assumptions()
    # deletion pass: drop each request whose removal keeps the rest infeasible; a trial
    # gets at most twice its share of the time left, so that one slow trial (the rest
    # feasible but hard to place) does not end the pass, and is kept when undecided
    candidates = list(core)
    for n, r in enumerate(candidates):
        left = deadline - params.now()
        if len(core) <= 1 or left <= 0:
            break
        trial = [q for q in core if q != r]
        until = params.now() + max(0.5, 2 * left / (len(candidates) - n))
        if forced_status(problem, trial, params, min(deadline, until), cm) == cp_model.INFEASIBLE:
            core = trial
    return core


def linked_groups(problem: Problem, required: list[int]) -> list[list[int]]:
    """Groups of required requests joined by a shared cohort, candidate resource or
    instructor, or an ``after`` link between them."""
    graph = nx.Graph()
    graph.add_nodes_from(required)
    users: dict[tuple[str, int], list[int]] = {}
    for r in required:
        req = problem.requests[r]
        pool = req.resources if isinstance(req, CSessionRequest) else req.posts
        keys = [("cohort", c) for c in req.cohorts]
        keys += [("resource", int(k)) for k in pool]
        if isinstance(req, CSessionRequest):
            keys += [("instructor", int(i)) for i in req.instructors]
        for key in keys:
            users.setdefault(key, []).append(r)
        graph.add_edges_from((r, a) for a in req.after if a in graph)
    for group in users.values():
        graph.add_edges_from(zip(group, group[1:], strict=False))
    return [sorted(c) for c in nx.connected_components(graph)]


def forced_status(
    problem: Problem,
    core: list[int],
    params: CpSatParams,
    deadline: float,
    cm: CpSatModel | None = None,
) -> cp_model.CpSolverStatus:
    """Whether the required requests ``core`` can all hold, forced as hard constraints
    (presolve on) in ``cm`` (a model of a superset) or a model of their own."""
    left = deadline - params.now()
    if left <= 0.05:
        return cp_model.UNKNOWN
    if cm is None:
        cm = CpSatModel(problem, requests=core)
    model = cm.model.clone()
    model.clear_objective()
    model.clear_assumptions()
    model.add_bool_and(
        [model.get_bool_var_from_proto_index(cm.vars.required[r].index) for r in core]
    )
    solver = cp_model.CpSolver()
    limited = params.with_time(left)
    limited.apply(solver)
    solver.parameters.stop_after_first_solution = True
    return limited.solve(solver, model)


def _solve_with(
    cm: CpSatModel, assumptions: list, params: CpSatParams, deadline: float
) -> tuple[cp_model.CpSolverStatus, list[int]]:
    left = deadline - params.now()
    if left <= 0.05:
        return cp_model.UNKNOWN, []
    cm.model.clear_assumptions()
    cm.model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    core_params = params.for_core(left)
    core_params.apply(solver)
    solver.parameters.stop_after_first_solution = True
    status = core_params.solve(solver, cm.model)
    core: list[int] = []
    if status == cp_model.INFEASIBLE:
        core = list(solver.sufficient_assumptions_for_infeasibility())
    return status, core


# --------------------------------------------------------------------------- words


def _weeks(problem: Problem, mask: np.ndarray) -> tuple[int, int] | None:
    slots = np.flatnonzero(mask)
    if not len(slots):
        return None
    cal = problem.calendar
    return cal.week_of(int(slots.min())) + 1, cal.week_of(int(slots.max())) + 1


def _span(weeks: tuple[int, int] | None) -> Text:
    if weeks is None:
        return say("core_no_week")
    a, b = weeks
    return say("core_week", a=a) if a == b else say("core_weeks", a=a, b=b)


def _names(items: list[Text], limit: int | None = None) -> Text:
    """``a, b and c`` (:func:`solver.words.names.label` with ``bare``: an id without a name
    is bare in English, quoted in Chinese ('a'、'b'和'c') so redaction finds it); with a
    ``limit``, the first few (:func:`solver.words.names.how_many`: names make long
    lists) and how many more."""
    n = len(items) if limit is None else names.how_many(items, limit)
    if n < len(items):
        return say("ids_more", ids=join(items[:n], "list"), n=len(items) - n)
    if len(items) == 1:
        return items[0]
    return say("core_names", first=join(items[:-1], "list"), last=items[-1])


#: How many resources, cohorts, instructors or sites a list names before it counts the rest
LISTED = 4


def _requests(reqs: Sequence[CRequest]) -> Text:
    """Requests by title, every one of them: they are what the planner relaxes."""
    return _names([names.request(r, bare=True) for r in reqs])


def _resources(problem: Problem, ks: list[int]) -> Text:
    return _names([names.resource(problem, k, bare=True) for k in ks], LISTED)


def _cohorts(problem: Problem, cs: list[int]) -> Text:
    return _names([names.cohort(problem, c, bare=True) for c in cs], LISTED)


def _instructors(problem: Problem, ts: list[int]) -> Text:
    return _names([names.instructor(problem, i, bare=True) for i in ts], LISTED)


def _sites(problem: Problem, ss: list[int]) -> Text:
    return _names([names.site(problem, x, bare=True) for x in ss], LISTED)


_PATTERN_WORDS = {"weekly": "core_weekly", "block": "core_block"}


def _need(req: CRequest) -> Text:
    if isinstance(req, CInternship):
        return say("core_need_internship", weeks=req.weeks, headcount=req.headcount)
    pattern = (
        EMPTY
        if req.pattern == "free"
        else say("paren", x=say(_PATTERN_WORDS.get(req.pattern, "core_pattern"), p=req.pattern))
    )
    return say("core_need", n=req.n_sessions, d=req.duration, pattern=pattern)


def describe(problem: Problem, core: list[int]) -> Conflict:
    """Items and a sentence (English, and the others by language) for one conflicting set
    of required requests."""
    items, text = _describe(problem, core)
    return items, text.en, text.others()


def _describe(problem: Problem, core: list[int]) -> tuple[list[str], Text]:
    reqs = [problem.requests[r] for r in core]
    items = [f"requests[{r}]" for r in core]
    if len(reqs) == 1:
        return items + _candidate_items(reqs[0]), _alone(problem, reqs[0])
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
        parts.append(say("core_after", names=_requests(ordered)))
    rooms = [k for k in shared_res if _session_resource(problem, reqs, k, shareable=False)]
    if rooms:
        parts.append(_rooms_clause(problem, reqs, rooms))
    bases = [k for k in shared_res if _session_resource(problem, reqs, k, shareable=True)]
    if bases:
        parts.append(_bases_clause(problem, reqs, bases))
    posts = [k for k in shared_res if k not in rooms and k not in bases]
    if posts:
        parts.append(_posts_clause(problem, reqs, posts))
    sess = [r for r in reqs if isinstance(r, CSessionRequest)]
    if shared_coh:
        shared = _cohorts(problem, shared_coh)
        if len(shared_coh) == 1:
            # named: not every request of the set need take it (a spec audit's chain of
            # three, two of one cohort, read "they all take cohort a1")
            takers = [r for r in reqs if shared_coh[0] in r.cohorts]
            need = sum(r.n_sessions * r.duration for r in sess if shared_coh[0] in r.cohorts)
            both = "both" if len(takers) == 2 else "all"
            who = _requests(takers)
            parts.append(say("core_cohort", ids=who, both=both, names=shared, need=need))
        else:
            parts.append(say("core_cohorts", names=shared))
        for r in reqs:
            if isinstance(r, CInternship) and set(r.cohorts) & set(shared_coh):
                who = _cohorts(problem, [c for c in r.cohorts if c in shared_coh])
                parts.append(say("core_intern_takes", id=_requests([r]), names=who, weeks=r.weeks))
    if shared_t:
        parts.append(say("core_instructors", names=_instructors(problem, shared_t)))
        for i in shared_t:
            most = problem.instructors[i].max_slots_per_week
            if most is not None:
                who = _instructors(problem, [i])
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
    return items, say("core", names=_requests(reqs), parts=join(parts, "clause"))


def _session_resource(problem: Problem, reqs: list, k: int, shareable: bool) -> bool:
    """Whether ``k`` is a resource of that kind (shareable or one session at a time)
    some of the session requests may use."""
    return problem.resources[k].shareable == shareable and any(
        isinstance(r, CSessionRequest) and k in r.resources for r in reqs
    )


@dataclass(frozen=True, slots=True)
class _Pool:
    """The session requests that may use a pool of resources the core shares."""

    users: list[CSessionRequest]
    only: bool  # every user's candidates lie inside the pool
    usable: list[np.ndarray]  # per resource, the slots its users could cover there


def _pool(problem: Problem, reqs: list, pool: list[int]) -> _Pool:
    users = [r for r in reqs if isinstance(r, CSessionRequest) and set(pool) & set(r.resources)]
    only = all(set(int(k) for k in r.resources) <= set(pool) for r in users)
    return _Pool(users, only, [_usable_slots(problem, users, k) for k in pool])


def _rooms_clause(problem: Problem, reqs: list, rooms: list[int]) -> Text:
    """The exclusive resources the requests share, as one pool: whether they can only
    use them or compete for them, and the slots they offer when those are too few (a
    clause per lab read "both need l0", "both need l1", ... where any would do, with
    numbers that showed no shortage)."""
    pool = _pool(problem, reqs, rooms)
    users = pool.users
    ids = _requests(users)
    free = sum(int(u.sum()) for u in pool.usable)
    need = sum(r.n_sessions * r.duration for r in users)
    weeks = _weeks(problem, np.logical_or.reduce(pool.usable))
    res = _resources(problem, rooms)
    key = ("core_resource" if pool.only else "core_compete") + ("" if len(rooms) == 1 else "s")
    both = "both" if len(users) == 2 else "all"
    clause = say(key, ids=ids, both=both, res=res, span=_span(weeks),
                 kind=say("core_exclusive_room"))  # fmt: skip
    if need > free:
        clause += say("core_slots", free=free, need=need)
    return clause


def _pattern_item(problem: Problem, req: CSessionRequest) -> Text | None:
    """What binds a request beyond its sessions' count: its pattern, weekly cap, days
    apart, or a cohort no single resource holds."""
    rid = _requests([req])
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
        units = _cohorts(problem, list(proof.units))
    elif proof.what in ("resources", "shared"):
        units = _resources(problem, list(proof.units))
    else:
        units = _instructors(problem, list(proof.units))
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
        span=_span(_weeks(problem, proof.slots)),
        room=proof.room,
        need=proof.need,
        **facts,
    )
    text = say("core", names=_requests([problem.requests[r] for r in proof.requests]), parts=clause)
    return items, text.en, text.others()


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
    where = _sites(problem, sorted(set().union(*sites)))
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
    where = _sites(problem, sites)
    if not np.isfinite(far):
        return say("core_split_no_path", id=_requests([req]), sites=where)
    return say("core_split_sites", id=_requests([req]), sites=where, minutes=minutes_text(far))


def _candidate_items(req: CRequest) -> list[str]:
    """What a request that cannot hold on its own may use: its candidate resources (or
    posts) and, when it needs one, its candidate instructors (whose availability the
    sentence names too)."""
    pool = req.resources if isinstance(req, CSessionRequest) else req.posts
    items = [f"resources[{int(k)}]" for k in pool.tolist()]
    if isinstance(req, CSessionRequest) and req.needs_instructor:
        items += [f"instructors[{int(i)}]" for i in req.instructors.tolist()]
    return items


def _posts_clause(problem: Problem, reqs: list, posts: list[int]) -> Text:
    """The internship posts the internships share, as one pool: its places a week, the
    interns and weeks each brings, and the weeks they may use (one clause per post said
    that each internship 'needs' a post it could do without, and never gave the weeks,
    where a week more of window was the fix; a planner audit)."""
    users = [r for r in reqs if isinstance(r, CInternship) and set(posts) & set(r.posts)]
    only = all(set(int(k) for k in r.posts) <= set(posts) for r in users)
    weeks = np.zeros(problem.calendar.n_weeks, dtype=bool)
    for r in users:
        for w in np.flatnonzero(r.first_weeks):
            weeks[w : w + r.weeks] = True
    used = np.flatnonzero(weeks)
    span = _span((int(used[0]) + 1, int(used[-1]) + 1) if len(used) else None)
    return say(
        "core_posts",
        ids=_requests(users),
        both="both" if len(users) == 2 else "all",
        verb=say("core_only_use" if only else "core_compete_for"),
        res=_resources(problem, posts),
        capacity=" + ".join(str(problem.resources[k].capacity) for k in posts),
        sizes=_numbers([r.headcount for r in users]),
        weeks=_numbers([r.weeks for r in users]),
        span=span,
    )


def _numbers(values: list[int]) -> Text:
    """``24, 16 and 8`` (each language's 'and')."""
    texts = [Text(str(v), str(v)) for v in values]
    if len(texts) == 1:
        return texts[0]
    return say("core_names", first=join(texts[:-1], "list"), last=texts[-1])


def _bases_clause(problem: Problem, reqs: list, bases: list[int]) -> Text:
    """The shareable resources the requests share, as one pool like the rooms: their
    places at once and the people each session brings, not slot counts (several
    sessions fit at once; a clause per base named three bases where the cause was the
    cohorts)."""
    pool = _pool(problem, reqs, bases)
    places = [problem.resources[k].capacity + problem.resources[k].overflow for k in bases]
    return say(
        "core_bases",
        ids=_requests(pool.users),
        both="both" if len(pool.users) == 2 else "all",
        verb=say("core_only_use" if pool.only else "core_compete_for"),
        res=_resources(problem, bases),
        span=_span(_weeks(problem, np.logical_or.reduce(pool.usable))),
        capacity=_numbers(places),
        sizes=_numbers([r.headcount for r in pool.users]),
    )


def _usable_slots(problem: Problem, sess: list[CSessionRequest], k: int) -> np.ndarray:
    """bool (n_slots,): slots of resource ``k`` some session of ``sess`` could cover there.

    A session starting at ``t`` covers ``t .. t + duration - 1``; its starts on ``k`` already
    carry the window, the cohorts' and the resource's availability, so this counts the
    slots the conflict is really about, not every open slot of the weeks.
    """
    usable = np.zeros(problem.calendar.n_slots, dtype=bool)
    for r in sess:
        pos = np.flatnonzero(r.resources == k)
        if not len(pos):
            continue
        usable |= occupancy(r.resource_starts[int(pos[0])], r.duration)
    return usable & problem.resources[k].available.astype(bool)


def _alone(problem: Problem, req: CRequest) -> Text:
    if isinstance(req, CInternship):
        if not len(req.posts):
            return say("alone_no_post", id=_requests([req]))
        if not req.first_weeks.any():
            return say("alone_no_run", id=_requests([req]), weeks=req.weeks)
        cap = sum(
            problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
            for k in req.posts
        )
        posts = _resources(problem, req.posts.tolist())
        return say("alone_posts", id=_requests([req]), need=_need(req), posts=posts, cap=cap)
    if not len(req.resources):
        return say("alone_no_resource", id=_requests([req]))
    if req.needs_instructor and not len(req.instructors):
        return say("alone_no_instructor", id=_requests([req]))
    union = np.asarray(req.resource_starts.any(axis=0))
    if not union.any():
        return say("alone_no_start", id=_requests([req]))
    n_starts = int(union.sum())
    days = len(np.unique(np.flatnonzero(union) // problem.calendar.slots_per_day))
    return say(
        "alone_too_few",
        id=_requests([req]),
        need=_need(req),
        span=_span(_weeks(problem, union)),
        resources=_resources(problem, req.resources.tolist()),
        starts=n_starts,
        days=days,
        instructors=_instructors_clause(problem, req, union, n_starts),
        split=_split_clause(problem, req),
    )


def _instructors_clause(
    problem: Problem, req: CSessionRequest, union: np.ndarray, n_starts: int
) -> Text:
    """What the candidate instructors leave of those starts: how many of them one is
    available for, and the weekly limits below what the request asks (a block of
    4-slot days against a teacher's 12 slots a week read as 'availability, weekly load
    or travel'; a planner audit)."""
    if not req.needs_instructor:
        return EMPTY
    taught = np.zeros_like(union)
    for i in req.instructors:
        free = problem.instructors[int(i)].available
        spans = np.lib.stride_tricks.sliding_window_view(free, req.duration).all(axis=1)
        taught[: spans.size] |= spans
    n_taught = int((union & taught).sum())
    asked = req.n_sessions * req.duration
    limits = [
        say("alone_limit", name=_instructors(problem, [i]), most=t.max_slots_per_week)
        for i, t in ((int(i), problem.instructors[int(i)]) for i in req.instructors)
        if t.max_slots_per_week is not None and t.max_slots_per_week < asked
    ]
    if n_taught == n_starts and not limits:
        return say("alone_instructors")
    who = _instructors(problem, req.instructors.tolist())
    available = say("alone_taught", names=who, n=n_taught) if n_taught < n_starts else EMPTY
    return say(
        "alone_instructor_facts",
        available=available,
        limits=say("alone_limits", items=join(limits, "list")) if limits else EMPTY,
    )


def _split_clause(problem: Problem, req: CSessionRequest) -> Text:
    """Why few start times may still be too few: a split cohort larger than any one of
    its resources needs several free at once (a spec audit's request of 9 whose only
    resource with two slots in a row held 8 read as if its 24 starts were the cause)."""
    if not req.split:
        return EMPTY
    most = max(
        problem.resources[int(k)].capacity + problem.resources[int(k)].overflow
        for k in req.resources
    )
    if req.headcount <= most:
        return EMPTY
    return say("alone_split", people=req.headcount, most=most)


def infeasible_unmet(problem: Problem, core: list[int]) -> list[UnmetAssignment]:
    """Nothing is scheduled: every request is unmet with reason ``infeasible``."""
    out = []
    in_core = set(core)
    for r, req in enumerate(problem.requests):
        missing = req.n_sessions if isinstance(req, CSessionRequest) else req.headcount
        if missing <= 0:
            continue
        text = say("in_core" if r in in_core else "outside_core")
        out.append(UnmetAssignment(r, missing, "infeasible", text.en, text.others()))
    return out
