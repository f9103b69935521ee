"""Required requests that conflict only through ``after`` get an ``infeasible`` answer.

The spec: a required request is in the schedule in full, "or the scenario is
infeasible and the answer says which requirements conflict". Validation only warns
about these (``tests/scheduler/test_validation.py``); they used to be rejected as bad
input, which left a caller with no answer at all.

- ``after_cycle_all_required``: the required CNC course and the internship after each
  other;
- ``after_never_fits_required``: the required welding course after a required
  internship that ends too late for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.io import load_scenario
from scheduler.validation import validate
from tests.solver.cpsat.helpers import greedy_objective, solve

CONFLICTS = Path(__file__).resolve().parents[2] / "fixtures" / "conflicts"

#: fixture -> (the warned path, the requests the conflict must name)
CASES = {
    "after_cycle_all_required": ("requests[0].after", {"requests[0]", "requests[4]"}),
    "after_never_fits_required": ("requests[3].after[0]", {"requests[3]", "requests[4]"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_conflict_is_warned_then_answered_infeasible(name: str) -> None:
    path, named = CASES[name]
    sc = load_scenario(CONFLICTS / f"{name}.json")  # loads: not bad input
    report = validate(sc)
    assert report.ok
    assert [w.path for w in report.warnings if "cannot" in w.message] == [path]

    res = solve(sc, time_limit=10)  # the checker passes it
    sch = res.schedule
    assert sch.status.value == "infeasible"
    (conflict,) = sch.conflicts
    assert named <= set(conflict.items)
    assert "'after'" in conflict.message and "cannot all be met" in conflict.message
    assert {u.reason.value for u in sch.unmet if u.reason.value == "infeasible"}
    # the rest of the term is scheduled all the same, and no worse than greedy does it
    assert sch.objective is not None and sch.objective >= greedy_objective(sc)
