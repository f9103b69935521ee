"""Request and response bodies of the API (documents themselves use :mod:`scheduler.models`).

A term's published versions, extra requests and re-solves have theirs in
:mod:`api.version_schemas`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
    warning_messages: list[dict[str, str]] = Field(
        default_factory=list,
        description="`warnings` in every language but English (`zh`), one entry per warning "
        "in the same order, as `error_messages` of `error`",
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
