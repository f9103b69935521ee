"""The generator's steps, in order: world, wishes, rooms, trimming, repair, staff, extras.

``Builder(spec, seed).run()`` is pure and deterministic: all randomness comes from one
``numpy.random.Generator`` seeded with ``seed``, consumed in a fixed order.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.catalog import SAFETY
from scheduler.generator.curriculum import INTERNSHIP_FROM, Curriculum
from scheduler.generator.drafts import (
    DCohort,
    DInstitution,
    DInstructor,
    DRequest,
    DResource,
    DSite,
    to_scenario,
)
from scheduler.generator.pool import Pool
from scheduler.generator.reserve import Book, Witness
from scheduler.generator.rooms import POST_WEEKS, Rooms
from scheduler.generator.staff import Staff
from scheduler.generator.term import WEEKS, Term
from scheduler.generator.tiers import TierSpec
from scheduler.generator.world import make_cohorts, make_institutions, make_sites, pick
from scheduler.models import Scenario

log = logging.getLogger(__name__)

#: Share of wanted instructors per time class: most practice is supervised.
INSTRUCTED = {"day": 0.65, "off": 0.8}
#: Priority 1 (nice to have) .. 5 (essential) drawn with these weights.
PRIORITY_WEIGHTS = [0.15, 0.25, 0.3, 0.2, 0.1]
#: A cohort books at most this share of its available slots.
MAX_LOAD = 0.4


class Builder:
    def __init__(self, spec: TierSpec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.term = Term()

    # ------------------------------------------------------------------ orchestration

    def run(self) -> Scenario:
        spec, rng = self.spec, self.rng
        majors = sorted(
            rng.choice(sorted(catalog.MAJORS), size=spec.majors, replace=False).tolist()
        )
        campuses, parks, remote, travel = make_sites(spec, rng)
        self.sites: list[DSite] = [*campuses, *parks, remote]
        self.institutions: list[DInstitution] = make_institutions(
            spec, rng, majors, campuses, parks, remote
        )
        self.inst = {i.id: i for i in self.institutions}
        self.cohorts: list[DCohort] = make_cohorts(spec, rng, self.institutions)
        self.cohort = {c.id: c for c in self.cohorts}
        self.curriculum = Curriculum(rng, self.institutions)
        wish = self.curriculum.wish_list(self.cohorts, spec.sessions, intern_share=0.3)
        rooms = Rooms(spec, rng, self.term, self.institutions, self.cohorts)
        self.resources: list[DResource] = rooms.build(wish)
        self.rooms = rooms
        self.pool = Pool(self.term, self.resources, [i.id for i in self.institutions])
        target, _ = rooms.targets(wish)
        requests = self.trim(wish, target)
        self.info: dict[str, tuple[list[int], np.ndarray]] = {}
        requests = [r for r in requests if self.settle(r)]
        requests += self.joint_requests()
        self.requests = requests
        self.calibrate()
        self.instructors: list[DInstructor] = self.staff()
        self.chain()
        self.decorate()
        self.require()
        self.requests.sort(key=lambda r: r.id)
        return to_scenario(
            name=f"generated-{spec.name.lower()}-seed{self.seed}",
            sites=self.sites,
            travel=travel,
            institutions=self.institutions,
            resources=self.resources,
            instructors=self.instructors,
            cohorts=self.cohorts,
            requests=self.requests,
            weights={"min_days": 10},
        )

    # ------------------------------------------------------------------ trimming

    def budgets(self, target: dict[tuple[str, str], float]) -> tuple[dict, dict]:
        """Room-slots per (feature, class) and intern person-weeks per feature the
        built resources can carry at the target ratio."""
        ratio = self.spec.ratio
        budget: dict[tuple[str, str], float] = defaultdict(float)
        interns: dict[str, float] = defaultdict(float)
        post_weeks = np.zeros(WEEKS, dtype=bool)
        post_weeks[POST_WEEKS[0] - 1 : POST_WEEKS[1]] = True
        for k, r in enumerate(self.resources):
            if r.kind == "internship_post":
                weeks = (self.pool.week_ok(k) & post_weeks).sum()
                for f in r.features[:1]:
                    interns[f] += ratio * r.capacity * weeks
                continue
            for klass in ("day", "off"):
                supply = self.rooms.supply(r, klass)
                if not r.shareable:
                    budget[(r.primary or r.features[0], klass)] += ratio * supply
                    continue
                mine = {f: target.get((f, klass), 0.0) for f in r.features}
                total = sum(mine.values())
                for f, v in mine.items():
                    if total > 0:
                        budget[(f, klass)] += ratio * supply * v / total
        return budget, interns

    def trim(self, wish: list[DRequest], target: dict) -> list[DRequest]:
        """Keep wishes while their (feature, class) budget lasts; then top budgets up."""
        rng = self.rng
        budget, interns = self.budgets(target)
        load: dict[str, float] = defaultdict(float)
        kept: list[DRequest] = []
        interning: set[str] = set()
        for i in rng.permutation(len(wish)):
            r = wish[int(i)]
            if r.internship:
                cost = r.headcount * r.weeks
                if interns[r.feature] >= 0.5 * cost:
                    interns[r.feature] -= cost
                    kept.append(r)
                    interning.add(r.cohorts[0])
                continue
            key = (r.feature, r.klass)
            cost = r.units(self.parts_estimate(r))
            if budget[key] < 2 * r.duration:
                continue
            if budget[key] < cost:
                r.sessions = max(2, int(budget[key] // (r.duration * self.parts_estimate(r))))
                if r.pattern == "block":
                    r.sessions = min(r.sessions, 5)
                cost = r.units(self.parts_estimate(r))
            budget[key] -= cost
            load[r.cohorts[0]] += r.units()
            kept.append(r)
        # Courses of interning cohorts must end before the internship weeks.
        for r in kept:
            if not r.internship and r.cohorts[0] in interning and r.window:
                lo, hi = r.window[0]["weeks"]
                if hi >= INTERNSHIP_FROM:
                    r.window = [{"weeks": [min(lo, INTERNSHIP_FROM - 6), INTERNSHIP_FROM - 1]}]
        kept += self.top_up(budget, load, interning)
        return kept

    def parts_estimate(self, r: DRequest) -> int:
        """Rooms a session of ``r`` will likely need: 2 when its trade has no room for all."""
        if not hasattr(self, "_biggest"):
            self._biggest: dict[str, int] = defaultdict(int)
            for res in self.resources:
                if res.primary and res.kind != "internship_post":
                    self._biggest[res.primary] = max(self._biggest[res.primary], res.room)
        biggest = self._biggest.get(r.feature, 0)
        return 1 if not biggest or biggest >= r.headcount else 2

    def top_up(self, budget: dict, load: dict[str, float], interning: set[str]) -> list[DRequest]:
        """Extra practice courses where a trade's budget is left, to reach the ratio."""
        rng = self.rng
        out: list[DRequest] = []
        trades = {c.id: set(self.curriculum.features_of(c)) for c in self.cohorts}
        for key in sorted(budget):
            f, klass = key
            takers = [
                c
                for c in self.cohorts
                if (c.klass == "day") == (klass == "day") and f in trades[c.id]
            ]
            tries = 0
            while takers and budget[key] > 6 and tries < 4 * len(takers):
                tries += 1
                c = takers[int(rng.integers(len(takers)))]
                cap = MAX_LOAD * float(self.term.mask(c.available).sum())
                if load[c.id] > cap:
                    continue
                end = INTERNSHIP_FROM - 1 if c.id in interning else WEEKS
                r = self.curriculum.extra_course(c, f, end)
                cost = r.units(self.parts_estimate(r))
                if cost > budget[key]:
                    r.sessions = max(2, int(budget[key] // (r.duration * self.parts_estimate(r))))
                    cost = r.units(self.parts_estimate(r))
                budget[key] -= cost
                load[c.id] += r.units()
                out.append(r)
        return out

    # ------------------------------------------------------------------ calibration

    def measure(self) -> tuple[float, float, dict[tuple[str, str], float]]:
        """(demand, supply, supply per (primary feature, class)) in room-slots, read as
        :mod:`scheduler.generator.capacity` reads the finished scenario."""
        pool, term = self.pool, self.term
        n_slots = term.cal.n_slots
        own = np.zeros((pool.n, n_slots), dtype=bool)
        guest = np.zeros((pool.n, n_slots), dtype=bool)
        heads: list[list[int]] = [[] for _ in range(pool.n)]
        # many requests share a mask: OR each distinct mask into a resource once
        masks: dict[tuple, np.ndarray] = {}
        users: dict[tuple[int, bool], set[tuple]] = defaultdict(set)
        demand = 0.0
        for r in self.requests:
            if r.internship:
                continue
            cands, _ = self.info[r.id]
            demand += r.units(self.parts(r))
            key = (
                repr(r.window),
                *sorted(self.cohort[c].klass + repr(self.cohort[c].available) for c in r.cohorts),
            )
            if key not in masks:
                masks[key] = self.base_mask(r)
            insts = self.institutions_of(r)
            for k in cands:
                users[(k, pool.guest(k, insts))].add(key)
                heads[k].append(r.headcount)
        for (k, is_guest), keys in users.items():
            target = guest if is_guest else own
            for key in keys:
                target[k] |= masks[key]
        supply = 0.0
        by_key: dict[tuple[str, str], float] = defaultdict(float)
        for k, res in enumerate(self.resources):
            if res.kind == "internship_post":
                continue
            usable = own[k] | guest[k]
            if pool.owner_only[k] is not None:
                usable = own[k] | (guest[k] & ~pool.owner_only[k])
            usable &= pool.avail[k]
            rooms = 1.0
            if res.shareable and heads[k]:
                rooms = max(1.0, res.capacity / float(np.mean(heads[k])))
            supply += float(usable.sum()) * rooms
            for klass, cls in (("day", term.day), ("off", term.off)):
                for f in [res.primary] if res.primary else res.features:
                    share = 1.0 if res.primary else 1.0 / len(res.features)
                    by_key[(f, klass)] += float((usable & cls).sum()) * rooms * share
        return demand, supply, by_key

    def calibrate(self) -> None:
        """Close the gap between measured and target ratio with extra courses (or cuts)."""
        rng = self.rng
        target = self.spec.ratio
        interning = {r.cohorts[0] for r in self.requests if r.internship}
        for _ in range(4):
            demand, supply, by_key = self.measure()
            gap = target * supply - demand
            if abs(gap) < 0.01 * supply:
                return
            if gap < 0:
                self.cut(-gap)
                continue
            load: dict[str, float] = defaultdict(float)
            for r in self.requests:
                if not r.internship:
                    for c in r.cohorts:
                        load[c] += r.units()
            total = sum(by_key.values())
            budget = {key: gap * v / total for key, v in by_key.items() if v > 0}
            extra = [r for r in self.top_up(budget, load, interning) if self.settle(r)]
            if not extra:
                return
            self.requests += extra
            rng.shuffle(self.requests)

    def cut(self, excess: float) -> None:
        """Drop sessions of random plain requests until ``excess`` room-slots are gone."""
        rng = self.rng
        for i in rng.permutation(len(self.requests)):
            r = self.requests[int(i)]
            if excess <= 0:
                return
            if r.internship or len(r.cohorts) > 1 or r.sessions <= 2:
                continue
            per = r.duration * self.parts(r)
            drop = min(r.sessions - 2, math.ceil(excess / per))
            r.sessions -= drop
            r.min_days = min(r.min_days, r.sessions)
            excess -= drop * per

    # ------------------------------------------------------------------ repair

    def institutions_of(self, r: DRequest) -> set[str]:
        return {self.cohort[c].institution for c in r.cohorts}

    def base_mask(self, r: DRequest) -> np.ndarray:
        m = self.term.mask(r.window)
        for c in r.cohorts:
            m = m & self.term.mask(self.cohort[c].available)
        return m

    def settle(self, r: DRequest) -> bool:
        """Make ``r`` placeable (split, fewer sessions, another pattern) or drop it (False).

        Records the candidate resources and the union of their start slots in ``info``.
        """
        insts = self.institutions_of(r)
        pool = self.pool
        ok = pool.candidates(r.needs, r.resource_kinds, r.resources, insts, r.internship)
        if r.internship:
            return self.settle_internship(r, ok)
        if not r.split and len(r.cohorts) == 1 and self.rng.random() < 0.08:
            # sub-groups in smaller rooms as an option, where there are smaller rooms
            r.split = bool((ok & (pool.room < r.headcount)).any())
        if not r.split:
            fit = ok & (pool.room >= r.headcount)
            if not fit.any():
                if not ok.any() or pool.room[ok].sum() < r.headcount:
                    return False
                r.split = True
                fit = ok
        else:
            fit = ok
        starts_req = self.term.span(self.base_mask(r), r.duration)
        cands, union = [], np.zeros_like(starts_req)
        for k in np.flatnonzero(fit):
            s = starts_req & pool.span(int(k), pool.guest(int(k), insts), r.duration)
            if s.any():
                cands.append(int(k))
                union |= s
        if not cands:
            return False
        if r.split and pool.room[cands].sum() < r.headcount:
            return False
        cap = self.term.pattern_capacity(
            r.pattern, union, r.duration, r.max_per_week, r.min_days_apart
        )
        if cap < r.sessions:
            if cap >= 2:
                r.sessions = cap
            else:
                r.pattern = "free"
                r.max_per_week = None
                r.min_days_apart = 0
                cap = self.term.pattern_capacity("free", union, r.duration, None, 0)
                if cap < 1:
                    return False
                r.sessions = min(r.sessions, cap)
        r.min_days = min(r.min_days, r.sessions)
        self.info[r.id] = (cands, union)
        return True

    def settle_internship(self, r: DRequest, ok: np.ndarray) -> bool:
        posts = [int(k) for k in np.flatnonzero(ok)]
        in_window = self.term.weeks_mask(r.window)
        weeks = {k: self.pool.week_ok(k) for k in posts}
        first = np.zeros(WEEKS, dtype=bool)
        for w in range(WEEKS - r.weeks + 1):
            if in_window[w : w + r.weeks].all():
                places = sum(
                    int(self.pool.room[k]) for k in posts if weeks[k][w : w + r.weeks].all()
                )
                first[w] = places >= r.headcount
        if not first.any():
            return False
        self.info[r.id] = (posts, first)
        return True

    # ------------------------------------------------------------------ joint sessions

    def joint_requests(self) -> list[DRequest]:
        """Sessions that students of two colleges attend together, often with company staff."""
        rng = self.rng
        bases = [r for r in self.resources if r.shareable]
        students = [c for c in self.cohorts if c.kind == "students"]
        release = [c for c in self.cohorts if c.klass == "release"]
        out: list[DRequest] = []
        for _ in range(self.spec.joint * 3):
            if len(out) >= self.spec.joint or not bases:
                break
            base = pick(rng, bases)
            f = pick(rng, base.features)
            fits = [c for c in students if f == SAFETY or f in self.curriculum.features_of(c)]
            if len(fits) < 2:
                continue
            a = pick(rng, fits)
            others = [c for c in fits if c.institution != a.institution]
            if not others:
                continue
            b = pick(rng, others)
            group = [a, b]
            with_staff = any(len(r.cohorts) > 2 for r in out)
            if release and (rng.random() < 0.6 or not with_staff):
                group.append(pick(rng, release))
            if sum(c.size for c in group) > base.capacity:
                continue
            lo = int(rng.integers(2, 9))
            window: dict = {"weeks": [lo, lo + 7]}
            if len(group) == 3:
                window |= {"days": [5], "slots": [3, 4]}
            title = (
                "安全生产与特种作业培训 joint safety certification"
                if f == SAFETY
                else f"联合实训 joint training: {catalog.FEATURES[f].name.split(' ', 1)[1]}"
            )
            r = DRequest(
                id=self.curriculum.new_id(),
                cohorts=[c.id for c in group],
                title=title,
                feature=f,
                klass="day",
                sessions=int(rng.integers(2, 5)),
                duration=2,
                needs=[f],
                resource_kinds=["training_base"],
                window=[window],
                pattern="weekly",
                headcount=sum(c.size for c in group),
            )
            if self.settle(r):
                out.append(r)
        return out

    # ------------------------------------------------------------------ instructors

    def staff(self) -> list[DInstructor]:
        rng = self.rng
        wanted: list[tuple[DRequest, int]] = []
        want: dict[str, bool] = {}
        for r in self.requests:
            if r.internship:
                continue
            w = len(r.cohorts) > 1 or rng.random() < INSTRUCTED[r.klass]
            want[r.id] = w
            if w:
                wanted.append((r, self.parts(r)))
        instructors = Staff(rng, self.term, self.institutions, self.cohorts).build(wanted)
        spans: dict[tuple[int, int], np.ndarray] = {}

        def span(i: int, d: int) -> np.ndarray:
            if (i, d) not in spans:
                spans[(i, d)] = self.term.span_of(instructors[i].available, d)
            return spans[(i, d)]

        stacks: dict[tuple[str, int], np.ndarray] = {}

        def usable_of(skill: str, d: int, union: np.ndarray) -> list[int]:
            """Qualified instructors free at some start of ``union``."""
            ids = by_skill.get(skill, [])
            if not ids:
                return []
            if (skill, d) not in stacks:
                stacks[(skill, d)] = np.array([span(i, d) for i in ids])
            hit = (stacks[(skill, d)] & union).any(axis=1)
            return [i for i, ok in zip(ids, hit, strict=True) if ok]

        by_skill: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(instructors):
            for skill in t.skills:
                by_skill[skill].append(i)
        for r in self.requests:
            if not want.get(r.id):
                continue
            cands, union = self.info[r.id]
            usable = usable_of(r.feature, r.duration, union)
            if len(usable) < self.parts(r):
                continue
            free = np.zeros_like(union)
            for i in usable:
                free |= span(i, r.duration)
            both = union & free
            cap = self.term.pattern_capacity(
                r.pattern, both, r.duration, r.max_per_week, r.min_days_apart
            )
            if cap < r.sessions:
                continue
            r.instructor_skills = [r.feature]
            self.info[r.id] = (cands, both)
            if len(usable) >= 3 and rng.random() < 0.06:
                # a named short list: the college wants its own teachers
                own = [i for i in usable if instructors[i].institution in self.institutions_of(r)]
                chosen = (own or usable)[:3]
                free = np.zeros_like(union)
                for i in chosen:
                    free |= span(i, r.duration)
                if self.term.pattern_capacity(
                    r.pattern, union & free, r.duration, r.max_per_week, r.min_days_apart
                ) >= r.sessions and len(chosen) >= self.parts(r):
                    r.instructors = sorted(instructors[i].id for i in chosen)
                    self.info[r.id] = (cands, union & free)
        return instructors

    def parts(self, r: DRequest) -> int:
        if not r.split:
            return 1
        cands, _ = self.info[r.id]
        total, n = 0, 0
        for room in sorted((int(self.pool.room[k]) for k in cands), reverse=True):
            total += room
            n += 1
            if total >= r.headcount:
                return n
        return n

    # ------------------------------------------------------------------ after, prefer, ...

    def chain(self) -> None:
        """Each chained cohort's courses follow one another; its internship comes last."""
        by_cohort: dict[str, list[DRequest]] = defaultdict(list)
        for r in self.requests:
            if len(r.cohorts) == 1:
                by_cohort[r.cohorts[0]].append(r)
        for cid, reqs in by_cohort.items():
            if not self.cohort[cid].chained:
                continue
            reqs.sort(key=lambda r: (r.internship, _first_week(r), r.order))
            prev: DRequest | None = None
            for r in reqs:
                if prev is not None and self.precedes(prev, r):
                    r.after = [prev.id]
                prev = r

    def precedes(self, a: DRequest, b: DRequest) -> bool:
        """Whether ``b`` after ``a`` leaves room: ``a`` can end before ``b``'s window ends."""
        wa = a.window[0].get("weeks", [1, WEEKS]) if a.window else [1, WEEKS]
        wb = b.window[0].get("weeks", [1, WEEKS]) if b.window else [1, WEEKS]
        return wa[0] <= wb[0] and wa[0] + 2 <= wb[1]

    def decorate(self) -> None:
        """Priorities, preferences, candidate filters and soft day spreads."""
        rng = self.rng
        for r in self.requests:
            r.priority = int(pick(rng, [1, 2, 3, 4, 5], PRIORITY_WEIGHTS))
            if r.internship:
                r.priority = max(r.priority, 3)
                continue
            cands, _ = self.info[r.id]
            home = {self.inst[self.cohort[c].institution].site for c in r.cohorts}
            u = rng.random()
            if u < 0.06 and len(cands) > 1:
                # an explicit short list: the home rooms and one more
                local = [k for k in cands if self.pool.site[k] in home]
                chosen = sorted(set(local[:2] + [cands[int(rng.integers(len(cands)))]]))
                if self.restrict(r, chosen):
                    r.resources = [self.pool.res[k].id for k in chosen]
            elif u < 0.16:
                kinds = sorted({self.pool.res[k].kind for k in cands})
                if len(kinds) > 1:
                    keep = [kinds[int(rng.integers(len(kinds)))]]
                    chosen = [k for k in cands if self.pool.res[k].kind in keep]
                    if self.restrict(r, chosen):
                        r.resource_kinds = keep
                elif r.pattern == "block" and kinds:
                    r.resource_kinds = sorted(set(kinds) | {"workshop", "training_base"})
            cands, _ = self.info[r.id]
            if rng.random() < 0.2:
                safe = [k for k in cands if SAFETY in self.pool.res[k].features]
                if safe and self.restrict(r, safe):
                    r.needs = [*r.needs, SAFETY]
            cands, _ = self.info[r.id]
            if rng.random() < 0.25:
                prefer: dict = {"weight": int(pick(rng, [1, 2, 3]))}
                local = [self.pool.res[k].id for k in cands if self.pool.site[k] in home]
                if local and len(local) < len(cands):
                    prefer["resources"] = local
                if r.klass == "day" and (rng.random() < 0.5 or "resources" not in prefer):
                    prefer["windows"] = (
                        [{"slots": [1, 2]}] if rng.random() < 0.6 else [{"days": [1, 2, 3]}]
                    )
                if len(prefer) > 1:
                    r.prefer = prefer

    def restrict(self, r: DRequest, chosen: list[int]) -> bool:
        """Whether ``r`` keeps its sessions with only the ``chosen`` candidates."""
        cands, union = self.info[r.id]
        if not chosen:
            return False
        if r.split and sum(int(self.pool.room[k]) for k in chosen) < r.headcount:
            return False
        if not r.split and not any(self.pool.room[k] >= r.headcount for k in chosen):
            return False
        insts = self.institutions_of(r)
        starts = self.term.span(self.base_mask(r), r.duration)
        new = np.zeros_like(union)
        for k in chosen:
            new |= starts & self.pool.span(k, self.pool.guest(k, insts), r.duration)
        new &= union  # keep the instructor restriction already applied
        cap = self.term.pattern_capacity(
            r.pattern, new, r.duration, r.max_per_week, r.min_days_apart
        )
        if cap < r.sessions:
            return False
        self.info[r.id] = (chosen, new)
        return True

    # ------------------------------------------------------------------ required

    def require(self) -> None:
        """Mark a few requests required, each after booking it in a feasibility witness."""
        rng = self.rng
        book = Book(self.term, self.pool, self.instructors)
        self.witness = Witness()
        ins_pos = {t.id: i for i, t in enumerate(self.instructors)}
        goal = max(2, math.ceil(self.spec.required_share * len(self.requests)))
        required: set[str] = set()
        shuffled = [self.requests[int(i)] for i in rng.permutation(len(self.requests))]
        # internships first: they need whole free weeks of a cohort
        order = [r for r in shuffled if r.internship] + [r for r in shuffled if not r.internship]
        internships_done = 0
        successors: dict[str, set[str]] = defaultdict(set)
        for r in self.requests:
            for a in r.after:
                successors[a].add(r.id)
        for r in order:
            if len(required) >= goal:
                break
            if len(r.cohorts) > 1 or r.split or r.after:
                continue  # a required request starts its chain: nothing must precede it
            if required & successors.get(r.id, set()):
                continue  # precedence never links two required requests
            cands, union = self.info[r.id]
            if r.internship:
                if internships_done >= max(1, goal // 10):
                    continue
                placed = book.try_internship(r, cands, union)
                if placed is not None:
                    internships_done += 1
                    self.mark_required(r, required)
                    self.witness.placements[r.id] = placed
                continue
            if r.pattern == "block" or r.priority < 3:
                continue
            insts = self.institutions_of(r)
            starts_req = self.term.span(self.base_mask(r), r.duration)
            starts = {}
            for k in cands:
                if self.pool.room[k] < r.headcount or (
                    self.pool.res[k].shareable and self.pool.capacity[k] < r.headcount
                ):
                    continue
                s = starts_req & self.pool.span(k, self.pool.guest(k, insts), r.duration) & union
                if s.any():
                    starts[k] = s
            teachers = []
            if r.instructor_skills:
                teachers = [
                    ins_pos[t.id]
                    for t in self.instructors
                    if set(r.instructor_skills) <= set(t.skills)
                    and (r.instructors is None or t.id in r.instructors)
                ]
            booked = book.try_sessions(r, starts, teachers)
            if booked is not None:
                self.mark_required(r, required)
                self.witness.sessions[r.id] = booked
        log.debug("required %d of %d requests", len(required), len(self.requests))

    def mark_required(self, r: DRequest, required: set[str]) -> None:
        r.required = True
        r.priority = max(r.priority, 4)
        required.add(r.id)


def _first_week(r: DRequest) -> int:
    return int(r.window[0].get("weeks", [1])[0]) if r.window else 1
