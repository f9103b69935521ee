"""What makes a scenario rich: joint sessions, instructors, chains, preferences.

Run after the demand is fixed: joint requests of two colleges' students (often with
company staff) in a public training base; instructors sized to the teaching asked for
and attached where a qualified one can come; ``after`` chains through each cohort's
courses into its internship; priorities, preferences and candidate filters, each kept
only when every session still fits.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.catalog import SAFETY
from scheduler.generator.drafts import DInstructor, DRequest
from scheduler.generator.placing import Placing
from scheduler.generator.staff import Staff
from scheduler.generator.term import WEEKS
from scheduler.generator.world import pick

#: Share of requests that want an instructor, per time class: most practice is supervised.
INSTRUCTED = {"day": 0.65, "off": 0.8}
#: Priority 1 (nice to have) .. 5 (essential) drawn with these weights.
PRIORITY_WEIGHTS = [0.15, 0.25, 0.3, 0.2, 0.1]


class Extras(Placing):
    """The enrichment steps of a generation run (a mixin of ``Builder``): joint requests,
    instructors, ``after`` chains, priorities and preferences.
    """

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

    def staff(self) -> list[DInstructor]:
        """Create the instructors and attach them: every joint request and most others want
        one, and get ``instructor_skills`` only when qualified ones are free for every session.
        """
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
                    if r.resources is not None:  # an explicit list names no unusable room
                        ids = {self.pool.res[k].id for k in safe}
                        r.resources = [x for x in r.resources if x in ids]
            cands, _ = self.info[r.id]
            if rng.random() < 0.25:
                prefer: dict = {"weight": int(pick(rng, [1, 2, 3]))}
                nearby = [self.pool.res[k].id for k in cands if self.pool.site[k] in home]
                if nearby and len(nearby) < len(cands):
                    prefer["resources"] = nearby
                if r.klass == "day" and (rng.random() < 0.5 or "resources" not in prefer):
                    prefer["windows"] = (
                        [{"slots": [1, 2]}] if rng.random() < 0.6 else [{"days": [1, 2, 3]}]
                    )
                if len(prefer) > 1:
                    r.prefer = prefer


def _first_week(r: DRequest) -> int:
    return int(r.window[0].get("weeks", [1])[0]) if r.window else 1
