"""Rules about internships and the answer as a whole: [internship], [required], [unmet],
[document]. Each test breaks one."""

from __future__ import annotations

import json

import pytest

from scheduler.checker import check_document, check_schedule, parse_schedule
from scheduler.checker.report import CheckReport
from scheduler.issues import ScenarioError
from scheduler.models import Scenario, Schedule
from tests.scheduler.checker.kit import (
    assert_only,
    assert_valid,
    base_scenario,
    base_schedule,
    check,
    entity,
    part,
    session,
    unmet,
)

# ------------------------------------------------------------------ internship


def test_internship_headcounts_must_sum_to_the_cohort() -> None:
    sch = base_schedule()
    sch["placements"][1]["headcount"] = 4
    assert_only(check(sch), "internship", "placements[0]", "places 24 people, but a1 are 25")


def test_internship_parts_share_the_first_week() -> None:
    sch = base_schedule()
    sch["placements"][1]["first_week"] = 4
    assert_only(check(sch), "internship", "placements[1].first_week", "week 4")


def test_internship_lasts_the_requested_weeks() -> None:
    sch = base_schedule()
    sch["placements"][1]["weeks"] = 2
    assert_only(check(sch), "internship", "placements[1].weeks", "asks for 1")


def test_internship_outside_its_window() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["window"] = [{"weeks": [3, 3]}]
    # one post, available every week and large enough: only the window is broken
    entity(scn, "resources", "post-y")["capacity"] = 25
    sch = base_schedule()
    sch["placements"] = [
        {"request": "r-intern", "resource": "post-y", "headcount": 25, "first_week": 4, "weeks": 1}
    ]
    assert_only(check(sch, scn), "internship", "placements[0].first_week", "week 4 is outside")


def test_internship_window_is_read_by_week() -> None:
    scn = base_scenario()
    # Saturdays only, in a Mon-Fri calendar: no week of the window counts
    entity(scn, "requests", "r-intern")["window"] = [{"weeks": [3, 4], "days": [6]}]
    assert_only(check(base_schedule(), scn), "internship", "placements[0].first_week", "outside")
    # any open slot makes the week count, whatever the days it names
    entity(scn, "requests", "r-intern")["window"] = [{"weeks": [3, 4], "days": [5], "slots": [4]}]
    assert_valid(check(base_schedule(), scn))


def test_closed_days_do_not_make_a_week_count() -> None:
    def internship(report: CheckReport) -> set[tuple[str, str]]:
        # (a session of the base schedule sits on the day closed here: rule calendar)
        return {
            (v.path, v.message.split(": ")[-1]) for v in report.violations if v.rule == "internship"
        }

    scn = base_scenario()
    # week 3's Thursday closed: a window or a post open only on Thursdays misses week 3
    scn["calendar"]["closed"].append({"week": 3, "day": 4})
    entity(scn, "requests", "r-intern")["window"] = [{"weeks": [3, 4], "days": [4]}]
    outside = "week 3 is in the request's window only on days that are closed that week"
    assert internship(check(base_schedule(), scn)) == {
        ("placements[0].first_week", outside),
        ("placements[1].first_week", outside),
    }
    entity(scn, "requests", "r-intern").pop("window")
    entity(scn, "resources", "post-x")["available"] = [{"days": [4]}]
    assert internship(check(base_schedule(), scn)) == {
        (
            "placements[0].resource",
            "week 3 is in post-x's 'available' only on days that are closed that week",
        )
    }
    # a week closed throughout holds no internship, whatever its windows: said once a
    # placement, not again for the post (an audit counted it twice or three times)
    entity(scn, "resources", "post-x").pop("available")
    scn["calendar"]["closed"] += [{"week": 3, "day": d} for d in (1, 2, 3, 5)]
    report = check(base_schedule(), scn)
    throughout = "week 3 is closed throughout, with no working day to intern on"
    said = [
        (v.path, v.message.split(": ")[-1]) for v in report.violations if v.rule == "internship"
    ]
    assert said == [
        ("placements[0].first_week", throughout),
        ("placements[1].first_week", throughout),
    ]


def test_owner_windows_keep_a_posts_whole_weeks_from_other_interns() -> None:
    """post-x is ent-x's, the interns col-a's: a window of one week-3 slot keeps week 3
    (an internship takes every slot of its weeks); the owner's own interns may use it."""
    scn = base_scenario()
    entity(scn, "resources", "post-x")["owner_windows"] = [
        {"weeks": [3, 3], "days": [5], "slots": [4]}
    ]
    assert_only(
        check(base_schedule(), scn),
        "internship",
        "placements[0].resource",
        "week 3 of post-x is kept for its owner ent-x's own cohorts",
    )
    entity(scn, "resources", "post-x")["owner_windows"] = [{"weeks": [4, 4]}]
    assert_valid(check(base_schedule(), scn))
    entity(scn, "resources", "post-x")["owner_windows"] = [{"weeks": [3, 3]}]
    entity(scn, "resources", "post-x")["owner"] = "col-a"  # the interns' own post now
    assert_valid(check(base_schedule(), scn))


def test_internship_in_a_week_its_cohort_is_away() -> None:
    """a1's exams fill week 3 (available weeks 1-2 and 4 only): both placements break
    rule 12; one open slot of week 3 is enough for the week to count."""
    scn = base_scenario()
    entity(scn, "cohorts", "a1")["available"] = [{"weeks": [1, 2]}, {"weeks": [4, 4]}]
    report = check(base_schedule(), scn)
    away = {
        (v.path, v.message.split(": ")[-1]) for v in report.violations if v.rule == "internship"
    }
    assert away == {
        ("placements[0].first_week", "week 3 is outside cohort a1's 'available'"),
        ("placements[1].first_week", "week 3 is outside cohort a1's 'available'"),
    }
    entity(scn, "cohorts", "a1")["available"].append({"weeks": [3, 3], "days": [5], "slots": [4]})
    assert not [v for v in check(base_schedule(), scn).violations if v.rule == "internship"]


def test_post_not_available_that_week() -> None:
    sch = base_schedule()
    for p in sch["placements"]:
        p["first_week"] = 4  # post-x is available in weeks 1-3
    assert_only(check(sch), "internship", "placements[0].resource", "week 4 is outside post-x's")


def test_internship_posts_are_distinct() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-y")["capacity"] = 30
    sch = base_schedule()
    sch["placements"][0]["resource"] = "post-y"
    assert_only(check(sch, scn), "internship", "placements[1].resource", "used twice")


# ------------------------------------------------------------------ required


def test_required_request_not_met() -> None:
    sch = base_schedule()
    sch["sessions"] = [s for s in sch["sessions"] if s["request"] != "r-required"]
    sch["unmet"].append(unmet("r-required", 1, "capacity"))
    assert_only(check(sch), "required", "unmet[2]", "required")


def test_required_internship_not_placed() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["required"] = True
    sch = base_schedule()
    sch["placements"] = []
    sch["unmet"].append(unmet("r-intern", 25, "capacity"))
    reached = float(check(sch, scn).evaluation.objective)
    sch["status"], sch["objective"], sch["bound"] = "optimal", reached, reached
    assert_only(check(sch, scn), "required", "unmet[2]", "misses 25 people")


# ------------------------------------------------------------------ unmet


def test_missing_unmet_entry() -> None:
    sch = base_schedule()
    del sch["unmet"][0]
    assert_only(check(sch), "unmet", "unmet", "r-optional misses 1 session")


def test_wrong_missing_count() -> None:
    sch = base_schedule()
    sch["unmet"][0]["missing"] = 2
    assert_only(check(sch), "unmet", "unmet[0].missing", "lacks 1")


def test_wrong_missing_people_for_an_internship() -> None:
    sch = base_schedule()
    sch["placements"] = []
    sch["unmet"].append(unmet("r-intern", 1, "capacity"))
    assert_only(check(sch), "unmet", "unmet[2].missing", "lacks 25")


def test_unmet_entry_for_a_request_met_in_full() -> None:
    sch = base_schedule()
    sch["unmet"].append(unmet("r-cnc", 1, "trade_off"))
    assert_only(check(sch), "unmet", "unmet[2]", "met in full")


def test_two_unmet_entries_for_one_request() -> None:
    sch = base_schedule()
    sch["unmet"].append(dict(sch["unmet"][0]))
    assert_only(check(sch), "unmet", "unmet[2]", "more than one")


def _infeasible() -> dict:
    """The base schedule answered infeasible: its required request left out, no figures."""
    sch = base_schedule()
    sch["sessions"] = [s for s in sch["sessions"] if s["request"] != "r-required"]
    sch["unmet"].append(unmet("r-required", 1, "infeasible"))
    sch["status"], sch["objective"], sch["bound"], sch["gap"] = "infeasible", None, None, None
    return sch


def test_infeasible_answer_without_conflicts() -> None:
    sch = _infeasible()
    assert_only(check(sch), "unmet", "conflicts", "infeasible")
    sch["conflicts"] = [{"items": ["requests[8]"], "message": "..."}]
    assert_valid(check(sch))


def test_an_infeasible_answer_meeting_every_required_request_contradicts_itself() -> None:
    sch = base_schedule()
    sch["status"] = "infeasible"
    sch["conflicts"] = [{"items": ["requests[8]"], "message": "..."}]
    assert_only(check(sch), "required", "status", "meets every required request")


@pytest.mark.parametrize(
    ("status", "request_id", "reason", "words"),
    [
        ("feasible", "r-optional", "infeasible", "only an infeasible answer"),
        ("optimal", "r-optional", "time_limit", "no search was cut short"),
        ("feasible", "r-optional", "no_resource", "holds 1 session of it"),
    ],
)
def test_a_reason_may_not_contradict_its_answer(
    status: str, request_id: str, reason: str, words: str
) -> None:
    sch = base_schedule()
    entry = next(i for i, u in enumerate(sch["unmet"]) if u["request"] == request_id)
    sch["unmet"][entry]["reason"] = reason
    if status == "optimal":
        sch["objective"] = sch["bound"] = float(check(sch).evaluation.objective)
    sch["status"] = status
    assert_only(check(sch), "unmet", f"unmet[{entry}].reason", words)


def test_a_partial_request_missing_several_sessions() -> None:
    sch = base_schedule()
    sch["sessions"] = [s for s in sch["sessions"] if s["request"] != "r-free"]
    sch["unmet"].append(unmet("r-free", 2, "pattern"))
    assert_valid(check(sch))
    sch["unmet"][-1]["missing"] = 1
    assert_only(check(sch), "unmet", "unmet[2].missing")


def test_an_unmet_entry_says_why_in_words() -> None:
    sch = base_schedule()
    del sch["unmet"][1]["message"]
    assert_only(check(sch), "unmet", "unmet[1].message", "r-unmet")


def test_infeasible_needs_a_required_request() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-required")["required"] = False
    sch = _infeasible()
    sch["unmet"][-1]["reason"] = "capacity"
    sch["conflicts"] = [{"items": ["requests[8]"], "message": "..."}]
    assert_only(check(sch, scn), "unmet", "status", "no request is required")


@pytest.mark.parametrize("item", ["requests[99]", "rooms[0]", "requests", "requests[1]x"])
def test_conflict_items_name_items_of_the_scenario(item: str) -> None:
    sch = _infeasible()
    sch["conflicts"] = [{"items": ["requests[8].window", item], "message": "..."}]
    assert_only(check(sch), "unmet", "conflicts[0].items[1]", "names no item")


# ------------------------------------------------------------------ document


@pytest.mark.parametrize(
    ("status", "objective", "bound", "path", "words"),
    [
        ("feasible", 0, -1, "bound", "below the schedule's own objective"),
        ("optimal", 0, 2, "status", "above the objective"),
        ("optimal", None, None, "bound", "states its objective and bound"),
    ],
)
def test_the_answers_claims_hold(
    status: str, objective: int | None, bound: int | None, path: str, words: str
) -> None:
    """Offsets from the objective the schedule reaches (None: not stated)."""
    sch = base_schedule()
    reached = float(check(sch).evaluation.objective)
    sch["objective"] = None if objective is None else reached + objective
    sch["bound"] = None if bound is None else reached + bound
    sch["status"], sch["gap"] = status, None
    found = check(sch)
    assert_only(found, "document", path, words)
    assert len(found.violations) == 1  # each claim reported once
    sch["status"], sch["bound"] = "feasible", None if bound is None else reached + max(bound, 0)
    assert_valid(check(sch))


@pytest.mark.parametrize(
    ("objective", "bound", "gap", "path", "words"),
    [
        (-1000, None, None, "objective", "recomputed from the documents it is"),
        (0, -1000, None, "bound", "below the schedule's own objective"),
        (-1000, -1000, None, "bound", "below the schedule's own objective"),
        (0, 100, 0.5, "gap", "(bound - objective)"),
        (0, None, 0.0, "gap", "without both"),
    ],
)
def test_the_figures_are_the_schedules_own(
    objective: int, bound: int | None, gap: float | None, path: str, words: str
) -> None:
    """Offsets from the objective the schedule reaches: a claim the documents refute."""
    sch = base_schedule()
    reached = float(check(sch).evaluation.objective)
    sch["objective"] = reached + objective
    sch["bound"] = None if bound is None else reached + bound
    sch["status"], sch["gap"] = "feasible", gap
    found = check(sch)
    assert found.rules == {"document"}
    assert any(v.path == path and words in v.message for v in found.violations), found
    sch["objective"], sch["bound"] = reached, reached + 100
    sch["gap"] = 100 / max(abs(reached + 100), 1)
    assert_valid(check(sch))


def test_wrong_scenario_name() -> None:
    sch = base_schedule()
    sch["scenario"] = "another"
    assert_only(check(sch), "document", "scenario", "checker-base")


def test_a_schedule_model_with_another_format_is_reported() -> None:
    # the model only reads schedule@1 documents; one changed after reading is still judged
    scn = Scenario.model_validate(base_scenario())
    sch = Schedule.model_validate(base_schedule())
    assert_valid(check_schedule(scn, sch))
    other = sch.model_copy(update={"format": "trainshare/schedule@2"})
    assert_only(check_schedule(scn, other), "document", "format", "trainshare/schedule@2")


def test_wrong_format_is_reported_not_fatal() -> None:
    sch = base_schedule()
    sch["format"] = "trainshare/schedule@2"
    scn = Scenario.model_validate(base_scenario())
    report = check_document(scn, sch)
    assert_only(report, "document", "format", "trainshare/schedule@1")
    assert sch["format"] == "trainshare/schedule@2"  # the caller's data is untouched
    report = check_document(scn, json.dumps(base_schedule()))
    assert_valid(report)


def test_unreadable_schedule_raises_with_paths() -> None:
    sch = base_schedule()
    sch["sessions"][2]["week"] = "three"
    with pytest.raises(ScenarioError) as err:
        parse_schedule(sch)
    assert err.value.issues[0].path == "sessions[2].week"


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("session-request", "sessions[12].request"),
        ("resource", "sessions[0].parts[0].resource"),
        ("instructor", "sessions[0].parts[0].instructor"),
        ("placement-request", "placements[2].request"),
        ("placement-resource", "placements[1].resource"),
        ("unmet-request", "unmet[2].request"),
    ],
)
def test_unknown_ids(where: str, path: str) -> None:
    sch = base_schedule()
    if where == "session-request":
        sch["sessions"].append(dict(session(sch, "r-free", 1), request="r-ghost"))
    elif where == "resource":
        session(sch, "r-cnc", 1)["parts"][0]["resource"] = "ghost"
    elif where == "instructor":
        session(sch, "r-cnc", 1)["parts"][0]["instructor"] = "ghost"
    elif where == "placement-request":
        sch["placements"].append(dict(sch["placements"][0], request="ghost"))
    elif where == "placement-resource":
        sch["placements"][1]["resource"] = "ghost"
    else:
        sch["unmet"].append(unmet("ghost", 1, "window"))
    assert_only(check(sch), "document", path, "ghost")


def test_session_of_an_internship_and_placement_of_sessions() -> None:
    sch = base_schedule()
    sch["sessions"].append(dict(session(sch, "r-free", 1), request="r-intern"))
    assert_only(check(sch), "document", "sessions[12].request", "is an internship")
    sch = base_schedule()
    sch["placements"].append(dict(sch["placements"][0], request="r-cnc"))
    assert_only(check(sch), "document", "placements[2].request", "asks for sessions")


def test_violation_paths_point_into_the_schedule() -> None:
    sch = base_schedule()
    session(sch, "r-cnc", 1)["parts"] = [part("base-x", 25, "t-wu")]
    report = check(sch)
    assert report.rules == {"resource", "instructor"}
    assert all(v.path.startswith("sessions[0].parts[0].") for v in report.violations)
    assert all(
        "request r-cnc session 1 (week 1 Mon slot 1-2)" in v.message for v in report.violations
    )
    assert list(report.by_rule()) == ["resource", "instructor"]


# ---------------------------------------------------------------- found by mutation testing
# Each test below failed under a deliberate bug in the checker that the suite let pass.


def test_a_placement_shorter_than_its_internship() -> None:
    scn = base_scenario()
    entity(scn, "requests", "r-intern")["weeks"] = 2
    assert_only(check(base_schedule(), scn), "internship", "placements[0].weeks", "asks for 2")


def test_the_window_holds_every_week_of_an_internship() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-x").pop("available")
    r = entity(scn, "requests", "r-intern")
    r["weeks"], r["window"] = 2, [{"weeks": [3, 3]}]
    sch = base_schedule()
    for p in sch["placements"]:
        p["weeks"] = 2
    assert_only(check(sch, scn), "internship", "placements[0].first_week", "week 4 is outside")


def test_an_internship_past_the_calendars_last_week() -> None:
    scn = base_scenario()
    entity(scn, "resources", "post-x").pop("available")
    entity(scn, "requests", "r-intern")["weeks"] = 2
    sch = base_schedule()
    for p in sch["placements"]:
        p["first_week"], p["weeks"] = 4, 2  # weeks 4-5 of a 4-week calendar
    assert_only(check(sch, scn), "calendar", "placements[0].weeks", "calendar ends with week 4")


def test_an_objective_off_by_one_is_not_the_schedules() -> None:
    sch = base_schedule()
    sch["objective"] = float(check(sch).evaluation.objective) + 1
    assert_only(check(sch), "document", "objective")
