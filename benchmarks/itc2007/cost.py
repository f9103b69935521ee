"""The UD2 cost of a CB-CTT solution, as the official ITC-2007 validator computes it.

A solution (``.sol``) has one line per lecture: ``course room day period`` (0-based).
Like the validator, entries naming an unknown course or room, a day or period outside
the instance, or a course already taught in that period are skipped with a warning;
a line that is not four fields with integer day and period is an error.

Hard violations (must all be zero for a feasible timetable):

- **Lectures**: per course, ``|scheduled - required|`` lectures.
- **Conflicts**: per pair of courses sharing a curriculum or a teacher, per period both teach.
- **Availability**: per lecture in a period the course is unavailable.
- **RoomOccupancy**: per room and period, lectures beyond the first.

Soft cost = RoomCapacity + 5 MinWorkingDays + 2 IsolatedLectures + 1 RoomStability, with

- **RoomCapacity**: per lecture, students beyond the room's size.
- **MinWorkingDays**: per course, days below its minimum number of working days.
- **IsolatedLectures**: per curriculum and period, the curriculum's lectures there when
  neither the previous nor the next period of the same day has one of its lectures.
- **RoomStability**: per course, distinct rooms beyond the first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from benchmarks.itc2007.ectt import lines_of, read_source
from benchmarks.itc2007.instance import Instance

MIN_WORKING_DAYS_WEIGHT = 5
ISOLATED_LECTURES_WEIGHT = 2
ROOM_STABILITY_WEIGHT = 1


class SolutionError(ValueError):
    """A malformed ``.sol`` line; ``str()`` reads ``file:line: message``."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


@dataclass(frozen=True, slots=True)
class Assignment:
    """One lecture: course taught in room at (day, period), both 0-based."""

    course: str
    room: str
    day: int
    period: int


@dataclass(frozen=True)
class Ud2Cost:
    """Hard violation counts and soft cost terms (unweighted counts; see :attr:`soft`)."""

    lectures: int
    conflicts: int
    availability: int
    room_occupancy: int
    room_capacity: int
    min_working_days: int
    isolated_lectures: int
    room_stability: int
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def hard(self) -> int:
        """All hard violations together; 0 for a feasible timetable."""
        return self.lectures + self.conflicts + self.availability + self.room_occupancy

    @property
    def soft(self) -> int:
        """The UD2 cost: the weighted sum of the soft terms."""
        return (
            self.room_capacity
            + MIN_WORKING_DAYS_WEIGHT * self.min_working_days
            + ISOLATED_LECTURES_WEIGHT * self.isolated_lectures
            + ROOM_STABILITY_WEIGHT * self.room_stability
        )

    @property
    def feasible(self) -> bool:
        """Whether no hard constraint is broken (``trainshare itc2007 cost`` exits 0 only then)."""
        return self.hard == 0

    def hard_terms(self) -> dict[str, int]:
        """Each hard violation count under the validator's name, for printing and JSON."""
        return {
            "Lectures": self.lectures,
            "Conflicts": self.conflicts,
            "Availability": self.availability,
            "RoomOccupancy": self.room_occupancy,
        }

    def soft_terms(self) -> dict[str, int]:
        """Each soft term already multiplied by its UD2 weight."""
        return {
            "RoomCapacity": self.room_capacity,
            "MinWorkingDays": MIN_WORKING_DAYS_WEIGHT * self.min_working_days,
            "IsolatedLectures": ISOLATED_LECTURES_WEIGHT * self.isolated_lectures,
            "RoomStability": ROOM_STABILITY_WEIGHT * self.room_stability,
        }


def parse_solution(text: str, source: str = "<sol>") -> list[Assignment]:
    """Parse ``.sol`` text into assignments; malformed lines raise :class:`SolutionError`."""
    out: list[Assignment] = []
    for number, raw in enumerate(lines_of(text), start=1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise SolutionError(
                source, number, f"expected 'course room day period', found '{raw.strip()}'"
            )
        course, room, day_s, period_s = parts
        if not all(re.fullmatch(r"-?[0-9]{1,9}", t) for t in (day_s, period_s)):
            shown = f"{day_s} {period_s}"
            shown = shown if len(shown) <= 40 else f"{shown[:40]}... ({len(shown):,} characters)"
            raise SolutionError(
                source, number, f"day and period must be small integers, found '{shown}'"
            )
        day, period = int(day_s), int(period_s)
        if day < 0 or period < 0:
            raise SolutionError(source, number, f"negative day or period in '{raw.strip()}'")
        out.append(Assignment(course, room, day, period))
    return out


def load_solution(path: str | Path) -> list[Assignment]:
    """Read and parse a ``.sol`` file; an unreadable or undecodable file raises
    :class:`SolutionError` too, so callers handle one exception.
    """
    path = Path(path)
    return parse_solution(read_source(path, SolutionError), source=str(path))


def format_solution(assignments: list[Assignment]) -> str:
    """``.sol`` text: one ``course room day period`` line per lecture."""
    return "".join(f"{a.course} {a.room} {a.day} {a.period}\n" for a in assignments)


def _accepted(
    instance: Instance, assignments: list[Assignment]
) -> tuple[dict[tuple[str, int], str], list[str]]:
    """Timetable ``(course, period) -> room`` after the validator's skipping rules."""
    ppd = instance.periods_per_day
    table: dict[tuple[str, int], str] = {}
    warnings: list[str] = []
    for a in assignments:
        entry = f"{a.course} {a.room} {a.day} {a.period}"
        if a.course not in instance.course_by_name:
            warnings.append(f"unknown course '{a.course}' (entry '{entry}' skipped)")
        elif a.room not in instance.room_by_name:
            warnings.append(f"unknown room '{a.room}' (entry '{entry}' skipped)")
        elif a.day >= instance.days:
            warnings.append(f"day {a.day} outside 0..{instance.days - 1} ('{entry}' skipped)")
        elif a.period >= ppd:
            warnings.append(f"period {a.period} outside 0..{ppd - 1} ('{entry}' skipped)")
        elif (a.course, a.day * ppd + a.period) in table:
            warnings.append(f"repeated course and period ('{entry}' skipped)")
        else:
            table[(a.course, a.day * ppd + a.period)] = a.room
    unknown = sum(
        a.course not in instance.course_by_name or a.room not in instance.room_by_name
        for a in assignments
    )
    if assignments and 2 * unknown > len(assignments):
        # the validator's rule, but a summary: 277 skipped lines said nothing of the cause
        warnings.append(
            f"{unknown} of {len(assignments)} entries name a course or room '{instance.name}' "
            "does not have: is this a solution of another instance?"
        )
    return table, warnings


def ud2_cost(instance: Instance, assignments: list[Assignment]) -> Ud2Cost:
    """Hard violations and soft terms of ``assignments`` under UD2."""
    ppd = instance.periods_per_day
    table, warnings = _accepted(instance, assignments)

    periods_of: dict[str, set[int]] = defaultdict(set)
    for course, p in table:
        periods_of[course].add(p)

    lectures = sum(abs(len(periods_of[c.name]) - c.lectures) for c in instance.courses)

    # Conflicting pairs (same curriculum or same teacher, each pair once) met period by
    # period: listing every pair first was quadratic in a teacher's or a curriculum's
    # courses (one teacher of 8,000 courses: 52 s and 3.1 GB).
    curricula_of: dict[str, set[str]] = defaultdict(set)
    for q in instance.curricula:
        for name in q.courses:
            curricula_of[name].add(q.name)
    at_period: dict[int, list[str]] = defaultdict(list)
    for course, p in table:
        at_period[p].append(course)
    teacher = {c.name: c.teacher for c in instance.courses}
    conflicts = 0
    for names in at_period.values():
        for a, b in combinations(sorted(set(names)), 2):
            if teacher[a] == teacher[b] or curricula_of[a] & curricula_of[b]:
                conflicts += 1

    availability = sum(
        1 for (course, p) in table if (p // ppd, p % ppd) in instance.unavailable[course]
    )

    room_use = Counter((room, p) for (_, p), room in table.items())
    room_occupancy = sum(n - 1 for n in room_use.values() if n > 1)

    room_capacity = sum(
        max(0, instance.course_by_name[c].students - instance.room_by_name[room].capacity)
        for (c, _), room in table.items()
    )

    min_working_days = 0
    for c in instance.courses:
        days = {p // ppd for p in periods_of[c.name]}
        min_working_days += max(0, c.min_working_days - len(days))

    isolated = 0
    for q in instance.curricula:
        per_period = Counter(p for c in q.courses for p in periods_of[c])
        for p, n in per_period.items():
            slot = p % ppd
            before = per_period.get(p - 1, 0) if slot > 0 else 0
            after = per_period.get(p + 1, 0) if slot < ppd - 1 else 0
            if before == 0 and after == 0:
                isolated += n

    rooms_of: dict[str, set[str]] = defaultdict(set)
    for (course, _), room in table.items():
        rooms_of[course].add(room)
    room_stability = sum(max(0, len(r) - 1) for r in rooms_of.values())

    return Ud2Cost(
        lectures=lectures,
        conflicts=conflicts,
        availability=availability,
        room_occupancy=room_occupancy,
        room_capacity=room_capacity,
        min_working_days=min_working_days,
        isolated_lectures=isolated,
        room_stability=room_stability,
        warnings=tuple(warnings),
    )
