"""Greedy baseline: one small scenario per rule family, every answer through the checker."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings

from scheduler.build import build_schedule
from scheduler.checker import check_schedule
from scheduler.compile import compile_scenario
from scheduler.evaluate import evaluate
from scheduler.models import Scenario, Schedule
from scheduler.problem import Problem, Solution
from solver.greedy import request_order, solve_greedy
from solver.scoring import objective_of, trivial_bound
from tests.strategies import RANDOM_TERMS, scenario_doc, scenarios


def solve_checked(scenario: Scenario) -> tuple[Problem, Solution, Schedule]:
    """Greedy on ``scenario``; the checker must find nothing and the objectives agree."""
    problem = compile_scenario(scenario)
    solution = solve_greedy(problem)
    schedule = build_schedule(problem, solution)
    report = check_schedule(scenario, schedule)
    assert report.ok, [str(v) for v in report.violations]
    ev = evaluate(scenario, schedule)
    assert objective_of(problem, solution)[0] == ev.objective
    assert solution.objective == ev.objective
    assert solution.metrics["terms"] == ev.terms
    return problem, solution, schedule


def by_request(schedule: Schedule, request: str) -> list:
    return sorted(
        (s for s in schedule.sessions if s.request == request),
        key=lambda s: (s.week, s.day, s.slot),
    )


def test_tiny_is_met_in_full_and_deterministic(tiny: Scenario) -> None:
    problem, solution, schedule = solve_checked(tiny)
    assert schedule.status == "feasible"
    assert schedule.unmet == []
    assert len(schedule.sessions) == sum(r.sessions or 0 for r in tiny.requests if r.sessions)
    assert [p.resource for p in schedule.placements] == ["post-x"]
    assert solution.objective is not None
    assert solution.bound == trivial_bound(problem) >= solution.objective
    again = build_schedule(problem, solve_greedy(problem))
    assert again.model_dump(exclude={"solve_seconds"}) == schedule.model_dump(
        exclude={"solve_seconds"}
    )


def test_earliest_start_first_resource_in_scenario_order() -> None:
    sc = scenario_doc(
        resources=[{"id": "lab-1"}, {"id": "lab-2"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[{"id": "ra", "cohort": "a"}, {"id": "rb", "cohort": "b"}],
    )
    _, _, schedule = solve_checked(sc)
    placed = {s.request: (s.day, s.slot, s.parts[0].resource) for s in schedule.sessions}
    assert placed == {"ra": (1, 1, "lab-1"), "rb": (1, 1, "lab-2")}


def test_service_order_required_then_priority_then_position() -> None:
    sc = scenario_doc(
        cohorts=[{"id": f"c{i}"} for i in range(4)],
        requests=[
            {"id": "low", "cohort": "c0", "priority": 1},
            {"id": "high", "cohort": "c1", "priority": 5},
            {"id": "must", "cohort": "c2", "priority": 0, "required": True},
            {"id": "low2", "cohort": "c3", "priority": 1},
        ],
    )
    problem = compile_scenario(sc)
    assert [problem.requests[i].id for i in request_order(problem)] == [
        "must",
        "high",
        "low",
        "low2",
    ]


def test_predecessors_are_served_before_their_successors() -> None:
    # 'late' outranks 'early' but must follow it: both fit, in order.
    sc = scenario_doc(
        days=2,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "early", "cohort": "a", "sessions": 2, "priority": 1},
            {"id": "late", "cohort": "a", "sessions": 2, "priority": 3, "after": ["early"]},
        ],
    )
    _, _, schedule = solve_checked(sc)
    assert schedule.unmet == []
    early = by_request(schedule, "early")
    late = by_request(schedule, "late")
    assert (early[-1].day, early[-1].slot) < (late[0].day, late[0].slot)


def test_weekly_chain_skips_a_closed_pattern_day() -> None:
    sc = scenario_doc(
        weeks=4,
        closed=[(2, 1)],
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "w", "cohort": "a", "sessions": 3, "pattern": "weekly"}],
    )
    _, _, schedule = solve_checked(sc)
    got = [(s.week, s.day, s.slot) for s in by_request(schedule, "w")]
    assert got == [(1, 1, 1), (3, 1, 1), (4, 1, 1)]


def test_weekly_takes_the_longest_chain_when_no_full_one_fits() -> None:
    # Monday slot 1 is free only in weeks 1-2; Tuesday slot 1 in weeks 1-3.
    sc = scenario_doc(
        weeks=3,
        resources=[{"id": "lab", "available": [{"weeks": [1, 2], "days": [1]}, {"days": [2]}]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "w", "cohort": "a", "sessions": 4, "pattern": "weekly"}],
    )
    _, _, schedule = solve_checked(sc)
    got = [(s.week, s.day, s.slot) for s in by_request(schedule, "w")]
    assert got == [(1, 2, 1), (2, 2, 1), (3, 2, 1)]
    assert [(u.request, u.missing, u.reason) for u in schedule.unmet] == [("w", 1, "pattern")]


def test_block_runs_over_consecutive_open_days_across_weeks() -> None:
    sc = scenario_doc(
        weeks=2,
        days=3,
        closed=[(1, 3)],
        resources=[{"id": "lab", "available": [{"weeks": [1, 1], "days": [2]}, {"weeks": [2, 2]}]}],
        cohorts=[{"id": "a"}],
        requests=[{"id": "b", "cohort": "a", "sessions": 3, "pattern": "block"}],
    )
    _, _, schedule = solve_checked(sc)
    got = [(s.week, s.day) for s in by_request(schedule, "b")]
    assert got == [(1, 2), (2, 1), (2, 2)]  # week 1 day 3 is closed: it does not break the run


def test_free_pattern_respects_max_per_week_and_days_apart() -> None:
    sc = scenario_doc(
        weeks=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}],
        requests=[
            {"id": "f", "cohort": "a", "sessions": 4, "max_per_week": 2, "min_days_apart": 2}
        ],
    )
    _, _, schedule = solve_checked(sc)
    got = [(s.week, s.day) for s in by_request(schedule, "f")]
    assert got == [(1, 1), (1, 3), (2, 1), (2, 3)]


def test_split_fills_the_largest_free_candidates() -> None:
    sc = scenario_doc(
        resources=[{"id": "small", "capacity": 10}, {"id": "big", "capacity": 25}],
        cohorts=[{"id": "a", "size": 30}],
        requests=[
            {"id": "s", "cohort": "a", "split": True},
            {"id": "n", "cohort": "a"},  # without split nothing holds 30
        ],
    )
    _, _, schedule = solve_checked(sc)
    (s,) = by_request(schedule, "s")
    assert [(p.resource, p.headcount) for p in s.parts] == [("big", 25), ("small", 5)]
    assert [(u.request, u.reason) for u in schedule.unmet] == [("n", "no_resource")]


def test_single_resource_preferred_over_split() -> None:
    sc = scenario_doc(
        resources=[{"id": "small", "capacity": 10}, {"id": "big", "capacity": 40}],
        cohorts=[{"id": "a", "size": 30}],
        requests=[{"id": "s", "cohort": "a", "split": True}],
    )
    _, _, schedule = solve_checked(sc)
    assert [p.resource for p in schedule.sessions[0].parts] == ["big"]


def test_first_qualified_free_instructor_and_weekly_load() -> None:
    sc = scenario_doc(
        slots=2,
        days=1,
        resources=[{"id": "lab-1"}, {"id": "lab-2"}],
        instructors=[
            {"id": "unskilled", "skills": ["weld"]},
            {"id": "t-1", "skills": ["cnc"], "max_slots_per_week": 1},
            {"id": "t-2", "skills": ["cnc", "weld"]},
        ],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "ra", "cohort": "a", "sessions": 2, "instructor_skills": ["cnc"]},
            {"id": "rb", "cohort": "b", "sessions": 2, "instructor_skills": ["cnc"]},
        ],
    )
    _, _, schedule = solve_checked(sc)
    teachers = Counter(p.instructor for s in schedule.sessions for p in s.parts)
    assert teachers == {"t-1": 1, "t-2": 2}
    assert [(u.request, u.missing, u.reason) for u in schedule.unmet] == [("rb", 1, "instructor")]


def test_travel_keeps_a_gap_between_sites_and_unreachable_sites_never_share_a_day() -> None:
    sc = scenario_doc(
        days=2,
        slots=3,
        sites=["A", "B", "C"],
        travel=[("A", "B", 100)],
        resources=[
            {"id": "lab-a", "site": "A"},
            {"id": "lab-b", "site": "B"},
            {"id": "lab-c", "site": "C"},
        ],
        cohorts=[{"id": "a"}],
        requests=[
            {
                "id": "at-a",
                "cohort": "a",
                "resources": ["lab-a"],
                "window": [{"days": [1], "slots": [1]}],
            },
            {"id": "at-b", "cohort": "a", "resources": ["lab-b"]},
            {"id": "at-c", "cohort": "a", "resources": ["lab-c"]},
        ],
    )
    _, _, schedule = solve_checked(sc)
    where = {s.request: (s.day, s.slot) for s in schedule.sessions}
    # slot 2 leaves 0 minutes, slot 3 leaves 90 < 100: lab-b goes to day 2
    assert where["at-b"] == (2, 1)
    # C has no path to A or B: day 2 holds B, day 1 holds A -> no day left
    assert "at-c" not in where
    assert [(u.request, u.reason) for u in schedule.unmet] == [("at-c", "travel")]


def test_internship_spreads_interns_over_posts_and_blocks_the_cohort_weeks() -> None:
    sc = scenario_doc(
        weeks=3,
        resources=[
            {"id": "lab"},
            {
                "id": "p-1",
                "kind": "internship_post",
                "capacity": 12,
                "available": [{"weeks": [2, 3]}],
            },
            {"id": "p-2", "kind": "internship_post", "capacity": 12},
        ],
        cohorts=[{"id": "a", "size": 20}],
        requests=[
            {"id": "intern", "cohort": "a", "kind": "internship", "weeks": 2, "priority": 3},
            {"id": "lessons", "cohort": "a", "sessions": 25},
        ],
    )
    _, _, schedule = solve_checked(sc)
    assert [(p.resource, p.headcount, p.first_week, p.weeks) for p in schedule.placements] == [
        ("p-1", 12, 2, 2),
        ("p-2", 8, 2, 2),
    ]
    assert {s.week for s in by_request(schedule, "lessons")} == {1}


def test_internship_is_all_or_nothing() -> None:
    sc = scenario_doc(
        resources=[{"id": "p", "kind": "internship_post", "capacity": 10}],
        cohorts=[{"id": "a", "size": 20}],
        requests=[{"id": "i", "cohort": "a", "kind": "internship", "weeks": 1}],
    )
    _, _, schedule = solve_checked(sc)
    assert schedule.placements == []
    assert [(u.missing, u.reason) for u in schedule.unmet] == [(20, "no_resource")]


def test_shareable_resource_hosts_sessions_side_by_side_within_capacity() -> None:
    sc = scenario_doc(
        days=1,
        slots=1,
        resources=[{"id": "base", "kind": "training_base", "capacity": 45, "shareable": True}],
        cohorts=[{"id": "a"}, {"id": "b"}, {"id": "c"}],
        requests=[{"id": f"r{c}", "cohort": c} for c in "abc"],
    )
    _, _, schedule = solve_checked(sc)
    assert sorted(s.request for s in schedule.sessions) == ["ra", "rb"]
    assert [(u.request, u.reason) for u in schedule.unmet] == [("rc", "capacity")]


def test_owner_windows_keep_the_owners_time() -> None:
    sc = scenario_doc(
        days=2,
        slots=2,
        institutions=[
            {"id": "own", "kind": "college", "site": "A"},
            {"id": "guest", "kind": "enterprise", "site": "A"},
        ],
        resources=[{"id": "lab", "owner": "own", "owner_windows": [{"days": [1]}]}],
        cohorts=[{"id": "g", "institution": "guest"}, {"id": "o", "institution": "own"}],
        requests=[{"id": "rg", "cohort": "g"}, {"id": "ro", "cohort": "o", "sessions": 3}],
    )
    _, _, schedule = solve_checked(sc)
    assert [(s.day, s.slot) for s in by_request(schedule, "rg")] == [(2, 1)]
    assert [(s.day, s.slot) for s in by_request(schedule, "ro")] == [(1, 1), (1, 2), (2, 2)]


def test_joint_session_occupies_every_cohort() -> None:
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "hall", "capacity": 50}, {"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "joint", "cohorts": ["a", "b"], "resources": ["hall"]},
            {"id": "solo", "cohort": "b", "resources": ["lab"]},
        ],
    )
    _, _, schedule = solve_checked(sc)
    assert schedule.sessions[0].parts[0].headcount == 40
    assert [(s.request, s.slot) for s in schedule.sessions] == [("joint", 1), ("solo", 2)]


def test_unmet_required_request_makes_the_answer_unknown_but_valid() -> None:
    # 'first' takes slot 1, the only one 'second' may use; 'first' at slot 2 would meet
    # both, so greedy must not call the scenario infeasible: it cannot tell
    sc = scenario_doc(
        days=1,
        slots=2,
        resources=[{"id": "lab"}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[
            {"id": "first", "cohort": "a", "required": True},
            {"id": "second", "cohort": "b", "required": True, "window": [{"slots": [1]}]},
        ],
    )
    _, solution, schedule = solve_checked(sc)
    assert schedule.status == "unknown"
    assert not schedule.conflicts
    assert [(u.request, u.reason) for u in schedule.unmet] == [("second", "capacity")]
    assert "not known" in schedule.unmet[0].message
    # the Chinese sentence starts the same way, then gives the same reason in Chinese
    zh = (schedule.unmet[0].messages or {})["zh"]
    assert zh.startswith("这是必需需求，但按先到先得的预订方式无法完全满足")
    assert zh.endswith("全部候选资源（“lab”）都已被占用（占用者：“first”）：一次课也排不下")


def test_overflow_is_used_only_when_nothing_else_holds_the_cohort() -> None:
    sc = scenario_doc(
        days=1,
        slots=1,
        resources=[{"id": "tight", "capacity": 18, "overflow": 4}, {"id": "roomy", "capacity": 25}],
        cohorts=[{"id": "a"}, {"id": "b"}],
        requests=[{"id": "ra", "cohort": "a"}, {"id": "rb", "cohort": "b"}],
    )
    _, solution, schedule = solve_checked(sc)
    placed = {s.request: s.parts[0].resource for s in schedule.sessions}
    assert placed == {"ra": "roomy", "rb": "tight"}
    assert solution.metrics["terms"]["overflow_person_slots"] == 2


@settings(RANDOM_TERMS, max_examples=50)
@given(scenarios())
def test_greedy_output_always_passes_the_checker(scenario: Scenario) -> None:
    solve_checked(scenario)


@pytest.mark.parametrize("name", ["dalian-cnc-consortium.json"])
def test_bundled_scenarios(name: str) -> None:
    from tests.conftest import load_scenario

    solve_checked(load_scenario(name))


AUDIT = Path(__file__).resolve().parent.parent / "fixtures" / "audit"


@pytest.mark.parametrize("required", [False, True])
def test_after_cycle_is_served_once_and_the_other_is_unmet_for_precedence(required: bool) -> None:
    """Two requests after each other: one is booked, the other is left out (precedence)."""
    doc = json.loads((AUDIT / "after-cycle-only.json").read_text())
    doc["requests"][1]["required"] = required
    problem, solution, schedule = solve_checked(Scenario.model_validate(doc))
    assert sorted(request_order(problem)) == [0, 1]
    assert {s.request for s in schedule.sessions} == {"r2" if required else "r1"}
    assert [(u.request, u.reason) for u in schedule.unmet] == [
        ("r1" if required else "r2", "precedence")
    ]


def test_a_cycle_pulled_forward_from_outside_books_its_required_member_first() -> None:
    doc = json.loads((AUDIT / "after-cycle-only.json").read_text())
    doc["requests"][1]["required"] = True
    doc["requests"].append(
        {"id": "r3", "sessions": 1, "duration": 1, "cohort": "c1", "after": ["r1"], "priority": 5}
    )
    doc["requests"][2]["required"] = True
    problem = compile_scenario(Scenario.model_validate(doc))
    assert request_order(problem) == [1, 0, 2]
