"""Request and response bodies of the API (documents themselves use :mod:`scheduler.models`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.models import Cohort, Id, Request, Scenario

JobStatus = Literal["queued", "running", "done", "failed", "cancelled", "interrupted"]
"""A job's states, also the allowed values of ``GET /jobs?status=``."""

#: Database ids are 32-bit signed integers on every backend; larger ones cannot exist.
MAX_ID = 2**31 - 1


class Message(BaseModel):
    """A problem that did not stop the operation (e.g. a validation warning)."""

    path: str
    msg: str
    messages: dict[str, str] | None = Field(
        default=None,
        # left out unless it holds a language: most warnings have only their English
        exclude_if=lambda v: not v,
        description="`msg` in other languages (`zh`) where the service has it: a "
        "submission's warnings, as `messages` of an unmet entry",
    )


# --------------------------------------------------------------------------- scenarios


class ScenarioSummary(BaseModel):
    """A stored scenario version without its document; ``version`` counts the uploads of one
    ``name`` with different content.
    """

    id: int
    name: str
    version: int
    content_hash: str
    entities: int
    created_at: dt.datetime
    created_by: str


class ScenarioCreated(ScenarioSummary):
    """The answer to an upload: the stored version (an earlier one when the same content was already
    stored) and the validation warnings.
    """

    created: bool = Field(description="false when identical content was already stored")
    warnings: list[Message] = []


class ScenarioOut(ScenarioSummary):
    """A stored scenario version with its document."""

    document: dict[str, Any]


# --------------------------------------------------------------------------- jobs


class SolveOptionsIn(BaseModel):
    """Solver options a client may choose; limits are capped by the server's settings.

    Strict like the scenario's numbers: ``"5"`` is refused, not read as 5.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    solver: Literal["cpsat", "greedy"] = "cpsat"
    time_limit: float | None = Field(
        default=None, gt=0, le=86_400, description="seconds; default and cap come from the settings"
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="parallel workers: CP-SAT threads; on large terms, ruin-and-recreate processes",
    )
    work_limit: float | None = Field(
        default=None,
        gt=0,
        le=86_400,
        description="budget in work units (about a second of search each) instead of seconds:"
        " with one worker, the same scenario and seed give the same schedule; the time limit"
        " still ends the job",
    )


class Progress(BaseModel):
    """A job's latest report: objective, proven bound, relative gap and seconds elapsed (null until
    known).
    """

    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    elapsed: float | None = None


class JobLinks(BaseModel):
    """Where to follow the job: itself, its server-sent events and its schedule."""

    self: str
    events: str
    schedule: str


class JobOut(BaseModel):
    """A solve job: what it runs with, its status and progress, and whether a schedule is ready."""

    id: int
    kind: Literal["scenario", "term", "resolve"]
    name: str = Field(default="", description="the name of the scenario it solves")
    status: JobStatus
    scenario_id: int | None = None
    term_id: int | None = None
    reference_version: int | None = None
    rerun_of: int | None = None
    options: dict[str, Any]
    move_penalty: int | None = None
    keep_before: dt.date | None = Field(
        default=None,
        description="a re-solve asked for mid-term changes nothing before this date: "
        "requests under way keep their published timetable, the rest start from it",
    )
    progress: Progress
    has_schedule: bool
    cancel_requested: bool = Field(
        default=False,
        description="a cancel was asked for; a running job stops at its next check and keeps "
        "its best schedule",
    )
    moved: list[dict[str, Any]] | None = None
    error: str | None = None
    error_messages: dict[str, str] | None = Field(
        default=None,
        description="`error` in every language but English (`zh`), as `messages` of an unmet "
        "entry; a language the sentence lacks is left out",
    )
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    created_by: str
    links: JobLinks
    warnings: list[str] = Field(
        default_factory=list,
        description="in the answer that creates the job: options the server's caps lowered",
    )


# --------------------------------------------------------------------------- terms


class TermBase(Scenario):
    """A term's base: a scenario without cohorts and requests (institutions submit those)."""

    cohorts: list[Cohort] = Field(default_factory=list, max_length=0)
    requests: list[Request] = Field(default_factory=list, max_length=0)


class TermOut(BaseModel):
    """A term: status, base, latest published version, and the cohorts and requests the caller can
    see.
    """

    id: int
    name: str
    status: Literal["open", "closed"]
    created_at: dt.datetime
    created_by: str
    latest_version: int | None
    cohorts: int = Field(description="cohorts visible to the caller")
    requests: int = Field(description="requests visible to the caller")
    base: dict[str, Any]
    warnings: list[Message] = []


class CohortSubmission(Cohort):
    """A cohort as an institution submits it; ``institution`` defaults to the URL's."""

    id: Id = Field(pattern=r"^[^/]+$")
    institution: Id | None = None  # type: ignore[assignment]


class RequestSubmission(Request):
    """A request as an institution submits it: ``cohort``/``after`` name its own items."""

    id: Id = Field(pattern=r"^[^/]+$")


class SubmissionOut(BaseModel):
    """A submitted cohort or request (``origin`` ``extra``: a granted extra request), with the
    warnings of the check that accepted a change.
    """

    id: str
    institution: str
    document: dict[str, Any]
    origin: Literal["submission", "extra"] = "submission"
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str
    warnings: list[Message] = []


class PublishIn(BaseModel):
    """Strict like the solve options: ``true`` is not job 1, ``"yes"`` not true."""

    model_config = ConfigDict(extra="forbid", strict=True)

    job_id: int = Field(
        ge=1, le=MAX_ID, description="a finished solve or re-solve job of this term"
    )
    allow_unmet_required: bool = Field(
        default=False,
        description=(
            "publish even though the schedule leaves a required request unmet (a "
            "first-come-first-served or interrupted answer, status unknown); refused "
            "otherwise"
        ),
    )


class ResolveIn(BaseModel):
    """Strict like the solve options: ``true`` is not a move penalty of 1."""

    model_config = ConfigDict(extra="forbid", strict=True)

    move_penalty: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        description="objective cost of each published session moved or given another "
        "teacher; by default one "
        "priority-slot of the term's demand weight, so sessions move only to fit more "
        "demand in, never for preferences, travel or fairness alone",
    )
    options: SolveOptionsIn = SolveOptionsIn()

    @model_validator(mode="after")
    def _cpsat_only(self) -> ResolveIn:
        # a re-solve weighs moves from the published version, which only the CP-SAT
        # model does; running it anyway would answer with a solver the client did not ask for
        if self.options.solver != "cpsat":
            raise ValueError(
                "a re-solve runs CP-SAT (it weighs each move from the published version); "
                "leave options.solver out or set it to 'cpsat'"
            )
        return self


class AmendmentOut(BaseModel):
    """An extra request answered on top of a published version: its outcome, what was booked, why
    the rest was not, and alternatives.
    """

    #: none in an institution's view (the numbers would count everyone's extra requests)
    id: int | None
    #: the order among the version's amendments; in an institution's view, among its own
    seq: int | None
    institution: str
    request: str
    outcome: Literal["granted", "partial", "rejected"]
    sessions: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    reasons: list[dict[str, Any]]
    alternatives: list[dict[str, Any]]
    created_at: dt.datetime
    created_by: str


class BookableFrom(BaseModel):
    """The first day an answer could book: 1-based week and day of the week, and its date."""

    week: int
    day: int
    date: dt.date


class ExtraRequestOut(AmendmentOut):
    """The answer to an extra request: the amendment stored for it on version ``version``."""

    version: int
    bookable_from: BookableFrom | None = Field(
        default=None,
        description="the first day this answer could book (today plus the service's lead "
        "days); null when that is the term's first day",
    )


class VersionSummary(BaseModel):
    """A published version: the job it came from, its ``parent`` (the version a re-solve started
    from) and how many amendments the caller can see.
    """

    number: int
    created_at: dt.datetime
    created_by: str
    job_id: int
    parent: int | None
    amendments: int


class PublishOut(VersionSummary):
    """The version just published, with notes on what publishing it means beyond the usual."""

    warnings: list[str] = Field(
        default_factory=list,
        description="what publishing this job means beyond the usual (a re-solve of an "
        "older version replacing the latest)",
    )


class HostedCohort(BaseModel):
    """A cohort interning on the host's posts: who arrives."""

    id: str = Field(description="qualified id, ``inst/cohort``")
    name: str
    institution: str


class HostedPlacement(BaseModel):
    """Another institution's interns placed on a post the caller owns (``api.hosting``)."""

    request: str = Field(description="qualified id, ``inst/request``")
    title: str
    cohorts: list[HostedCohort]
    resource: str
    headcount: int
    first_week: int
    weeks: int


class HostedSession(BaseModel):
    """A session of another institution's request taught by the caller's instructor: only
    the parts its instructors teach (``api.hosting``)."""

    request: str = Field(description="qualified id, ``inst/request``")
    title: str
    cohorts: list[HostedCohort]
    index: int
    week: int
    day: int
    slot: int
    duration: int
    parts: list[dict[str, Any]]


class HostedUnmet(BaseModel):
    """Another institution's internship demand the caller's posts could take but the
    schedule leaves unmet (``api.hosting``): the request and its cohorts are named only
    when some of its interns are on the caller's posts."""

    request: str | None = Field(description="qualified id; null unless placed on its posts")
    title: str | None
    cohorts: list[HostedCohort]
    institutions: list[str] = Field(description="the institutions of the request's cohorts")
    posts: list[str] = Field(description="the caller's posts that could take them")
    weeks: int | None
    missing: int = Field(description="interns not placed")
    reason: str
    message: str
    messages: dict[str, str] | None = None


class HostedMove(BaseModel):
    """Another institution's interns that the re-solve published as this version moved
    off or onto the caller's posts (``api.hosting``): its placements on those posts
    before and after (others' posts left out)."""

    request: str = Field(description="qualified id, ``inst/request``")
    title: str
    cohorts: list[HostedCohort]
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]


class HostedSessionMove(BaseModel):
    """A session of another institution's request, taught by the caller's instructors
    before or after, that the re-solve published as this version moved, dropped or gave
    other teachers (``api.hosting``): as ``hosted_sessions`` tells it, when and only the
    parts its instructors teach."""

    request: str = Field(description="qualified id, ``inst/request``")
    title: str
    cohorts: list[HostedCohort]
    kind: Literal["session", "teacher"] = Field(
        description="``session``: moved or dropped; ``teacher``: kept in place, other teachers"
    )
    index: int
    before: dict[str, Any] | None = Field(
        description="week, day, slot, duration and the parts its instructors taught; null "
        "when none of them did"
    )
    after: dict[str, Any] | None = Field(
        description="the same now; null when dropped or none of its instructors teaches it"
    )


class VersionOut(VersionSummary):
    """A published version: its schedule with the amendments applied, the sessions a re-solve moved,
    and the amendments; for an institution also the interns it hosts on its own posts.
    """

    moved: list[dict[str, Any]] | None
    schedule: dict[str, Any] = Field(description="the published schedule with its amendments")
    amendment_list: list[AmendmentOut]
    hosted_placements: list[HostedPlacement] | None = Field(
        default=None,
        description="institution keys: other institutions' interns on the posts it owns "
        "(planners and viewers see them in ``schedule``)",
    )
    hosted_sessions: list[HostedSession] | None = Field(
        default=None,
        description="institution keys: parts of other institutions' sessions its "
        "instructors teach (planners and viewers see them in ``schedule``)",
    )
    hosted_unmet: list[HostedUnmet] | None = Field(
        default=None,
        description="institution keys: other institutions' internship demand its posts "
        "could take but the schedule leaves unmet (planners and viewers: ``schedule.unmet``)",
    )
    hosted_moves: list[HostedMove] | None = Field(
        default=None,
        description="institution keys: other institutions' interns this version's "
        "re-solve moved off or onto its posts, its posts only; not the joint internships "
        "its cohorts attend, which its ``moved`` lists whole (planners and viewers: "
        "``moved``)",
    )
    hosted_session_moves: list[HostedSessionMove] | None = Field(
        default=None,
        description="institution keys: sessions of other institutions its instructors "
        "teach, before or after, that this version's re-solve moved, dropped or gave other "
        "teachers; not the joint ones its cohorts attend, which its ``moved`` lists whole "
        "(planners and viewers: ``moved``)",
    )


class BusySlot(BaseModel):
    """A slot (1-based week, day and slot) in which the resource is in use."""

    week: int
    day: int
    slot: int
    used: int = Field(description="people using the resource in this slot (all institutions)")


class BusyWeek(BaseModel):
    """A week (1-based) in which an internship post holds interns."""

    week: int
    used: int


class OccupancyOut(BaseModel):
    """When a resource is busy in the latest published schedule, everyone's use counted and no one
    named; ``version`` is null before the first.
    """

    resource: str
    kind: str
    capacity: int
    shareable: bool
    version: int | None
    busy: list[BusySlot]
    busy_weeks: list[BusyWeek] = Field(description="internship posts: interns placed per week")


class AuditOut(BaseModel):
    """One audit entry: who wrote what, and when."""

    id: int
    at: dt.datetime
    actor: str
    role: str
    institution: str | None
    action: str
    target_type: str
    target_id: str
    detail: dict[str, Any] | None


# --------------------------------------------------------------------------- examples

SOLVE_EXAMPLES: dict[str, Any] = {
    "quick": {
        "summary": "CP-SAT for at most 10 seconds",
        "value": {"solver": "cpsat", "time_limit": 10, "seed": 0, "workers": 2},
    },
    "greedy": {"summary": "the first-come-first-served baseline", "value": {"solver": "greedy"}},
}
PUBLISH_EXAMPLES: dict[str, Any] = {
    "publish": {"summary": "publish the schedule of job 1", "value": {"job_id": 1}}
}
RESOLVE_EXAMPLES: dict[str, Any] = {
    "resolve": {
        "summary": "sessions move only to fit more demand in, 30 s",
        "value": {"options": {"time_limit": 30}},
    }
}
