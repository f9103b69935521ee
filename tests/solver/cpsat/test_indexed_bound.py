"""The time-indexed relaxation bounds every schedule and beats the aggregated one.

Validity is checked against exhaustive enumeration (which shares nothing with either
relaxation) and against CP-SAT's proven optima; tightness on hand-made scenarios whose
optimum is plain.
"""

from __future__ import annotations

import pytest

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.bound import relaxation_bound
from solver.cpsat.indexed_bound import in_whole_numbers, indexed_bound, indexed_relaxation
from solver.cpsat.params import CpSatParams
from tests.solver.cpsat.helpers import scenario, sessions_req, solve
from tests.solver.cpsat.test_bruteforce import best_by_enumeration, micro

PARAMS = CpSatParams(time_limit=10.0)


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8, 11])
def test_bound_at_least_the_enumerated_optimum(seed: int) -> None:
    sc = micro(seed)
    ub = indexed_bound(compile_scenario(sc), PARAMS)
    assert ub is not None
    assert ub >= best_by_enumeration(sc)


def _crowded() -> Scenario:
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


def test_bound_at_least_cpsat_optimum() -> None:
    sc = _crowded()
    res = solve(sc, time_limit=10)
    assert res.schedule.status.value == "optimal"
    ub = indexed_bound(res.problem, PARAMS)
    assert ub is not None and ub >= res.objective


def test_tighter_than_aggregated_bound_when_windows_overlap() -> None:
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


def test_shared_room_counts_who_fits_together() -> None:
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
    relaxed = relaxation_bound(problem, PARAMS)
    assert relaxed is not None and relaxed > 1000
    assert indexed_bound(problem, PARAMS) == 1000


def test_a_weekly_request_holds_no_more_than_its_longest_run() -> None:
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
    relaxed = relaxation_bound(problem, PARAMS)
    assert relaxed is not None and relaxed > res.objective  # five open weeks


def _two_cohorts(n: int = 2) -> list[dict]:
    return [{"id": f"c{k}", "institution": "col", "size": 20} for k in range(1, n + 1)]


def test_an_after_chain_shares_only_its_boundary_week() -> None:
    """Ten weeks of one day with two slots; ``b`` (weekly, 6) after ``a`` (weekly, 6).

    Each holds a run of weeks and ``b``'s starts in the week ``a``'s ends at the
    earliest (``a`` at slot 1, ``b`` at slot 2): 6 + 5 = 11 sessions at most. Without
    the order, twelve fit in the LP's weeks (two cohorts, two slots a week)."""
    sc = scenario(
        calendar={"weeks": 10, "days_per_week": 1, "slots_per_day": 2},
        cohorts=_two_cohorts(),
        requests=[
            sessions_req("a", 6, pattern="weekly"),
            sessions_req("b", 6, cohort="c2", pattern="weekly", after=["a"]),
        ],
    )
    _assert_both_bounds_meet(sc, 11_000)


def test_an_empty_middle_request_breaks_the_chain() -> None:
    """``a -> b -> c`` over four one-slot weeks; ``a`` and ``c`` use their own labs.

    Booking ``b`` orders ``a`` before ``c`` (four sessions in all); leaving it out
    lets both run in all four weeks: optimum 8. A chain row that ignored the empty
    middle would cap the three at 4 + 2 = 6 sessions, below the optimum; without chain
    rows the LP books all nine."""
    labs = [
        {"id": f"lab-{r}", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30}
        for r in "abc"
    ]
    sc = scenario(
        calendar={"weeks": 4, "days_per_week": 1, "slots_per_day": 1},
        resources=labs,
        cohorts=_two_cohorts(3),
        requests=[
            sessions_req("a", 4, pattern="weekly", resources=["lab-a"]),
            sessions_req("b", 1, cohort="c2", resources=["lab-b"], after=["a"]),
            sessions_req("c", 4, cohort="c3", pattern="weekly", resources=["lab-c"], after=["b"]),
        ],
    )
    res = solve(sc)
    assert res.objective == 8_000
    assert not res.sessions_of("b")
    problem = compile_scenario(sc)
    for bound in (indexed_bound(problem, PARAMS), relaxation_bound(problem, PARAMS)):
        assert bound is not None and 8_000 <= bound < 9_000


def test_an_internship_takes_its_weeks_in_a_chain() -> None:
    """Six weeks; a three-week internship of ``c1``, then weekly sessions of ``c2``.

    The sessions start after the internship's last week (no week is shared): with
    the internship (6,000) three weeks are left for them (3,000), without it four
    (4,000). The LP without the chain places both in full (10,000)."""
    sc = scenario(
        calendar={"weeks": 6, "days_per_week": 1, "slots_per_day": 1},
        resources=[
            {"id": "lab", "kind": "lab", "owner": "col", "site": "s1", "capacity": 30},
            {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 20},
        ],
        cohorts=_two_cohorts(),
        requests=[
            {"id": "intern", "cohort": "c1", "kind": "internship", "weeks": 3, "priority": 2},
            sessions_req("w", 4, cohort="c2", pattern="weekly", after=["intern"]),
        ],
    )
    _assert_both_bounds_meet(sc, 9_000)


def _assert_both_bounds_meet(sc: Scenario, optimum: int) -> None:
    """CP-SAT proves ``optimum`` (its schedule checked) and both relaxations reach it."""
    assert solve(sc).objective == optimum
    problem = compile_scenario(sc)
    assert indexed_bound(problem, PARAMS) == optimum
    assert relaxation_bound(problem, PARAMS) == optimum


@pytest.mark.parametrize("seed", [1, 2, 3, 10, 17])
def test_the_relaxation_over_whole_numbers_still_bounds_every_schedule(seed: int) -> None:
    sc = micro(seed)
    found = in_whole_numbers(compile_scenario(sc), 10.0)
    assert found is not None and found.optimal
    assert found.lp is not None and found.bound is not None and found.point is not None
    assert best_by_enumeration(sc) <= found.bound <= found.lp
    assert found.point <= found.bound + 1  # the bound is the point, floored


def test_whole_numbers_tighten_the_bound_where_the_lp_splits_a_session() -> None:
    # micro(10): the LP shares sessions out in fractions, 30,263 against an optimum of
    # 26,459; with whole sessions the same rows give 26,480
    sc = micro(10)
    found = in_whole_numbers(compile_scenario(sc), 10.0)
    assert found is not None
    assert (found.lp, found.bound, best_by_enumeration(sc)) == (30263.0, 26480.0, 26459)


def test_a_build_past_its_deadline_gives_no_bound() -> None:
    # the builds are Python and unbounded (the aggregated one took 4.6 s on L): a short
    # limit gives them up at the deadline instead of overrunning it
    problem = compile_scenario(_crowded())
    now = PARAMS.now()
    assert relaxation_bound(problem, PARAMS, deadline=now - 1.0) is None
    assert indexed_relaxation(problem, PARAMS, deadline=now - 1.0) is None
    later = now + 60.0
    assert relaxation_bound(problem, PARAMS, deadline=later) == relaxation_bound(problem, PARAMS)
    found = indexed_relaxation(problem, PARAMS, deadline=later)
    assert found is not None and found.bound == indexed_bound(problem, PARAMS)
