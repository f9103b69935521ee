"""Whether an internship's interns fit its posts in some run of weeks inside its window."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.compile import closed_weeks_in_window, intern_run_weeks, intern_weeks
from scheduler.models import Cohort, Request
from scheduler.validation.base import ValidatorBase


class InternshipChecks(ValidatorBase):
    """An internship's places and runs of weeks."""

    def check_internship(
        self,
        path: str,
        req: Request,
        posts: list[int],
        headcount: int,
        report: Callable[[str, str], None],
        institutions: set[str],
        cohorts: list[Cohort],
    ) -> None:
        """Report an internship that can never be placed: too few places on all ``posts``
        together, more weeks than the calendar, an empty window, or no run of weeks with
        enough posts. Records the possible first weeks in ``internship_weeks`` for precedence.
        """
        res, cal = self.s.resources, self.cal
        room = {k: res[k].capacity + res[k].overflow for k in posts}
        total = sum(room.values())
        if total < headcount:
            listing = ", ".join(f"{res[k].id} {room[k]}" for k in posts)
            report(
                path,
                f"{headcount} interns exceed all candidate internship posts together "
                f"({total} places a week: {listing}); add posts or raise their capacity",
            )
            return
        weeks = req.weeks or 0
        if weeks > cal.n_weeks:
            report(path, f"{weeks} weeks of internship exceed the calendar's {cal.n_weeks} weeks")
            return
        if req.window == []:
            report(path, "'window' is empty: the internship can never be placed")
            return
        in_window = intern_run_weeks(cal, req, cohorts)
        held = np.array([intern_weeks(cal, res[k], institutions) for k in posts], dtype=bool)
        starts = cal.n_weeks - weeks + 1
        in_runs = _whole_runs(in_window[None, :], weeks)[0]
        places = np.array([room[k] for k in posts]) @ _whole_runs(held, weeks)
        window_runs = int(in_runs.sum())
        first_weeks = np.zeros(cal.n_weeks, dtype=bool)
        first_weeks[:starts] = in_runs & (places >= headcount)
        if first_weeks.any():
            self.internship_weeks[path] = first_weeks
        elif not window_runs:
            report(
                path,
                f"no run of {weeks} consecutive weeks lies inside the window and the "
                f"attending cohorts' 'available' (read by week){_closed_weeks(cal, req, cohorts)}",
            )
        else:
            report(
                path,
                f"in no run of {weeks} consecutive weeks inside the window are enough "
                f"candidate posts available for {headcount} interns (posts' 'available', and "
                "'owner_windows' for other institutions' interns, are read by week)",
            )


def _whole_runs(weeks_held: np.ndarray, length: int) -> np.ndarray:
    """bool (rows, n_weeks - length + 1): whether each row holds every week of the run of
    ``length`` weeks starting at each week. Counted with cumulative sums, not run by run
    and post by post: 200 internships over 500 posts took 12 s that way (a size audit)."""
    gaps = np.cumsum(~weeks_held, axis=1)
    gaps = np.concatenate([np.zeros((len(weeks_held), 1), dtype=gaps.dtype), gaps], axis=1)
    return np.asarray(gaps[:, length:] == gaps[:, : gaps.shape[1] - length])


def _closed_weeks(cal: CalendarIndex, req: Request, cohorts: list[Cohort]) -> str:
    """The window's weeks closed throughout, said when they are what leaves no run."""
    closed = [str(w) for w in closed_weeks_in_window(cal, req, cohorts)]
    if not closed:
        return ""
    if len(closed) == 1:
        return f"; week {closed[0]} is closed throughout (nobody trains in it)"
    return f"; weeks {', '.join(closed)} are closed throughout (nobody trains in them)"
