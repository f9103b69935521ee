"""Request and response bodies of a term's published versions: publishing and
re-solving, extra requests answered on top of a version, and what a version shows
(a host's view of the interns and teachers it receives and sends included).

The other bodies are :mod:`api.schemas`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.schemas import MAX_ID, SolveOptionsIn


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


# --------------------------------------------------------------------------- examples

PUBLISH_EXAMPLES: dict[str, Any] = {
    "publish": {"summary": "publish the schedule of job 1", "value": {"job_id": 1}}
}
RESOLVE_EXAMPLES: dict[str, Any] = {
    "resolve": {
        "summary": "sessions move only to fit more demand in, 30 s",
        "value": {"options": {"time_limit": 30}},
    }
}
