"""The week grid of one resource, cohort, instructor or institution, ready for a template.

An institution's grid holds its cohorts' sessions, the parts of other institutions'
sessions its instructors teach and the interns on its posts: what its export file holds
(``api.exports``) and, but for others' use of its labs, the CLI's ``--institution``.

Works on the documents exactly as the JSON API hands them to the caller (a scenario and
a schedule already cut down to what the caller may see), so the page can never show
more than the API would. Days are columns, slots rows; a session spans ``duration``
rows. Sessions that overlap in one day column (several groups in a shareable workshop,
or a whole institution's week) get side-by-side lanes, the classic timetable layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from scheduler.models import Calendar

ViewKind = Literal["resource", "cohort", "instructor", "institution"]
VIEWS: tuple[ViewKind, ...] = ("resource", "cohort", "instructor", "institution")


@dataclass(frozen=True)
class Entity:
    """Something a grid can be drawn for: an id and the name people know it by."""

    id: str
    name: str


@dataclass
class Cell:
    """One session (or an anonymous occupied block) in the grid."""

    day: int
    slot: int
    duration: int
    request: str = ""
    title: str = ""
    cohorts: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    instructors: list[str] = field(default_factory=list)
    headcount: int = 0
    sites: list[str] = field(default_factory=list)  # where: the resources' sites, named
    occupied: bool = False  # another institution's use, shown without content
    lane: int = 0

    @property
    def end(self) -> int:
        """Last slot the cell covers."""
        return self.slot + self.duration - 1


@dataclass(frozen=True)
class Slot:
    """A slot row of the grid: 1-based number and clock times (``+1`` past midnight)."""

    number: int
    start: str
    end: str


@dataclass(frozen=True)
class Day:
    """A day column of the shown week: 1-based number, date, whether it is closed, and how many
    side-by-side lanes its cells need.
    """

    number: int
    date: dt.date
    closed: bool
    lanes: int


@dataclass
class Placement:
    """An internship placement running in the shown week."""

    request: str
    title: str
    cohorts: list[str]
    resource: str
    headcount: int
    first_week: int
    last_week: int
    site: str = ""  # where the post is


@dataclass
class Grid:
    """Rows of table cells: each entry is ``("cell", Cell)``, ``("empty", closed)`` or
    absent where a taller cell above covers it."""

    week: int
    days: list[Day]
    slots: list[Slot]
    rows: list[list[tuple[str, Any]]]
    cells: list[Cell]
    placements: list[Placement]
    others_interns: int = 0  # other institutions' interns in the shown post this week

    @property
    def sessions(self) -> int:
        """The caller's sessions in the grid; others' anonymous use (``occupied``) not counted."""
        return sum(1 for c in self.cells if not c.occupied)

    @property
    def width_class(self) -> str:
        """CSS class giving a table with many lanes room (columns stay readable)."""
        lanes = sum(d.lanes for d in self.days)
        for limit, name in ((8, "w-base"), (12, "w-12"), (16, "w-16"), (24, "w-24")):
            if lanes <= limit:
                return name
        return "w-max"


def calendar_of(scenario: dict[str, Any]) -> Calendar:
    """The document's calendar as the model, for its date and slot arithmetic."""
    return Calendar.model_validate(scenario["calendar"])


def _hhmm(minutes: int) -> str:
    """Clock time of minutes after the day's midnight; past midnight marked "+1"."""
    days, minutes = divmod(minutes, 24 * 60)
    clock = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return clock if days == 0 else f"{clock}+{days}"


def slots_of(cal: Calendar) -> list[Slot]:
    """Slot numbers with their clock times (``slot_times`` or 08:00 + k x slot_minutes)."""
    starts = cal.slot_start_minutes()
    return [Slot(k + 1, _hhmm(m), _hhmm(m + cal.slot_minutes)) for k, m in enumerate(starts)]


def date_of(cal: Calendar, week: int, day: int) -> dt.date:
    """Date of 1-based ``week`` and ``day``, counted from ``first_monday`` (7 days a week, whatever
    the open days).
    """
    return cal.first_monday + dt.timedelta(days=(week - 1) * 7 + (day - 1))


class Lookup:
    """Names of the ids a (possibly cut-down) scenario document holds.

    ``hidden`` names cohorts the caller may not see (another institution's, in a joint
    request) without their ids.
    """

    def __init__(self, scenario: dict[str, Any], hidden: str) -> None:
        self.hidden = hidden
        self.requests = {r["id"]: r for r in scenario.get("requests", [])}
        self.cohorts = {c["id"]: c for c in scenario.get("cohorts", [])}
        self.resources = {r["id"]: r for r in scenario.get("resources", [])}
        self.instructors = {i["id"]: i for i in scenario.get("instructors", [])}
        self.institutions = {i["id"]: i for i in scenario.get("institutions", [])}
        self.sites = {i["id"]: i for i in scenario.get("sites", [])}

    @staticmethod
    def cohort_ids(request: dict[str, Any]) -> list[str]:
        """A request's cohorts, whether it names one (``cohort``) or several (``cohorts``)."""
        cohorts = request.get("cohorts")
        return list(cohorts) if cohorts is not None else [request.get("cohort") or ""]

    def name(self, table: dict[str, dict[str, Any]], key: str) -> str:
        """``key``'s ``name`` in ``table``, or the id itself when it has none or is unknown."""
        row = table.get(key)
        return (row.get("name") or key) if row is not None else key

    def site_of(self, resource: str) -> str:
        """The name of the site ``resource`` is at ("" when unknown): a visitor's "where"."""
        site = self.resources.get(resource, {}).get("site")
        return self.name(self.sites, site) if site else ""

    def institution_of_instructor(self, instructor: str | None) -> str | None:
        """The institution an instructor works for (``None``: no or unknown instructor)."""
        row = self.instructors.get(instructor or "")
        return row.get("institution") if row is not None else None

    def cohort_name(self, cohort: str) -> str:
        """A cohort's name, or the hidden label for one the document does not hold."""
        return self.name(self.cohorts, cohort) if cohort in self.cohorts else self.hidden

    def title(self, request: str) -> str:
        """A request's title, or its id when it has none or is unknown."""
        row = self.requests.get(request)
        return (row.get("title") or request) if row is not None else request

    def institutions_of(self, request: str) -> set[str]:
        """Institutions of ``request``'s cohorts that the document holds."""
        row = self.requests.get(request)
        if row is None:
            return set()
        return {self.cohorts[c]["institution"] for c in self.cohort_ids(row) if c in self.cohorts}

    def attends(self, request: str, cohort: str) -> bool:
        """Whether ``cohort`` is one of ``request``'s cohorts."""
        row = self.requests.get(request)
        return row is not None and cohort in self.cohort_ids(row)


def entities(scenario: dict[str, Any], view: ViewKind) -> list[Entity]:
    """What the selector of ``view`` offers, in document order."""
    table = {
        "resource": "resources",
        "cohort": "cohorts",
        "instructor": "instructors",
        "institution": "institutions",
    }[view]
    return [Entity(row["id"], row.get("name") or row["id"]) for row in scenario.get(table, [])]


def cell_of(session: dict[str, Any], view: ViewKind, entity: str, look: Lookup) -> Cell | None:
    """The cell of ``session`` in the grid of ``entity``, or ``None`` if it is not there."""
    parts = session.get("parts", [])
    if view == "resource":
        parts = [p for p in parts if p["resource"] == entity]
    elif view == "instructor":
        parts = [p for p in parts if p.get("instructor") == entity]
    elif view == "cohort":
        if not look.attends(session["request"], entity):
            return None
    elif entity not in look.institutions_of(session["request"]):
        # another institution's session: the parts its instructors teach, as in its file
        # and the CLI's ``--institution`` (``api.hosting``)
        parts = [p for p in parts if look.institution_of_instructor(p.get("instructor")) == entity]
    if not parts:
        return None
    request = look.requests.get(session["request"], {})
    return Cell(
        day=session["day"],
        slot=session["slot"],
        duration=session["duration"],
        request=session["request"],
        title=look.title(session["request"]),
        cohorts=[look.cohort_name(c) for c in look.cohort_ids(request)] if request else [],
        resources=[look.name(look.resources, p["resource"]) for p in parts],
        instructors=[
            look.name(look.instructors, p["instructor"]) for p in parts if p.get("instructor")
        ],
        headcount=sum(p.get("headcount", 0) for p in parts),
        sites=list(dict.fromkeys(filter(None, (look.site_of(p["resource"]) for p in parts)))),
    )


def occupied_cells(
    busy: list[tuple[int, int, int]], own: list[Cell], slots_per_day: int
) -> list[Cell]:
    """Anonymous blocks for people in a resource beyond the caller's own sessions.

    ``busy`` is ``(day, slot, used)`` of one week from the occupancy route (every
    institution's headcount, the caller's included); what the caller's own cells do not
    account for belongs to others. Consecutive slots with the same count merge into one
    block.
    """
    mine: dict[tuple[int, int], int] = {}
    for c in own:
        for s in range(c.slot, min(c.end, slots_per_day) + 1):
            mine[(c.day, s)] = mine.get((c.day, s), 0) + c.headcount
    others = sorted(
        (day, slot, used - mine.get((day, slot), 0))
        for day, slot, used in busy
        if used - mine.get((day, slot), 0) > 0
    )
    blocks: list[Cell] = []
    for day, slot, used in others:
        last = blocks[-1] if blocks else None
        if last and last.day == day and last.end + 1 == slot and last.headcount == used:
            last.duration += 1
        else:
            blocks.append(Cell(day=day, slot=slot, duration=1, headcount=used, occupied=True))
    return blocks


def _assign_lanes(cells: list[Cell], days: int) -> list[int]:
    """Give overlapping cells of a day different lanes; returns lanes per day (>= 1)."""
    lanes = [1] * days
    for day in range(1, days + 1):
        ends: list[int] = []  # last slot used by each lane
        for c in sorted(
            (c for c in cells if c.day == day), key=lambda c: (c.slot, -c.duration, c.occupied)
        ):
            for i, end in enumerate(ends):
                if end < c.slot:
                    c.lane, ends[i] = i, c.end
                    break
            else:
                c.lane = len(ends)
                ends.append(c.end)
        lanes[day - 1] = max(1, len(ends))
    return lanes


def build_grid(
    scenario: dict[str, Any],
    schedule: dict[str, Any],
    view: ViewKind,
    entity: str,
    week: int,
    look: Lookup,
    busy: list[tuple[int, int, int]] | None = None,
    post_used: int | None = None,
) -> Grid:
    """The grid of ``entity`` in ``week``; ``busy`` adds others' anonymous occupancy of
    a lab, ``post_used`` the interns of every institution in a post that week."""
    cal = calendar_of(scenario)
    cells = [
        cell
        for s in schedule.get("sessions", [])
        if s["week"] == week and (cell := cell_of(s, view, entity, look)) is not None
    ]
    if busy:
        cells += occupied_cells(busy, cells, cal.slots_per_day)
    lanes = _assign_lanes(cells, cal.days_per_week)
    closed = {(c.week, c.day) for c in cal.closed}
    days = [
        Day(d, date_of(cal, week, d), (week, d) in closed, lanes[d - 1])
        for d in range(1, cal.days_per_week + 1)
    ]
    starts = {(c.day, c.lane, c.slot): c for c in cells}
    covered = {(c.day, c.lane, s) for c in cells for s in range(c.slot + 1, c.end + 1)}
    rows: list[list[tuple[str, Any]]] = []
    for slot in range(1, cal.slots_per_day + 1):
        row: list[tuple[str, Any]] = []
        for day in days:
            for lane in range(day.lanes):
                if (day.number, lane, slot) in starts:
                    row.append(("cell", starts[(day.number, lane, slot)]))
                elif (day.number, lane, slot) not in covered:
                    row.append(("empty", day.closed))
        rows.append(row)
    placements = _placements(schedule, view, entity, week, look)
    own = sum(p.headcount for p in placements)
    return Grid(
        week=week,
        days=days,
        slots=slots_of(cal),
        rows=rows,
        cells=sorted(cells, key=lambda c: (c.day, c.slot, c.lane)),
        placements=placements,
        others_interns=max(0, (post_used or 0) - own),
    )


def placement_shown(p: dict[str, Any], view: ViewKind, entity: str, look: Lookup) -> bool:
    """Whether internship placement ``p`` belongs on ``entity``'s page of ``view``."""
    return (
        (view == "resource" and p["resource"] == entity)
        or (view == "cohort" and look.attends(p["request"], entity))
        or (
            view == "institution"
            and (
                entity in look.institutions_of(p["request"])
                # interns on its posts: it receives them (``api.hosting``)
                or look.resources.get(p["resource"], {}).get("owner") == entity
            )
        )
    )


def _placements(
    schedule: dict[str, Any], view: ViewKind, entity: str, week: int, look: Lookup
) -> list[Placement]:
    out = []
    for p in schedule.get("placements", []):
        last = p["first_week"] + p["weeks"] - 1
        if not p["first_week"] <= week <= last:
            continue
        if placement_shown(p, view, entity, look):
            request = look.requests.get(p["request"], {})
            out.append(
                Placement(
                    request=p["request"],
                    title=look.title(p["request"]),
                    cohorts=[look.cohort_name(c) for c in look.cohort_ids(request)]
                    if request
                    else [],
                    resource=look.name(look.resources, p["resource"]),
                    headcount=p.get("headcount", 0),
                    first_week=p["first_week"],
                    last_week=last,
                    site=look.site_of(p["resource"]),
                )
            )
    return out


def busy_weeks(
    schedule: dict[str, Any], view: ViewKind, entity: str, look: Lookup
) -> Iterator[int]:
    """The weeks in which ``entity`` has something on its page of ``view``: each session's,
    and every week of an internship placement (lazily: whether there is any is cheap)."""
    for s in schedule.get("sessions", []):
        if cell_of(s, view, entity, look) is not None:
            yield s["week"]
    for p in schedule.get("placements", []):
        if placement_shown(p, view, entity, look):
            yield from range(p["first_week"], p["first_week"] + p["weeks"])


def first_busy_week(
    schedule: dict[str, Any],
    view: ViewKind,
    entity: str,
    look: Lookup,
    weeks: int,
    from_week: int = 1,
) -> int:
    """The first week from ``from_week`` (this week, mid-term) in which ``entity`` has
    anything, a session or an internship placement running (a sensible default), else
    ``from_week``."""
    found = [w for w in busy_weeks(schedule, view, entity, look) if from_week <= w <= weeks]
    return min(found, default=from_week)
