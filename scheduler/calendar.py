"""Calendar arithmetic: the global slot index and window expansion.

Every slot of the term gets one integer ``t`` (0-based)::

    t = ((week - 1) * days_per_week + (day - 1)) * slots_per_day + (slot - 1)

so ``t // slots_per_day`` is the global day index and ``t // (days_per_week *
slots_per_day)`` the 0-based week. People's 1-based (week, day, slot) only appear
at the edges (models, schedule documents, messages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the solvers use this module and never load the pydantic models
    from scheduler.models import Calendar, Window


@dataclass(frozen=True, slots=True)
class CalendarIndex:
    """Dense view of a :class:`~scheduler.models.Calendar` for solvers and checks."""

    n_weeks: int
    days_per_week: int
    slots_per_day: int
    slot_minutes: int
    slot_start_minutes: tuple[int, ...]
    open_day: np.ndarray  # bool (n_days,): False on closed days
    #: 0-based day from which new bookings may go (:meth:`bookable_from`); 0 for a solve
    booking_day: int = 0

    @classmethod
    def from_calendar(cls, cal: Calendar) -> CalendarIndex:
        """Build the dense view once per run; ``closed`` entries outside the calendar are
        skipped here (validation warns about them).
        """
        open_day = np.ones(cal.weeks * cal.days_per_week, dtype=bool)
        for c in cal.closed:
            if c.week <= cal.weeks and c.day <= cal.days_per_week:
                open_day[(c.week - 1) * cal.days_per_week + (c.day - 1)] = False
        return cls(
            n_weeks=cal.weeks,
            days_per_week=cal.days_per_week,
            slots_per_day=cal.slots_per_day,
            slot_minutes=cal.slot_minutes,
            slot_start_minutes=tuple(cal.slot_start_minutes()),
            open_day=open_day,
        )

    def bookable_from(self, day: int) -> CalendarIndex:
        """This calendar for booking from 0-based ``day`` on: earlier days are closed.

        A mid-term extra request must not land in days already gone. Closing them makes
        every start set, weekly run and alternative computed from this calendar skip
        them; an internship, which takes whole weeks, may start only in a week that
        begins on or after ``day`` (:attr:`first_bookable_week`).
        """
        day = max(0, min(day, self.n_days))
        if day == 0:
            return self
        open_day = self.open_day.copy()
        open_day[:day] = False
        return replace(self, open_day=open_day, booking_day=day)

    @property
    def first_bookable_week(self) -> int:
        """0-based first week that begins on or after :attr:`booking_day`."""
        return -(-self.booking_day // self.days_per_week)

    @property
    def n_days(self) -> int:
        """Days in the term, closed ones included (the length of ``open_day``)."""
        return self.n_weeks * self.days_per_week

    @property
    def n_slots(self) -> int:
        """Slots in the term, closed days included: the length of every slot mask."""
        return self.n_days * self.slots_per_day

    @property
    def slots_per_week(self) -> int:
        """Slots in one week, for reshaping slot masks to (n_weeks, slots_per_week)."""
        return self.days_per_week * self.slots_per_day

    def slot(self, week: int, day: int, slot: int) -> int:
        """Global index of a 1-based (week, day, slot)."""
        return ((week - 1) * self.days_per_week + (day - 1)) * self.slots_per_day + (slot - 1)

    def human(self, t: int) -> tuple[int, int, int]:
        """1-based (week, day, slot) of global slot ``t``."""
        day_index, s = divmod(t, self.slots_per_day)
        w, d = divmod(day_index, self.days_per_week)
        return w + 1, d + 1, s + 1

    def day_of(self, t: int) -> int:
        """0-based global day index of slot ``t`` (days of the calendar, not the 7-a-week count
        of :meth:`calendar_day`).
        """
        return t // self.slots_per_day

    def week_of(self, t: int) -> int:
        """0-based week of global slot ``t``."""
        return t // self.slots_per_week

    def calendar_day(self, day_index: int) -> int:
        """Day number counting 7 days a week, for ``min_days_apart`` (Mon-Tue are 1 apart)."""
        w, d = divmod(day_index, self.days_per_week)
        return w * 7 + d

    def closed_weeks(self) -> list[int]:
        """1-based weeks whose every day is closed: nobody trains in them, so they break
        every run of an internship's weeks (docs/rules.md 12). Weeks before
        :attr:`first_bookable_week` are gone by (mid-term), not closed: left out."""
        open_days = self.open_day.reshape(self.n_weeks, self.days_per_week).any(axis=1)
        first = self.first_bookable_week
        return [int(w) + 1 for w in np.flatnonzero(~open_days) if w >= first]

    def open_slots(self) -> np.ndarray:
        """bool (n_slots,): True on slots of open days."""
        return np.repeat(self.open_day, self.slots_per_day)

    def window_mask(self, windows: list[Window] | None) -> np.ndarray:
        """bool (n_slots,) of the union of ``windows``; ``None`` is everything, ``[]`` nothing.

        Closed days are *not* removed here; callers combine with :meth:`open_slots`.
        """
        shape = (self.n_weeks, self.days_per_week, self.slots_per_day)
        if windows is None:
            return np.ones(self.n_slots, dtype=bool)
        mask = np.zeros(shape, dtype=bool)
        for w in windows:
            weeks = np.zeros(self.n_weeks, dtype=bool)
            lo, hi = w.weeks if w.weeks is not None else (1, self.n_weeks)
            weeks[max(lo, 1) - 1 : min(hi, self.n_weeks)] = True
            days = _pick(w.days, self.days_per_week)
            slots = _pick(w.slots, self.slots_per_day)
            mask |= weeks[:, None, None] & days[None, :, None] & slots[None, None, :]
        return mask.reshape(-1)

    def week_mask(
        self, windows: list[Window] | None, closed_days_matter: bool = True
    ) -> np.ndarray:
        """bool (n_weeks,): weeks a window list covers, read by week (internships, posts).

        A week counts when some window's week range holds it and the window's slots are
        not empty and its days include an open day of that week: closed days are
        unavailable to everyone, so a post open only on them, or a week closed
        throughout, holds no interns. ``closed_days_matter=False`` is the reading the
        generator sized its terms with (the published tiers stay the same scenarios).
        """
        open_day: np.ndarray = self.open_day.reshape(self.n_weeks, self.days_per_week)
        if not closed_days_matter:
            open_day = np.ones_like(open_day)
        if windows is None:
            return np.asarray(open_day.any(axis=1))
        mask = np.zeros(self.n_weeks, dtype=bool)
        for w in windows:
            days = _pick(w.days, self.days_per_week)
            if not _pick(w.slots, self.slots_per_day).any():
                continue
            lo, hi = w.weeks if w.weeks is not None else (1, self.n_weeks)
            lo, hi = max(lo, 1) - 1, min(hi, self.n_weeks)
            mask[lo:hi] |= (open_day[lo:hi] & days[None, :]).any(axis=1)
        return mask

    def span_ok(self, mask: np.ndarray, duration: int) -> np.ndarray:
        """bool (n_slots,): starts whose ``duration`` slots stay in one day, all in ``mask``."""
        n, per_day = self.n_slots, self.slots_per_day
        ok = np.zeros(n, dtype=bool)
        if duration > per_day:
            return ok
        fits = (np.arange(n) % per_day) <= per_day - duration
        ok[:] = fits
        for k in range(duration):
            shifted = np.zeros(n, dtype=bool)
            shifted[: n - k] = mask[k:]
            ok &= shifted
        return ok

    def longest_weekly_run(self, starts: np.ndarray) -> int:
        """Most sessions a ``weekly`` request can hold with ``starts`` (bool (n_slots,)):
        the longest run of consecutive weeks at one day and slot, a week whose day is
        closed skipped without breaking the run (spec: patterns)."""
        grid = starts.reshape(self.n_weeks, self.days_per_week, self.slots_per_day)
        open_ = self.open_day.reshape(self.n_weeks, self.days_per_week)[:, :, None]
        # At every (day, slot) at once: the run at week w counts the allowed open weeks
        # since the last open week that was not allowed; a closed day neither counts nor
        # resets.
        count = np.cumsum(grid & open_, axis=0)
        reset = np.maximum.accumulate(np.where(open_ & ~grid, count, 0), axis=0)
        return int((count - reset).max(initial=0))

    def longest_block_run(self, starts: np.ndarray) -> int:
        """Most sessions a ``block`` request can hold with ``starts``: the longest run of
        consecutive open days that each offer a start."""
        per_day = np.asarray(starts.reshape(self.n_days, self.slots_per_day).any(axis=1))
        best = run = 0
        for ok in per_day[self.open_day].tolist():
            run = run + 1 if ok else 0
            best = max(best, run)
        return best


def _pick(values: list[int] | None, n: int) -> np.ndarray:
    sel = np.zeros(n, dtype=bool)
    if values is None:
        sel[:] = True
    else:
        for v in values:
            if 1 <= v <= n:
                sel[v - 1] = True
    return sel


# --------------------------------------------------------------------------- dates

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def term_day(days_per_week: int, week: int, day: int) -> int:
    """0-based term day of 1-based ``week`` and ``day`` (of a session, or an internship's
    first week with ``day`` 1)."""
    return (week - 1) * days_per_week + day - 1


def term_days(calendar: Calendar) -> int:
    """How many days the term has (``weeks * days_per_week``): a :func:`day_of_date` this
    large means its last day is past."""
    return calendar.weeks * calendar.days_per_week


def day_of_date(calendar: Calendar, date: dt.date) -> int:
    """0-based term day of the first teaching day on or after ``date``.

    0 before the term; ``weeks * days_per_week`` once its last day is past. A date on a
    day the term does not teach (a weekend) gives the next week's first day.
    """
    delta = (date - calendar.first_monday).days
    if delta <= 0:
        return 0
    week, weekday = divmod(delta, 7)
    if weekday >= calendar.days_per_week:
        week, weekday = week + 1, 0
    return min(week * calendar.days_per_week + weekday, term_days(calendar))


def date_of_day(calendar: Calendar, day: int) -> dt.date:
    """Calendar date of 0-based term day ``day``."""
    week, weekday = divmod(day, calendar.days_per_week)
    return calendar.first_monday + dt.timedelta(days=week * 7 + weekday)


_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day_words(calendar: Calendar, day: int, lang: str = "en") -> str:
    """``week 14, Monday (2026-12-07)`` for 0-based term day ``day``; in Chinese
    (``lang`` ``zh``) ``第 14 周周一（2026年12月7日）``, as a Chinese reader writes dates."""
    date = date_of_day(calendar, day)
    week = day // calendar.days_per_week + 1
    if lang == "zh":
        when = f"{date.year}年{date.month}月{date.day}日"
        return f"第 {week} 周{_WEEKDAYS_ZH[date.weekday()]}（{when}）"
    return f"week {week}, {_WEEKDAYS[date.weekday()]} ({date.isoformat()})"
