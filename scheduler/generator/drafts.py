"""Mutable drafts of the scenario's entities while the generator shapes them.

The generator edits these freely (trims sessions, adds candidates lists, links chains)
and turns them into the frozen pydantic :class:`~scheduler.models.Scenario` once, at the
end, so every generated document passes the models' own checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.generator.term import CALENDAR
from scheduler.models import Scenario


@dataclass(slots=True)
class DSite:
    """A draft site; ``x``, ``y`` are map km, from which travel minutes are derived."""

    id: str
    name: str
    x: float
    y: float


@dataclass(slots=True)
class DInstitution:
    """A draft institution, with what the generator needs to draw its courses and posts."""

    id: str
    name: str
    kind: str  # college | enterprise | institute
    site: str
    majors: list[str] = field(default_factory=list)  # colleges
    etype: str | None = None  # enterprises: catalog.ENTERPRISE_TYPES id


@dataclass(slots=True)
class DCohort:
    """A draft cohort; ``klass`` (its time class) decides when it can attend, ``chained``
    whether its courses get ``after`` links.
    """

    id: str
    name: str
    institution: str
    kind: str  # students | trainees
    size: int
    major: str
    klass: str  # day | evening | weekend | both | release
    available: list[dict] | None = None
    chained: bool = True  # its courses follow each other ('after')
    year: int = 0  # students: 24 (second year) or 25 (first year)


@dataclass(slots=True)
class DResource:
    """A draft resource; ``primary`` is the feature whose supply it counts towards."""

    id: str
    name: str
    kind: str
    owner: str
    site: str
    capacity: int
    features: list[str]
    shareable: bool = False
    available: list[dict] | None = None
    open_to: list[str] | None = None
    owner_windows: list[dict] | None = None
    overflow: int = 0
    primary: str | None = None  # the feature whose supply it is counted in

    @property
    def room(self) -> int:
        """People it holds at most: ``capacity`` plus ``overflow``."""
        return self.capacity + self.overflow


@dataclass(slots=True)
class DInstructor:
    """A draft instructor; ``klass`` is the time class they teach in."""

    id: str
    name: str
    institution: str
    skills: list[str]
    site: str
    available: list[dict] | None
    max_slots_per_week: int
    klass: str  # day | off | both


@dataclass(slots=True)
class DRequest:
    """A draft request that the generator edits in place (trims, splits, links) until it is
    frozen; ``feature`` and ``klass`` key the budgets.
    """

    id: str
    cohorts: list[str]
    title: str
    feature: str  # the trade it practises (its first need)
    klass: str  # day | off
    kind: str = "sessions"
    sessions: int = 0
    duration: int = 1
    weeks: int = 0
    needs: list[str] = field(default_factory=list)
    resource_kinds: list[str] | None = None
    resources: list[str] | None = None
    window: list[dict] | None = None
    pattern: str = "free"
    max_per_week: int | None = None
    min_days_apart: int = 0
    min_days: int = 0
    split: bool = False
    instructor_skills: list[str] | None = None
    instructors: list[str] | None = None
    after: list[str] = field(default_factory=list)
    priority: int = 1
    required: bool = False
    prefer: dict | None = None
    order: int = 0  # position in its cohort's curriculum
    headcount: int = 0  # people at each session (sum of the cohorts' sizes)

    @property
    def internship(self) -> bool:
        """Whether this is an internship (whole weeks on posts) rather than sessions."""
        return self.kind == "internship"

    def units(self, parts: int = 1) -> int:
        """Room-slots asked for: sessions x duration x ``parts`` (rooms per session when split)."""
        return self.sessions * self.duration * parts


def to_scenario(
    name: str,
    sites: list[DSite],
    travel: list[tuple[str, str, int]],
    institutions: list[DInstitution],
    resources: list[DResource],
    instructors: list[DInstructor],
    cohorts: list[DCohort],
    requests: list[DRequest],
    weights: dict[str, int],
) -> Scenario:
    """Freeze the drafts into a :class:`Scenario` (defaults left out); pydantic checks fields
    and types, not the cross-references of :mod:`scheduler.validation`."""
    doc = {
        "name": name,
        "calendar": CALENDAR,
        "sites": [_fields(s, "id", "name") for s in sites],
        "travel": [{"from": a, "to": b, "minutes": m} for a, b, m in travel],
        "institutions": [_fields(i, "id", "name", "kind", "site") for i in institutions],
        "resources": [_resource(r) for r in resources],
        "instructors": [_instructor(t) for t in instructors],
        "cohorts": [_cohort(c) for c in cohorts],
        "requests": [_request(r) for r in requests],
        "weights": weights,
    }
    return Scenario.model_validate(doc)


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def _fields(draft: object, *names: str) -> dict:
    """The named attributes of a draft that the document keeps as they are."""
    return {name: getattr(draft, name) for name in names}


def _resource(r: DResource) -> dict:
    return _drop_none(
        {
            **_fields(r, "id", "name", "kind", "owner", "site", "capacity", "features"),
            **_fields(r, "available", "open_to", "owner_windows"),
            "overflow": r.overflow or None,
            "shareable": r.shareable or None,
        }
    )


def _instructor(t: DInstructor) -> dict:
    return _drop_none(
        _fields(t, "id", "name", "institution", "skills", "site", "available", "max_slots_per_week")
    )


def _cohort(c: DCohort) -> dict:
    return _drop_none(_fields(c, "id", "name", "institution", "kind", "size", "major", "available"))


def _request(r: DRequest) -> dict:
    """An internship keeps only the keys it may have; a sessions request leaves ``kind`` to
    its default."""
    who = {"cohort": r.cohorts[0]} if len(r.cohorts) == 1 else {"cohorts": r.cohorts}
    if r.internship:
        own: dict = {"kind": "internship", "weeks": r.weeks}
    else:
        free = r.pattern == "free"
        own = {
            **_fields(r, "sessions", "duration", "pattern", "resource_kinds"),
            "max_per_week": r.max_per_week if free else None,
            "min_days_apart": (r.min_days_apart or None) if free else None,
            "min_days": r.min_days or None,
            "split": r.split or None,
            **_fields(r, "instructor_skills", "instructors", "prefer"),
        }
    return _drop_none(
        {
            "id": r.id,
            **who,
            "title": r.title,
            **own,
            **_fields(r, "needs", "resources", "window"),
            "after": r.after or None,
            "priority": r.priority,
            "required": r.required or None,
        }
    )
