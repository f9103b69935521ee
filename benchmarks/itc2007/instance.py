"""A CB-CTT instance as read from its file: courses, rooms, curricula, unavailability.

Kept apart from the parser (:mod:`benchmarks.itc2007.ectt`) because the conversion to a
scenario and the UD2 cost calculator read instances without parsing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Course:
    """A course: ``lectures`` to place, over at least ``min_working_days`` days, for
    ``students``; courses sharing a ``teacher`` conflict.
    """

    name: str
    teacher: str
    lectures: int
    min_working_days: int
    students: int
    double_lectures: bool = False


@dataclass(frozen=True, slots=True)
class Room:
    """A room; ``building`` is 0 in a ``.ctt`` file, which does not give it."""

    name: str
    capacity: int
    building: int = 0


@dataclass(frozen=True, slots=True)
class Curriculum:
    """Courses that share students: no two may be taught in the same period."""

    name: str
    courses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unavailability:
    """A 0-based (day, period) in which ``course`` may not be taught."""

    course: str
    day: int  # 0-based
    period: int  # 0-based


@dataclass(frozen=True, slots=True)
class RoomConstraint:
    """A room the course may not use (``.ectt`` only); read, but not modelled, as in UD2."""

    course: str
    room: str


@dataclass(frozen=True)
class Instance:
    """One CB-CTT instance. Days and periods are 0-based, as in the file."""

    name: str
    days: int
    periods_per_day: int
    courses: tuple[Course, ...]
    rooms: tuple[Room, ...]
    curricula: tuple[Curriculum, ...]
    unavailability: tuple[Unavailability, ...] = ()
    room_constraints: tuple[RoomConstraint, ...] = ()
    min_daily_lectures: int | None = None
    max_daily_lectures: int | None = None
    source: str = field(default="", compare=False)
    #: Header key -> line number, so that later complaints (the conversion's) cite file:line.
    header_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def where(self, key: str) -> str:
        """``file:line`` of a header key, or the instance's name when unknown."""
        line = self.header_lines.get(key)
        return f"{self.source}:{line}" if self.source and line else self.name

    @property
    def lectures(self) -> int:
        """Total lectures to schedule (the ``Lectures`` hard constraint's target)."""
        return sum(c.lectures for c in self.courses)

    @cached_property
    def course_by_name(self) -> dict[str, Course]:
        """Courses by name (built once): solutions and curricula name courses."""
        return {c.name: c for c in self.courses}

    @cached_property
    def room_by_name(self) -> dict[str, Room]:
        """Rooms by name (built once): solutions name rooms."""
        return {r.name: r for r in self.rooms}

    @cached_property
    def curricula_of(self) -> dict[str, tuple[str, ...]]:
        """Course name -> names of the curricula it belongs to (file order)."""
        out: dict[str, list[str]] = {c.name: [] for c in self.courses}
        for q in self.curricula:
            for c in q.courses:
                if q.name not in out[c]:
                    out[c].append(q.name)
        return {c: tuple(qs) for c, qs in out.items()}

    @cached_property
    def unavailable(self) -> dict[str, frozenset[tuple[int, int]]]:
        """Course name -> set of (day, period) it may not be taught in."""
        out: dict[str, set[tuple[int, int]]] = {c.name: set() for c in self.courses}
        for u in self.unavailability:
            out[u.course].add((u.day, u.period))
        return {c: frozenset(s) for c, s in out.items()}
