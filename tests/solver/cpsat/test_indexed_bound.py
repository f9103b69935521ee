"""The time-indexed relaxation bounds every schedule and beats the aggregated one.

Validity is checked against exhaustive enumeration (which shares nothing with either
relaxation) and against CP-SAT's proven optima; tightness on hand-made scenarios whose
optimum is plain.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings

from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from solver.cpsat.bound import relaxation_bound
from solver.cpsat.indexed_bound.relaxation import (
    in_whole_numbers,
    indexed_bound,
    indexed_relaxation,
)
from solver.cpsat.params import CpSatParams
from solver.cpsat.split_parts import fewest_parts
from tests.solver.cpsat.helpers import scenario, sessions_req, solve
from tests.solver.cpsat.test_bruteforce import best_by_enumeration, micro
from tests.strategies import RANDOM_TERMS, scenarios

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


def _both_bounds(sc: Scenario) -> tuple[float | None, float | None]:
    """The time-indexed and the aggregated relaxation's bounds."""
    problem = compile_scenario(sc)
    return indexed_bound(problem, PARAMS), relaxation_bound(problem, PARAMS)


def _lab(rid: str, capacity: int) -> dict[str, Any]:
    return {"id": rid, "kind": "lab", "owner": "col", "site": "s1", "capacity": capacity}


def test_a_split_session_counts_every_part_it_needs() -> None:
    """One slot, two labs of 30; ``s`` (45 people, split) needs both, ``b`` lab B.

    Only one of the two is held (1,000). The cover row alone lets ``s`` take lab A and
    half of lab B (45 <= 30 + 15) beside half of ``b``: 1,500. Two parts a session, as
    no single lab holds 45, leave lab B no room: 1,000."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[_lab("lab-a", 30), _lab("lab-b", 30)],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 45},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("s", 1, split=True),
            sessions_req("b", 1, cohort="c2", resources=["lab-b"]),
        ],
    )
    assert solve(sc).objective == 1_000
    assert _both_bounds(sc) == (1_000, 1_000)


@pytest.mark.parametrize(
    ("headcount", "rooms", "fewest"),
    [(45, [30, 30], 2), (30, [30, 10], 1), (31, [10, 30], 2), (70, [30, 30], 3), (1, [], 1)],
)
def test_fewest_parts_takes_the_largest_rooms_first(
    headcount: int, rooms: list[int], fewest: int
) -> None:
    assert fewest_parts(headcount, rooms) == fewest


def test_internships_placed_whole_share_posts_by_lanes() -> None:
    """One week, a post for 50 and two cohorts of 30 wanting a week's internship each.

    Only one is placed (2,000 at priority 2). The interns' row alone places 50/30 of
    them (3,333); two of more than 25 interns never fit together: 2,000."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[
            {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 50}
        ],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 30},
            {"id": "c2", "institution": "col", "size": 30},
        ],
        requests=[
            {"id": f"i{n}", "cohort": f"c{n}", "kind": "internship", "weeks": 1, "priority": 2}
            for n in (1, 2)
        ],
    )
    assert solve(sc).objective == 2_000
    assert _both_bounds(sc) == (2_000, 2_000)


@settings(RANDOM_TERMS, max_examples=40)
@given(scenarios())
def test_the_bound_is_never_below_a_checked_schedule(sc: Scenario) -> None:
    """Random small terms (split sessions, internships, shareable rooms, patterns and
    chains): the relaxation's bound is at least the objective of CP-SAT's schedule,
    which the checker passed and the evaluator scored."""
    res = solve(sc, time_limit=3, workers=1)
    if res.schedule.status.value == "infeasible":
        return
    for bound in _both_bounds(sc):
        assert bound is None or bound >= res.objective


def _crowded_parts(seed: int) -> Scenario:
    """Posts and labs too small for the cohorts: internships placed whole compete for a
    post or two, split sessions for labs of uneven size, beside single-lab requests."""
    rnd = random.Random(seed)
    posts = [
        {
            "id": f"post{k}",
            "kind": "internship_post",
            "owner": "col",
            "site": "s1",
            "capacity": rnd.randint(15, 50),
            "overflow": rnd.choice([0, 0, 3]),
        }
        for k in range(rnd.randint(1, 2))
    ]
    labs = [_lab(f"lab{k}", rnd.randint(12, 35)) for k in range(rnd.randint(2, 3))]
    cohorts = [{"id": f"c{k}", "institution": "col", "size": rnd.randint(10, 45)} for k in range(5)]
    requests: list[dict[str, Any]] = []
    for k in range(rnd.randint(2, 4)):
        first = rnd.randint(1, 3)
        requests.append(
            {
                "id": f"i{k}",
                "cohort": f"c{k}",
                "kind": "internship",
                "weeks": rnd.randint(1, 2),
                "priority": rnd.randint(1, 3),
                "window": [{"weeks": [first, rnd.randint(first, 3)]}],
            }
        )
    for k in range(rnd.randint(1, 3)):
        extra: dict[str, Any] = {"priority": rnd.randint(1, 3), "split": rnd.random() < 0.7}
        if not extra["split"] or rnd.random() < 0.3:
            extra["resources"] = [rnd.choice(labs)["id"]]
        requests.append(sessions_req(f"s{k}", rnd.randint(1, 3), cohort=f"c{k + 2}", **extra))
    return scenario(
        calendar={"weeks": 3, "days_per_week": 1, "slots_per_day": 2},
        resources=posts + labs,
        cohorts=cohorts,
        requests=requests,
        weights={"fairness": rnd.choice([0, 20])},
    )


@pytest.mark.parametrize("seed", range(30))
def test_the_bound_holds_where_posts_and_labs_are_crowded(seed: int) -> None:
    sc = _crowded_parts(seed)
    res = solve(sc, time_limit=10)
    assert res.schedule.status.value == "optimal"
    for bound in _both_bounds(sc):
        assert bound is not None and bound >= res.objective


def _open_lab(rid: str, capacity: int, slots: list[int]) -> dict[str, Any]:
    return {**_lab(rid, capacity), "available": [{"slots": slots}]}


def _split_beside_one(labs: list[dict[str, Any]], **split: Any) -> Scenario:
    """``s`` (45 people, split, priority 2) and ``b`` (20 people, lab-a, priority 1), one
    day of two slots: ``s`` needs two labs at one start."""
    return scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        resources=labs,
        cohorts=[
            {"id": "c1", "institution": "col", "size": 45},
            {"id": "c2", "institution": "col", "size": 20},
        ],
        requests=[
            sessions_req("s", 1, split=True, priority=2, **split),
            sessions_req("b", 1, cohort="c2", resources=["lab-a"]),
        ],
    )


def test_a_split_session_needs_its_rooms_open_at_one_start() -> None:
    """Lab A opens at slot 1, lab B at slot 2: ``s`` is never held, ``b`` is (1,000).

    In the day's bucket both labs are open, so without looking at starts the LP held
    ``s`` with a part in each lab (2,000)."""
    sc = _split_beside_one([_open_lab("lab-a", 30, [1]), _open_lab("lab-b", 30, [2])])
    assert solve(sc).objective == 1_000
    assert _both_bounds(sc) == (1_000, 1_000)


def test_a_split_session_needs_a_teacher_for_every_part() -> None:
    """Both labs open at both slots, one teacher: ``s``'s two parts would need two
    teachers at once, so only ``b`` is held (1,000); the teacher's two free slots let
    the LP count two parts for ``s`` beside ``b`` (3,000)."""
    sc = _split_beside_one([_lab("lab-a", 30), _lab("lab-b", 30)], instructor_skills=["cnc"])
    doc = sc.model_dump(mode="json", exclude_none=True)
    doc["instructors"] = [{"id": "t1", "institution": "col", "skills": ["cnc"], "site": "s1"}]
    sc = Scenario.model_validate(doc)
    assert solve(sc).objective == 1_000
    assert _both_bounds(sc) == (1_000, 1_000)


def test_a_cohort_holds_one_internship_a_week() -> None:
    """One week, two posts of 30, one cohort of 20 asking two one-week internships:
    one is placed (1,000); each alone fits its posts, so only the cohort's week keeps
    the aggregated relaxation from placing both (2,000)."""
    post = {"kind": "internship_post", "owner": "col", "site": "s1", "capacity": 30}
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        resources=[{**post, "id": "p1"}, {**post, "id": "p2"}],
        requests=[
            {"id": f"i{n}", "cohort": "c1", "kind": "internship", "weeks": 1, "resources": [p]}
            for n, p in ((1, "p1"), (2, "p2"))
        ],
    )
    assert solve(sc).objective == 1_000
    assert _both_bounds(sc) == (1_000, 1_000)
