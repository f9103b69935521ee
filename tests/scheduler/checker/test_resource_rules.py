"""Rules about rooms: [resource], [availability], [parts], [capacity]. Each test breaks one."""

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

# ------------------------------------------------------------------ resource


def test_session_in_an_internship_post() -> None:
    sch = base_schedule()
    session(sch, "r-block", 1)["parts"] = [part("post-x", 12)]
    report = check(sch)
    assert_only(report, "resource", "sessions[4].parts[0].resource", "sessions never use posts")


def test_internship_in_a_lab() -> None:
    sch = base_schedule()
    sch["placements"][1]["resource"] = "lab-a2"  # has cnc, but is not a post
    assert_only(
        check(sch), "resource", "placements[1].resource", "internships use only internship posts"
    )


def test_missing_feature() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1)["parts"] = [part("lab-a", 12)]  # lab-a has cnc, not welding
    assert_only(check(sch), "resource", "sessions[8].parts[0].resource", "welding")


def test_internship_post_missing_feature() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["needs"] = ["cnc", "paint"]
    assert_only(check(base_schedule(), scn), "resource", "placements[0].resource", "paint")


def test_wrong_resource_kind() -> None:
    sch = base_schedule()
    # r-cnc admits labs only; base-x is a training base with cnc
    session(sch, "r-cnc", 1)["parts"] = [part("base-x", 25, "t-li")]
    assert_only(check(sch), "resource", "sessions[0].parts[0].resource", "admits only lab")


def test_not_in_the_request_resource_list() -> None:
    sch = base_schedule()
    session(sch, "r-block", 1)["parts"] = [part("base-x", 12)]
    assert_only(check(sch), "resource", "sessions[4].parts[0].resource", "not in the request's")


def test_not_open_to_an_attending_institution() -> None:
    sch = base_schedule()
    # lab-b is open to its owner col-b only; the joint session brings ent-x trainees
    session(sch, "r-joint", 1)["parts"][1]["resource"] = "lab-b"
    assert_only(check(sch), "resource", "sessions[7].parts[1].resource", "not open to ent-x")


# ------------------------------------------------------------------ availability


def test_resource_not_available() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1)["day"] = 5  # shop-b opens Mon-Thu
    assert_only(check(sch), "availability", "sessions[8].parts[0].resource", "shop-b")


def test_owner_window_barred_to_other_institutions() -> None:
    scn = base_scenario()
    entity(scn, "resources", "base-x")["owner_windows"] = [{"days": [5]}]
    # r-required brings col-b's b1 to ent-x's base on Friday
    report = check(base_schedule(), scn)
    assert_only(report, "availability", "sessions[11].parts[0].resource", "owner ent-x")


def test_owner_window_open_to_the_owner() -> None:
    sch = base_schedule()  # r-cnc (col-a) uses lab-a in col-a's Monday slot 1
    assert session(sch, "r-cnc", 1)["slot"] == 1
    assert_valid(check(sch))


# ------------------------------------------------------------------ parts


def test_two_parts_without_split() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1)["parts"] = [part("shop-b", 6), part("lab-a2", 6)]
    assert_only(check(sch), "parts", "sessions[8].parts", "does not allow split")


def test_headcount_without_split() -> None:
    sch = base_schedule()
    session(sch, "r-free", 1)["parts"] = [part("shop-b", 11)]
    assert_only(check(sch), "parts", "sessions[8].parts[0].headcount", "a2 are 12 people")


def test_split_parts_in_the_same_resource() -> None:
    sch = base_schedule()
    session(sch, "r-joint", 1)["parts"] = [part("base-x", 16, "m-zhao"), part("base-x", 10, "t-ma")]
    assert_only(check(sch), "parts", "sessions[7].parts[1].resource", "two parts")


def test_split_headcounts_must_sum_to_the_cohorts() -> None:
    sch = base_schedule()
    session(sch, "r-joint", 1)["parts"][0]["headcount"] = 15
    assert_only(check(sch), "parts", "sessions[7].parts", "b1+x1 are 26 people")


def test_split_with_one_part_is_fine() -> None:
    sch = base_schedule()
    session(sch, "r-joint", 1)["parts"] = [part("base-x", 26, "m-zhao")]
    assert_valid(check(sch))


# ------------------------------------------------------------------ capacity


def test_exclusive_resource_overlap() -> None:
    sch = base_schedule()
    # a2 in shop-b on week 1 Tuesday slot 1, where b1 already welds (18 + 12 > 20 too)
    session(sch, "r-free", 1).update(week=1, day=2, slot=1)
    report = check(sch)
    assert_only(report, "capacity", "sessions[8].parts[0].resource", "not shareable")


def test_exclusive_overlap_within_capacity() -> None:
    scn = base_scenario()
    entity(scn, "resources", "shop-b")["capacity"] = 40
    sch = base_schedule()
    session(sch, "r-free", 1).update(week=1, day=2, slot=1)
    report = check(sch, scn)
    assert_only(report, "capacity", "sessions[8].parts[0].resource", "already holds")
    assert len(report.violations) == 1


def test_shareable_resource_over_capacity() -> None:
    scn = base_scenario()
    base = entity(scn, "resources", "base-x")
    base["capacity"], base["overflow"] = 20, 5
    sch = base_schedule()
    session(sch, "r-free", 1).update(week=3, day=5, slot=1, parts=[part("base-x", 12)])
    report = check(sch, scn)
    assert_only(report, "capacity", "sessions[11].parts[0].headcount", "holds 30 people")
    assert len(report.violations) == 1


def test_one_session_larger_than_its_room() -> None:
    scn = base_scenario()
    entity(scn, "resources", "lab-a2")["capacity"] = 11
    sch = base_schedule()  # r-block brings 12 people into lab-a2, three times
    report = check(sch, scn)
    assert_only(report, "capacity", "sessions[4].parts[0].headcount", "capacity 11")
    assert len(report.violations) == 3


def test_post_capacity_per_week() -> None:
    sch = base_schedule()
    sch["placements"][0]["headcount"] = 21  # post-x holds 20
    sch["placements"][1]["headcount"] = 4
    assert_only(check(sch), "capacity", "placements[0].headcount", "21 interns in week 3")


def test_post_overflow_is_tolerated() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-x")["overflow"] = 1
    sch = base_schedule()
    sch["placements"][0]["headcount"] = 21
    sch["placements"][1]["headcount"] = 4
    report = check(sch, scn)
    assert_valid(report)
    assert report.evaluation.terms["overflow_person_slots"] == 1


def test_request_headcount_extension_replaces_the_cohort_sizes() -> None:
    # docs/format-extensions.md: only 20 of b1 + x1 (26) attend the joint session
    scn = base_scenario()
    entity(scn, "requests", "r-joint")["headcount"] = 20
    sch = base_schedule()
    assert_only(check(sch, scn), "parts", "sessions[7].parts", "sets headcount 20")
    session(sch, "r-joint", 1)["parts"][0]["headcount"] = 10
    assert_valid(check(sch, scn))


# ---------------------------------------------------------------- found by mutation testing
# Each test below failed under a deliberate bug in the checker that the suite let pass.


def test_an_empty_resource_kinds_list_admits_no_resource() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-weld")["resource_kinds"] = []
    assert_only(check(base_schedule(), scn), "resource", "sessions[2].parts[0].resource")


def test_an_empty_resources_list_admits_no_resource() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-block")["resources"] = []
    assert_only(check(base_schedule(), scn), "resource", "sessions[4].parts[0].resource")


def test_a_joint_session_of_the_owner_and_a_guest_keeps_out_of_owner_windows() -> None:
    scn = base_scenario()
    r = entity(scn, "requests", "r-cnc")
    del r["cohort"]
    r["cohorts"] = ["a1", "b1"]
    entity(scn, "resources", "lab-a")["capacity"] = 50
    sch = base_schedule()
    for i in (1, 2):
        session(sch, "r-cnc", i)["parts"][0]["headcount"] = 43
    assert_only(
        check(sch, scn), "availability", "sessions[0].parts[0].resource", "kept for its owner"
    )


def test_owner_windows_hold_on_a_later_slot_of_a_session() -> None:
    scn = base_scenario()
    entity(scn, "resources", "base-x")["owner_windows"] = [{"slots": [4]}]
    assert_only(
        check(base_schedule(), scn), "availability", "sessions[7].parts[0].resource", "slot 4"
    )


def test_an_exclusive_resource_taken_on_the_second_slot_of_a_session() -> None:
    sch = base_schedule()
    session(sch, "r-block", 3)["parts"][0]["resource"] = "lab-a"  # r-cnc#2: w2 Mon 1-2
    assert_only(check(sch), "capacity", "sessions[6].parts[0].resource", "not shareable")


def test_post_capacity_holds_in_every_week_of_a_run() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-x").pop("available")
    entity(scn, "requests", "r-intern")["weeks"] = 2
    scn["requests"].append(
        {
            "id": "r-intern2",
            "cohort": "b1",
            "kind": "internship",
            "weeks": 1,
            "needs": ["cnc"],
            "window": [{"weeks": [4, 4]}],
        }
    )
    sch = base_schedule()
    for p in sch["placements"]:
        p["weeks"] = 2  # weeks 3-4
    sch["placements"].append(
        {"request": "r-intern2", "resource": "post-x", "headcount": 18, "first_week": 4, "weeks": 1}
    )
    assert_only(check(sch, scn), "capacity", "placements[2].headcount", "week 4")


def test_post_overflow_is_tolerated_once() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-y")["overflow"] = 2
    sch = base_schedule()
    sch["placements"][0]["headcount"], sch["placements"][1]["headcount"] = 12, 13
    assert_only(check(sch, scn), "capacity", "placements[1].headcount", "13 interns")
