"""Whole-document checks of a scenario: every problem at once, each with its place.

The pydantic models check what one object can know; this package checks what needs
the whole document: unique ids, references, windows against the calendar, the
``after`` graph, the site graph, and requests that can never be met. A hopeless
request is an *error* when it is ``required`` (no schedule can be ``feasible``) and a
*warning* otherwise (the solver will list it as unmet).

"Candidate" means exactly what :mod:`scheduler.compile` means by it: the same
:func:`~scheduler.compile.resource_admits` and the same calendar masks. The
feasibility tests are *sound necessary* conditions: when they report a request
hopeless, no schedule can contain it; a request that passes may still be squeezed out
by the others.

Each group of checks is a mixin in its own module (:mod:`~scheduler.validation.references`,
:mod:`~scheduler.validation.windows`, :mod:`~scheduler.validation.sites`,
:mod:`~scheduler.validation.shapes`, :mod:`~scheduler.validation.precedence`, and for
feasibility :mod:`~scheduler.validation.feasibility` with its parts); they share the
state of :mod:`~scheduler.validation.base` and are combined in
:mod:`~scheduler.validation.validator`.
"""

from __future__ import annotations

from scheduler.validation.bounds import max_disjoint_starts
from scheduler.validation.report import ValidationReport, validate
from scheduler.validation.validator import _Validator

__all__ = ["ValidationReport", "_Validator", "max_disjoint_starts", "validate"]
