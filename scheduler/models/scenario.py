"""The scenario document (``trainshare/scenario@1``): sites, institutions, resources,
instructors, cohorts, requests and weights."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import ConfigDict, Field, model_validator

from scheduler.models.base import FieldError, FrozenModel
from scheduler.models.calendar import Calendar, Windows
from scheduler.models.enums import CohortKind, InstitutionKind, Pattern, RequestKind, ResourceKind
from scheduler.models.fields import (
    MAX_CALENDAR_SLOTS,
    MAX_PRIORITY,
    MAX_SITES,
    MAX_SLOTS_PER_WEEK,
    MAX_TIMETABLE_CELLS,
    MAX_TOTAL_SESSIONS,
    NOT_BOOL_OR_TEXT,
    Bool,
    CalendarDays,
    DemandWeight,
    ExtraPeople,
    Id,
    Minutes,
    People,
    Slot,
    SlotsPerWeek,
    Text,
    Week,
    Weight,
)

SCENARIO_FORMAT: Final = "trainshare/scenario@1"


class Site(FrozenModel):
    """A place; travel minutes between sites limit who can move on the same day."""

    id: Id
    name: Text = ""


class TravelEdge(FrozenModel):
    """Travel minutes between two sites, both ways; the shortest path over all edges counts."""

    from_: Id = Field(alias="from")
    to: Id
    minutes: Minutes

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Institution(FrozenModel):
    """A college, enterprise or institute based at one site; fairness is counted per institution."""

    id: Id
    name: Text = ""
    kind: InstitutionKind
    site: Id


class Resource(FrozenModel):
    """A lab, workshop, training base or internship post that its owner lends to others."""

    id: Id
    name: Text = ""
    kind: ResourceKind
    owner: Id
    site: Id
    capacity: People
    features: list[Text] = Field(default_factory=list)
    shareable: Bool = False
    available: Windows | None = None
    open_to: list[Id] | None = None
    owner_windows: Windows | None = None
    overflow: ExtraPeople = 0


class Instructor(FrozenModel):
    """A person who teaches the parts that need one, within availability and weekly load."""

    id: Id
    name: Text = ""
    institution: Id
    skills: list[Text] = Field(default_factory=list)
    site: Id
    available: Windows | None = None
    max_slots_per_week: SlotsPerWeek | None = None


class Cohort(FrozenModel):
    """A class or trainee group that attends requests together; ``size`` people."""

    id: Id
    name: Text = ""
    institution: Id
    kind: CohortKind = CohortKind.STUDENTS
    size: People
    major: Text = ""
    available: Windows | None = None


class Preference(FrozenModel):
    """Resources and windows a request would rather have; each miss costs ``weight`` per session."""

    resources: list[Id] | None = None
    windows: Windows | None = None
    weight: Annotated[int, Field(ge=0, le=MAX_PRIORITY), NOT_BOOL_OR_TEXT] = 1


class Request(FrozenModel):
    """What one or more cohorts ask for: a number of timed sessions, or an internship."""

    id: Id
    cohort: Id | None = None
    cohorts: list[Id] | None = None
    #: Extension (docs/format-extensions.md): people at each session when only part of the
    #: cohorts attend (an elective drawn from several classes); default: sum of their sizes.
    headcount: People | None = None
    title: Text = ""
    kind: RequestKind = RequestKind.SESSIONS
    sessions: Annotated[int, Field(ge=1, le=MAX_CALENDAR_SLOTS), NOT_BOOL_OR_TEXT] | None = None
    duration: Slot = 1
    weeks: Week | None = None
    needs: list[Text] = Field(default_factory=list)
    resource_kinds: list[ResourceKind] | None = None
    resources: list[Id] | None = None
    window: Windows | None = None
    pattern: Pattern = Pattern.FREE
    # 0 is read (the spec sets no minimum): ignored with a warning where it does not
    # apply (weekly, block, internships), an error on a free request (no session fits)
    max_per_week: Annotated[int, Field(ge=0, le=MAX_SLOTS_PER_WEEK), NOT_BOOL_OR_TEXT] | None = None
    min_days_apart: CalendarDays = 0
    min_days: CalendarDays = 0
    split: Bool = False
    instructor_skills: list[Text] | None = None
    instructors: list[Id] | None = None
    after: list[Id] = Field(default_factory=list)
    priority: Annotated[int, Field(ge=0, le=MAX_PRIORITY), NOT_BOOL_OR_TEXT] = 1
    required: Bool = False
    prefer: Preference | None = None

    @model_validator(mode="after")
    def _shape(self) -> Request:
        if self.cohort is None and self.cohorts is None:
            raise FieldError(
                ("cohort",),
                "missing: give 'cohort' (or 'cohorts' for a joint one)",
                "cohort_missing",
            )
        if self.cohort is not None and self.cohorts is not None:
            raise FieldError(
                ("cohorts",),
                "give exactly one of 'cohort' and 'cohorts', not both",
                "cohort_and_cohorts",
            )
        if self.cohorts is not None and not self.cohorts:
            raise FieldError(
                ("cohorts",),
                "must not be empty: a joint session needs at least one cohort",
                "cohorts_empty",
            )
        if self.kind is RequestKind.SESSIONS and self.sessions is None:
            raise FieldError(
                ("sessions",),
                "missing: a 'sessions' request needs it (how many)",
                "sessions_missing",
            )
        if self.kind is RequestKind.INTERNSHIP and self.weeks is None:
            raise FieldError(
                ("weeks",),
                "missing: an 'internship' request needs it (how many consecutive weeks)",
                "weeks_missing",
            )
        return self

    @property
    def cohort_ids(self) -> list[str]:
        """The cohorts attending, whichever of ``cohort`` / ``cohorts`` was given."""
        return list(self.cohorts) if self.cohorts is not None else [self.cohort or ""]

    @property
    def needs_instructor(self) -> bool:
        """Spec: an instructor is needed when skills are asked for or candidates are named."""
        return bool(self.instructor_skills) or self.instructors is not None


class Weights(FrozenModel):
    """Objective weights; the objective is maximised (see ``docs/objective.md``).

    ``demand`` rewards each fulfilled unit (priority x slot of a session, priority x week
    of an internship); ``fairness`` rewards each per-mille of the worst-served
    institution's fulfilled share; the rest are penalties. ``demand`` left out (or
    ``null``) is resolved from the scenario (:func:`scheduler.weights.resolved_weights`):
    ``None``, not a number, so that a scenario written back out (API, workbook) still
    leaves it out and keeps that meaning.
    """

    demand: DemandWeight | None = None
    fairness: Weight = 20
    prefer: Weight = 20
    stability: Weight = 10
    travel: Weight = 1
    overflow: Weight = 50
    min_days: Weight = 0
    isolated: Weight = 0


class Scenario(FrozenModel):
    """The whole input document (``trainshare/scenario@1``): calendar, parties and requests."""

    format: Literal["trainshare/scenario@1"] = SCENARIO_FORMAT
    name: Id
    calendar: Calendar
    sites: Annotated[list[Site], Field(max_length=MAX_SITES)]
    travel: list[TravelEdge] = Field(default_factory=list)
    institutions: list[Institution]
    resources: list[Resource] = Field(default_factory=list)
    instructors: list[Instructor] = Field(default_factory=list)
    cohorts: list[Cohort] = Field(default_factory=list)
    requests: list[Request] = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)

    @model_validator(mode="after")
    def _total_sessions(self) -> Scenario:
        """Each request's ``sessions`` is bounded by the calendar, but many requests at
        that bound make a small file that no step can hold in memory."""
        asked = sum(r.sessions or 0 for r in self.requests if r.kind is RequestKind.SESSIONS)
        if asked > MAX_TOTAL_SESSIONS:
            raise FieldError(
                ("requests",),
                f"the requests ask for {asked:,} sessions in all; "
                f"at most {MAX_TOTAL_SESSIONS:,} are supported",
            )
        return self

    @model_validator(mode="after")
    def _timetable_cells(self) -> Scenario:
        """Arrays over every slot for each resource, cohort and instructor: a small file
        naming many of them on a large calendar must not ask for gigabytes. Placed at the
        list that counts most, where the planner would cut."""
        cal = self.calendar
        slots = cal.weeks * cal.days_per_week * cal.slots_per_day
        counts = {
            "resources": len(self.resources),
            "cohorts": len(self.cohorts),
            "instructors": len(self.instructors),
        }
        cells = sum(counts.values()) * slots
        if cells > MAX_TIMETABLE_CELLS:
            listed = [f"{n:,} {name}" for name, n in counts.items()]
            raise FieldError(
                (max(counts, key=counts.__getitem__),),
                f"{listed[0]}, {listed[1]} and {listed[2]} over the calendar's {slots:,} "
                f"slots make {cells:,} timetable cells; at most {MAX_TIMETABLE_CELLS:,} are "
                "supported (fewer slots, or fewer of them)",
            )
        return self
