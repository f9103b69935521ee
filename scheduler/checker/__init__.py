"""The independent judge: does a schedule keep every hard rule of the spec?

:func:`check_schedule` reads the scenario and schedule *documents* (pydantic models) and
tests rules 1-15 of ``docs/rules.md`` one by one. It deliberately shares nothing with
the compile step or the solvers (no :mod:`scheduler.compile`, :mod:`scheduler.problem`,
``solver``): window membership, slot arithmetic and occupancy are re-derived here from
the spec text, so that a misreading there shows up as a violation here.

Each :class:`Violation` carries the rule code of ``docs/rules.md``, a path into the
*schedule* (``sessions[3].parts[1].resource``, ``placements[0]``, ``unmet[2]``) and a
sentence for people that names the request and session. Items the checker cannot
resolve (unknown ids, a session of an internship request) are reported once under
``document`` and left out of the other rules, so one mistake is not reported ten times;
likewise a session outside the calendar is reported under ``calendar`` only.

The package keeps one rule family per module (:mod:`~scheduler.checker.time_rules`,
:mod:`~scheduler.checker.resources`, :mod:`~scheduler.checker.people`,
:mod:`~scheduler.checker.patterns`, :mod:`~scheduler.checker.internships`,
:mod:`~scheduler.checker.accounting`, ids in :mod:`~scheduler.checker.document`), each a
function of the shared :class:`~scheduler.checker.context.Context`;
:mod:`~scheduler.checker.judge` runs them in order.
"""

from __future__ import annotations

from scheduler.checker.judge import check_document, check_schedule, edited_since, parse_schedule
from scheduler.checker.report import RULES, CheckReport, Violation
from scheduler.checker.wording import DAY_NAMES, when

__all__ = [
    "DAY_NAMES",
    "RULES",
    "CheckReport",
    "Violation",
    "check_document",
    "check_schedule",
    "edited_since",
    "parse_schedule",
    "when",
]
