"""Parser of the ``.ectt`` (and older ``.ctt``) curriculum-based course timetabling format.

The format (Bonutti, De Cesco, Di Gaspero, Schaerf 2012) is a header of ``Key: value``
lines, then the sections ``COURSES:``, ``ROOMS:``, ``CURRICULA:``,
``UNAVAILABILITY_CONSTRAINTS:`` and (``.ectt`` only) ``ROOM_CONSTRAINTS:``, then
``END.``. The official validator reads whitespace-separated tokens and trusts its
input; we read line by line so that a malformed file fails with ``file:line: problem``
instead of a silently shifted instance.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from pathlib import Path

from benchmarks.itc2007.instance import (
    Course,
    Curriculum,
    Instance,
    Room,
    RoomConstraint,
    Unavailability,
)

SECTIONS = (
    "COURSES:",
    "ROOMS:",
    "CURRICULA:",
    "UNAVAILABILITY_CONSTRAINTS:",
    "ROOM_CONSTRAINTS:",
)

_SECTION_RE = re.compile(r"^[A-Z_]+:$")

#: Header keys and how many integers follow (``Name`` is a string).
_HEADER_INTS = {
    "Courses": 1,
    "Rooms": 1,
    "Days": 1,
    "Periods_per_day": 1,
    "Curricula": 1,
    "Min_Max_Daily_Lectures": 2,
    "UnavailabilityConstraints": 1,
    "RoomConstraints": 1,
    "Constraints": 1,  # .ctt spelling of UnavailabilityConstraints
}
_REQUIRED_HEADER = ("Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula")


#: Largest number an instance may give (counts, sizes): far beyond the published
#: instances, small enough that a typo cannot make a scenario no machine can hold.
MAX_NUMBER = 1_000_000


def lines_of(text: str) -> list[str]:
    """``text``'s lines as an editor numbers them: str.splitlines also breaks at U+2028,
    U+0085 and form feeds, which shifted the line numbers errors give."""
    return _LINE_BREAK.split(text)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: An integer field as the instances write it.
ASCII_INT = re.compile(r"-?[0-9]+")


class EcttError(ValueError):
    """A malformed instance file; ``str()`` reads ``file:line: message``."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


def load_instance(path: str | Path) -> Instance:
    """Read and parse an instance file; errors name the file and line."""
    path = Path(path)
    return parse_instance(read_source(path, EcttError), source=str(path))


def read_source(path: Path, error: Callable[[str, int | None, str], ValueError]) -> str:
    """The text of an instance or solution file; what cannot be read or decoded raises
    ``error(file, line, message)`` like a malformed line does, so callers handle one
    exception."""
    try:
        return _read_text(path)
    except OSError as exc:
        raise error(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise error(str(path), *_decode_error(exc)) from None


def _read_text(path: Path) -> str:
    """The file as UTF-8 (ITC-2007 files are ASCII; a byte-order mark an editor added is
    dropped); UnicodeDecodeError for binary files, OSError for a pipe or a device (reading
    one would wait for a writer, or never end)."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise OSError(errno.EINVAL, "not a regular file (a pipe or a device)", str(path))
    return path.read_bytes().decode("utf-8-sig")


def _decode_error(exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) of a binary file's first undecodable byte."""
    line = exc.object[: exc.start].count(b"\n") + 1
    return line, f"not a text file (byte 0x{exc.object[exc.start]:02x} is not UTF-8)"


def parse_instance(text: str, source: str = "<ectt>") -> Instance:
    """Parse the text of a ``.ectt`` / ``.ctt`` file into an :class:`Instance`."""
    return _Parser(text, source).parse()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        # (line number, stripped content) of every non-blank line
        self.lines = [(i + 1, ln.strip()) for i, ln in enumerate(lines_of(text)) if ln.strip()]
        self.pos = 0

    # ------------------------------------------------------------------ helpers
    def error(self, line: int | None, message: str) -> EcttError:
        """The :class:`EcttError` for ``line`` (``None``: the whole file); returned, not raised,
        so that callers write ``raise self.error(...)`` and the exit stays visible.
        """
        return EcttError(self.source, line, message)

    def _int(self, token: str, line: int, what: str) -> int:
        # ASCII digits only: int() also takes '0_5', '+5' and full-width digits, which
        # no instance writes and which a typo should not become
        if not ASCII_INT.fullmatch(token):
            shown = token if len(token) <= 20 else f"{token[:20]}... ({len(token):,} characters)"
            raise self.error(line, f"{what}: '{shown}' is not an integer")
        if len(token.lstrip("-")) > 12:
            raise self.error(
                line, f"{what}: a number of {len(token):,} digits is beyond any timetable"
            )
        value = int(token)
        if value < 0:
            raise self.error(line, f"{what}: {value} is negative")
        if value > MAX_NUMBER:
            raise self.error(
                line, f"{what}: {value} is beyond any timetable (at most {MAX_NUMBER:,})"
            )
        return value

    def _fields(self, line: int, content: str, counts: tuple[int, ...], what: str) -> list[str]:
        parts = content.split()
        if len(parts) not in counts:
            expected = " or ".join(str(n) for n in counts)
            raise self.error(
                line, f"{what}: expected {expected} fields, found {len(parts)}: '{content}'"
            )
        return parts

    def _section_lines(self, header: str) -> list[tuple[int, str]]:
        """Lines of one section: from after ``header`` to the next section or ``END.``."""
        if self.pos >= len(self.lines):
            raise self.error(None, f"missing section '{header}' (file ends early)")
        line, content = self.lines[self.pos]
        if content != header:
            raise self.error(line, f"expected section '{header}', found '{content}'")
        self.pos += 1
        out = []
        while self.pos < len(self.lines):
            line, content = self.lines[self.pos]
            if content in SECTIONS or content == "END.":
                break
            if _SECTION_RE.match(content):
                raise self.error(line, f"unknown section '{content}'")
            out.append((line, content))
            self.pos += 1
        return out

    def _count(self, header: dict[str, tuple[int, list[int]]], key: str) -> int | None:
        return header[key][1][0] if key in header else None

    def _check_count(
        self,
        header: dict[str, tuple[int, list[int]]],
        key: str,
        section: str,
        found: int,
        first_line: int | None,
    ) -> None:
        expected = self._count(header, key)
        if expected is not None and expected != found:
            raise self.error(
                header[key][0],
                f"header says {key}: {expected} but section {section} has {found} entries"
                + (f" (from line {first_line})" if first_line else ""),
            )

    # ------------------------------------------------------------------ parse
    def parse(self) -> Instance:
        """Read the file into an :class:`Instance`, sections in the format's order; the first
        problem raises :class:`EcttError` with its line.
        """
        if not self.lines:
            raise self.error(None, "empty file")
        name, header = self._header()
        days = self._count(header, "Days") or 0
        ppd = self._count(header, "Periods_per_day") or 0
        if days == 0:
            raise self.error(header["Days"][0], "Days must be at least 1")
        if ppd == 0:
            raise self.error(header["Periods_per_day"][0], "Periods_per_day must be at least 1")

        courses = self._courses(header)
        course_names = {c.name for c in courses}
        rooms = self._rooms(header)
        room_names = {r.name for r in rooms}
        curricula = self._curricula(header, course_names)
        unavailability = self._unavailability(header, course_names, days, ppd)
        room_constraints: list[RoomConstraint] = []
        if self.pos < len(self.lines) and self.lines[self.pos][1] == "ROOM_CONSTRAINTS:":
            room_constraints = self._room_constraints(header, course_names, room_names)
        elif "RoomConstraints" in header and self._count(header, "RoomConstraints"):
            line = self.lines[self.pos][0] if self.pos < len(self.lines) else None
            raise self.error(
                line, "header announces RoomConstraints but ROOM_CONSTRAINTS: is missing"
            )

        if self.pos >= len(self.lines):
            raise self.error(None, "missing 'END.' at the end of the file")
        line, content = self.lines[self.pos]
        if content != "END.":
            raise self.error(line, f"expected 'END.', found '{content}'")
        if self.pos + 1 < len(self.lines):
            line, content = self.lines[self.pos + 1]
            raise self.error(line, f"unexpected content after 'END.': '{content}'")

        min_max = header.get("Min_Max_Daily_Lectures")
        return Instance(
            name=name,
            days=days,
            periods_per_day=ppd,
            courses=tuple(courses),
            rooms=tuple(rooms),
            curricula=tuple(curricula),
            unavailability=tuple(unavailability),
            room_constraints=tuple(room_constraints),
            min_daily_lectures=min_max[1][0] if min_max else None,
            max_daily_lectures=min_max[1][1] if min_max else None,
            source=self.source,
            header_lines={key: line for key, (line, _) in header.items()},
        )

    def _header(self) -> tuple[str, dict[str, tuple[int, list[int]]]]:
        name: str | None = None
        header: dict[str, tuple[int, list[int]]] = {}
        seen: dict[str, int] = {}
        while self.pos < len(self.lines):
            line, content = self.lines[self.pos]
            if content in SECTIONS:
                break
            if ":" not in content:
                raise self.error(line, f"expected a header line 'Key: value', found '{content}'")
            key, _, value = content.partition(":")
            key, value = key.strip(), value.strip()
            if key in seen:
                raise self.error(line, f"header key '{key}' repeated (first on line {seen[key]})")
            seen[key] = line
            if key == "Name":
                if not value:
                    raise self.error(line, "Name is empty")
                name = value
            elif key in _HEADER_INTS:
                tokens = value.split()
                if len(tokens) != _HEADER_INTS[key]:
                    raise self.error(
                        line, f"{key}: expected {_HEADER_INTS[key]} integer(s), found '{value}'"
                    )
                header[key] = (line, [self._int(t, line, key) for t in tokens])
            else:
                raise self.error(line, f"unknown header key '{key}'")
            self.pos += 1
        missing = [k for k in _REQUIRED_HEADER if k != "Name" and k not in header]
        if name is None:
            missing.insert(0, "Name")
        if missing:
            at = self.lines[self.pos][0] if self.pos < len(self.lines) else None
            raise self.error(at, f"header lacks {', '.join(missing)}")
        both = ("Constraints", "UnavailabilityConstraints")
        if all(k in header for k in both) and header[both[0]][1] != header[both[1]][1]:
            # two counts of one section: which one holds would be a guess
            raise self.error(
                header["Constraints"][0],
                f"header counts the unavailability constraints twice, {header[both[0]][1][0]} "
                f"(Constraints) and {header[both[1]][1][0]} (UnavailabilityConstraints); "
                "keep one",
            )
        if "Constraints" in header:
            header["UnavailabilityConstraints"] = header["Constraints"]
        assert name is not None
        return name, header

    def _courses(self, header: dict[str, tuple[int, list[int]]]) -> list[Course]:
        rows = self._section_lines("COURSES:")
        courses: list[Course] = []
        seen: dict[str, int] = {}
        for line, content in rows:
            # .ectt: name teacher lectures min_days students double; .ctt lacks 'double'
            parts = self._fields(line, content, (5, 6), "course")
            name, teacher = parts[0], parts[1]
            if name in seen:
                raise self.error(line, f"course '{name}' repeated (first on line {seen[name]})")
            seen[name] = line
            lectures = self._int(parts[2], line, f"course '{name}' lectures")
            min_days = self._int(parts[3], line, f"course '{name}' min working days")
            students = self._int(parts[4], line, f"course '{name}' students")
            double = False
            if len(parts) == 6:
                flag = self._int(parts[5], line, f"course '{name}' double-lecture flag")
                if flag > 1:
                    raise self.error(line, f"course '{name}' double-lecture flag must be 0 or 1")
                double = flag == 1
            courses.append(Course(name, teacher, lectures, min_days, students, double))
        self._check_count(header, "Courses", "COURSES:", len(courses), rows[0][0] if rows else None)
        return courses

    def _rooms(self, header: dict[str, tuple[int, list[int]]]) -> list[Room]:
        rows = self._section_lines("ROOMS:")
        rooms: list[Room] = []
        seen: dict[str, int] = {}
        for line, content in rows:
            parts = self._fields(line, content, (2, 3), "room")
            name = parts[0]
            if name in seen:
                raise self.error(line, f"room '{name}' repeated (first on line {seen[name]})")
            seen[name] = line
            capacity = self._int(parts[1], line, f"room '{name}' size")
            building = (
                self._int(parts[2], line, f"room '{name}' building") if len(parts) == 3 else 0
            )
            rooms.append(Room(name, capacity, building))
        self._check_count(header, "Rooms", "ROOMS:", len(rooms), rows[0][0] if rows else None)
        return rooms

    def _curricula(
        self, header: dict[str, tuple[int, list[int]]], course_names: set[str]
    ) -> list[Curriculum]:
        rows = self._section_lines("CURRICULA:")
        curricula: list[Curriculum] = []
        seen: dict[str, int] = {}
        for line, content in rows:
            parts = content.split()
            if len(parts) < 2:
                raise self.error(
                    line, f"curriculum: expected 'name count courses...', found '{content}'"
                )
            name = parts[0]
            if name in seen:
                raise self.error(line, f"curriculum '{name}' repeated (first on line {seen[name]})")
            seen[name] = line
            count = self._int(parts[1], line, f"curriculum '{name}' size")
            members = parts[2:]
            if len(members) != count:
                raise self.error(
                    line, f"curriculum '{name}' says {count} courses but lists {len(members)}"
                )
            for c in members:
                if c not in course_names:
                    raise self.error(line, f"curriculum '{name}': unknown course '{c}'")
            if len(set(members)) != len(members):
                raise self.error(line, f"curriculum '{name}' lists a course twice")
            curricula.append(Curriculum(name, tuple(members)))
        self._check_count(
            header, "Curricula", "CURRICULA:", len(curricula), rows[0][0] if rows else None
        )
        return curricula

    def _unavailability(
        self,
        header: dict[str, tuple[int, list[int]]],
        course_names: set[str],
        days: int,
        ppd: int,
    ) -> list[Unavailability]:
        rows = self._section_lines("UNAVAILABILITY_CONSTRAINTS:")
        out: list[Unavailability] = []
        for line, content in rows:
            parts = self._fields(line, content, (3,), "unavailability constraint")
            course = parts[0]
            if course not in course_names:
                raise self.error(line, f"unavailability constraint: unknown course '{course}'")
            day = self._int(parts[1], line, "unavailability day")
            period = self._int(parts[2], line, "unavailability period")
            if day >= days:
                raise self.error(line, f"unavailability day {day} is outside 0..{days - 1}")
            if period >= ppd:
                raise self.error(line, f"unavailability period {period} is outside 0..{ppd - 1}")
            out.append(Unavailability(course, day, period))
        self._check_count(
            header,
            "UnavailabilityConstraints",
            "UNAVAILABILITY_CONSTRAINTS:",
            len(out),
            rows[0][0] if rows else None,
        )
        return out

    def _room_constraints(
        self,
        header: dict[str, tuple[int, list[int]]],
        course_names: set[str],
        room_names: set[str],
    ) -> list[RoomConstraint]:
        rows = self._section_lines("ROOM_CONSTRAINTS:")
        out: list[RoomConstraint] = []
        for line, content in rows:
            parts = self._fields(line, content, (2,), "room constraint")
            if parts[0] not in course_names:
                raise self.error(line, f"room constraint: unknown course '{parts[0]}'")
            if parts[1] not in room_names:
                raise self.error(line, f"room constraint: unknown room '{parts[1]}'")
            out.append(RoomConstraint(parts[0], parts[1]))
        self._check_count(
            header, "RoomConstraints", "ROOM_CONSTRAINTS:", len(out), rows[0][0] if rows else None
        )
        return out
