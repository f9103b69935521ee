"""The validator: every group of checks combined, and the order they run in."""

from __future__ import annotations

from scheduler.validation.feasibility import FeasibilityChecks
from scheduler.validation.precedence import PrecedenceChecks
from scheduler.validation.references import ReferenceChecks
from scheduler.validation.shapes import ShapeChecks
from scheduler.validation.windows import WindowChecks


class _Validator(ReferenceChecks, WindowChecks, ShapeChecks, PrecedenceChecks, FeasibilityChecks):
    """One validation run of a scenario; issues accumulate in ``errors`` and ``warnings``."""

    def run(self) -> None:
        """Run every check in dependency order: references before checks that look ids up,
        travel before reach, and feasibility (only on resolvable requests) before precedence.
        """
        self.check_ids()
        self.check_calendar()
        self.check_references()
        self.check_travel()
        self.check_windows()
        self.check_request_shapes()
        self.check_after_graph()
        for i, req in enumerate(self.s.requests):
            if self._resolvable(req):
                self.check_feasibility(i, req)
        self.check_precedence_times()
