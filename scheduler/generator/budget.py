"""Sizing demand to the capacity: trim the wish list, top it up, calibrate the ratio.

Budgets are room-slots per (feature, time class) that the built resources carry at the
tier's target ratio; wishes are kept in random order while their budget lasts. After
the repair steps, :meth:`Budgeting.calibrate` measures the ratio the way
:mod:`scheduler.generator.capacity` will and adds practice courses (or cuts sessions)
until it is within 1 % of the target.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from scheduler.generator.curriculum import INTERNSHIP_FROM
from scheduler.generator.drafts import DRequest
from scheduler.generator.placing import Placing
from scheduler.generator.rooms import POST_WEEKS
from scheduler.generator.term import WEEKS

#: A cohort books at most this share of its available slots.
MAX_LOAD = 0.4


class Budgeting(Placing):
    """The sizing steps of a generation run (a mixin of ``Builder``): trim the wish list to
    what the built resources carry, then calibrate the demand ratio to the tier's target.
    """

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
            reserved = pool.owner_only[k]
            usable = own[k] | guest[k]
            if reserved is not None:
                usable = own[k] | (guest[k] & ~reserved)
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
