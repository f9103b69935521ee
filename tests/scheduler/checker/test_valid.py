"""Schedules that keep every rule pass with zero violations, including the edge cases the
spec explicitly allows."""

from __future__ import annotations

from scheduler.checker import RULES, Violation
from tests.scheduler.checker.kit import (
    assert_valid,
    base_scenario,
    base_schedule,
    check,
    entity,
    part,
    session,
    unmet,
)


def test_the_hand_made_schedule_is_valid() -> None:
    report = check(base_schedule())
    assert_valid(report)
    ev = report.evaluation
    # col-a asks r-cnc 2x2x2 + r-block 3 + r-intern 1 + r-free 2 = 14 and gets all of it;
    # col-b asks r-weld 2 + r-joint 2 + r-optional 4 + r-required 1 = 9, gets 7;
    # ent-x asks r-joint 2 + r-unmet 1 = 3, gets 2.
    assert ev.demanded_units == {"col-a": 14, "col-b": 9, "ent-x": 3}
    assert ev.fulfilled_by_institution == {"col-a": 14, "col-b": 7, "ent-x": 2}
    assert ev.terms["worst_share_permille"] == 666
    assert ev.terms["fulfilled_units"] == 8 + 2 + 3 + 2 + 1 + 2 + 2 + 1
    assert ev.terms["extra_resources"] == 1  # r-joint uses base-x and lab-a2
    assert ev.terms["overflow_person_slots"] == 0


def test_rule_codes_are_the_documented_ones() -> None:
    assert RULES == (
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
    assert str(Violation("cohort", "sessions[1]", "x")) == "[cohort] sessions[1]: x"


def test_overflow_within_tolerance_passes_and_is_costed() -> None:
    scn = base_scenario()
    base = entity(scn, "resources", "base-x")
    base["capacity"], base["overflow"] = 20, 10
    sch = base_schedule()
    # a2 joins b1's r-required in base-x: 18 + 12 = 30 = capacity 20 + overflow 10
    session(sch, "r-free", 1).update(week=3, day=5, slot=1, parts=[part("base-x", 12)])
    report = check(sch, scn)
    assert_valid(report)
    assert report.evaluation.terms["overflow_person_slots"] == 10


def test_weekly_run_skips_a_week_whose_pattern_day_is_closed() -> None:
    sch = base_schedule()
    # week 2 Wednesday is closed: Wednesday of week 1 then week 3 is still consecutive
    session(sch, "r-weld", 1).update(week=1, day=3, slot=1)
    session(sch, "r-weld", 2).update(week=3, day=3, slot=1)
    assert_valid(check(sch))


def test_block_over_a_weekend_and_over_a_closed_day() -> None:
    sch = base_schedule()  # the base block runs week 1 Thu, Fri, week 2 Mon
    assert_valid(check(sch))
    session(sch, "r-block", 1).update(week=2, day=2)
    session(sch, "r-block", 2).update(week=2, day=4)  # Wednesday is closed
    session(sch, "r-block", 3).update(week=2, day=5)
    assert_valid(check(sch))


def test_precedence_allows_the_next_slot_of_the_same_day() -> None:
    scn = base_scenario()
    req = entity(scn, "requests", "r-required")
    req["resources"], req["after"] = ["base-x", "lab-b"], ["r-optional"]
    sch = base_schedule()
    # r-optional holds lab-b Thu slots 1-2; r-required starts at slot 3, same room
    session(sch, "r-required", 1).update(day=4, slot=3, parts=[part("lab-b", 18)])
    assert_valid(check(sch, scn))


def test_travel_with_enough_free_minutes_passes() -> None:
    sch = base_schedule()
    # a2: r-block#1 Thu slot 2 at campus-a, then r-free at slot 4 at campus-b: 90 free >= 40
    session(sch, "r-free", 1).update(week=1, day=4, slot=4)
    assert_valid(check(sch))


def test_min_days_apart_counts_seven_calendar_days_a_week() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["min_days_apart"] = 3
    sch = base_schedule()
    # week 3 Fri -> week 4 Mon: 3 calendar days (shop-b is closed on Fridays: lab-a2)
    session(sch, "r-free", 1).update(day=5, parts=[part("lab-a2", 12)])
    assert_valid(check(sch, scn))


def test_an_unmet_internship_counts_the_cohort_headcount() -> None:
    sch = base_schedule()
    sch["placements"] = []
    sch["unmet"].append(unmet("r-intern", 25, "capacity"))
    assert_valid(check(sch))


def test_required_does_not_bind_unknown_or_infeasible_answers() -> None:
    sch = base_schedule()
    sch["sessions"] = [s for s in sch["sessions"] if s["request"] != "r-required"]
    sch["unmet"].append(unmet("r-required", 1, "time_limit"))
    sch["status"] = "unknown"
    assert_valid(check(sch))
    sch["status"] = "infeasible"
    sch["conflicts"] = [{"items": ["requests[8]"], "message": "base-x is never free"}]
    assert_valid(check(sch))


def test_a_reported_objective_is_held_to_the_recomputed_one() -> None:
    sch = base_schedule()
    sch["objective"] = 1.0
    report = check(sch)
    assert report.objective_matches is False
    assert [(v.rule, v.path) for v in report.violations] == [("document", "objective")]
    assert "recomputed from the documents it is 34060" in report.violations[0].message
    sch["objective"] = float(report.evaluation.objective)
    report = check(sch)
    assert report.objective_matches is True
    assert_valid(report)
