"""The term every generated scenario uses, its time classes, and pattern-capacity helpers.

An 18-week autumn term from Monday 2026-09-07, six days a week (Saturday is for
enterprise staff), five slots a day with an evening slot at 19:00. Closed: the National
Day holiday (Thu 1 - Wed 7 October: week 4 Thu-Sat and week 5 Mon-Wed) and New Year's
Day (Friday of week 17).

Two *time classes* split the week: DAY (Monday-Friday, slots 1-4) when students attend,
and OFF (weekday evenings, Saturday slots 1-4) when enterprise trainees come. Rooms'
availability is chosen per class so that supply can be sized per class.
"""

from __future__ import annotations

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.models import Calendar, Window

WEEKS = 18
DAYS = 6
SLOTS = 5
WEEKDAYS = [1, 2, 3, 4, 5]
DAY_SLOTS = [1, 2, 3, 4]
EVENING = 5
SATURDAY = 6

CLOSED = [(4, 4), (4, 5), (4, 6), (5, 1), (5, 2), (5, 3), (17, 5)]

CALENDAR: dict = {
    "weeks": WEEKS,
    "days_per_week": DAYS,
    "slots_per_day": SLOTS,
    "slot_minutes": 90,
    "slot_times": ["08:00", "10:00", "14:00", "16:00", "19:00"],
    "first_monday": "2026-09-07",
    "closed": [{"week": w, "day": d} for w, d in CLOSED],
}

#: Students' week: Monday to Friday, daytime.
DAY_WINDOWS: list[dict] = [{"days": WEEKDAYS, "slots": DAY_SLOTS}]
#: Enterprise staff: weekday evenings and Saturday daytime.
OFF_WINDOWS: list[dict] = [
    {"days": WEEKDAYS, "slots": [EVENING]},
    {"days": [SATURDAY], "slots": DAY_SLOTS},
]

#: Availability of trainee groups by their shift pattern.
TRAINEE_AVAILABILITY: dict[str, list[dict]] = {
    "evening": [{"days": WEEKDAYS, "slots": [EVENING]}],
    "weekend": [{"days": [SATURDAY], "slots": DAY_SLOTS}],
    "both": OFF_WINDOWS,
    # day-release: the company sends them on Friday afternoons, plus evenings
    "release": [{"days": [5], "slots": [3, 4]}, {"days": WEEKDAYS, "slots": [EVENING]}],
}


class Term:
    """Masks of the generated calendar, cached by window list."""

    def __init__(self) -> None:
        self.model = Calendar.model_validate(CALENDAR)
        self.cal = CalendarIndex.from_calendar(self.model)
        self.open = self.cal.open_slots()
        self._masks: dict[str, np.ndarray] = {}
        self._spans: dict[tuple[str, int], np.ndarray] = {}
        self.day = self.mask(DAY_WINDOWS)
        self.off = self.mask(OFF_WINDOWS)
        #: the day and off-hours time of the term in full weeks of it (20 day slots, 9
        #: evening and Saturday slots a week): what rooms and staff are sized by
        self.day_weeks = self.day.sum() / 20.0
        self.off_weeks = self.off.sum() / 9.0

    def mask(self, windows: list[dict] | None) -> np.ndarray:
        """Open slots inside ``windows`` (``None``: all open slots)."""
        key = repr(windows)
        if key not in self._masks:
            ws = None if windows is None else [Window.model_validate(w) for w in windows]
            self._masks[key] = self.cal.window_mask(ws) & self.open
        return self._masks[key]

    def span(self, mask: np.ndarray, duration: int) -> np.ndarray:
        """bool (slots,): starts whose ``duration`` slots stay in one day, all in ``mask``."""
        return self.cal.span_ok(mask, duration)

    def span_of(self, windows: list[dict] | None, duration: int) -> np.ndarray:
        """Starts of ``duration`` slots inside ``windows`` (open slots only), cached by window
        list and duration, which many instructors share.
        """
        key = (repr(windows), duration)
        if key not in self._spans:
            self._spans[key] = self.span(self.mask(windows), duration)
        return self._spans[key]

    def weeks_mask(self, windows: list[dict] | None) -> np.ndarray:
        """bool (weeks,): weeks ``windows`` cover, read by week with closed days ignored: the
        reading the published tiers were sized with.
        """
        ws = None if windows is None else [Window.model_validate(w) for w in windows]
        return self.cal.week_mask(ws, closed_days_matter=False)

    # ------------------------------------------------------------------ pattern capacity

    def free_capacity(
        self, starts: np.ndarray, duration: int, per_week: int | None, gap: int
    ) -> int:
        """Sessions a ``free`` request can place at most (same bounds as validation)."""
        c = self.cal
        # Earliest-start greedy never crosses a day, so its per-week counts are each
        # week's own maximum of non-overlapping sessions.
        slots_per_week = c.slots_per_week
        if duration == 1:
            per_week_count = starts.reshape(c.n_weeks, slots_per_week).sum(axis=1)
        else:
            per_week_count = np.zeros(c.n_weeks, dtype=np.int64)
            free_from = 0
            for t in np.flatnonzero(starts).tolist():
                if t >= free_from:
                    per_week_count[t // slots_per_week] += 1
                    free_from = t + duration
        bound = int(per_week_count.sum())
        if per_week is not None:
            bound = int(np.minimum(per_week_count, per_week).sum())
        if gap > 0:
            per_day = starts.reshape(c.n_days, c.slots_per_day).any(axis=1)
            count, last = 0, None
            for day in np.flatnonzero(per_day):
                cd = c.calendar_day(int(day))
                if last is None or cd - last >= gap:
                    count, last = count + 1, cd
            bound = min(bound, count)
        return bound

    def pattern_capacity(
        self, pattern: str, starts: np.ndarray, duration: int, per_week: int | None, gap: int
    ) -> int:
        """Most sessions ``starts`` can hold in ``pattern``, by the same bounds as validation
        (:mod:`scheduler.validation.bounds`): a request is trimmed to what it could place.
        """
        if pattern == "weekly":
            return self.cal.longest_weekly_run(starts)
        if pattern == "block":
            return self.cal.longest_block_run(starts)
        return self.free_capacity(starts, duration, per_week, gap)
