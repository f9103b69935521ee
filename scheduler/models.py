"""Pydantic models of the scenario and schedule documents (``trainshare/*@1``).

The models mirror ``shared/spec/scenario-format.md`` field for field. They only
check what a single field or object can know (types, ranges, enum values);
everything that needs the whole document (ids, references, windows against the
calendar) lives in :mod:`scheduler.validation`, so that every problem is
reported at once with its path.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCENARIO_FORMAT: Final = "trainshare/scenario@1"
SCHEDULE_FORMAT: Final = "trainshare/schedule@1"


def _integer(value: object) -> object:
    """Python counts ``true`` as 1 and pydantic reads ``"30"`` as 30: a typo must not pass."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _number(value: object) -> object:
    """As :func:`_integer`, for the one field that may hold a fraction (travel minutes)."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


def _whole_if_whole(value: float) -> float:
    """``50`` stays ``50`` (pydantic's ``float`` makes it ``50.0``, and so would the export)."""
    return int(value) if float(value).is_integer() else value


def _boolean(value: object) -> object:
    """Only JSON ``true`` / ``false``: ``"yes"`` or ``0`` is more likely a mistake than a choice."""
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    return value


def _bad_character(value: str, unfit: re.Pattern[str]) -> PydanticCustomError | None:
    """What makes ``value`` unfit to store and show, if anything: an error whose type
    names the kind of character and whose ``ctx`` holds its code point, so that a page
    can say it in another language (``api.web.field_errors``)."""
    found = unfit.search(value)
    if found is None:
        return None
    ctx = {"code": f"U+{ord(found.group()):04X}"}
    if "\ud800" <= found.group() <= "\udfff":
        return PydanticCustomError(
            "text_half_pair",
            "contains {code}, half of a character pair (a text cut inside an emoji?): "
            "not valid text",
            ctx,
        )
    if found.group() in "\ufffe\uffff":
        return PydanticCustomError(
            "text_noncharacter",
            "contains {code}, which is not a character: a workbook or page cannot hold it",
            ctx,
        )
    if found.group() in "\t\n\r":  # only ids refuse them: a cell or a form can hold them
        return PydanticCustomError(
            "id_line_break",
            "contains a line break or tab ({code}): an id is one line without tabs (it "
            "names files, calendar entries and database rows)",
            ctx,
        )
    return PydanticCustomError(
        "text_control_character",
        "contains the control character {code}, which cannot be stored or shown",
        ctx,
    )


#: What names and titles may not hold: half a surrogate pair, control characters but
#: tab and line breaks, and U+FFFE / U+FFFF (no XML file, so no workbook, can hold them).
_TEXT_CONTROLS = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: Ids may hold no control character at all (they end up in file names, calendar UIDs
#: and database keys).
_ID_CONTROLS = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def _text(value: str) -> str:
    if (problem := _bad_character(value, _TEXT_CONTROLS)) is not None:
        raise problem
    return value


def _id_text(value: str) -> str:
    if (problem := _bad_character(value, _ID_CONTROLS)) is not None:
        raise problem
    return value


#: Free text (names, titles, tags): any Unicode text but broken surrogates and control
#: characters other than tab and line breaks, which no database, file or page can hold.
Text = Annotated[str, AfterValidator(_text)]
Id = Annotated[str, Field(min_length=1), AfterValidator(_id_text)]
#: Not a bool, not text (see :func:`_integer`). Bounded integers put their ``Field``
#: *before* it (``Annotated[int, Field(ge=1), NOT_BOOL_OR_TEXT]``): after it, pydantic
#: checks the bounds all the same but writes them into the JSON Schema as ``ge``/``le``,
#: which schema validators ignore, instead of ``minimum``/``maximum``.
NOT_BOOL_OR_TEXT = BeforeValidator(_integer)
Bool = Annotated[bool, BeforeValidator(_boolean)]
PositiveInt = Annotated[int, Field(ge=1), NOT_BOOL_OR_TEXT]

#: Size limits of a calendar (docs/format-extensions.md, "Limits"): two school years of
#: weeks, half-hour slots around the clock, and a total that keeps the masks small.
MAX_WEEKS: Final = 104
MAX_DAYS_PER_WEEK: Final = 7
MAX_SLOTS_PER_DAY: Final = 48
MAX_CALENDAR_SLOTS: Final = 20_000
#: Upper bounds of the other numbers (same table): far beyond any term, small enough that
#: every objective term stays well inside CP-SAT's 64-bit integers.
MAX_PEOPLE: Final = 100_000
MAX_SLOTS_PER_WEEK: Final = MAX_DAYS_PER_WEEK * MAX_SLOTS_PER_DAY
MAX_CALENDAR_DAYS: Final = MAX_DAYS_PER_WEEK * MAX_WEEKS
MAX_MINUTES: Final = 24 * 60
#: Minutes from one midnight to the next.
DAY_MINUTES: Final = 24 * 60
#: Travel may be longer than a day (sites that never share one); a week of minutes.
MAX_TRAVEL_MINUTES: Final = 7 * 24 * 60
MAX_PRIORITY: Final = 10_000
MAX_WEIGHT: Final = 10_000
#: ``demand`` goes further: its resolved value (:mod:`scheduler.weights`) outweighs the
#: fairness term's whole range (1000 x ``fairness``) plus a booking's worst penalties, so
#: it passes 10,000 on ordinary terms (21,000 on the Dalian example), and a planner must
#: be able to write it out.
MAX_DEMAND_WEIGHT: Final = 1_000_000_000

Week = Annotated[int, Field(ge=1, le=MAX_WEEKS), NOT_BOOL_OR_TEXT]
Day = Annotated[int, Field(ge=1, le=MAX_DAYS_PER_WEEK), NOT_BOOL_OR_TEXT]
Slot = Annotated[int, Field(ge=1, le=MAX_SLOTS_PER_DAY), NOT_BOOL_OR_TEXT]
People = Annotated[int, Field(ge=1, le=MAX_PEOPLE), NOT_BOOL_OR_TEXT]
ExtraPeople = Annotated[int, Field(ge=0, le=MAX_PEOPLE), NOT_BOOL_OR_TEXT]
CalendarDays = Annotated[int, Field(ge=0, le=MAX_CALENDAR_DAYS), NOT_BOOL_OR_TEXT]
SlotsPerWeek = Annotated[int, Field(ge=0, le=MAX_SLOTS_PER_WEEK), NOT_BOOL_OR_TEXT]
#: Travel minutes may be fractional (the spec does not say whole): ``12.5`` is kept as it
#: is, free minutes are compared with it exactly, and the objective's travel term rounds
#: each trip up (:func:`scheduler.objective_terms.travel_cost_minutes`). Whole numbers
#: are kept as ``int``, so ``50`` is written back as ``50``.
Minutes = Annotated[
    float,
    Field(ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False),
    BeforeValidator(_number),
    AfterValidator(_whole_if_whole),
    PlainSerializer(_whole_if_whole, return_type=int | float),
]
Weight = Annotated[int, Field(ge=0, le=MAX_WEIGHT), NOT_BOOL_OR_TEXT]
DemandWeight = Annotated[int, Field(ge=0, le=MAX_DEMAND_WEIGHT), NOT_BOOL_OR_TEXT]

_TIME_RE = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")
#: A date as the format writes it, and nothing else (see ``Calendar.first_monday``).
DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


class FieldError(ValueError):
    """A model-level check's error that belongs to one of the model's own fields.

    Pydantic places a model validator's error at the model; the error reader
    (:func:`scheduler.io.issues_from_validation_error`) appends ``loc`` so the
    planner reads ``calendar.slot_times[1]``, not ``calendar``. ``code`` names the
    check, so that a page can say it in another language (``api.web.field_errors``).
    """

    def __init__(self, loc: tuple[str | int, ...], message: str, code: str = "") -> None:
        super().__init__(message)
        self.loc = loc
        self.code = code


def _clock_time(value: str) -> str:
    """A start time, written back as HH:MM: ``8:00`` is read as ``08:00`` (the spec
    only shows an example), so times compare in order as text."""
    if not _TIME_RE.fullmatch(value):  # not match: "$" lets a final newline through
        raise ValueError(f"{value!r} is not a time HH:MM")
    return value.zfill(5)


ClockTime = Annotated[str, AfterValidator(_clock_time)]


class _Model(BaseModel):
    """Frozen, strict about unknown keys: a typo in a scenario is an error, not a silent drop."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class InstitutionKind(StrEnum):
    """What kind of body an institution is (a college, an enterprise, an institute)."""

    COLLEGE = "college"
    ENTERPRISE = "enterprise"
    INSTITUTE = "institute"


class ResourceKind(StrEnum):
    """What a resource is: an ``internship_post`` takes internships only, the rest sessions only."""

    LAB = "lab"
    WORKSHOP = "workshop"
    TRAINING_BASE = "training_base"
    INTERNSHIP_POST = "internship_post"


class CohortKind(StrEnum):
    """Whether a cohort is a class of students or a group of enterprise trainees."""

    STUDENTS = "students"
    TRAINEES = "trainees"


class RequestKind(StrEnum):
    """Timed sessions, or an internship over consecutive whole weeks."""

    SESSIONS = "sessions"
    INTERNSHIP = "internship"


class Pattern(StrEnum):
    """How a request's sessions are spread over the term (docs/rules.md, rule 10)."""

    FREE = "free"
    WEEKLY = "weekly"
    BLOCK = "block"


class Status(StrEnum):
    """A schedule's status: what the solver proved about its answer."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class Window(_Model):
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


class ClosedDay(_Model):
    """A day of the calendar on which nothing may be scheduled (a holiday)."""

    week: Week
    day: Day


class Calendar(_Model):
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


class Site(_Model):
    """A place; travel minutes between sites limit who can move on the same day."""

    id: Id
    name: Text = ""


class TravelEdge(_Model):
    """Travel minutes between two sites, both ways; the shortest path over all edges counts."""

    from_: Id = Field(alias="from")
    to: Id
    minutes: Minutes

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Institution(_Model):
    """A college, enterprise or institute based at one site; fairness is counted per institution."""

    id: Id
    name: Text = ""
    kind: InstitutionKind
    site: Id


class Resource(_Model):
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


class Instructor(_Model):
    """A person who teaches the parts that need one, within availability and weekly load."""

    id: Id
    name: Text = ""
    institution: Id
    skills: list[Text] = Field(default_factory=list)
    site: Id
    available: Windows | None = None
    max_slots_per_week: SlotsPerWeek | None = None


class Cohort(_Model):
    """A class or trainee group that attends requests together; ``size`` people."""

    id: Id
    name: Text = ""
    institution: Id
    kind: CohortKind = CohortKind.STUDENTS
    size: People
    major: Text = ""
    available: Windows | None = None


class Preference(_Model):
    """Resources and windows a request would rather have; each miss costs ``weight`` per session."""

    resources: list[Id] | None = None
    windows: Windows | None = None
    weight: Annotated[int, Field(ge=0, le=MAX_PRIORITY), NOT_BOOL_OR_TEXT] = 1


class Request(_Model):
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


class Weights(_Model):
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


class Scenario(_Model):
    """The whole input document (``trainshare/scenario@1``): calendar, parties and requests."""

    format: Literal["trainshare/scenario@1"] = SCENARIO_FORMAT
    name: Id
    calendar: Calendar
    sites: list[Site]
    travel: list[TravelEdge] = Field(default_factory=list)
    institutions: list[Institution]
    resources: list[Resource] = Field(default_factory=list)
    instructors: list[Instructor] = Field(default_factory=list)
    cohorts: list[Cohort] = Field(default_factory=list)
    requests: list[Request] = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)


# --------------------------------------------------------------------------- schedule


class SessionPart(_Model):
    """The people of a session in one resource, with their instructor when one is needed."""

    resource: Id
    headcount: PositiveInt
    instructor: Id | None = None


class Session(_Model):
    """One scheduled session of a request: 1-based week, day and slot, and its parts."""

    request: Id
    index: PositiveInt
    week: PositiveInt
    day: PositiveInt
    slot: PositiveInt
    duration: PositiveInt
    parts: list[SessionPart] = Field(min_length=1)


class Placement(_Model):
    """Interns of an internship on one post for ``weeks`` weeks from 1-based ``first_week``."""

    request: Id
    resource: Id
    headcount: PositiveInt
    first_week: PositiveInt
    weeks: PositiveInt


class UnmetReason(StrEnum):
    """Why (part of) a request is not in the schedule; see ``docs/reasons.md``."""

    NO_RESOURCE = "no_resource"
    WINDOW = "window"
    CAPACITY = "capacity"
    INSTRUCTOR = "instructor"
    CONFLICT = "conflict"
    PRECEDENCE = "precedence"
    PATTERN = "pattern"
    TRAVEL = "travel"
    TRADE_OFF = "trade_off"
    TIME_LIMIT = "time_limit"
    INFEASIBLE = "infeasible"


#: ``messages`` of an unmet entry or a conflict: the sentence in other languages than
#: ``message``'s English, keyed by language (``{"zh": "..."}``; docs/format-extensions.md).
#: Any language key is accepted, so a tool that adds one does not break loading.
Messages = dict[str, str]


class Unmet(_Model):
    """What a request misses (sessions, or people for internships) and why."""

    request: Id
    missing: PositiveInt
    reason: UnmetReason
    message: Text = ""
    messages: Messages | None = None

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` when the schedule has it, else ``message``."""
        return localized(self.message, self.messages, lang)


class Conflict(_Model):
    """Scenario items that cannot all hold together: why a schedule is ``infeasible``."""

    items: list[Text]
    message: Text
    messages: Messages | None = None

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` when the schedule has it, else ``message``."""
        return localized(self.message, self.messages, lang)


def localized(message: str, messages: Messages | None, lang: str) -> str:
    """``messages[lang]`` when present and not empty; ``message`` (English) otherwise.

    Schedules written before ``messages`` existed, or by other tools, have only
    ``message``: they report as before.
    """
    return (messages or {}).get(lang) or message


class Schedule(_Model):
    """The solver's answer document (``trainshare/schedule@1``) for one scenario."""

    format: Literal["trainshare/schedule@1"] = SCHEDULE_FORMAT
    scenario: Text
    status: Status
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    solver: str | None = None
    sessions: list[Session] = Field(default_factory=list)
    placements: list[Placement] = Field(default_factory=list)
    unmet: list[Unmet] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    metrics: dict[str, Any] = Field(default_factory=dict)
