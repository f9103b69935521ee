"""What the checker hands back: the rule codes, one :class:`Violation` each, the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.evaluate import Evaluation

#: Rule codes, in the order of ``docs/rules.md``.
RULES: tuple[str, ...] = (
    "calendar",
    "window",
    "resource",
    "availability",
    "parts",
    "capacity",
    "cohort",
    "instructor",
    "travel",
    "pattern",
    "precedence",
    "internship",
    "required",
    "unmet",
    "document",
)


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: its code, where in the schedule, and what is wrong."""

    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.path}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    """All violations of a schedule and its recomputed evaluation (a reported objective
    that differs from it is a violation of rule 15)."""

    violations: list[Violation]
    evaluation: Evaluation
    reported_objective: float | None = None
    #: what is worth knowing but breaks no rule (:func:`~.judge.edited_since`)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken; ``notes`` do not count."""
        return not self.violations

    @property
    def rules(self) -> set[str]:
        """The distinct rule codes broken."""
        return {v.rule for v in self.violations}

    @property
    def objective_matches(self) -> bool | None:
        """Whether the reported objective equals the recomputed one (``None``: none reported)."""
        if self.reported_objective is None:
            return None
        return self.reported_objective == self.evaluation.objective

    def by_rule(self) -> dict[str, list[Violation]]:
        """Violations grouped by rule code, in the order of :data:`RULES`."""
        groups: dict[str, list[Violation]] = {}
        for rule in RULES:
            found = [v for v in self.violations if v.rule == rule]
            if found:
                groups[rule] = found
        return groups
