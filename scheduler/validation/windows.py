"""Closed days and every window (availability, request, preference) against the calendar.

A window that selects no slot of the calendar is an error; parts of it that fall outside
the calendar are a warning.
"""

from __future__ import annotations

from scheduler.models import Window, clock_text
from scheduler.validation.base import ValidatorBase


class WindowChecks(ValidatorBase):
    """The calendar's closed days and each list of windows."""

    def check_calendar(self) -> None:
        """Warn about ``closed`` entries outside the calendar or repeated, odd slot times, and a
        calendar closed every day (all warnings: none stops a solve).
        """
        cal = self.s.calendar
        seen: dict[tuple[int, int], int] = {}
        for i, c in enumerate(cal.closed):
            path = f"calendar.closed[{i}]"
            if c.week > cal.weeks:
                self.warn(
                    path,
                    f"week {c.week} is outside the calendar (weeks 1-{cal.weeks}): "
                    "nothing to close there, the entry is ignored",
                )
            elif c.day > cal.days_per_week:
                self.warn(
                    path,
                    f"day {c.day} is outside the week (days_per_week is {cal.days_per_week}): "
                    "nothing to close there, the entry is ignored",
                )
            elif (c.week, c.day) in seen:
                self.warn(
                    path,
                    f"week {c.week} day {c.day} is already closed by closed[{seen[c.week, c.day]}]",
                )
            seen.setdefault((c.week, c.day), i)
        self.check_slot_times()
        if not self.cal.open_day.any():
            self.warn(
                "calendar.closed", "every day of the calendar is closed: nothing can be scheduled"
            )

    def check_slot_times(self) -> None:
        """Slots that start on the next day, or before the slot before them ends, and
        days that overlap the next, are allowed (the spec bounds none of them) but worth
        a second look."""
        cal = self.s.calendar
        if (overlap := cal.days_overlap()) is not None:
            end, next_start = overlap
            self.warn(
                "calendar.slot_times" if cal.slot_times is not None else "calendar.slot_minutes",
                f"the day's last slot ends at {clock_text(end)}, after the next day's first "
                f"slot starts at {clock_text(next_start)}: the days overlap in time, and as "
                "every rule compares the sessions of one day, a cohort or teacher may be "
                "booked on a day's last slot and the next day's first at once",
            )
        if cal.slot_times is None:
            return
        starts = cal.slot_start_minutes()
        for i in range(1, len(starts)):
            path = f"calendar.slot_times[{i}]"
            now, before = cal.slot_times[i], cal.slot_times[i - 1]
            if starts[i] // 1440 > starts[i - 1] // 1440:
                self.warn(path, f"{now} is earlier than {before}: slot {i + 1} starts after "
                          "midnight, on the next calendar day")  # fmt: skip
            elif starts[i] < starts[i - 1] + cal.slot_minutes:
                self.warn(
                    path,
                    f"{now} starts before slot {i} ends ({cal.slot_minutes} minutes after "
                    f"{before}): the two slots overlap in time, and no travel fits between them",
                )

    def check_windows(self) -> None:
        """Check every list of windows in the scenario; an empty request window is left to the
        feasibility checks, which say what it blocks.
        """
        s = self.s
        for i, r in enumerate(s.resources):
            self.windows(f"resources[{i}].available", r.available, f"resource '{r.id}'")
            self.windows(f"resources[{i}].owner_windows", r.owner_windows, None)
        for i, t in enumerate(s.instructors):
            self.windows(f"instructors[{i}].available", t.available, f"instructor '{t.id}'")
        for i, c in enumerate(s.cohorts):
            self.windows(f"cohorts[{i}].available", c.available, f"cohort '{c.id}'")
        for i, req in enumerate(s.requests):
            # An empty request window is reported with the request's feasibility.
            self.windows(f"requests[{i}].window", req.window, None)
            if req.prefer is not None:
                if req.prefer.windows == []:
                    self.warn(
                        f"requests[{i}].prefer.windows",
                        "'windows' is empty: this preference can never be honoured",
                    )
                self.windows(f"requests[{i}].prefer.windows", req.prefer.windows, None)

    def windows(self, path: str, windows: list[Window] | None, owner: str | None) -> None:
        """Check each window of a list; ``owner`` names who is never available if ``[]``."""
        if windows is None:
            return
        if not windows:
            if owner is not None:
                self.warn(path, f"'available' is empty: {owner} is never available")
            return
        empty = False
        for j, w in enumerate(windows):
            empty |= not self.window(f"{path}[{j}]", w)
        if owner is not None and not empty:
            mask = self.cal.window_mask(windows)
            if mask.any() and not (mask & self.open).any():
                self.warn(path, f"{owner} is available only on closed days: never available")

    def window(self, path: str, w: Window) -> bool:
        """Error if ``w`` selects no slot of the calendar; warn about parts it ignores."""
        cal = self.s.calendar
        empty: list[str] = []
        ignored: list[str] = []
        if w.weeks is not None:
            lo, hi = w.weeks
            if lo > cal.weeks:
                empty.append(f"weeks [{lo}, {hi}] are after the calendar's last week {cal.weeks}")
            elif hi > cal.weeks:
                ignored.append(f"weeks {cal.weeks + 1}-{hi} are after the calendar's last week")
        for key, values, limit, limit_name in (
            ("days", w.days, cal.days_per_week, "days_per_week"),
            ("slots", w.slots, cal.slots_per_day, "slots_per_day"),
        ):
            if values is None:
                continue
            if not values:
                empty.append(f"'{key}' is empty")
                continue
            out = [v for v in values if v > limit]
            if len(out) == len(values):
                empty.append(f"{key} {out} are beyond {limit_name} {limit}")
            elif out:
                ignored.append(f"{key} {out} are beyond {limit_name} {limit}")
        if empty:
            self.error(path, "empty window: " + "; ".join(empty) + " - it selects no slot")
            return False
        if ignored:
            self.warn(path, "; ".join(ignored) + " (ignored)")
        return True
