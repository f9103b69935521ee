"""A witness that the required requests fit together.

Before a request is marked ``required`` the generator books it here, concretely (start
slots, resource, instructor, posts), against the bookings of the requests already
required. Success is a proof that a schedule meeting every required request exists:
the bookings obey every hard rule on their own. To keep the proof simple and
conservative, a cohort and an instructor get at most one required session a day (no
same-day travel), shareable resources are filled only to ``capacity`` (no overflow),
and precedence never links two required requests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.generator.drafts import DInstructor, DRequest
from scheduler.generator.pool import DraftPool
from scheduler.generator.term import Term


@dataclass(frozen=True, slots=True)
class Booking:
    """One booked session: 0-based global start slot, and the resource and instructor
    (``None``: none) as indices into the generator's draft lists.
    """

    start: int
    resource: int
    instructor: int | None


@dataclass(slots=True)
class Witness:
    """The bookings that prove the required requests fit: sessions per request id, and
    internships as (0-based first week, interns per post index)."""

    sessions: dict[str, list[Booking]] = field(default_factory=dict)
    placements: dict[str, tuple[int, dict[int, int]]] = field(default_factory=dict)


class Book:
    """Books required requests concretely, each against the bookings already kept: the
    generator's proof that they fit together (see the module docstring).
    """

    def __init__(self, term: Term, pool: DraftPool, instructors: list[DInstructor]) -> None:
        self.term, self.pool = term, pool
        cal = term.cal
        self.cal = cal
        self.res_busy = np.zeros((pool.n, cal.n_slots), dtype=bool)
        self.res_people = np.zeros((pool.n, cal.n_slots), dtype=np.int64)
        self.post_load = np.zeros((pool.n, cal.n_weeks), dtype=np.int64)
        self.coh_busy: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(cal.n_slots, bool))
        self.coh_days: dict[str, set[int]] = defaultdict(set)
        self.ins = instructors
        self.ins_avail = [term.mask(t.available) for t in instructors]
        self.ins_busy = np.zeros((len(instructors), cal.n_slots), dtype=bool)
        self.ins_load = np.zeros((len(instructors), cal.n_weeks), dtype=np.int64)
        self.ins_days: dict[int, set[int]] = defaultdict(set)

    # ------------------------------------------------------------------ sessions

    def fits(
        self, r: DRequest, k: int, t: int, teachers: list[int], taken_days: set[int]
    ) -> Booking | None:
        """Can one session of ``r`` start at ``t`` in resource ``k`` (with a teacher)?"""
        cal, d = self.cal, r.duration
        span = slice(t, t + d)
        day = t // cal.slots_per_day
        if day in taken_days:
            return None
        shareable = self.pool.res[k].shareable
        if shareable:
            if self.res_people[k, span].max() + r.headcount > self.pool.capacity[k]:
                return None
        elif self.res_busy[k, span].any():
            return None
        for c in r.cohorts:
            if self.coh_busy[c][span].any() or day in self.coh_days[c]:
                return None
        if not teachers:
            return Booking(t, k, None)
        week = cal.week_of(t)
        for i in teachers:
            limit = self.ins[i].max_slots_per_week
            if (
                self.ins_avail[i][span].all()
                and not self.ins_busy[i, span].any()
                and day not in self.ins_days[i]
                and self.ins_load[i, week] + d <= limit
            ):
                return Booking(t, k, i)
        return None

    def try_sessions(
        self, r: DRequest, starts: dict[int, np.ndarray], teachers: list[int]
    ) -> list[Booking] | None:
        """Book every session of ``r`` (weekly or free) or nothing; ``starts`` per resource."""
        if not starts:
            return None
        if r.pattern == "weekly":
            found = self.weekly(r, starts, teachers)
        elif r.pattern == "free":
            found = self.free(r, starts, teachers)
        else:
            return None
        if found is not None:
            self.commit(r, found)
        return found

    def any_fit(
        self,
        r: DRequest,
        t: int,
        starts: dict[int, np.ndarray],
        teachers: list[int],
        taken: set[int],
    ) -> Booking | None:
        """A booking at start ``t`` in the first resource of ``starts`` that allows it, or
        ``None``; ``taken`` are days the request already uses.
        """
        for k, s in starts.items():
            if s[t]:
                b = self.fits(r, k, t, teachers, taken)
                if b is not None:
                    return b
        return None

    def weekly(
        self, r: DRequest, starts: dict[int, np.ndarray], teachers: list[int]
    ) -> list[Booking] | None:
        """Sessions of ``r`` at one day and slot in consecutive weeks (a closed pattern day is
        skipped), trying each start in turn; kept only by :meth:`commit`, ``None`` if none fit.
        """
        cal = self.cal
        union = np.zeros(cal.n_slots, dtype=bool)
        for s in starts.values():
            union |= s
        per_week = cal.slots_per_week
        for t0 in np.flatnonzero(union).tolist():
            out: list[Booking] = []
            taken: set[int] = set()
            t = t0
            while t < cal.n_slots and len(out) < r.sessions:
                if not cal.open_day[t // cal.slots_per_day]:
                    t += per_week  # a closed pattern day is skipped
                    continue
                if not union[t]:
                    break
                b = self.any_fit(r, t, starts, teachers, taken)
                if b is None:
                    break
                out.append(b)
                taken.add(t // cal.slots_per_day)
                # the same instructor may teach again next week: book as we go
                self._tentative(r, b, +1)
                t += per_week
            for b in out:
                self._tentative(r, b, -1)
            if len(out) == r.sessions:
                return out
        return None

    def free(
        self, r: DRequest, starts: dict[int, np.ndarray], teachers: list[int]
    ) -> list[Booking] | None:
        """Sessions of ``r`` at the earliest starts that respect ``max_per_week`` and at least
        ``max(min_days_apart, 1)`` days between them; kept only by :meth:`commit`.
        """
        cal = self.cal
        union = np.zeros(cal.n_slots, dtype=bool)
        for s in starts.values():
            union |= s
        out: list[Booking] = []
        taken: set[int] = set()
        per_week: dict[int, int] = defaultdict(int)
        last_day: int | None = None
        for t in np.flatnonzero(union).tolist():
            day = t // cal.slots_per_day
            week = cal.week_of(t)
            if r.max_per_week is not None and per_week[week] >= r.max_per_week:
                continue
            if last_day is not None and cal.calendar_day(day) - cal.calendar_day(last_day) < max(
                r.min_days_apart, 1
            ):
                continue
            b = self.any_fit(r, t, starts, teachers, taken)
            if b is None:
                continue
            out.append(b)
            taken.add(day)
            per_week[week] += 1
            last_day = day
            self._tentative(r, b, +1)
            if len(out) == r.sessions:
                break
        for b in out:
            self._tentative(r, b, -1)
        return out if len(out) == r.sessions else None

    def _tentative(self, r: DRequest, b: Booking, sign: int) -> None:
        """Apply (+1) or undo (-1) one booking; ``commit`` applies them for good."""
        cal, d = self.cal, r.duration
        span = slice(b.start, b.start + d)
        day = b.start // cal.slots_per_day
        if self.pool.res[b.resource].shareable:
            self.res_people[b.resource, span] += sign * r.headcount
        else:
            self.res_busy[b.resource, span] = sign > 0
        for c in r.cohorts:
            self.coh_busy[c][span] = sign > 0
            (self.coh_days[c].add if sign > 0 else self.coh_days[c].discard)(day)
        if b.instructor is not None:
            i = b.instructor
            self.ins_busy[i, span] = sign > 0
            self.ins_load[i, cal.week_of(b.start)] += sign * d
            (self.ins_days[i].add if sign > 0 else self.ins_days[i].discard)(day)

    def commit(self, r: DRequest, bookings: list[Booking]) -> None:
        """Keep ``bookings`` of ``r`` for good: later requests are booked around them."""
        for b in bookings:
            self._tentative(r, b, +1)

    # ------------------------------------------------------------------ internships

    def try_internship(
        self, r: DRequest, posts: list[int], first_weeks: np.ndarray
    ) -> tuple[int, dict[int, int]] | None:
        """Place every intern of ``r`` on ``posts`` in some run of weeks, or nothing:
        (0-based first week, interns per post) or None."""
        cal = self.cal
        per_week = cal.slots_per_week
        for w in np.flatnonzero(first_weeks).tolist():
            weeks = slice(w, w + r.weeks)
            slots = slice(w * per_week, (w + r.weeks) * per_week)
            if any(self.coh_busy[c][slots].any() for c in r.cohorts):
                continue
            usable = [k for k in posts if self.pool.week_ok(k)[weeks].all()]
            free = {k: int(self.pool.capacity[k] - self.post_load[k, weeks].max()) for k in usable}
            left = r.headcount
            alloc: dict[int, int] = {}
            for k in sorted(free, key=lambda k: -free[k]):
                if left <= 0:
                    break
                take = min(left, free[k])
                if take > 0:
                    alloc[k] = take
                    left -= take
            if left > 0:
                continue
            for k, n in alloc.items():
                self.post_load[k, weeks] += n
            for c in r.cohorts:
                self.coh_busy[c][slots] = True
                first_day = w * cal.days_per_week
                self.coh_days[c].update(range(first_day, first_day + r.weeks * cal.days_per_week))
            return w, alloc
        return None
