"""The shared resources, sized to the wish list: bases, college rooms, enterprise rooms, posts.

Supply is planned per (feature, time class) in room-slots (see
:mod:`scheduler.generator.capacity`): the target is the wish list's demand, scaled to the
tier's session target, divided by the target ratio. Public training bases take about a
quarter of the daytime supply and half of the evening/Saturday supply of their trades;
the rest is split over dedicated rooms whose weekly availability ("shared with the
consortium on Tuesdays and Thursdays") is chosen to hit the target.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.catalog import SAFETY
from scheduler.generator.drafts import DCohort, DInstitution, DRequest, DResource
from scheduler.generator.term import (
    DAY_SLOTS,
    EVENING,
    SATURDAY,
    WEEKDAYS,
    Term,
)
from scheduler.generator.tiers import TierSpec
from scheduler.generator.world import Consortium, _spread, pick

#: People per "room" of a shareable base when sizing supply (a typical class).
CLASS_SIZE = 30
#: Internships start in these weeks or later (see curriculum.INTERNSHIP_FROM).
POST_WEEKS = (11, 18)

Key = tuple[str, str]  # (feature, time class)


def day_pattern(rng: np.random.Generator, slots: int) -> list[dict]:
    """Weekday daytime availability with about ``slots`` slots a week (2-slot steps)."""
    w = int(np.clip(2 * round(slots / 2), 2, 20))
    if w == 20:
        return [{"days": WEEKDAYS, "slots": DAY_SLOTS}]
    if w == 10 and rng.random() < 0.4:
        return [{"days": WEEKDAYS, "slots": [1, 2] if rng.random() < 0.6 else [3, 4]}]
    full, half = w // 4, (w % 4) // 2
    days = sorted(int(d) + 1 for d in rng.choice(5, size=full + half, replace=False))
    rng.shuffle(days)
    out = []
    if full:
        out.append({"days": sorted(days[:full]), "slots": DAY_SLOTS})
    if half:
        out.append({"days": [days[full]], "slots": [1, 2] if rng.random() < 0.5 else [3, 4]})
    return out


def off_pattern(rng: np.random.Generator, slots: int) -> list[dict]:
    """Evening/Saturday availability with about ``slots`` slots a week."""
    w = int(np.clip(round(slots), 2, 9))
    sat = 4 if w >= 6 else (2 if w >= 4 and rng.random() < 0.5 else 0)
    eve = min(5, w - sat)
    out = []
    if eve:
        days = sorted(int(d) + 1 for d in rng.choice(5, size=eve, replace=False))
        out.append({"days": days, "slots": [EVENING]})
    if sat:
        out.append({"days": [SATURDAY], "slots": DAY_SLOTS[:sat]})
    return out


class Rooms(Consortium):
    """Builds the resources for a wish list, supply sized per (feature, time class) to the
    tier's target ratio (see the module docstring).
    """

    def __init__(
        self,
        spec: TierSpec,
        rng: np.random.Generator,
        term: Term,
        institutions: list[DInstitution],
        cohorts: list[DCohort],
    ) -> None:
        super().__init__(institutions, cohorts)
        self.spec, self.rng, self.term = spec, rng, term
        self.out: list[DResource] = []

    # ------------------------------------------------------------------ targets

    def targets(self, wish: list[DRequest]) -> tuple[dict[Key, float], dict[str, float]]:
        """Room-slots per (feature, class) and intern person-weeks per feature to supply."""
        spec = self.spec
        sessions = sum(r.sessions for r in wish if not r.internship)
        scale = spec.sessions / max(sessions, 1)
        t: dict[Key, float] = defaultdict(float)
        posts: dict[str, float] = defaultdict(float)
        for r in wish:
            if r.internship:
                posts[r.feature] += r.headcount * r.weeks * 0.85 / spec.ratio
            else:
                t[(r.feature, r.klass)] += r.units() * scale / spec.ratio
        return dict(t), dict(posts)

    # ------------------------------------------------------------------ building

    def build(self, wish: list[DRequest]) -> list[DResource]:
        """Every resource for ``wish``: training bases first (a fixed share of the supply), then
        college rooms and company workshops for what is left, then internship posts.
        """
        target, post_target = self.targets(wish)
        residual = dict(target)
        self.bases(target, residual)
        self.college_rooms(wish, residual)
        self.enterprise_rooms(wish, residual)
        self.posts(wish, post_target)
        return self.out

    def supply(self, r: DResource, klass: str) -> float:
        """Room-slots ``r`` offers to guests in a class (owner windows excluded)."""
        avail = self.term.mask(r.available)
        if r.owner_windows is not None:
            avail = avail & ~self.term.mask(r.owner_windows)
        cls = self.term.day if klass == "day" else self.term.off
        rooms = max(1.0, r.capacity / CLASS_SIZE) if r.shareable else 1.0
        return float((avail & cls).sum()) * rooms

    def bases(self, target: dict[Key, float], residual: dict[Key, float]) -> None:
        """The institutes' public training bases: shareable halls taking about a quarter of the
        day and half the off-hours supply of their trades, subtracted from ``residual``.
        """
        spec, rng = self.spec, self.rng
        if not spec.bases or not self.institutes:
            return
        by_feature: dict[str, float] = defaultdict(float)
        for (f, _), v in target.items():
            by_feature[f] += v
        feats = sorted(by_feature, key=lambda f: -by_feature[f])
        # a hall for a few classes in a small consortium, for many in a large one
        lo, hi = (6, 11) if spec.sessions < 1000 else (12, 21)
        caps = [int(10 * rng.integers(lo, hi)) for _ in range(spec.bases)]
        rooms = sum(c / CLASS_SIZE for c in caps)
        day_total = sum(v for (_, k), v in target.items() if k == "day")
        off_total = sum(v for (_, k), v in target.items() if k == "off")
        day_slots = 0.25 * day_total / (rooms * self.term.day_weeks)
        off_slots = 0.5 * off_total / (rooms * self.term.off_weeks)
        for b in range(spec.bases):
            owner = self.institutes[b % len(self.institutes)]
            n = min(len(feats), int(rng.integers(4, 7)))
            top = feats[: max(n + 2, 6)]
            chosen = sorted(rng.choice(len(top), size=min(n, len(top)), replace=False).tolist())
            features = [top[k] for k in chosen] + [SAFETY]
            available = [*day_pattern(rng, day_slots), *off_pattern(rng, off_slots)]
            if not any(5 in w["days"] and 3 in w["slots"] for w in available):
                # joint courses with company staff run on Friday afternoons
                available.append({"days": [5], "slots": [3, 4]})
            base = DResource(
                id=f"{owner.id}-base{b + 1}",
                name=f"{_zh(owner)} 综合实训大厅{b + 1} public training hall {b + 1}",
                kind="training_base",
                owner=owner.id,
                site=owner.site,
                capacity=caps[b],
                features=features,
                shareable=True,
                overflow=int(rng.choice([10, 15, 20])),
                available=available,
            )
            self.out.append(base)
            for klass in ("day", "off"):
                share = self.supply(base, klass)
                mine = {f: target.get((f, klass), 0.0) for f in features}
                total = sum(mine.values())
                for f, v in mine.items():
                    if total > 0 and (f, klass) in residual:
                        residual[(f, klass)] -= share * v / total

    def college_rooms(self, wish: list[DRequest], residual: dict[Key, float]) -> None:
        """Labs and workshops for the daytime supply left in ``residual``, owned in proportion
        to each college's demand; some keep a half day for the owner or open from week 2-4.
        """
        rng = self.rng
        need, counts = _rooms_per_feature(residual, "day", self.spec.college_rooms)
        demand_by_college = self._asked(wish, "day")
        serial: dict[str, int] = defaultdict(int)
        for f, n in counts:
            if n == 0:
                continue
            owners = demand_by_college.get(f) or {c.id: 1.0 for c in self.colleges}
            per_room = need[f] / (n * self.term.day_weeks)
            fk = catalog.FEATURES[f]
            for _ in range(n):
                owner = self.inst[pick(rng, list(owners), list(owners.values()))]
                serial[owner.id] += 1
                slots = per_room * rng.uniform(0.75, 1.25)
                available = day_pattern(rng, slots)
                owner_windows = None
                used = {d for w in available for d in w["days"]}
                spare = [d for d in WEEKDAYS if d not in used]
                if spare and rng.random() < 0.3:
                    # the owner keeps a half day of its own teaching in the room
                    d = int(pick(rng, spare))
                    half = {"days": [d], "slots": [1, 2] if rng.random() < 0.5 else [3, 4]}
                    available = [*available, half]
                    owner_windows = [half]
                if rng.random() < 0.1:
                    lo = int(rng.integers(2, 5))
                    available = [{**w, "weeks": [lo, 18]} for w in available]
                features = [f, *(a for a in fk.also if rng.random() < 0.6)]
                if rng.random() < 0.35:
                    features.append(SAFETY)
                lo_cap, hi_cap = fk.capacity
                self.out.append(
                    DResource(
                        id=f"{owner.id}-{f}-{serial[owner.id]}",
                        name=f"{_zh(owner)} {fk.name}",
                        kind=fk.kind,
                        owner=owner.id,
                        site=owner.site,
                        capacity=int(rng.integers(lo_cap, hi_cap + 1)),
                        features=features,
                        overflow=int(pick(rng, [0, 2, 4], [0.8, 0.12, 0.08])),
                        available=available,
                        owner_windows=owner_windows,
                        open_to=self.open_to(owner),
                        primary=f,
                    )
                )

    def _asked(self, wish: list[DRequest], klass: str) -> dict[str, dict[str, float]]:
        """Room-slots that the ``klass`` session requests ask for, per feature and per
        institution of their (first) cohort: who is likely to own the rooms of a trade."""
        asked: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for r in wish:
            if r.klass == klass and not r.internship:
                asked[r.feature][self.cohort[r.cohorts[0]].institution] += r.units()
        return asked

    def open_to(self, owner: DInstitution) -> list[str] | None:
        """Most rooms are open to all; some to partners only, a few to the owner only."""
        rng = self.rng
        u = rng.random()
        if u < 0.04:
            return []
        if u < 0.2:
            others = [c.id for c in self.colleges if c.id != owner.id]
            near = [c for c in others if self.inst[c].site == owner.site]
            far = [c for c in others if c not in near]
            k = min(len(far), int(rng.integers(1, 4)))
            picked = near + sorted(rng.choice(far, size=k, replace=False).tolist()) if k else near
            if self.enterprises and rng.random() < 0.5:
                picked.append(pick(rng, [e.id for e in self.enterprises]))
            return sorted(set(picked))
        return None

    def enterprise_rooms(self, wish: list[DRequest], residual: dict[Key, float]) -> None:
        """Company workshops for the evening and Saturday supply left in ``residual``, owned by
        the enterprises whose trainees ask for the trade; some admit the owner only.
        """
        rng = self.rng
        need, counts = _rooms_per_feature(residual, "off", self.spec.enterprise_rooms)
        owners_of = self._asked(wish, "off")
        release: set[str] = set()  # enterprises with day-release trainees
        for r in wish:
            c = self.cohort[r.cohorts[0]]
            if r.klass == "off" and not r.internship and c.klass == "release":
                release.add(c.institution)
        serial: dict[str, int] = defaultdict(int)
        for f, n in counts:
            owners = owners_of.get(f)
            if n == 0 or not owners:
                continue
            per_room = need[f] / (n * self.term.off_weeks)
            fk = catalog.FEATURES[f]
            for _ in range(n):
                owner = self.inst[pick(rng, list(owners), list(owners.values()))]
                serial[owner.id] += 1
                available = off_pattern(rng, per_room * rng.uniform(0.8, 1.2))
                if owner.id in release:
                    available.append({"days": [5], "slots": [3, 4]})
                u = rng.random()
                open_to: list[str] | None = None
                if u < 0.3:
                    open_to = []
                elif u < 0.6:
                    others = [e.id for e in self.enterprises if e.id != owner.id]
                    k = min(len(others), 3)
                    open_to = sorted(rng.choice(others, size=k, replace=False).tolist())
                self.out.append(
                    DResource(
                        id=f"{owner.id}-{f}-shop{serial[owner.id]}",
                        name=f"{_zh(owner)} {_zh(fk)} company workshop {serial[owner.id]}",
                        kind="workshop",
                        owner=owner.id,
                        site=owner.site,
                        capacity=int(rng.integers(14, 25)),
                        features=[f, *fk.also],
                        overflow=int(pick(rng, [0, 2], [0.8, 0.2])),
                        available=available,
                        open_to=open_to,
                        primary=f,
                    )
                )

    def posts(self, wish: list[DRequest], target: dict[str, float]) -> None:
        """Enterprise internship posts per trade, sized so that together they carry its target
        intern-weeks and hold its largest interning class; some open only mid-term.
        """
        spec, rng = self.spec, self.rng
        if not target or not spec.posts:
            return
        feats = sorted(target)
        counts = _spread(spec.posts, np.array([target[f] for f in feats]), minimum=1)
        biggest: dict[str, int] = defaultdict(int)
        for r in wish:
            if r.internship:
                biggest[r.feature] = max(biggest[r.feature], r.headcount)
        types = {t.id: t for t in catalog.ENTERPRISE_TYPES}
        serial: dict[str, int] = defaultdict(int)
        weeks = POST_WEEKS[1] - POST_WEEKS[0] + 1
        for f, n in zip(feats, counts, strict=True):
            if n == 0:
                continue
            owners = [
                e for e in self.enterprises if f in types[e.etype or ""].posts
            ] or self.enterprises
            # together the posts of a trade hold its largest interning class
            cap = max(target[f] / (n * weeks), biggest[f] / n + 1)
            for _ in range(n):
                owner = pick(rng, owners)
                serial[owner.id] += 1
                others = [x for x in types[owner.etype or ""].posts if x != f]
                features = [f, *(x for x in others if rng.random() < 0.5)]
                available = None
                if rng.random() < 0.4:  # the company takes interns from mid-term only
                    available = [{"weeks": [int(rng.integers(6, 11)), 18]}]
                self.out.append(
                    DResource(
                        id=f"{owner.id}-post{serial[owner.id]}",
                        name=f"{_zh(owner)} 实习岗位 internship posts: {catalog.TRADES[f]}",
                        kind="internship_post",
                        owner=owner.id,
                        site=owner.site,
                        capacity=int(np.clip(round(cap * rng.uniform(0.85, 1.15)), 6, 40)),
                        features=features,
                        overflow=int(pick(rng, [0, 1, 2], [0.75, 0.15, 0.1])),
                        available=available,
                        open_to=None,
                        primary=f,
                    )
                )


def _zh(thing: DInstitution | catalog.FeatureKind) -> str:
    """The Chinese part of a bilingual name ("大连精工... Dalian Jinggong ..." -> "大连精工...")."""
    return thing.name.split(" ", 1)[0]


def _rooms_per_feature(
    residual: dict[Key, float], klass: str, rooms: int
) -> tuple[dict[str, float], list[tuple[str, int]]]:
    """The supply of time class ``klass`` still wanted per feature, and how many of ``rooms``
    each feature gets, in proportion (features in order; none when nothing is wanted)."""
    need = {f: v for (f, k), v in residual.items() if k == klass and v > 0}
    if not need or not rooms:
        return need, []
    feats = sorted(need)
    counts = _spread(rooms, np.array([need[f] for f in feats]), minimum=0)
    return need, list(zip(feats, counts, strict=True))
