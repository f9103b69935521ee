"""Rules about when: [calendar], [window], [pattern], [precedence]. Each test breaks one."""

from __future__ import annotations

from tests.scheduler.checker.kit import (
    assert_only,
    base_scenario,
    base_schedule,
    check,
    describe,
    entity,
    part,
    session,
)

# ------------------------------------------------------------------ calendar


def test_session_on_a_closed_day() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1).update(week=2, day=3)  # week 2 Wednesday is closed
    assert_only(check(sch), "calendar", "sessions[8].day", "closed")


def test_span_past_the_end_of_the_day() -> None:
    sch = base_schedule()
    session(sch, "r-cnc", 1).update(slot=4)  # 2 slots from slot 4 of 4
    assert_only(check(sch), "calendar", "sessions[0].slot", "past the end of the day")


def test_slot_week_and_day_outside_the_calendar() -> None:
    sch = base_schedule()
    session(sch, "r-weld", 1).update(slot=5)
    assert_only(check(sch), "calendar", "sessions[2].slot")
    sch = base_schedule()
    session(sch, "r-free", 2).update(week=5)
    assert_only(check(sch), "calendar", "sessions[9].week")
    sch = base_schedule()
    session(sch, "r-free", 2).update(day=6)  # a Saturday in a Mon-Fri calendar
    assert_only(check(sch), "calendar", "sessions[9].day")


def test_duration_differs_from_the_request() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1).update(duration=2)
    assert_only(check(sch), "calendar", "sessions[8].duration", "asks for 1")


def test_index_used_twice() -> None:
    sch = base_schedule()
    session(sch, "r-free", 2)["index"] = 1
    assert_only(check(sch), "calendar", "sessions[9].index", "used twice")


def test_index_out_of_range() -> None:
    sch = base_schedule()
    session(sch, "r-free", 2)["index"] = 3
    assert_only(check(sch), "calendar", "sessions[9].index", "out of range")


def test_more_sessions_than_asked() -> None:
    sch = base_schedule()
    extra = dict(session(sch, "r-free", 2), index=2, week=2, day=4)
    sch["sessions"].append(extra)
    report = check(sch)
    assert_only(report, "calendar", "sessions[12]", "has 3 sessions but asks for 2")
    assert_only(report, "calendar", "sessions[12].index", "used twice")


# ------------------------------------------------------------------ window


def test_outside_the_request_window() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["window"] = [{"slots": [3]}]
    sch = base_schedule()
    session(sch, "r-free", 2)["slot"] = 4
    assert_only(check(sch, scn), "window", "sessions[9]", "outside the request's window")


def test_outside_the_window_weeks_range() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["after"] = []  # week 4 would break precedence too
    sch = base_schedule()  # r-cnc: weeks [1, 2], inclusive
    session(sch, "r-cnc", 2)["week"] = 4
    assert_only(check(sch, scn), "window", "sessions[1]", "week 4 Mon slot 1")


def test_cohort_not_available() -> None:
    sch = base_schedule()
    # the joint session's trainees x1 are only free in slots 3-4
    session(sch, "r-joint", 1)["slot"] = 2
    assert_only(check(sch), "window", "sessions[7]", "cohort x1 is not available")


# ------------------------------------------------------------------ pattern


def test_weekly_run_broken_by_an_open_week() -> None:
    sch = base_schedule()
    session(sch, "r-weld", 2)["week"] = 3  # week 2 Tuesday is open: the run breaks
    assert_only(check(sch), "pattern", "sessions[3]", "skips week 2")


def test_weekly_on_another_slot() -> None:
    sch = base_schedule()
    session(sch, "r-weld", 2)["slot"] = 2
    assert_only(check(sch), "pattern", "sessions[3]", "weekly")


def test_weekly_twice_in_one_week() -> None:
    sch = base_schedule()
    # r-weld#2 on week 1 Tuesday slot 1 as well: the same day and slot, but not a new week
    session(sch, "r-weld", 2)["week"] = 1
    report = check(sch)
    pattern = [v for v in report.violations if v.rule == "pattern"]
    assert [(v.path, "has two sessions in week 1" in v.message) for v in pattern] == [
        ("sessions[3]", True)
    ]
    # the same slot twice is also a clash of b1, of shop-b and of t-wu
    assert report.rules == {"pattern", "capacity", "cohort", "instructor"}, describe(report)


def test_block_with_a_gap() -> None:
    sch = base_schedule()
    session(sch, "r-block", 3)["day"] = 2  # Thu, Fri, then Tuesday: Monday is skipped
    assert_only(check(sch), "pattern", "sessions[6]", "consecutive open days")


def test_block_twice_on_one_day() -> None:
    sch = base_schedule()
    session(sch, "r-block", 2).update(day=4, slot=3)
    session(sch, "r-block", 3).update(week=1, day=5)
    assert_only(check(sch), "pattern", "sessions[5]", "one session per day")


def test_max_per_week() -> None:
    sch = base_schedule()
    session(sch, "r-free", 2).update(week=3, day=4)  # r-free: max_per_week 1
    assert_only(check(sch), "pattern", "sessions[9]", "max_per_week is 1")


def test_min_days_apart_in_calendar_days() -> None:
    scn = base_scenario()
    req = entity(scn, "requests", "r-free")
    req["min_days_apart"] = 4
    sch = base_schedule()
    # week 3 Fri -> week 4 Mon is 3 calendar days (7 a week), though the next open day
    session(sch, "r-free", 1).update(day=5, parts=[part("lab-a2", 12)])
    assert_only(check(sch, scn), "pattern", "sessions[9]", "min_days_apart 4")


def test_min_days_apart_same_day() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["max_per_week"] = None
    sch = base_schedule()
    session(sch, "r-free", 2).update(week=3, slot=4)  # r-free#1 is at week 3 Mon slot 3
    assert_only(check(sch, scn), "pattern", "sessions[9]", "0 days after")


# ------------------------------------------------------------------ precedence


def test_sessions_after_an_internship() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["after"] = ["r-intern"]
    sch = base_schedule()  # r-intern fills week 3; r-free#1 is in week 3
    assert_only(check(sch, scn), "precedence", "sessions[8]", "before request r-intern")


def test_internship_after_sessions() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["after"] = ["r-free"]
    sch = base_schedule()  # r-free#2 is in week 4, after the internship week 3
    report = check(sch, scn)
    assert_only(report, "precedence", "placements[0]", "request r-free session 2")
    assert {v.path for v in report.violations} == {"placements[0]", "placements[1]"}


def test_precedence_on_the_same_day_needs_a_later_slot() -> None:
    scn = base_scenario()
    req = entity(scn, "requests", "r-required")
    req["resources"], req["after"] = ["base-x", "lab-b"], ["r-optional"]
    sch = base_schedule()
    # b1 in lab-b on Thursday: r-optional at slots 2-3, r-required at slot 1 (before it)
    session(sch, "r-optional", 1)["slot"] = 2
    session(sch, "r-required", 1).update(day=4, slot=1, parts=[part("lab-b", 18)])
    assert_only(check(sch, scn), "precedence", "sessions[11]", "starts before")


def test_precedence_with_nothing_scheduled_before_is_vacuous() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["after"] = ["r-unmet"]
    assert check(base_schedule(), scn).ok


# ---------------------------------------------------------------- found by mutation testing
# Each test below failed under a deliberate bug in the checker that the suite let pass.


def test_a_session_shorter_than_its_request() -> None:
    sch = base_schedule()
    session(sch, "r-cnc", 1)["duration"] = 1
    assert_only(check(sch), "calendar", "sessions[0].duration", "asks for 2")


def test_availability_is_read_on_every_slot_of_a_session() -> None:
    scn = base_scenario()
    entity(scn, "cohorts", "a1")["available"] = [{"slots": [1]}]
    assert_only(check(base_schedule(), scn), "window", "sessions[0]", "slot 2")


def test_min_days_apart_holds_between_every_pair_in_time_order() -> None:
    scn = base_scenario()
    r = entity(scn, "requests", "r-free")
    r["sessions"], r["min_days_apart"] = 3, 8
    sch = base_schedule()
    sch["sessions"].append(
        {
            "request": "r-free",
            "index": 3,
            "week": 1,
            "day": 1,
            "slot": 3,
            "duration": 1,
            "parts": [{"resource": "shop-b", "headcount": 12}],
        }
    )
    assert_only(check(sch, scn), "pattern", "sessions[9]", "7 days after")


def test_after_allows_no_overlap_with_the_predecessors_last_slot() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["after"] = ["r-optional"]  # w3 Thu slots 1-2
    sch = base_schedule()
    session(sch, "r-free", 1).update(day=4, slot=2)
    assert_only(check(sch, scn), "precedence", "sessions[8]")


def test_every_request_in_after_is_a_predecessor() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["after"] = ["r-cnc", "r-free"]
    assert_only(check(base_schedule(), scn), "precedence", "placements[0]", "r-free")
