"""The validation report, and :func:`validate`, which sorts its issues in document order."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.issues import Issue
from scheduler.models import Scenario
from scheduler.validation.validator import _Validator

#: Order of the scenario's top-level keys, for sorting issues in document order.
_TOP_ORDER = {name: float(i) for i, name in enumerate(Scenario.model_fields)}


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Errors make the scenario unusable; warnings are worth reading but do not block."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no errors: warnings alone do not stop a solve."""
        return not self.errors


def validate(scenario: Scenario) -> ValidationReport:
    """Check ``scenario`` as a whole; issues come in document order (deterministic)."""
    v = _Validator(scenario)
    v.run()
    return ValidationReport(errors=_sorted(v.errors), warnings=_sorted(v.warnings))


def _sort_key(issue: Issue) -> tuple[float, int]:
    head = issue.path.split(".", 1)[0]
    name, _, rest = head.partition("[")
    index = int(rest.split("]", 1)[0]) if rest else -1
    return _TOP_ORDER.get(name, -1.0), index


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=_sort_key)  # stable: checks keep their order within an item
