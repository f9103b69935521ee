"""The scenario as ``shared/spec/scenario-format.md`` reads it, from the raw JSON.

Written from the spec alone (plus the optional fields of ``docs/format-extensions.md``:
``null`` as missing, a lone window object, ``headcount``), without the project's models,
compile step or checker, so that the audit in :mod:`tests.spec_audit.audit` is a second,
independent reading of the same contract.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Window = dict[str, Any]


def windows(value: Any) -> list[Window] | None:
    """``None`` for "the whole calendar", else the list of windows (``[]``: never)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return [value]
    return list(value)


def in_window(wins: list[Window] | None, week: int, day: int, slot: int) -> bool:
    """Whether (week, day, slot) lies in the union of ``wins`` (``None``: everywhere)."""
    if wins is None:
        return True
    for w in wins:
        weeks, days, slots = w.get("weeks"), w.get("days"), w.get("slots")
        if weeks is not None and not weeks[0] <= week <= weeks[1]:
            continue
        if days is not None and day not in days:
            continue
        if slots is not None and slot not in slots:
            continue
        return True
    return False


@dataclass
class Reading:
    """Lookup tables over a scenario document, with the spec's defaults filled in."""

    doc: dict[str, Any]
    weeks: int = 0
    days: int = 0
    slots: int = 0
    slot_minutes: int = 0
    starts: list[float] = field(default_factory=list)
    closed: set[tuple[int, int]] = field(default_factory=set)
    sites: dict[str, dict[str, float]] = field(default_factory=dict)
    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    instructors: dict[str, dict[str, Any]] = field(default_factory=dict)
    cohorts: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cal = self.doc["calendar"]
        self.weeks, self.days = cal["weeks"], cal["days_per_week"]
        self.slots, self.slot_minutes = cal["slots_per_day"], cal["slot_minutes"]
        self.starts = _slot_starts(cal.get("slot_times"), self.slots, self.slot_minutes)
        self.closed = {(c["week"], c["day"]) for c in cal.get("closed") or []}
        self.institutions = {i["id"]: i for i in self.doc["institutions"]}
        self.resources = {r["id"]: r for r in self.doc.get("resources") or []}
        self.instructors = {t["id"]: t for t in self.doc.get("instructors") or []}
        self.cohorts = {c["id"]: c for c in self.doc.get("cohorts") or []}
        self.requests = {q["id"]: q for q in self.doc.get("requests") or []}
        self.sites = _shortest_paths(
            [s["id"] for s in self.doc["sites"]], self.doc.get("travel") or []
        )

    # ------------------------------------------------------------------ time
    def open_day(self, week: int, day: int) -> bool:
        return 1 <= week <= self.weeks and 1 <= day <= self.days and (week, day) not in self.closed

    def index(self, week: int, day: int, slot: int) -> int:
        """A global slot number: "later" in the spec's sense is a larger number."""
        return ((week - 1) * self.days + day - 1) * self.slots + slot - 1

    def open_days(self) -> list[tuple[int, int]]:
        return [
            (w, d)
            for w in range(1, self.weeks + 1)
            for d in range(1, self.days + 1)
            if (w, d) not in self.closed
        ]

    def week_in(self, wins: list[Window] | None, week: int) -> bool:
        """A week is in ``wins`` (read by week) when they hold some open slot of it."""
        return any(
            in_window(wins, week, d, s)
            for d in range(1, self.days + 1)
            if (week, d) not in self.closed
            for s in range(1, self.slots + 1)
        )

    def distance(self, a: str, b: str) -> float | None:
        """Shortest travel minutes between two sites; ``None`` when no path joins them."""
        return self.sites[a].get(b)

    # ------------------------------------------------------------------ requests
    def attending(self, q: dict[str, Any]) -> list[str]:
        return list(q["cohorts"]) if q.get("cohorts") is not None else [q["cohort"]]

    def size(self, q: dict[str, Any]) -> int:
        """The session's full headcount (the ``headcount`` extension, else the sum)."""
        if q.get("headcount") is not None and kind(q) == "sessions":
            return int(q["headcount"])
        return sum(int(self.cohorts[c]["size"]) for c in self.attending(q))

    def institutions_of(self, q: dict[str, Any]) -> set[str]:
        return {self.cohorts[c]["institution"] for c in self.attending(q)}

    def needs_instructor(self, q: dict[str, Any]) -> bool:
        return bool(q.get("instructor_skills")) or q.get("instructors") is not None

    def admits(self, resource: dict[str, Any], q: dict[str, Any]) -> str | None:
        """Why ``resource`` may not serve ``q`` (kind, needs, candidates, ``open_to``)."""
        if not set(q.get("needs") or []) <= set(resource.get("features") or []):
            return "lacks a needed feature"
        kinds = q.get("resource_kinds")
        if kinds is not None and resource["kind"] not in kinds:
            return "is not of a requested kind"
        if q.get("resources") is not None and resource["id"] not in q["resources"]:
            return "is not a listed candidate"
        open_to = resource.get("open_to")
        allowed = None if open_to is None else set(open_to) | {resource["owner"]}
        if allowed is not None and not self.institutions_of(q) <= allowed:
            return "is not open to every attending institution"
        return None


def kind(q: dict[str, Any]) -> str:
    return str(q.get("kind") or "sessions")


def _slot_starts(times: list[str] | None, slots: int, minutes: int) -> list[float]:
    """Start minute of each slot from the day's midnight (a time earlier than the one
    before it is on the next calendar day, as the format extensions read it)."""
    if not times:
        return [8 * 60 + k * minutes for k in range(slots)]
    out: list[float] = []
    for t in times:
        h, m = t.split(":")
        value = int(h) * 60 + int(m)
        while out and value < out[-1]:
            value += 24 * 60
        out.append(value)
    return out


def _shortest_paths(
    sites: Iterable[str], edges: list[dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """All-pairs shortest paths over the undirected travel graph (Dijkstra per site)."""
    graph: dict[str, list[tuple[str, float]]] = {s: [] for s in sites}
    for e in edges:
        graph[e["from"]].append((e["to"], float(e["minutes"])))
        graph[e["to"]].append((e["from"], float(e["minutes"])))
    out: dict[str, dict[str, float]] = {}
    for source in graph:
        best: dict[str, float] = {source: 0.0}
        heap: list[tuple[float, str]] = [(0.0, source)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > best.get(u, float("inf")):
                continue
            for v, w in graph[u]:
                if d + w < best.get(v, float("inf")):
                    best[v] = d + w
                    heapq.heappush(heap, (d + w, v))
        out[source] = best
    return out
