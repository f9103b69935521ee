"""The schedule document (``trainshare/schedule@1``): sessions, placements, what is not
met and why, and the conflicts among required requests."""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import Field

from scheduler.models.base import FrozenModel
from scheduler.models.enums import Status, UnmetReason
from scheduler.models.fields import Id, PositiveInt, Text

SCHEDULE_FORMAT: Final = "trainshare/schedule@1"


class SessionPart(FrozenModel):
    """The people of a session in one resource, with their instructor when one is needed."""

    resource: Id
    headcount: PositiveInt
    instructor: Id | None = None


class Session(FrozenModel):
    """One scheduled session of a request: 1-based week, day and slot, and its parts."""

    request: Id
    index: PositiveInt
    week: PositiveInt
    day: PositiveInt
    slot: PositiveInt
    duration: PositiveInt
    parts: list[SessionPart] = Field(min_length=1)


class Placement(FrozenModel):
    """Interns of an internship on one post for ``weeks`` weeks from 1-based ``first_week``."""

    request: Id
    resource: Id
    headcount: PositiveInt
    first_week: PositiveInt
    weeks: PositiveInt


#: ``messages`` of an unmet entry or a conflict: the sentence in other languages than
#: ``message``'s English, keyed by language (``{"zh": "..."}``; docs/format-extensions.md).
#: Any language key is accepted, so a tool that adds one does not break loading.
Messages = dict[str, str]


class Unmet(FrozenModel):
    """What a request misses (sessions, or people for internships) and why."""

    request: Id
    missing: PositiveInt
    reason: UnmetReason
    message: Text = ""
    messages: Messages | None = None

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` when the schedule has it, else ``message``."""
        return localized(self.message, self.messages, lang)


class Conflict(FrozenModel):
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


class Schedule(FrozenModel):
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
