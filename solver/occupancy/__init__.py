"""Incremental occupancy of a schedule under construction, in NumPy arrays.

The greedy baseline, the unmet explanations and the mid-term insertion all ask the
same two questions many times: *could this session (or internship) go here?* and,
when not, *which hard rule of docs/rules.md blocks it?* This package answers both
against the sessions and placements applied so far, and supports removing them
again, so that a request can be re-tested alone against a finished schedule.

State, all indexed like :class:`~scheduler.problem.Problem`:

- per resource and slot: people present, number of session parts (exclusive use);
  per internship post and week: interns;
- per cohort and slot: busy; per cohort and week: internship weeks and sessions;
- per instructor and slot: busy; per instructor and week: slots taught;
- per cohort / instructor and day: the visits (span and sites) for travel checks;
- per request: its scheduled sessions and placements, for patterns and precedence.

Which of these another request's usage is loaded into is chosen per family
(:data:`ALL_FAMILIES`), so that explanations can switch rule families on one by one.

The package keeps the state in :mod:`~solver.occupancy.state` and each group of
operations in a mixin module (:mod:`~solver.occupancy.updates`,
:mod:`~solver.occupancy.scans`, :mod:`~solver.occupancy.assign`,
:mod:`~solver.occupancy.patterns`, :mod:`~solver.occupancy.checks`,
:mod:`~solver.occupancy.internships`), combined in :mod:`~solver.occupancy.combined`.
Mixins keep every method on the one class: the hot paths pay no extra call.
"""

from __future__ import annotations

from solver.occupancy.combined import Occupancy
from solver.occupancy.families import (
    ALL_FAMILIES,
    BLOCK_ORDER,
    COHORT,
    FULL_RULES,
    INSTRUCTOR,
    RESOURCE,
    TRAVEL,
    Rules,
)
from solver.occupancy.records import StartMasks, Visit

__all__ = [
    "ALL_FAMILIES",
    "BLOCK_ORDER",
    "COHORT",
    "FULL_RULES",
    "INSTRUCTOR",
    "RESOURCE",
    "TRAVEL",
    "Occupancy",
    "Rules",
    "StartMasks",
    "Visit",
]
