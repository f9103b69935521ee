"""Rules and terms a mutation audit found unguarded: a deliberate bug in the solver
that the rest of the suite let pass, one per test (session 32).

Each test is named after the rule or term it guards; its docstring names the bug
(the file it was made in, and what it did). Every schedule goes through the independent checker
(``helpers.solve`` / ``greedy_objective`` / :func:`_check` below).
"""

from __future__ import annotations

from typing import Any

from pytest import MonkeyPatch

import solver.cpsat.variables as variables
from scheduler.compile import compile_scenario
from scheduler.models import Scenario
from scheduler.problem import (
    PartAssignment,
    PlacementAssignment,
    Problem,
    SessionAssignment,
    Solution,
)
from solver.cpsat.background import Background
from solver.cpsat.extract import sessions_and_placements
from solver.cpsat.model import CpSatModel
from solver.cpsat.one_run import run_model
from solver.cpsat.params import CpSatParams
from solver.fitted import fitted_schedule
from solver.scoring import objective_of
from tests.solver.cpsat.helpers import (
    assert_answer_valid,
    greedy_objective,
    scenario,
    sessions_req,
    solve,
)


def lab(rid: str, site: str = "s1", capacity: int = 30, **extra: Any) -> dict:
    return {"id": rid, "kind": "lab", "owner": "col", "site": site, "capacity": capacity, **extra}


def cohort(cid: str, size: int = 20) -> dict:
    return {"id": cid, "institution": "col", "size": size}


def teacher(tid: str, site: str = "s1", **extra: Any) -> dict:
    return {"id": tid, "institution": "col", "skills": ["cnc"], "site": site, **extra}


POST = {"id": "post", "kind": "internship_post", "owner": "col", "site": "s1", "capacity": 30}
TWO_SITES = {
    "sites": [{"id": "s1"}, {"id": "s2"}],
    "travel": [{"from": "s1", "to": "s2", "minutes": 30}],
}
ONE_DAY = {"weeks": 1, "days_per_week": 1, "slots_per_day": 3}


def _check(sc: Scenario, problem: Problem, sol: Solution) -> None:
    """Score, complete, build and pass ``sol`` through the independent checker."""
    sol.objective = float(objective_of(problem, sol)[0])
    assert_answer_valid(sc, problem, sol)


def solve_around(
    sc: Scenario, fixed: Solution, modelled: set[int]
) -> tuple[list[SessionAssignment], list[PlacementAssignment]]:
    """Model only ``modelled`` around the fixed bookings of ``fixed`` (as the
    neighbourhood search and decomposition do), merge, and check the whole."""
    problem = compile_scenario(sc)
    bg = Background.of(problem, fixed, modelled)
    cm = CpSatModel(problem, requests=sorted(modelled), background=bg)
    res = run_model(cm, CpSatParams(time_limit=5, workers=1), t0=0.0)
    assert res.values is not None  # an empty neighbourhood is a schedule too
    sessions, placements = sessions_and_placements(cm.vars, res.values)
    both = Solution(
        status="feasible",
        sessions=[*fixed.sessions, *sessions],
        placements=[*fixed.placements, *placements],
    )
    _check(sc, problem, both)
    return sessions, placements


def fixed_session(
    request: int, start: int, resource: int, heads: int = 20, teacher: int | None = None
) -> Solution:
    part = PartAssignment(resource, heads, instructor=teacher)
    return Solution(status="feasible", sessions=[SessionAssignment(request, 1, start, (part,))])


# --------------------------------------------------------------------------- cohorts


def test_a_joint_session_occupies_its_second_cohort() -> None:
    """Bug: cohorts.py: only the first listed cohort of a joint session gets the interval."""
    sc = scenario(
        cohorts=[cohort("c1", 10), cohort("c2", 10)],
        resources=[lab("lab1"), lab("lab2")],
        requests=[
            {"id": "joint", "cohorts": ["c1", "c2"], "sessions": 6, "resources": ["lab1"]},
            sessions_req("r2", 6, cohort="c2", resources=["lab2"]),
        ],
    )
    assert solve(sc).objective == 6000


def test_time_indexed_two_slot_sessions_of_two_requests_never_overlap() -> None:
    """Bug: disjoint.py: the slot clique covers only an item's first slot."""
    sc = scenario(
        resources=[lab("lab1"), lab("lab2")],
        requests=[
            sessions_req("r1", 2, duration=2, resources=["lab1"]),
            sessions_req("r2", 2, duration=2, resources=["lab2"]),
        ],
    )
    assert CpSatModel(compile_scenario(sc)).vars.indexed == {0, 1}
    # a cohort's 3-slot day holds one 2-slot session: 2 sessions of 2 units
    assert solve(sc).objective == 4000


# --------------------------------------------------------------------------- instructors


def test_an_instructor_must_be_available_over_the_whole_session() -> None:
    """Bug: variables.py: instructor availability checked at the start slot only."""
    sc = scenario(
        instructors=[teacher("t1", available=[{"slots": [1]}])],
        requests=[sessions_req("r1", 1, duration=2, instructor_skills=["cnc"])],
    )
    assert solve(sc).objective == 0


def test_a_neighbourhood_respects_an_instructors_fixed_weekly_load() -> None:
    """Bug: instructors.py: fixed teaching left out of the weekly-load cumulative."""
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[cohort("c1"), cohort("c2")],
        resources=[lab("lab1"), lab("lab2")],
        instructors=[teacher("t1", max_slots_per_week=2)],
        requests=[
            sessions_req("r1", 1, resources=["lab1"], instructors=["t1"]),
            sessions_req("r2", 2, cohort="c2", resources=["lab2"], instructors=["t1"]),
            # fills c2's second week, so r2 has only the first, where t1 has 1 slot left
            sessions_req(
                "r4", 6, cohort="c2", resources=["lab1"], priority=2, window=[{"weeks": [2, 2]}]
            ),  # fmt: skip
        ],
    )
    sessions, _ = solve_around(sc, fixed_session(0, 0, 0, teacher=0), {1, 2})
    assert sum(s.request == 1 for s in sessions) == 1


def test_a_neighbourhood_respects_an_instructors_fixed_sessions() -> None:
    """Bug: variables.py: the background's busy instructor slots ignored."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        cohorts=[cohort("c1"), cohort("c2")],
        resources=[lab("lab1"), lab("lab2")],
        instructors=[teacher("t1")],
        requests=[
            sessions_req("r1", 1, resources=["lab1"], instructors=["t1"]),
            sessions_req(
                "r2",
                1,
                cohort="c2",
                resources=["lab2"],
                instructors=["t1"],
                window=[{"slots": [1]}],
            ),  # fmt: skip
        ],
    )
    sessions, _ = solve_around(sc, fixed_session(0, 0, 0, teacher=0), {1})
    assert sessions == []


# --------------------------------------------------------------------------- travel


def test_two_sessions_of_one_request_at_two_sites_leave_time_to_travel() -> None:
    """Bug: travel.py: pairs of sessions of one request skipped."""
    sc = scenario(
        calendar=ONE_DAY,
        **TWO_SITES,
        resources=[
            lab("lab1", "s1", available=[{"slots": [1]}]),
            lab("lab2", "s2", available=[{"slots": [2]}]),
        ],
        requests=[sessions_req("r1", 2, resources=["lab1", "lab2"])],
    )
    assert solve(sc).objective == 1000


def test_a_neighbourhood_leaves_travel_time_after_a_fixed_session() -> None:
    """Bug: travel.py: a cohort's fixed visits (background) not checked for travel."""
    sc = scenario(
        calendar=ONE_DAY,
        **TWO_SITES,
        resources=[lab("lab1", "s1"), lab("lab2", "s2")],
        requests=[
            sessions_req("r1", 1, resources=["lab1"]),
            sessions_req("r2", 1, resources=["lab2"], window=[{"slots": [2]}]),
        ],
    )
    sessions, _ = solve_around(sc, fixed_session(0, 0, 0), {1})
    assert sessions == []


# --------------------------------------------------------------------------- patterns


def test_max_per_week_holds_for_every_pair_of_ordered_sessions(monkeypatch: MonkeyPatch) -> None:
    """Bugs: patterns.py: session j held apart from j + m + 1 instead of j + m, or the
    weeks 'surely apart' misread; ordered sessions, three of them, one a week, two weeks."""
    monkeypatch.setattr(variables, "INDEXED_BUDGET", 0)
    sc = scenario(calendar={"weeks": 2}, requests=[sessions_req("r1", 3, max_per_week=1)])
    assert solve(sc).objective == 2000


def test_a_weekly_run_never_jumps_an_open_week() -> None:
    """Bug: patterns.py: a skipped week need not be closed."""
    sc = scenario(
        calendar={
            "weeks": 5,
            "days_per_week": 1,
            "slots_per_day": 1,
            "closed": [{"week": 2, "day": 1}],
        },  # fmt: skip
        requests=[
            sessions_req(
                "r1",
                3,
                pattern="weekly",
                window=[{"weeks": [1, 1]}, {"weeks": [3, 3]}, {"weeks": [5, 5]}],
            )  # fmt: skip
        ],
    )
    # weeks 1 and 3 (2 is closed); week 4 is open and not in the window
    assert solve(sc).objective == 2000


# --------------------------------------------------------------------------- precedence


def test_a_session_after_an_internship_starts_after_its_last_week() -> None:
    """Bug: precedence.py: an internship predecessor ends a week early."""
    sc = scenario(
        calendar={"weeks": 2},
        cohorts=[cohort("c1"), cohort("c2")],
        resources=[lab("lab"), POST],
        requests=[
            {
                "id": "intern",
                "cohort": "c1",
                "kind": "internship",
                "weeks": 1,
                "window": [{"weeks": [1, 1]}],
            },  # fmt: skip
            sessions_req("r1", 1, cohort="c2", after=["intern"], window=[{"weeks": [1, 1]}]),
        ],
    )
    assert solve(sc).objective == 1000


def test_a_neighbourhood_ends_before_a_fixed_successor() -> None:
    """Bug: precedence.py: fixed successors of modelled requests ignored."""
    sc = scenario(
        cohorts=[cohort("c1"), cohort("c2")],
        resources=[lab("lab1"), lab("lab2")],
        requests=[
            sessions_req("r1", 1, resources=["lab1"], window=[{"days": [2]}]),
            sessions_req("r2", 1, cohort="c2", resources=["lab2"], after=["r1"]),
        ],
    )
    # r2 fixed on day 2, slot 1: r1 (day 2 only) can never end before it
    sessions, _ = solve_around(sc, fixed_session(1, 3, 1), {0})
    assert sessions == []


# --------------------------------------------------------------------------- resources


def test_a_shareable_room_holds_capacity_and_not_one_more(monkeypatch: MonkeyPatch) -> None:
    """Bug: resources.py: shareable cumulative at capacity + 1. Ordered sessions: the
    time-indexed form's redundant cuts alone would already keep r1 and r2 apart."""
    monkeypatch.setattr(variables, "INDEXED_BUDGET", 0)
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 2},
        cohorts=[cohort("c1", 15), cohort("c2", 16)],
        resources=[lab("hall", shareable=True), lab("lab2")],
        requests=[
            sessions_req("r1", 1, resources=["hall"], window=[{"slots": [1]}]),
            sessions_req("r2", 1, cohort="c2", resources=["hall"]),
            sessions_req("r3", 1, cohort="c2", resources=["lab2"], window=[{"slots": [2]}]),
        ],
    )
    assert solve(sc).objective == 2000


def test_a_split_part_fits_its_exclusive_room() -> None:
    """Bug: variables.py: a split part may hold capacity + 1."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        cohorts=[cohort("c1", 61), cohort("c2")],
        resources=[lab("lab1"), lab("lab2"), lab("lab3")],
        requests=[
            sessions_req("r1", 1, split=True),
            sessions_req("r2", 1, cohort="c2", resources=["lab3"], priority=3),
        ],
    )
    assert solve(sc).objective == 3000


def test_a_neighbourhood_counts_the_fixed_people_in_a_shared_room() -> None:
    """Bug: resources.py: the background's people left out of the cumulative."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        cohorts=[cohort("c1"), cohort("c2")],
        resources=[lab("hall", shareable=True)],
        requests=[sessions_req("r1", 1), sessions_req("r2", 1, cohort="c2")],
    )
    sessions, _ = solve_around(sc, fixed_session(0, 0, 0), {1})
    assert sessions == []


# --------------------------------------------------------------------------- internships


def test_a_post_holds_capacity_interns_and_not_one_more() -> None:
    """Bug: internships.py: post cumulative at capacity + 1."""
    sc = scenario(
        cohorts=[cohort("c1", 15), cohort("c2", 16)],
        resources=[POST],
        requests=[
            {"id": "i1", "cohort": "c1", "kind": "internship", "weeks": 1},
            {"id": "i2", "cohort": "c2", "kind": "internship", "weeks": 1},
        ],
    )
    assert solve(sc).objective == 1000


def test_a_post_must_be_available_in_the_last_week_of_the_run() -> None:
    """Bug: variables.py: the post's availability read one week short."""
    sc = scenario(
        calendar={"weeks": 2},
        resources=[{**POST, "available": [{"weeks": [1, 1]}]}],
        requests=[{"id": "i1", "cohort": "c1", "kind": "internship", "weeks": 2}],
    )
    assert solve(sc).objective == 0


def test_a_neighbourhood_internship_avoids_every_week_with_a_fixed_session() -> None:
    """Bug: variables.py: only the first week of the run checked against fixed sessions."""
    sc = scenario(
        calendar={"weeks": 2},
        resources=[lab("lab"), POST],
        requests=[
            sessions_req("r1", 1, resources=["lab"]),
            {"id": "i1", "cohort": "c1", "kind": "internship", "weeks": 2},
        ],
    )
    # r1 fixed in week 2 (slot 6): the two-week run would overlap it
    _, placements = solve_around(sc, fixed_session(0, 6, 0), {1})
    assert placements == []


# --------------------------------------------------------------------------- objective


def test_a_split_session_outside_the_preferred_rooms_misses_once() -> None:
    """Bug: objective.py: each off-preference part of a split session counted."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        cohorts=[cohort("c1", 50), cohort("c2", 20)],
        resources=[lab("lab1"), lab("lab2"), lab("lab3")],
        requests=[
            sessions_req("r1", 1, split=True, prefer={"resources": ["lab1"], "weight": 3}),
            sessions_req("r2", 1, cohort="c2", prefer={"resources": ["lab1"], "weight": 1}),
        ],
        weights={"prefer": 1},
    )
    # r2 in lab1, r1 over lab2 + lab3: one miss of weight 3 (not r2's 1 on top of it)
    assert solve(sc).objective == 2000 - 3


def test_missing_days_over_start_variables_count_one_day_for_a_shared_day(
    monkeypatch: MonkeyPatch,
) -> None:
    """Bug: objective.py: every next session counted as a new day (no start literals)."""
    monkeypatch.setattr(variables, "INDEXED_BUDGET", 0)
    monkeypatch.setattr(variables, "START_LITERAL_BUDGET", 0)
    sc = scenario(
        requests=[
            sessions_req("r1", 2, min_days=2, prefer={"windows": [{"days": [1]}], "weight": 1})
        ],
        weights={"min_days": 2, "prefer": 1},
    )
    # two days and one preference miss (-1) beat one day and a missing day (-2)
    assert solve(sc).objective == 2000 - 1


# --------------------------------------------------------------------------- re-solve


def test_a_split_session_with_an_extra_room_has_moved() -> None:
    """Bug: model.py (_kept_literals): parts outside the published rooms not excluded."""
    sc = scenario(
        calendar={"days_per_week": 1, "slots_per_day": 1},
        cohorts=[cohort("c1", 70), cohort("c2")],
        resources=[lab("lab1"), lab("lab2"), lab("lab3")],
        requests=[
            sessions_req("r1", 1, split=True),
            sessions_req("r2", 1, cohort="c2", resources=["lab3"], priority=2),
        ],
    )
    published = Solution(
        status="feasible",
        sessions=[SessionAssignment(0, 1, 0, (PartAssignment(0, 30), PartAssignment(1, 20)))],
    )
    # r1 (now 70) cannot stay in lab1 + lab2: it moves whatever happens, so r2 wins
    res = solve(sc, time_limit=10, reference=published, move_penalty=10**6)
    assert res.sessions_of("r1") == []
    assert len(res.sessions_of("r2")) == 1
    assert res.solution.metrics["moved_sessions"] == [{"request": "r1", "index": 1}]


# --------------------------------------------------------------------------- greedy


def test_greedy_travel_reads_the_farthest_pair_of_sites() -> None:
    """Bug: occupancy/assign.py: travel needed from the nearest site of a split session."""
    sc = scenario(
        calendar=ONE_DAY,
        **TWO_SITES,
        cohorts=[cohort("c1", 50)],
        resources=[lab("lab1", "s1"), lab("lab2", "s2"), lab("lab3", "s1", capacity=60)],
        requests=[
            sessions_req(
                "r1", 1, split=True, resources=["lab1", "lab2"], window=[{"slots": [1]}]
            ),  # fmt: skip
            sessions_req("r2", 1, resources=["lab3"]),
        ],
    )
    assert greedy_objective(sc) == 2000


def test_greedy_gives_each_split_part_its_own_instructor() -> None:
    """Bug: occupancy/assign.py: a split's later part may take an instructor already used."""
    sc = scenario(
        calendar=ONE_DAY,
        **TWO_SITES,
        cohorts=[cohort("c0"), cohort("c1", 50)],
        resources=[lab("lab1", "s1"), lab("lab2", "s1"), lab("lab3", "s2")],
        instructors=[teacher("t1"), teacher("t2", "s2")],
        requests=[
            sessions_req(
                "r0",
                1,
                cohort="c0",
                resources=["lab3"],
                instructors=["t2"],
                window=[{"slots": [1]}],
            ),  # fmt: skip
            # at slot 2 t2 cannot reach s1 in time: only t1 is left for two parts
            sessions_req(
                "r1",
                1,
                cohort="c1",
                split=True,
                resources=["lab1", "lab2"],
                instructors=["t1", "t2"],
                window=[{"slots": [2]}],
            ),  # fmt: skip
        ],
    )
    assert greedy_objective(sc) == 1000


def test_greedy_places_an_internship_clear_of_the_cohorts_sessions() -> None:
    """Bug: occupancy/internships.py: weeks with the cohort's sessions not blocked."""
    sc = scenario(
        calendar={"weeks": 2},
        resources=[lab("lab"), POST],
        requests=[
            sessions_req("r1", 1, resources=["lab"]),
            {"id": "i1", "cohort": "c1", "kind": "internship", "weeks": 1},
        ],
    )
    assert greedy_objective(sc) == 2000


def test_a_fitted_schedule_drops_a_session_over_max_per_week() -> None:
    """Bug: occupancy/patterns.py: pattern_ok lets max_per_week + 1 sessions in a week."""
    sc = scenario(calendar={"weeks": 2}, requests=[sessions_req("r1", 2, max_per_week=1)])
    problem = compile_scenario(sc)
    published = Solution(
        status="feasible",
        sessions=[
            SessionAssignment(0, 1, 0, (PartAssignment(0, 20),)),
            SessionAssignment(0, 2, 1, (PartAssignment(0, 20),)),
        ],
    )
    sol, left_out, _ = fitted_schedule(problem, published)
    assert left_out == 1
    _check(sc, problem, sol)


def test_greedy_grows_a_block_run_onto_the_next_open_day() -> None:
    """Bug: occupancy/patterns.py: a block run extended past the next open day."""
    sc = scenario(
        calendar={"days_per_week": 5, "slots_per_day": 1},
        requests=[sessions_req("r1", 3, pattern="block")],
    )
    problem = compile_scenario(sc)
    published = Solution(
        status="feasible", sessions=[SessionAssignment(0, 1, 0, (PartAssignment(0, 20),))]
    )
    sol, _, added = fitted_schedule(problem, published)
    assert added == 2
    _check(sc, problem, sol)
