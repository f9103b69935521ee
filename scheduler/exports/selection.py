"""Which part of a schedule an export covers: all, or one cohort, resource, instructor or
institution (``--cohort ID`` and friends).

A cohort's or an institution's timetable shows whole sessions; a resource's or an
instructor's shows only the parts held there or taught by them, because a split
session's other parts happen elsewhere with other people.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from scheduler.models import Placement, Session, SessionPart
from scheduler.reports.context import ScheduleContext


class Scope(StrEnum):
    """What an export filter selects by: all, or one cohort, resource, instructor or institution."""

    ALL = "all"
    COHORT = "cohort"
    RESOURCE = "resource"
    INSTRUCTOR = "instructor"
    INSTITUTION = "institution"


class SelectionError(ValueError):
    """An export filter naming an id the scenario does not have."""


@dataclass(frozen=True)
class Selection:
    """An export filter: a scope and the id it names (``None`` for ``Scope.ALL``, the default)."""

    scope: Scope = Scope.ALL
    id: str | None = None

    @property
    def per_part(self) -> bool:
        """Whether calendar events are per session part rather than per session."""
        return self.scope in (Scope.RESOURCE, Scope.INSTRUCTOR)

    @property
    def label(self) -> str:
        """How the filter is named in a calendar's title: ``cohort c1``, or ``all``."""
        return "all" if self.scope is Scope.ALL else f"{self.scope.value} {self.id}"

    def check(self, ctx: ScheduleContext) -> None:
        """Raise :class:`SelectionError` when the selected id is unknown."""
        ids: dict[Scope, set[str]] = {
            Scope.COHORT: set(ctx.cohorts),
            Scope.RESOURCE: set(ctx.resources),
            Scope.INSTRUCTOR: set(ctx.instructors),
            Scope.INSTITUTION: set(ctx.institutions),
        }
        known = ids.get(self.scope)
        if known is not None and self.id not in known:
            hint = _nearest(str(self.id), known)
            raise SelectionError(
                f"--{self.scope.value}: unknown {self.scope.value} '{self.id}'"
                + (f" (did you mean '{hint}'?)" if hint else "")
            )

    def parts(self, ctx: ScheduleContext, session: Session) -> list[SessionPart]:
        """The parts of ``session`` this selection shows (empty: the session is not shown)."""
        if self.scope is Scope.ALL:
            return list(session.parts)
        if self.scope is Scope.COHORT:
            attends = self.id in ctx.requests[session.request].cohort_ids
            return list(session.parts) if attends else []
        if self.scope is Scope.RESOURCE:
            return [p for p in session.parts if p.resource == self.id]
        if self.scope is Scope.INSTRUCTOR:
            return [p for p in session.parts if p.instructor == self.id]
        # institution: its cohorts' sessions whole; otherwise its rooms and its teachers' parts
        if self.id in ctx.institutions_of(session.request):
            return list(session.parts)
        return [
            p
            for p in session.parts
            if ctx.resources[p.resource].owner == self.id
            or (p.instructor is not None and ctx.instructors[p.instructor].institution == self.id)
        ]

    def outsider(self, ctx: ScheduleContext, request: str) -> bool:
        """Whether this is an institution's timetable and ``request`` not one its cohorts
        attend (another's session in its room or taught by its teacher, another's interns on
        its post): it is told when and where, not the rest of that request (its size)."""
        return self.scope is Scope.INSTITUTION and self.id not in ctx.institutions_of(request)

    def shows_placement(self, ctx: ScheduleContext, placement: Placement) -> bool:
        """Whether ``placement`` is shown under this filter: an instructor's never shows one
        (internships have no instructor); an institution's shows its interns and its posts.
        """
        if self.scope is Scope.ALL:
            return True
        if self.scope is Scope.COHORT:
            return self.id in ctx.requests[placement.request].cohort_ids
        if self.scope is Scope.RESOURCE:
            return placement.resource == self.id
        if self.scope is Scope.INSTRUCTOR:
            return False
        return (
            self.id in ctx.institutions_of(placement.request)
            or ctx.resources[placement.resource].owner == self.id
        )


def selection_from_options(
    cohort: str | None = None,
    resource: str | None = None,
    instructor: str | None = None,
    institution: str | None = None,
) -> Selection:
    """The one filter given on the command line (at most one may be)."""
    given = [
        (scope, value)
        for scope, value in (
            (Scope.COHORT, cohort),
            (Scope.RESOURCE, resource),
            (Scope.INSTRUCTOR, instructor),
            (Scope.INSTITUTION, institution),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise SelectionError("give at most one of " + ", ".join(f"--{s.value}" for s, _ in given))
    return Selection(*given[0]) if given else Selection()


def _nearest(wanted: str, known: set[str]) -> str | None:
    """The id ``wanted`` most likely means: in a term's scenario (``GET .../versions/{n}/
    scenario``) cohorts and requests are qualified ``inst/id``, while an institution
    knows its plain ids, so one qualified id ending in ``/wanted`` comes first; else a
    close spelling."""
    qualified = sorted(k for k in known if k.endswith("/" + wanted))
    if len(qualified) == 1:
        return qualified[0]
    close = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None
