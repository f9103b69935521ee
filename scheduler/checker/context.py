"""The state the rule families share: the documents, lookups, resolved items, findings.

Each rule family is a plain function of one :class:`Context`; the context holds only
what several families read, plus the slot arithmetic they all re-derive from the spec.
"""

from __future__ import annotations

from typing import Any

from scheduler.checker.items import PlacementItem, SessionItem
from scheduler.checker.report import Violation
from scheduler.checker.wording import when
from scheduler.evaluate import Evaluation, Lookup, in_windows
from scheduler.models import Scenario, Schedule


class Context:
    """One check run: findings accumulate in ``found``, in the order the families run."""

    def __init__(self, scenario: Scenario, schedule: Schedule, evaluation: Evaluation):
        self.scenario = scenario
        self.schedule = schedule
        #: the objective recomputed from the documents (the claims are held to it)
        self.evaluation = evaluation
        self.cal = scenario.calendar
        self.lookup = Lookup.of(scenario)
        self.closed = {(c.week, c.day) for c in self.cal.closed}
        self.found: list[Violation] = []
        self.sessions: list[SessionItem] = []
        self.placements: list[PlacementItem] = []

    def report(self, rule: str, path: str, message: str) -> None:
        """Record a violation of ``rule`` (a code of ``RULES``) at schedule ``path``."""
        self.found.append(Violation(rule, path, message))

    def global_slot(self, week: int, day: int, slot: int) -> int:
        """0-based global slot of a 1-based (week, day, slot), re-derived from the spec rather
        than taken from :mod:`scheduler.calendar`, so the judge stays independent of it.
        """
        return ((week - 1) * self.cal.days_per_week + (day - 1)) * self.cal.slots_per_day + (
            slot - 1
        )

    def week_start(self, week: int) -> int:
        """Global slot that opens 1-based ``week``: where an internship's occupation starts (and,
        for the week after its run, ends).
        """
        return (week - 1) * self.cal.days_per_week * self.cal.slots_per_day

    def timed_sessions(self) -> list[SessionItem]:
        """Sessions whose time lies inside the calendar: the only ones that can be compared
        slot by slot (the others are reported by the calendar rule).
        """
        return [it for it in self.sessions if it.timed]

    def first_slot_outside(self, it: SessionItem, windows: Any) -> int | None:
        """1-based slot of the day of the first slot of ``it`` outside ``windows`` (``None``: the
        whole calendar), or ``None`` when the whole span is inside.
        """
        s = it.session
        for k in range(s.slot, s.slot + s.duration):
            if not in_windows(windows, s.week, s.day, k):
                return k
        return None

    def report_unavailable(
        self, rule: str, path: str, it: SessionItem, who: str, windows: Any
    ) -> None:
        """Report ``who`` (a resource, an instructor, a cohort, as the message names it) when
        a slot of ``it`` lies outside its ``windows``: the first such slot."""
        bad = self.first_slot_outside(it, windows)
        if bad is not None:
            s = it.session
            where = when(s.week, s.day, bad)
            self.report(rule, path, f"{it.label()}: {who} is not available in {where}")

    def human(self, t: int) -> str:
        """Global slot ``t`` as messages name it (``week 3 Tue slot 2``)."""
        day_index, s = divmod(t, self.cal.slots_per_day)
        w, d = divmod(day_index, self.cal.days_per_week)
        return when(w + 1, d + 1, s + 1)
