"""Resources [rules 5, 6]: exclusive rooms, shared capacity, split parts, overflow."""

from __future__ import annotations

from typing import Any

import pytest

from tests.solver.cpsat.helpers import scenario, sessions_req, solve

COLLEGE = [{"id": "col", "kind": "college", "site": "s1"}]


def cohorts(n: int, size: int = 20) -> list[dict]:
    return [{"id": f"c{k}", "institution": "col", "size": size} for k in range(1, n + 1)]


def room(rid: str, capacity: int = 30, **extra: Any) -> dict:
    return {"id": rid, "kind": "lab", "owner": "col", "site": "s1", "capacity": capacity, **extra}


def test_exclusive_resource_holds_one_session_at_a_time() -> None:
    # two cohorts want 4 one-slot sessions each; the lab has 6 slots
    sc = scenario(
        cohorts=cohorts(2),
        requests=[sessions_req("r1", 4, cohort="c1"), sessions_req("r2", 4, cohort="c2")],
    )
    res = solve(sc)
    assert res.schedule.status.value == "optimal"
    assert res.objective == 6000


def test_shareable_resource_sums_headcounts_up_to_capacity() -> None:
    # three cohorts of 20 in a base for 40: two at a time, 6 slots -> 12 sessions
    sc = scenario(
        cohorts=cohorts(3),
        resources=[room("base", 40, shareable=True)],
        requests=[sessions_req(f"r{k}", 6, cohort=f"c{k}") for k in (1, 2, 3)],
    )
    res = solve(sc)
    assert res.objective == 12000
    assert len(res.schedule.sessions) == 12


@pytest.mark.parametrize(("weight", "expected"), [(1, 18000 - 120), (100, 12000)])
def test_overflow_is_tolerated_at_a_price(weight: int, expected: int) -> None:
    # 60 people in a base for 40 (+20 tolerated): 20 over in each of 6 slots = 120
    # person-slots; at 100 each, dropping a session (1000) is cheaper than its overflow
    sc = scenario(
        cohorts=cohorts(3),
        resources=[room("base", 40, shareable=True, overflow=20)],
        requests=[sessions_req(f"r{k}", 6, cohort=f"c{k}") for k in (1, 2, 3)],
        weights={"overflow": weight},
    )
    res = solve(sc)
    assert res.objective == expected


def test_overflow_in_an_exclusive_room_costs_the_extra_people_per_slot() -> None:
    sc = scenario(
        cohorts=[{"id": "c1", "institution": "col", "size": 35}],
        resources=[room("lab", 30, overflow=5)],
        requests=[sessions_req("r1", 1, duration=2)],
        weights={"overflow": 10},
    )
    res = solve(sc)
    assert res.objective == 2000 - 10 * 5 * 2


@pytest.mark.parametrize(("split", "expected"), [(True, 2000), (False, 0)])
def test_split_spreads_a_large_cohort_over_rooms(split: bool, expected: int) -> None:
    sc = scenario(
        cohorts=[{"id": "c1", "institution": "col", "size": 50}],
        resources=[room("lab1"), room("lab2")],
        requests=[sessions_req("r1", 2, split=split)],
    )
    res = solve(sc)
    assert res.objective == expected
    for s in res.schedule.sessions:
        assert sum(p.headcount for p in s.parts) == 50
        assert len({p.resource for p in s.parts}) == len(s.parts) == 2


def test_owner_windows_keep_the_room_for_its_owner() -> None:
    sc = scenario(
        institutions=COLLEGE + [{"id": "other", "kind": "college", "site": "s1"}],
        cohorts=[
            {"id": "c1", "institution": "col", "size": 20},
            {"id": "c2", "institution": "other", "size": 20},
        ],
        resources=[room("lab", owner_windows=[{"days": [1]}])],
        requests=[sessions_req("r1", 6, cohort="c2")],
    )
    res = solve(sc)
    assert res.objective == 3000
    assert all(s.day == 2 for s in res.schedule.sessions)
