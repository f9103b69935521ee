"""The state all validation checks share, and how they report issues.

The scenario, its calendar index, id positions, the issues found so far and the memos
live on :class:`ValidatorBase`; each group of checks is a mixin of it in its own module,
combined in :class:`scheduler.validation.validator._Validator`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from scheduler.calendar import CalendarIndex
from scheduler.compile import Admission
from scheduler.issues import Issue
from scheduler.models import Instructor, Request, Scenario


class ValidatorBase:
    """One validation run's state; the mixins of the other modules add the checks."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.cal = CalendarIndex.from_calendar(scenario.calendar)
        self.open = self.cal.open_slots()
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.index: dict[str, dict[str, int]] = {
            kind: self._first_positions(items)
            for kind, items in (
                ("site", scenario.sites),
                ("institution", scenario.institutions),
                ("resource", scenario.resources),
                ("instructor", scenario.instructors),
                ("cohort", scenario.cohorts),
                ("request", scenario.requests),
            )
        }
        self._resource_spans: dict[tuple[int, int, bool], np.ndarray] = {}
        # Memos for the per-request checks, which otherwise redo the same work for every
        # request of a large term: availability masks by object (cohorts, instructors),
        # candidate lists by what ``resource_admits`` reads of a request (as compiling does).
        self._available: dict[int, np.ndarray] = {}
        self._instructor_spans: dict[tuple[int, int], np.ndarray] = {}
        self._teachers_spans: dict[tuple[object, ...], np.ndarray] = {}
        self._admission = Admission(scenario.resources)
        self._candidate_spans: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._qualified: dict[tuple[object, ...], list[Instructor]] = {}
        # What the feasibility checks found possible, by request path, for precedence:
        self.session_starts: dict[str, np.ndarray] = {}  # bool (n_slots,) allowed starts
        self.internship_weeks: dict[str, np.ndarray] = {}  # bool (n_weeks,) first weeks

    @staticmethod
    def _first_positions(items: Sequence[object]) -> dict[str, int]:
        pos: dict[str, int] = {}
        for i, item in enumerate(items):
            pos.setdefault(item.id, i)  # type: ignore[attr-defined]
        return pos

    def error(self, path: str, message: str) -> None:
        """Record an issue at document ``path`` that makes the scenario unusable."""
        self.errors.append(Issue(path, message))

    def warn(self, path: str, message: str) -> None:
        """Record an issue at document ``path`` that is worth reading but does not block a solve."""
        self.warnings.append(Issue(path, message))

    def reporter(self, req: Request) -> Callable[[str, str], None]:
        """Errors for ``required`` requests, warnings (saying so) for the others."""
        if req.required:
            return self.error

        def report(p: str, msg: str) -> None:
            self.warn(p, msg + " (not required: it will be reported unmet)")

        return report
