"""Which rule families an occupancy records and a search enforces, and the blocking codes."""

from __future__ import annotations

from dataclasses import dataclass

# Families of occupancy another request's usage is recorded in.
RESOURCE = "resource"
COHORT = "cohort"
INSTRUCTOR = "instructor"
TRAVEL = "travel"
ALL_FAMILIES: frozenset[str] = frozenset({RESOURCE, COHORT, INSTRUCTOR, TRAVEL})

# Codes :meth:`Occupancy.check_session` reports, in the order of docs/reasons.md.
BLOCK_ORDER = (
    "no_resource",
    "window",
    "precedence",
    "conflict",
    "capacity",
    "instructor",
    "travel",
    "pattern",
    "parts",
)


@dataclass(frozen=True, slots=True)
class Rules:
    """Which rule families a search enforces (explanations relax them one at a time)."""

    precedence: bool = True
    instructors: bool = True
    travel: bool = True
    pattern: bool = True


FULL_RULES = Rules()
