"""The term's calendar and windows of slots within it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from scheduler.models.base import FieldError, FrozenModel
from scheduler.models.fields import (
    DATE_TEXT,
    DAY_MINUTES,
    MAX_CALENDAR_SLOTS,
    MAX_MINUTES,
    NOT_BOOL_OR_TEXT,
    ClockTime,
    Day,
    Slot,
    Week,
)


class Window(FrozenModel):
    """A set of slots: weeks ``[from, to]`` inclusive x days x slots; a missing key means all."""

    weeks: tuple[Week, Week] | None = None
    days: list[Day] | None = None
    slots: list[Slot] | None = None

    @field_validator("weeks")
    @classmethod
    def _ordered_weeks(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v is not None and v[0] > v[1]:
            raise PydanticCustomError(
                "weeks_reversed",
                "weeks range [{first}, {last}] is empty: 'from' is after 'to'",
                {"first": v[0], "last": v[1]},
            )
        return v


def _one_or_many(value: object) -> object:
    """A lone window object where a list is expected reads as a list of one: the spec
    defines a window as ``{...}`` and "a list of windows" as their union, so a document
    may give either (a spec audit)."""
    return [value] if isinstance(value, dict) else value


Windows = Annotated[
    list[Window], BeforeValidator(_one_or_many, json_schema_input_type=list[Window] | Window)
]


class ClosedDay(FrozenModel):
    """A day of the calendar on which nothing may be scheduled (a holiday)."""

    week: Week
    day: Day


class Calendar(FrozenModel):
    """The term's grid: weeks x days x slots of ``slot_minutes``, from ``first_monday``."""

    weeks: Week
    days_per_week: Day
    slots_per_day: Slot
    slot_minutes: Annotated[int, Field(ge=1, le=MAX_MINUTES), NOT_BOOL_OR_TEXT]
    first_monday: dt.date
    closed: list[ClosedDay] = Field(default_factory=list)
    slot_times: list[ClockTime] | None = None

    @field_validator("first_monday", mode="before")
    @classmethod
    def _date_as_written(cls, v: object) -> object:
        """Only ``YYYY-MM-DD``: pydantic would read 1788739200 as seconds since 1970 and
        drop the time of "2026-09-07T00:00:00+08:00", changing what the user wrote
        without a word (a bad-input audit)."""
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if isinstance(v, str) and DATE_TEXT.fullmatch(v):
            return v
        raise PydanticCustomError("date_type", "Input should be a valid date")

    @field_validator("first_monday")
    @classmethod
    def _is_monday(cls, v: dt.date) -> dt.date:
        if v.weekday() != 0:
            raise ValueError(f"{v.isoformat()} is a {v.strftime('%A')}, not a Monday")
        return v

    @model_validator(mode="after")
    def _size(self) -> Calendar:
        """Every check and the solver hold arrays of all slots: keep them in memory."""
        n = self.weeks * self.days_per_week * self.slots_per_day
        if n > MAX_CALENDAR_SLOTS:
            raise ValueError(
                f"{self.weeks} weeks x {self.days_per_week} days x {self.slots_per_day} slots "
                f"= {n} slots; at most {MAX_CALENDAR_SLOTS} are supported"
            )
        return self

    @model_validator(mode="after")
    def _slot_times_fit(self) -> Calendar:
        if self.slot_times is not None and len(self.slot_times) != self.slots_per_day:
            raise FieldError(
                ("slot_times",),
                f"needs one start time per slot: {self.slots_per_day} "
                f"(slots_per_day), got {len(self.slot_times)}",
            )
        # A day may run past midnight (an evening shift, long slots): the slots stay on
        # the day they start, and times after midnight count on (see slot_start_minutes).
        # Slots that overlap in time are the planner's to judge (validation warns): the
        # spec's rules count slots, and travel counts the minutes as they are.
        return self

    def days_overlap(self) -> tuple[int, int] | None:
        """``(end of the day's last slot, start of the next day's first)`` in minutes after
        the day's midnight when consecutive days overlap in time, else ``None``: the spec
        allows it, but every rule compares the sessions of one day, so validation warns
        that a cohort could be booked on a day's last slot and the next day's first at
        once."""
        starts = self.slot_start_minutes()
        end = starts[-1] + self.slot_minutes
        if self.days_per_week > 1 and end > starts[0] + DAY_MINUTES:
            return end, starts[0] + DAY_MINUTES
        return None

    @model_validator(mode="after")
    def _dates_exist(self) -> Calendar:
        """Exports write each day's date, and a slot past midnight the day after's."""
        if (dt.date.max - self.first_monday).days < self.weeks * 7:
            raise FieldError(
                ("first_monday",),
                f"{self.weeks} weeks from {self.first_monday.isoformat()} run past "
                f"{dt.date.max.isoformat()}, the last date a timetable can name",
            )
        return self

    def slot_start_minutes(self) -> list[int]:
        """Start of each slot of a day, in minutes after the day's midnight (1-based slot k
        at [k-1]); past 1,440 for a slot that starts after the next midnight: a
        ``slot_times`` entry earlier than the one before it is on the next day."""
        if self.slot_times is None:
            return [8 * 60 + k * self.slot_minutes for k in range(self.slots_per_day)]
        out: list[int] = []
        for t in self.slot_times:
            minutes = int(t[:2]) * 60 + int(t[3:])
            while out and minutes < out[-1]:
                minutes += 24 * 60
            out.append(minutes)
        return out


def clock_text(minutes: int) -> str:
    """``HH:MM`` of ``minutes`` after a day's midnight ("08:30 the next morning" past the
    next midnight)."""
    days, rest = divmod(minutes, DAY_MINUTES)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return text + (" the next morning" if days == 1 else f" {days} days later" if days else "")
