"""The closed vocabularies of the documents: kinds, patterns, statuses, reasons."""

from __future__ import annotations

from enum import StrEnum


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
