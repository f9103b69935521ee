"""Instructors, sized to the teaching the requests ask for.

College teachers teach weekday daytime; enterprise mentors (dual-qualified, 双师型)
teach evenings and Saturdays, some also one weekday at a college. Each trade gets enough
instructors that about 45 % of their weekly hours are asked for, so instructors bind
now and then without dominating.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.catalog import SAFETY
from scheduler.generator.drafts import DCohort, DInstitution, DInstructor, DRequest
from scheduler.generator.term import DAY_SLOTS, DAY_WINDOWS, OFF_WINDOWS, WEEKDAYS, Term
from scheduler.generator.world import Consortium, pick

UTILISATION = 0.45


class Staff(Consortium):
    """Creates the instructors: college teachers by day, enterprise mentors in off hours,
    safety trainers, enough of each that about ``UTILISATION`` of their hours are asked for.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        term: Term,
        institutions: list[DInstitution],
        cohorts: list[DCohort],
    ) -> None:
        super().__init__(institutions, cohorts)
        self.rng, self.term = rng, term
        self.names: set[str] = set()
        self.out: list[DInstructor] = []

    def person(self) -> tuple[str, str]:
        """(id, name) of a new person; names repeat in big tiers, ids never."""
        rng = self.rng
        sur = pick(self.rng, list(catalog.SURNAMES))
        given = pick(rng, list(catalog.GIVEN_NAMES))
        base = f"t-{sur[0].lower()}-{given[0].lower()}"
        tid, n = base, 1
        while tid in self.names:
            n += 1
            tid = f"{base}-{n}"
        self.names.add(tid)
        return tid, f"{sur[1]}{given[1]} {sur[0]} {given[0]}"

    def build(self, wanted: list[tuple[DRequest, int]]) -> list[DInstructor]:
        """Instructors for ``wanted``: requests that want one, with their parts per session."""
        rng = self.rng
        day: dict[str, float] = defaultdict(float)
        off: dict[str, float] = defaultdict(float)
        day_owner: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        off_owner: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        release = set()
        for r, parts in wanted:
            homes = sorted({self.cohort[c].institution for c in r.cohorts})
            units = r.units(parts)
            if r.klass == "day":
                day[r.feature] += units
                for o in homes:
                    if self.inst[o].kind == "college":
                        day_owner[r.feature][o] += units
            else:
                off[r.feature] += units
                for o in homes:
                    off_owner[r.feature][o] += units
                if any(self.cohort[c].klass == "release" for c in r.cohorts):
                    release.add(r.feature)
        for f in sorted(day):
            if f == SAFETY:
                continue
            n = max(2, math.ceil(day[f] / (UTILISATION * 13 * self.term.day_weeks)))
            owners = day_owner.get(f) or {c.id: 1.0 for c in self.colleges}
            for _ in range(n):
                owner = self.inst[pick(rng, list(owners), list(owners.values()))]
                skills = [f]
                extra = [
                    c.feature
                    for m in owner.majors
                    for c in catalog.MAJORS[m].courses
                    if c.feature != f
                ]
                if extra and rng.random() < 0.3:
                    skills.append(pick(rng, sorted(set(extra))))
                available = DAY_WINDOWS
                if rng.random() < 0.25:
                    off_day = int(rng.integers(1, 6))
                    days = [d for d in WEEKDAYS if d != off_day]
                    available = [{"days": days, "slots": DAY_SLOTS}]
                tid, name = self.person()
                self.out.append(
                    DInstructor(
                        id=tid,
                        name=name,
                        institution=owner.id,
                        skills=skills,
                        site=owner.site,
                        available=available,
                        max_slots_per_week=int(rng.integers(10, 17)),
                        klass="day",
                    )
                )
        for f in sorted(off):
            if f == SAFETY:
                continue
            n = max(2, math.ceil(off[f] / (UTILISATION * 7 * self.term.off_weeks)))
            owners = off_owner.get(f) or {e.id: 1.0 for e in self.enterprises}
            for _ in range(n):
                owner = self.inst[pick(rng, list(owners), list(owners.values()))]
                available = list(OFF_WINDOWS)
                if f in release:
                    available.append({"days": [5], "slots": [3, 4]})
                if rng.random() < 0.3:
                    available.append({"days": [int(rng.integers(1, 5))], "slots": DAY_SLOTS})
                tid, name = self.person()
                self.out.append(
                    DInstructor(
                        id=tid.replace("t-", "m-", 1),
                        name=f"{name} (双师型 enterprise mentor)",
                        institution=owner.id,
                        skills=[f],
                        site=owner.site,
                        available=available,
                        max_slots_per_week=int(rng.integers(6, 11)),
                        klass="off",
                    )
                )
        if any(r.feature == SAFETY for r, _ in wanted):
            for inst in self.institutes or self.colleges[:1]:
                for _ in range(2):
                    tid, name = self.person()
                    self.out.append(
                        DInstructor(
                            id=tid,
                            name=f"{name} (safety certification trainer)",
                            institution=inst.id,
                            skills=[SAFETY],
                            site=inst.site,
                            available=None,
                            max_slots_per_week=12,
                            klass="both",
                        )
                    )
        return self.out
