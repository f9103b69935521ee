"""What the cohorts would like to book: the wish list of courses and internships.

Students follow their major's courses in teaching order (first-years from the first
course, second-years from the second), in staggered windows across the term so that
theory comes before practice; some second-years end the term with an internship.
Trainee groups take their employer's trades at their shift times. The wish list is
deliberately longer than the tier's session target: the generator later trims it to
what the capacity can carry at the target demand ratio.
"""

from __future__ import annotations

import math

import numpy as np

from scheduler.generator import catalog
from scheduler.generator.drafts import DCohort, DInstitution, DRequest
from scheduler.generator.term import WEEKS
from scheduler.generator.world import pick

#: Internships end the term; courses of an interning cohort end by this week.
INTERNSHIP_FROM = 12


class Curriculum:
    """Draws the cohorts' wish list of courses and internships from the catalogue; request
    ids are numbered in draw order.
    """

    def __init__(self, rng: np.random.Generator, institutions: list[DInstitution]) -> None:
        self.rng = rng
        self.etypes = {t.id: t for t in catalog.ENTERPRISE_TYPES}
        self.inst = {i.id: i for i in institutions}
        self.counter = 0

    def new_id(self) -> str:
        """The next request id (``r00001``, ...): numbered in draw order, the same for a seed."""
        self.counter += 1
        return f"r{self.counter:05d}"

    def features_of(self, cohort: DCohort) -> list[str]:
        """The trades a cohort practises: its major's courses in teaching order (students), or
        its employer type's trades (trainees, whose ``major`` holds the enterprise type).
        """
        if cohort.kind == "students":
            return [c.feature for c in catalog.MAJORS[cohort.major].courses]
        return list(self.etypes[cohort.major].trains)

    def titles_of(self, cohort: DCohort) -> list[str]:
        """Bilingual course titles, aligned with :meth:`features_of`."""
        if cohort.kind == "students":
            return [c.title for c in catalog.MAJORS[cohort.major].courses]
        return [f"员工培训 staff training: {catalog.TRADES[f]}" for f in self.features_of(cohort)]

    def wish_list(
        self, cohorts: list[DCohort], target_sessions: int, intern_share: float
    ) -> list[DRequest]:
        """Courses for every cohort, grown until they ask for ~1.2x the target sessions."""
        rng = self.rng
        out: list[DRequest] = []
        plans: dict[str, list[int]] = {}  # cohort id -> course positions taken
        for c in cohorts:
            feats = self.features_of(c)
            if c.kind == "students":
                first = 0 if c.year == 25 else min(1, len(feats) - 1)
                plans[c.id] = list(range(first, min(first + 2, len(feats))))
            else:
                plans[c.id] = [int(rng.integers(len(feats)))]
        interns = {
            c.id
            for c in cohorts
            if c.kind == "students" and c.year == 24 and rng.random() < intern_share
        }

        # Grow the plans until the wish list is long enough.
        total = sum(self.expected_sessions(c) * len(plans[c.id]) for c in cohorts)
        goal = 1.2 * target_sessions
        order = list(range(len(cohorts)))
        guard = 0
        while total < goal and guard < 20 * len(cohorts):
            guard += 1
            c = cohorts[order[int(rng.integers(len(order)))]]
            feats = self.features_of(c)
            plan = plans[c.id]
            limit = 4 if c.kind == "students" else 2
            if len(plan) >= limit:
                continue
            nxt = plan[-1] + 1 if plan[-1] + 1 < len(feats) else int(rng.integers(len(feats)))
            plan.append(nxt)
            total += self.expected_sessions(c)
        for c in cohorts:
            end = INTERNSHIP_FROM if c.id in interns else WEEKS
            plan = plans[c.id]
            titles = self.titles_of(c)
            feats = self.features_of(c)
            for pos, k in enumerate(plan):
                window = stagger(pos, len(plan), end)
                out.append(self.course(c, feats[k], titles[k], window, pos))
            if c.id in interns:
                out.append(self.internship(c, len(plan)))
        return out

    @staticmethod
    def expected_sessions(c: DCohort) -> float:
        """Rough sessions of one course of ``c``, to size the wish list before courses are drawn."""
        return 6.4 if c.kind == "students" else 7.0

    def course(
        self, c: DCohort, feature: str, title: str, weeks: tuple[int, int], pos: int
    ) -> DRequest:
        """Draw one course of ``feature`` within ``weeks`` (1-based, inclusive): a pattern for the
        cohort's time class, then duration and sessions; ``pos`` is its place in the plan.
        """
        rng = self.rng
        span = weeks[1] - weeks[0] + 1
        r = DRequest(
            id=self.new_id(),
            cohorts=[c.id],
            title=title,
            feature=feature,
            klass="day" if c.klass == "day" else "off",
            needs=[feature],
            window=[{"weeks": list(weeks)}],
            order=pos,
            headcount=c.size,
        )
        shape = self.shape(c)
        if shape == "weekly":
            r.pattern = "weekly"
            r.duration = 2 if c.klass in ("day", "weekend", "release") else 1
            if c.klass == "both":
                r.duration = int(pick(rng, [1, 2]))
            r.sessions = int(rng.integers(6, max(7, min(11, span - 1))))
        elif shape == "block":
            r.pattern = "block"
            if c.klass == "day":
                r.duration = 4 if rng.random() < 0.25 else 2
                r.sessions = int(rng.integers(3, 6))
            else:  # an evening training week
                r.duration = 1
                r.sessions = int(rng.integers(3, 6))
        else:
            r.pattern = "free"
            r.duration = 2 if (c.klass in ("day", "weekend") and rng.random() < 0.7) else 1
            if c.klass == "release":
                r.duration = 1
            r.sessions = int(rng.integers(4, 9))
            r.max_per_week = pick(rng, [None, 1, 2], [0.3, 0.4, 0.3])
            r.min_days_apart = int(pick(rng, [0, 1, 2], [0.5, 0.3, 0.2]))
            if c.klass in ("weekend",):
                r.min_days_apart = 0
                r.max_per_week = 1 if rng.random() < 0.5 else None
            if r.max_per_week is not None:
                r.sessions = min(r.sessions, r.max_per_week * max(2, span - 2))
            if rng.random() < 0.3:
                r.min_days = min(r.sessions, int(rng.integers(3, 6)))
        return r

    def shape(self, c: DCohort) -> str:
        """Draw a course's pattern; day, evening and mixed classes may get a block, weekend and
        day-release groups only weekly or free courses.
        """
        if c.klass == "day":
            return pick(self.rng, ["weekly", "free", "block"], [0.45, 0.35, 0.2])
        if c.klass == "evening" or c.klass == "both":
            return pick(self.rng, ["weekly", "free", "block"], [0.5, 0.35, 0.15])
        return pick(self.rng, ["weekly", "free"], [0.55, 0.45])

    def internship(self, c: DCohort, pos: int) -> DRequest:
        """Draw ``c``'s term-ending internship: 2-4 weeks of its major's internship trade, in a
        window from a week drawn in 11-13 to the end of the term.
        """
        rng = self.rng
        feature = catalog.MAJORS[c.major].internship
        first = int(rng.integers(INTERNSHIP_FROM - 1, INTERNSHIP_FROM + 2))
        weeks = int(rng.integers(2, 5))
        return DRequest(
            id=self.new_id(),
            cohorts=[c.id],
            title=f"顶岗实习 internship: {catalog.TRADES[feature]}",
            feature=feature,
            klass="day",
            kind="internship",
            weeks=min(weeks, WEEKS - first + 1),
            needs=[feature],
            window=[{"weeks": [first, WEEKS]}],
            order=pos,
            headcount=c.size,
        )

    def extra_course(self, c: DCohort, feature: str, end: int) -> DRequest:
        """An additional practice course of ``feature`` over the whole teaching period."""
        titles = dict(zip(self.features_of(c), self.titles_of(c), strict=False))
        base = titles.get(feature, catalog.FEATURES[feature].name)
        r = self.course(c, feature, f"综合实训 integrated practice: {base}", (1, end), 99)
        return r


def stagger(pos: int, n: int, end: int) -> tuple[int, int]:
    """Window of the ``pos``-th of ``n`` courses in weeks 1..end: overlapping, in order."""
    width = max(6, round(end * (0.65 if n > 1 else 1.0)))
    if n == 1:
        return 1, end
    step = (end - width) / (n - 1)
    lo = 1 + math.floor(pos * step)
    return lo, min(end, lo + width - 1)
