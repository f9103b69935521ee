"""Readings shared by the report's numbers: a share that an empty whole does not break,
and the open hours of each week."""

from __future__ import annotations

import numpy as np

from scheduler.calendar import CalendarIndex


def share_of(part: float, whole: float, empty: float = 0.0) -> float:
    return part / whole if whole > 0 else empty


def open_hours_per_week(cal: CalendarIndex, slot_hours: float) -> np.ndarray:
    """float (n_weeks,): full-time hours of each week (its open slots)."""
    open_days = cal.open_day.reshape(cal.n_weeks, cal.days_per_week).sum(axis=1)
    return open_days * cal.slots_per_day * slot_hours
