"""The re-tests of an explanation, in the order of docs/reasons.md: each switches on
more of the occupancy families and placement rules."""

from __future__ import annotations

from dataclasses import dataclass

from solver.occupancy import ALL_FAMILIES, COHORT, FULL_RULES, INSTRUCTOR, RESOURCE, Rules


@dataclass(frozen=True, slots=True)
class Stage:
    """One re-test of the explanation: its reason code, the occupancy families whose bookings count,
    and the placement rules checked.
    """

    code: str
    families: frozenset[str]
    rules: Rules


_NO_RULES = Rules(precedence=False, instructors=False, travel=False, pattern=False)


_PRECEDENCE = Rules(precedence=True, instructors=False, travel=False, pattern=False)


STAGES: tuple[Stage, ...] = (
    Stage("window", frozenset(), _NO_RULES),
    Stage("precedence", frozenset(), _PRECEDENCE),
    Stage("conflict", frozenset({COHORT}), _PRECEDENCE),
    Stage("capacity", frozenset({COHORT, RESOURCE}), _PRECEDENCE),
    Stage(
        "instructor",
        frozenset({COHORT, RESOURCE, INSTRUCTOR}),
        Rules(precedence=True, instructors=True, travel=False, pattern=False),
    ),
    Stage("travel", ALL_FAMILIES, Rules(precedence=True, instructors=True, pattern=False)),
    Stage("pattern", ALL_FAMILIES, FULL_RULES),
)
