"""The schedule's sessions and placements, with their ids resolved to scenario objects.

Resolved once (see :mod:`scheduler.checker.document`) so that every rule family reads
the same objects, paths and labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.checker.wording import when
from scheduler.models import Cohort, Instructor, Placement, Request, Resource, Session, SessionPart


@dataclass
class PartItem:
    """One part of a session, its resource and instructor resolved (``None``: unknown id)."""

    index: int
    part: SessionPart
    resource: Resource | None
    instructor: Instructor | None


@dataclass
class SessionItem:
    """A schedule session whose request is a known session request."""

    pos: int
    session: Session
    request: Request
    cohorts: list[Cohort]
    parts: list[PartItem]
    timed: bool  # week, day, slot inside the calendar and the span within the day
    start: int = 0  # global slot index of the first slot (only when timed)

    @property
    def path(self) -> str:
        """Where the session sits in the schedule document, for violations."""
        return f"sessions[{self.pos}]"

    @property
    def end(self) -> int:
        """Global slot index just after the last slot."""
        return self.start + self.session.duration

    @property
    def last_slot(self) -> int:
        """1-based slot of its day the session ends in (inclusive), as documents count."""
        return self.session.slot + self.session.duration - 1

    def label(self) -> str:
        """How messages name the session: request, index and time, as people read it."""
        s = self.session
        return f"request {s.request} session {s.index} ({when(s.week, s.day, s.slot, s.duration)})"


@dataclass
class PlacementItem:
    """A schedule placement whose request is a known internship request."""

    pos: int
    placement: Placement
    request: Request
    resource: Resource | None
    timed: bool  # every week of the run inside the calendar

    @property
    def path(self) -> str:
        """Where the placement sits in the schedule document, for violations."""
        return f"placements[{self.pos}]"

    @property
    def weeks(self) -> range:
        """1-based weeks the placement covers; may run past the calendar when not ``timed``."""
        p = self.placement
        return range(p.first_week, p.first_week + p.weeks)

    def label(self) -> str:
        """How messages name the placement: request, post and weeks."""
        p = self.placement
        last = p.first_week + p.weeks - 1
        span = f"week {p.first_week}" if p.weeks == 1 else f"weeks {p.first_week}-{last}"
        return f"request {p.request} placement in {p.resource} ({span})"
