"""Fields a request sets that its kind or pattern ignores (warnings), and over-long sessions."""

from __future__ import annotations

from scheduler.models import Pattern, Request, RequestKind
from scheduler.validation.base import ValidatorBase

#: Fields that do not apply to one kind of request (spec: "sessions, duration and
#: pattern do not apply" to internships; the compile step ignores the rest).
_NOT_FOR_INTERNSHIPS = (
    "sessions",
    "duration",
    "pattern",
    "max_per_week",
    "min_days_apart",
    "min_days",
    "split",
    "instructor_skills",
    "instructors",
    "prefer",
    "headcount",
)
_NOT_FOR_SESSIONS = ("weeks",)
_FREE_ONLY = ("max_per_week", "min_days_apart")


class ShapeChecks(ValidatorBase):
    """Fields a request's kind or pattern ignores; sessions longer than a day."""

    def check_request_shapes(self) -> None:
        """Warn about fields a request's kind or pattern ignores; error on ``max_per_week: 0``
        for a free request and on a session longer than a day.
        """
        spd = self.s.calendar.slots_per_day
        for i, req in enumerate(self.s.requests):
            p = f"requests[{i}]"
            internship = req.kind is RequestKind.INTERNSHIP
            if internship:
                for name in _NOT_FOR_INTERNSHIPS:
                    if self._given(req, name):
                        self.warn(f"{p}.{name}", f"'{name}' does not apply to internships; ignored")
                continue
            for name in _NOT_FOR_SESSIONS:
                if self._given(req, name):
                    self.warn(f"{p}.{name}", f"'{name}' applies to internships only; ignored")
            if req.pattern is not Pattern.FREE:
                for name in _FREE_ONLY:
                    if self._given(req, name):
                        self.warn(
                            f"{p}.{name}",
                            f"'{name}' applies to free requests only, not to "
                            f"pattern '{req.pattern.value}'; ignored",
                        )
            elif req.max_per_week == 0:
                self.error(
                    f"{p}.max_per_week",
                    "max_per_week 0 allows no session of a free request; leave it out for "
                    "no weekly limit, or give at least 1",
                )
            if req.duration > spd:
                self.error(
                    f"{p}.duration",
                    f"duration {req.duration} is longer than a day ({spd} slots per day); "
                    "a session stays within one day",
                )

    @staticmethod
    def _given(req: Request, name: str) -> bool:
        """Set in the document to something other than its default."""
        if name not in req.model_fields_set:
            return False
        default = Request.model_fields[name].get_default(call_default_factory=True)
        return getattr(req, name) != default
