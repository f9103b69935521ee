"""The time-indexed relaxation bounds every schedule and beats the aggregated one.

Validity is checked against exhaustive enumeration (which shares nothing with either
relaxation) and against CP-SAT's proven optima; tightness on hand-made scenarios whose
optimum is plain.
"""

from __future__ import annotations

import pytest

from scheduler.compile import compile_scenario
from solver.cpsat.bound import relaxation_bound
from solver.cpsat.indexed_bound import indexed_bound
from solver.cpsat.params import CpSatParams
from tests.solver.cpsat.helpers import scenario, sessions_req, solve
from tests.solver.cpsat.test_bruteforce import best_by_enumeration, micro

PARAMS = CpSatParams(time_limit=10.0)


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8, 11])
def test_bound_at_least_the_enumerated_optimum(seed):
    sc = micro(seed)
    ub = indexed_bound(compile_scenario(sc), PARAMS)
    assert ub is not None
    assert ub >= best_by_enumeration(sc)


def _crowded() -> object:
    """Two days of three slots, one lab, three cohorts all wanting it."""
    return scenario(
        cohorts=[{"id": f"c{n}", "institution": "col", "size": 20} for n in (1, 2, 3)],
        requests=[
            sessions_req("a", 3, duration=2, cohort="c1", priority=2),
            sessions_req("b", 2, duration=1, cohort="c2", pattern="weekly"),
            sessions_req("c", 2, duration=2, cohort="c3", window=[{"days": [2]}]),
        ],
        weights={"fairness": 20, "travel": 1},
    )


def test_bound_at_least_cpsat_optimum():
    sc = _crowded()
    res = solve(sc, time_limit=10)
    assert res.schedule.status.value == "optimal"
    ub = indexed_bound(res.problem, PARAMS)
    assert ub is not None and ub >= res.objective


def test_tighter_than_aggregated_bound_when_windows_overlap():
    """One day of three slots; ``a`` may use slots 1-2, ``b`` slots 2-3, two slots each.

    They overlap at slot 2, so only one is held: optimum 2 units (2000). The aggregated
    relaxation sees 3 open slots for 4 slots of demand (1.5 sessions, 3000); blocks of
    two slots in a run of three are one, which the indexed one counts.
    """
    sc = scenario(
        calendar={"days_per_week": 1},
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 20},
        ],  # fmt: skip
        requests=[
            sessions_req("a", 1, duration=2, cohort="c1", window=[{"slots": [1, 2]}]),
            sessions_req("b", 1, duration=2, cohort="c2", window=[{"slots": [2, 3]}]),
        ],
    )
    problem = compile_scenario(sc)
    assert solve(sc).objective == 2000
    assert relaxation_bound(problem, PARAMS) == 3000
    assert indexed_bound(problem, PARAMS) == 2000


def test_shared_room_counts_who_fits_together():
    """A shareable room of 30 and two cohorts of 20: never both at once (one slot)."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[
            {
                "id": "base",
                "kind": "training_base",
                "owner": "col",
                "site": "s1",
                "capacity": 30,
                "shareable": True,
            }
        ],  # fmt: skip
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "col", "size": 20},
        ],  # fmt: skip
        requests=[sessions_req("a", 1, cohort="c1"), sessions_req("b", 1, cohort="c2")],
    )
    problem = compile_scenario(sc)
    assert solve(sc).objective == 1000
    assert relaxation_bound(problem, PARAMS) > 1000
    assert indexed_bound(problem, PARAMS) == 1000


def test_a_weekly_request_holds_no_more_than_its_longest_run():
    """Four weekly sessions, a window of weeks 1-2 and 4-6: the run is at most three
    long (weeks 4-6), though five weeks are open to it one by one."""
    sc = scenario(
        calendar={"weeks": 6, "days_per_week": 1, "slots_per_day": 1},
        requests=[
            sessions_req("w", 4, pattern="weekly", window=[{"weeks": [1, 2]}, {"weeks": [4, 6]}])
        ],
    )
    problem = compile_scenario(sc)
    res = solve(sc)
    assert len(res.schedule.sessions) == 3
    assert indexed_bound(problem, PARAMS) == res.objective
    assert relaxation_bound(problem, PARAMS) > res.objective  # five open weeks
