"""Rules about people: [cohort], [instructor], [travel]. Each test breaks one."""

from __future__ import annotations

from tests.scheduler.checker.kit import (
    assert_only,
    assert_valid,
    base_scenario,
    base_schedule,
    check,
    entity,
    part,
    session,
)

# ------------------------------------------------------------------ cohort


def test_cohort_in_two_sessions_at_once() -> None:
    sch = base_schedule()
    # a2 in shop-b during its r-block session in lab-a2 (week 1 Thu slot 2)
    session(sch, "r-free", 1).update(week=1, day=4, slot=2)
    assert_only(check(sch), "cohort", "sessions[8]", "cohort a2 already attends")


def test_joint_session_occupies_every_listed_cohort() -> None:
    sch = base_schedule()
    # b1 attends the joint session (with x1) on week 1 Wed slots 3-4
    session(sch, "r-optional", 1).update(week=1, day=3, slot=3)
    assert_only(check(sch), "cohort", "sessions[10]", "cohort b1 already attends")


def test_session_in_an_internship_week() -> None:
    scn = base_scenario()
    intern = entity(scn, "requests", "r-intern")
    intern["window"], intern["after"] = [{"weeks": [2, 4]}], []
    sch = base_schedule()
    for p in sch["placements"]:
        p["first_week"] = 2  # a1 still has r-cnc#2 on week 2 Monday
    assert_only(check(sch, scn), "cohort", "sessions[1]", "on internship that week")


def test_two_internships_of_a_cohort_in_one_week() -> None:
    scn = base_scenario()
    scn["resources"].append(
        {
            "id": "post-z",
            "kind": "internship_post",
            "owner": "ent-x",
            "site": "park",
            "capacity": 30,
            "features": ["cnc"],
        }
    )
    scn["requests"].append(
        {"id": "r-intern2", "cohort": "a1", "kind": "internship", "weeks": 2, "needs": ["cnc"]}
    )
    sch = base_schedule()
    sch["placements"].append(
        {"request": "r-intern2", "resource": "post-z", "headcount": 25, "first_week": 3, "weeks": 2}
    )
    assert_only(check(sch, scn), "cohort", "placements[2]", "never share a week")


# ------------------------------------------------------------------ instructor


def test_instructor_missing_when_needed() -> None:
    sch = base_schedule()
    del session(sch, "r-cnc", 1)["parts"][0]["instructor"]
    assert_only(check(sch), "instructor", "sessions[0].parts[0].instructor", "names none")


def test_instructor_needed_when_a_list_is_given_without_skills() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-free")["instructors"] = ["t-ma"]
    report = check(base_schedule(), scn)
    assert_only(report, "instructor", "sessions[8].parts[0].instructor", "names none")
    sch = base_schedule()
    for i in (1, 2):
        session(sch, "r-free", i)["parts"][0]["instructor"] = "t-ma"
    assert_valid(check(sch, scn))


def test_instructor_lacking_a_skill() -> None:
    sch = base_schedule()
    session(sch, "r-cnc", 1)["parts"][0]["instructor"] = "t-wu"  # welding only
    assert_only(check(sch), "instructor", "sessions[0].parts[0].instructor", "lacks the skill")


def test_instructor_not_in_the_request_list() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-cnc")["instructors"] = ["t-ma"]
    report = check(base_schedule(), scn)
    assert_only(report, "instructor", "sessions[0].parts[0].instructor", "not among")
    assert len(report.violations) == 2  # both r-cnc sessions name t-li


def test_instructor_not_available() -> None:
    sch = base_schedule()
    # not needed by r-required, but a named instructor counts: t-wu works Mon-Thu
    session(sch, "r-required", 1)["parts"][0]["instructor"] = "t-wu"
    assert_only(check(sch), "instructor", "sessions[11].parts[0].instructor", "not available")


def test_instructor_in_two_sessions_at_once() -> None:
    sch = base_schedule()
    # t-li teaches r-cnc#2 in lab-a on week 2 Mon slots 1-2; r-block#3 is at slot 2
    session(sch, "r-block", 3)["parts"][0]["instructor"] = "t-li"
    assert_only(check(sch), "instructor", "sessions[6].parts[0].instructor", "already teaches")


def test_instructor_on_two_parts_of_one_session() -> None:
    sch = base_schedule()
    session(sch, "r-joint", 1)["parts"][1]["instructor"] = "m-zhao"
    assert_only(
        check(sch), "instructor", "sessions[7].parts[1].instructor", "another part of the same"
    )


def test_instructor_weekly_load() -> None:
    scn = base_scenario()
    entity(scn, "instructors", "t-li")["max_slots_per_week"] = 3
    sch = base_schedule()
    # week 1: r-cnc#1 (2 slots) + r-block#1 and #2 (1 slot each) = 4 > 3
    for i in (1, 2):
        session(sch, "r-block", i)["parts"][0]["instructor"] = "t-li"
    report = check(sch, scn)
    assert_only(report, "instructor", "sessions[5].parts[0].instructor", "teaches 4 slots")
    assert len(report.violations) == 1
    entity(scn, "instructors", "t-li")["max_slots_per_week"] = 4
    assert_valid(check(sch, scn))


def test_unknown_instructor_is_a_document_problem_not_a_missing_one() -> None:
    sch = base_schedule()
    session(sch, "r-cnc", 1)["parts"][0]["instructor"] = "t-ghost"
    assert_only(check(sch), "document", "sessions[0].parts[0].instructor", "t-ghost")


# ------------------------------------------------------------------ travel


def test_cohort_travel_too_short() -> None:
    sch = base_schedule()
    # a2: lab-a2 (campus-a) at week 1 Thu slot 2, shop-b (campus-b, 40 min) at slot 3
    session(sch, "r-free", 1).update(week=1, day=4, slot=3)
    assert_only(check(sch), "travel", "sessions[8]", "cohort a2 needs 40 minutes")


def test_fractional_travel_minutes_are_compared_as_they_are() -> None:
    """The spec's minutes need not be whole: 90 free minutes do not cover 90.5."""
    scn = base_scenario()
    scn["travel"][0]["minutes"] = 90.5
    sch = base_schedule()
    # a2: lab-a2 (campus-a) week 1 Thu slot 2, shop-b (campus-b) at slot 4: 90 minutes free
    session(sch, "r-free", 1).update(week=1, day=4, slot=4)
    assert_only(check(sch, scn), "travel", "sessions[8]", "cohort a2 needs 90.5 minutes")
    scn["travel"][0]["minutes"] = 90
    assert_valid(check(sch, scn))


def test_instructor_travel_too_short() -> None:
    sch = base_schedule()
    # t-li: lab-a (campus-a) week 1 Mon slots 1-2, then shop-b (campus-b) at slot 3
    session(sch, "r-free", 1).update(week=1, day=1, slot=3)
    session(sch, "r-free", 1)["parts"][0]["instructor"] = "t-li"
    assert_only(check(sch), "travel", "sessions[8]", "instructor t-li needs 40 minutes")


def test_unreachable_sites_never_share_a_day() -> None:
    scn = base_scenario()
    entity(scn, "resources", "island-lab")["features"] = ["cnc", "welding"]
    sch = base_schedule()
    # a2: r-block#3 in lab-a2 week 2 Mon slot 2; the island has no road at all
    session(sch, "r-free", 1).update(week=2, day=1, slot=4, parts=[part("island-lab", 12)])
    assert_only(check(sch, scn), "travel", "sessions[8]", "no travel path")


def test_slot_times_give_the_free_minutes() -> None:
    scn = base_scenario()
    scn["calendar"]["slot_times"] = ["08:00", "09:40", "13:00", "14:40"]
    sch = base_schedule()
    # a2 welds in shop-b (campus-b) week 1 Thu slot 1 (08:00-09:30), then r-block#1 in
    # lab-a2 (campus-a) at slot 2 (09:40): 10 free minutes against 40 of travel
    session(sch, "r-free", 1).update(week=1, day=4, slot=1)
    assert_only(check(sch, scn), "travel", "sessions[4]", "has 10 free minutes")
    scn["travel"][0]["minutes"] = 10  # exactly enough
    assert_valid(check(sch, scn))
    scn["travel"][0]["minutes"] = 11
    assert_only(check(sch, scn), "travel", "sessions[4]", "needs 11 minutes")


def test_split_session_travel_counts_the_farthest_pair_of_sites() -> None:
    scn = base_scenario()
    # slot 3 starts 35 minutes after slot 2 ends
    scn["calendar"]["slot_times"] = ["08:00", "09:30", "11:35", "13:05"]
    sch = base_schedule()
    # b1 welds in shop-b (campus-b) week 1 Wed slot 2, then the joint session at slot 3
    # runs in base-x (park, 30 min away) and lab-a2 (campus-a, 40 min away)
    session(sch, "r-weld", 1).update(day=3, slot=2)
    session(sch, "r-weld", 2).update(week=3, day=3, slot=2)
    assert_only(check(sch, scn), "travel", "sessions[7]", "needs 40 minutes")
    session(sch, "r-joint", 1)["parts"] = [part("base-x", 26, "m-zhao")]  # park only: 30
    assert_valid(check(sch, scn))
