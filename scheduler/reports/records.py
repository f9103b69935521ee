"""The report's records: what :func:`scheduler.reports.metrics.compute_metrics` returns.

Plain dataclasses, so every renderer (Markdown, HTML, JSON, plots, the web timetable)
reads the same fields; units as in :mod:`scheduler.reports.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from scheduler.models import localized


class _Sentence:
    """A record carrying the schedule's English ``message`` and its other languages."""

    message: str
    messages: dict[str, str]

    def text(self, lang: str) -> str:
        """The sentence in ``lang``, or the English ``message`` when there is none."""
        return localized(self.message, self.messages, lang)


@dataclass
class UnmetItem(_Sentence):
    """A request (or part of one) that is not in the schedule, with the reason given."""

    request: str
    title: str
    cohorts: list[str]
    institutions: list[str]
    missing: int
    unit: str  # "sessions" | "people"
    reason: str  # a code of docs/reasons.md, or "" when the schedule gives none
    message: str  # English, as in the schedule
    messages: dict[str, str] = field(default_factory=dict)  # other languages, when given


@dataclass
class RequestFulfilment:
    """What one request asked for and got; ``unit`` says whether counts are sessions or people."""

    request: str
    title: str
    kind: str
    cohorts: list[str]
    institutions: list[str]
    requested: int  # sessions, or people for an internship
    granted: int
    unit: str  # "sessions" | "people"
    person_hours_requested: float
    person_hours_granted: float


@dataclass
class InstitutionFulfilment:
    """What one institution asked for and got: sessions, person-hours, interns, demand units."""

    institution: str
    name: str
    kind: str
    requests: int
    sessions_requested: int
    sessions_granted: int
    person_hours_requested: float
    person_hours_granted: float
    internship_people_requested: int
    internship_people_placed: int
    person_weeks_requested: int
    person_weeks_placed: int
    demand_units: float
    fulfilled_units: float
    share: float  # fulfilled_units / demand_units, 1.0 when nothing is demanded
    unmet: list[UnmetItem] = field(default_factory=list)


@dataclass
class ResourceUsage:
    """How much one resource was used, and by whom; posts count place-weeks, not slot-hours."""

    resource: str
    name: str
    kind: str
    owner: str
    site: str
    capacity: int
    shareable: bool
    unit: str  # "slot_hours" | "place_weeks"
    available: float  # slot-hours (or place-weeks) the resource offers
    used: float  # slot-hours occupied (or intern-weeks placed)
    utilisation: float  # used / available, 0 when nothing is available
    seat_utilisation: float  # person-hours / (capacity x available slot-hours); posts: = above
    by_week: list[float | None]  # utilisation per week; None where nothing is available
    sessions: int  # session parts (or placements) in this resource
    person_hours: float
    person_hours_by_institution: dict[str, float]
    non_owner_share: float  # share of person-hours by institutions other than the owner


@dataclass
class SharingMatrix:
    """Person-hours each user institution (row) spent in resources of each owner (column)."""

    institutions: list[str]
    sessions: list[list[float]]  # [user][owner], session person-hours
    internships: list[list[float]]  # [user][owner], internship person-hours (full time)
    total: list[list[float]]
    non_owner_share: float  # off-diagonal / all person-hours
    owner_lent_share: dict[str, float]  # per owner: share of use of its resources by others
    user_borrowed_share: dict[str, float]  # per user: share of its hours in others' resources


@dataclass
class TraineeCohort:
    """Training given to one enterprise-trainee cohort (kind ``trainees``); a joint
    session's people are shared out among its cohorts by size.
    """

    cohort: str
    name: str
    institution: str
    size: int
    sessions: int
    person_hours: float
    person_times: int
    internship_person_weeks: int


@dataclass
class CohortTravel:
    """Where a cohort goes beyond its institution's site: what the travel term of the
    objective counts for it, and the days it attends sessions at two sites."""

    cohort: str
    name: str
    institution: str
    home_site: str
    home_site_name: str
    sessions: int  # sessions it attends
    sessions_away: int  # of which some part lies at another site than home
    travel_minutes: int  # home -> each part's site, one way, capped at a day (objective)
    farthest_site: str
    farthest_site_name: str
    farthest_minutes: int  # capped at a day; a site with no path counts a day
    days_at_two_sites: int  # days with sessions at more than one site


@dataclass
class TraineeInstitution:
    """The trainee cohorts of one institution, summed."""

    institution: str
    name: str
    cohorts: int
    trainees: int
    sessions: int
    person_hours: float
    person_times: int


@dataclass
class InternshipHost:
    """Internship posts of one host institution (usually an enterprise)."""

    institution: str
    name: str
    kind: str
    posts: int
    places_per_week: int
    posts_used: int
    interns_placed: int
    place_weeks_available: int
    intern_weeks: int
    utilisation: float
    interns_by_institution: dict[str, int]


@dataclass
class InstructorLoad:
    """What one instructor teaches, against ``max_slots_per_week``, and for which institutions."""

    instructor: str
    name: str
    institution: str
    parts: int
    slots: int
    hours: float
    busiest_week_slots: int
    max_slots_per_week: int | None
    cross_institution_parts: int
    cross_institution_hours: float
    hours_by_institution: dict[str, float]  # by the taught cohorts' institutions


@dataclass
class Summary:
    """The headline numbers of a report: its summary section."""

    scenario: str
    status: str
    objective: float | None
    solver: str | None
    slot_minutes: int
    weeks: int
    requests: int
    sessions_requested: int
    sessions_granted: int
    person_hours_requested: float
    person_hours_granted: float
    internship_people_requested: int
    internship_people_placed: int
    unmet_requests: int
    worst_share: float
    worst_institution: str | None
    mean_utilisation: float
    non_owner_share: float
    trainee_person_hours: float
    trainee_person_times: int
    teaching_hours: float
    cross_institution_teaching_hours: float


@dataclass
class ConflictItem(_Sentence):
    """One entry of the schedule's ``conflicts`` (an infeasible scenario's explanation).

    ``items`` are the schedule's document paths (``requests[0]``); ``ids`` the ids
    they point to (``r-a-cnc``), for display.
    """

    items: list[str]
    ids: list[str]
    message: str  # English, as in the schedule
    messages: dict[str, str] = field(default_factory=dict)  # other languages, when given


@dataclass
class ReportMetrics:
    """Everything a report shows, computed once so that Markdown, HTML, JSON, charts and the
    web timetable agree.
    """

    summary: Summary
    institutions: list[InstitutionFulfilment]
    requests: list[RequestFulfilment]
    resources: list[ResourceUsage]
    sharing: SharingMatrix
    trainees: list[TraineeCohort]
    trainee_institutions: list[TraineeInstitution]
    internship_hosts: list[InternshipHost]
    instructors: list[InstructorLoad]
    weeks: list[int]
    names: dict[str, str]  # id -> display name for institutions, resources, cohorts
    conflicts: list[ConflictItem] = field(default_factory=list)
    travel: list[CohortTravel] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; floats rounded to 4 decimals for readability."""
        return _plain(self)


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` and then rounding made, in one pass: asdict deep-copied
    every leaf first (L1's report: 0.16 s -> 0.08 s)."""
    if isinstance(value, float):
        return round(value, 4)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
