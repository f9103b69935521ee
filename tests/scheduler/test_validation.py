"""Whole-document validation: one fixture per error kind, named after the error.

Each fixture in ``tests/fixtures/invalid/`` is ``scenarios/tiny.json`` with one thing
broken; the test pins the exact path and a key phrase of the message, and that the
broken thing is the *only* error (no cascades).
"""

import json
from pathlib import Path

import pytest
from pytest import LogCaptureFixture

from scheduler.calendar import CalendarIndex
from scheduler.io import load_scenario, parse_scenario
from scheduler.issues import Issue, ScenarioError
from scheduler.models import MAX_SITES, MAX_TIMETABLE_CELLS, MAX_TOTAL_SESSIONS, Scenario
from scheduler.validation import max_disjoint_starts, validate
from scheduler.validation.report import ValidationReport
from tests.conftest import SCENARIOS

INVALID = Path(__file__).resolve().parent.parent / "fixtures" / "invalid"
CONFLICTS = INVALID.parent / "conflicts"

# fixture -> (path, key phrase) of its one error, found by validate()
VALIDATION_ERRORS = {
    "duplicate_id": ("sites[2].id", "duplicate id 'campus-a' (already used by sites[0])"),
    "unknown_cohort": ("requests[1].cohort", "unknown cohort 'b-weld-9'"),
    "unknown_site": ("resources[1].site", "unknown site 'campus-z'"),
    "unknown_institution": ("cohorts[0].institution", "unknown institution 'col-z'"),
    "unknown_resource": ("requests[0].resources[1]", "unknown resource 'cnc-lab-2'"),
    "unknown_instructor": ("requests[2].instructors[0]", "unknown instructor 'm-zhou'"),
    "unknown_after_request": ("requests[4].after[0]", "unknown request 'r-a-cnx'"),
    "unknown_travel_site": ("travel[0].to", "unknown site 'campus-c'"),
    "unknown_open_to_institution": ("resources[0].open_to[0]", "unknown institution 'col-q'"),
    "empty_window": ("requests[0].window[1]", "empty window: weeks [3, 4] are after"),
    "empty_window_days": ("cohorts[1].available[0]", "empty window: 'days' is empty"),
    "after_self": ("requests[1].after[0]", "cannot come after itself"),
    "duration_longer_than_day": ("requests[2].duration", "longer than a day (4 slots"),
    "duplicate_joint_cohort": ("requests[1].cohorts[1]", "cohort 'b-weld-1' is listed twice"),
    "cohort_too_large_required": (
        "requests[1]",
        "headcount 43 (a-cnc-1 25, b-weld-1 18) exceeds every candidate resource",
    ),
    "split_too_large_required": ("requests[1]", "exceeds even all candidate resources together"),
    "no_candidate_resource_required": (
        "requests[0]",
        "no candidate resource (kind lab, workshop or training_base, features "
        "[\"cnc\", \"cnc-5axis\"], open to 'col-a'); closest: 'cnc-lab' lacks 'cnc-5axis'",
    ),
    "resource_not_open_required": ("requests[1]", "'cnc-lab' is not open to 'col-b'"),
    "no_instructor_required": (
        "requests[0]",
        "no instructor has skills [\"cnc\", \"robotics\"]; closest: 't-li' lacks 'robotics'",
    ),
    "internship_no_post_required": (
        "requests[4]",
        'no candidate internship post (kind internship_post, features ["painting"]',
    ),
    "internship_too_large_required": ("requests[4]", "25 interns exceed all candidate"),
    "internship_kinds_without_posts_required": (
        "requests[4]",
        "'resource_kinds' [\"lab\"] names no internship_post, and an internship uses only",
    ),
    "session_kinds_only_posts_required": (
        "requests[0]",
        "'resource_kinds' names only internship_post, and sessions never use internship posts",
    ),
    "internship_window_too_short_required": (
        "requests[4]",
        "no run of 2 consecutive weeks lies inside the window",
    ),
    "window_never_fits_required": ("requests[3]", "cohort 'x-staff' is never available"),
    "owner_windows_only_required": ("requests[1]", "reserved for their owners ('owner_windows')"),
    "too_few_times_required": ("requests[3]", "at most 9 of the 10 sessions"),
    "max_per_week_too_low_required": ("requests[3]", "max_per_week 2 allows at most 4"),
    "too_few_weekly_runs_required": ("requests[1]", "longest run of consecutive weeks"),
    "too_few_block_days_required": ("requests[2]", "at most 9 of the 10 sessions"),
}

# fixture -> (path, key phrase) of its one error, found while reading the document
READ_ERRORS = {
    "malformed_json": ("", "malformed JSON at line 35, column 67"),
    "wrong_type": ("resources[0].capacity", "must be an integer"),
    "unknown_key": ("cohorts[0].majr", "unknown key 'majr'"),
    "missing_key": ("cohorts[1].size", "missing required key 'size'"),
    "window_weeks_reversed": ("requests[0].window[0].weeks", "'from' is after 'to'"),
    "first_monday_not_monday": ("calendar.first_monday", "is a Tuesday, not a Monday"),
    "calendar_weeks_too_many": ("calendar.weeks", "must be at most 104 (got 1000000000)"),
    "calendar_too_many_slots": (
        "calendar",
        "104 weeks x 7 days x 28 slots = 20384 slots; at most 20000 are supported",
    ),
    "capacity_too_large": ("resources[0].capacity", "must be at most 100000"),
    "max_slots_per_week_too_large": ("instructors[0].max_slots_per_week", "must be at most 336"),
    "sessions_too_large": ("requests[0].sessions", "must be at most 20000"),
    "weight_too_large": ("weights.overflow", "must be at most 10000"),
    "capacity_true": ("resources[0].capacity", "must be an integer (got true)"),
    "capacity_string": ("resources[0].capacity", 'must be an integer (got "30")'),
    "weeks_true": ("calendar.weeks", "must be an integer (got true)"),
    "weight_false": ("weights.demand", "must be an integer (got false)"),
    "shareable_yes": ("resources[0].shareable", 'must be true or false (got "yes")'),
    "required_one": ("requests[0].required", "must be true or false (got 1)"),
}


def _data(name: str) -> dict:
    return json.loads((INVALID / f"{name}.json").read_text())


def _one(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, issues
    return issues[0]


def test_every_fixture_is_covered() -> None:
    names = {p.stem for p in INVALID.glob("*.json")}
    assert names == set(VALIDATION_ERRORS) | set(READ_ERRORS) | {"several_problems"}


def test_tiny_is_valid_without_warnings(tiny: Scenario) -> None:
    report = validate(tiny)
    assert report.ok
    assert report.errors == [] and report.warnings == []


@pytest.mark.parametrize("name", sorted(VALIDATION_ERRORS))
def test_validation_error_fixture(name: str) -> None:
    path, phrase = VALIDATION_ERRORS[name]
    report = validate(parse_scenario(INVALID / f"{name}.json"))
    assert not report.ok
    issue = _one(report.errors)
    assert issue.path == path
    assert phrase in issue.message
    with pytest.raises(ScenarioError) as exc:
        load_scenario(INVALID / f"{name}.json")
    assert exc.value.issues == report.errors


@pytest.mark.parametrize("name", sorted(READ_ERRORS))
def test_read_error_fixture(name: str) -> None:
    path, phrase = READ_ERRORS[name]
    with pytest.raises(ScenarioError) as exc:
        load_scenario(INVALID / f"{name}.json")
    issue = _one(exc.value.issues)
    assert issue.path == path
    assert phrase in issue.message


def test_several_problems_are_all_reported_in_document_order() -> None:
    report = validate(parse_scenario(INVALID / "several_problems.json"))
    assert [(i.path, i.message.split(":")[0].split(" (")[0]) for i in report.errors] == [
        ("resources[3].id", "duplicate id 'weld-shop'"),
        ("cohorts[2].institution", "unknown institution 'ent-y'"),
        ("requests[0].duration", "duration 6 is longer than a day"),
        ("requests[2]", "no candidate resource"),
    ]
    assert "closest: 'weld-shop' lacks 'laser'" in report.errors[-1].message
    # a closed day the calendar does not have closes nothing: a warning
    assert [(w.path, w.message.split(" (")[0]) for w in report.warnings] == [
        ("calendar.closed[1]", "day 7 is outside the week")
    ]


@pytest.mark.parametrize(
    "name",
    sorted(n for n in VALIDATION_ERRORS if n.endswith("_required")),
)
def test_hopeless_requests_that_are_not_required_stay_warnings(name: str) -> None:
    d = _data(name)
    path, phrase = VALIDATION_ERRORS[name]
    index = int(path.split("[")[1].split("]")[0])
    d["requests"][index]["required"] = False
    report = validate(Scenario.model_validate(d))
    assert report.ok, report.errors
    issue = _one([w for w in report.warnings if w.path == path])
    assert phrase in issue.message
    assert "not required: it will be reported unmet" in issue.message


def test_validate_is_deterministic() -> None:
    # two reads of the file, validated apart: the same problems, in the same order
    first = validate(parse_scenario(INVALID / "several_problems.json"))
    second = validate(parse_scenario(INVALID / "several_problems.json"))
    assert first == second
    assert [e.path for e in first.errors] == [
        "resources[3].id",
        "cohorts[2].institution",
        "requests[0].duration",
        "requests[2]",
    ]


def _tiny() -> dict:
    return json.loads((SCENARIOS / "tiny.json").read_text())


def _report(d: dict) -> ValidationReport:
    return validate(Scenario.model_validate(d))


def test_closed_days_outside_the_calendar_are_ignored_with_a_warning() -> None:
    d = _tiny()
    d["calendar"]["closed"] = [{"week": 3, "day": 1}, {"week": 1, "day": 6}]
    report = _report(d)
    assert report.ok
    assert report.warnings == [
        Issue(
            "calendar.closed[0]",
            "week 3 is outside the calendar (weeks 1-2): nothing to close there, the entry "
            "is ignored",
        ),
        Issue(
            "calendar.closed[1]",
            "day 6 is outside the week (days_per_week is 5): nothing to close there, the "
            "entry is ignored",
        ),
    ]
    assert CalendarIndex.from_calendar(Scenario.model_validate(d).calendar).open_day.all()


def test_slot_times_past_midnight_or_overlapping_are_legal_but_warned() -> None:
    d = _tiny()  # four slots of 90 minutes
    d["calendar"]["slot_times"] = ["20:00", "21:00", "23:30", "01:00"]
    report = _report(d)
    assert report.ok
    assert report.warnings == [
        Issue(
            "calendar.slot_times[1]",
            "21:00 starts before slot 1 ends (90 minutes after 20:00): the two slots overlap "
            "in time, and no travel fits between them",
        ),
        Issue(
            "calendar.slot_times[3]",
            "01:00 is earlier than 23:30: slot 4 starts after midnight, on the next calendar day",
        ),
    ]
    cal = Scenario.model_validate(d).calendar
    assert cal.slot_start_minutes() == [1200, 1260, 1410, 1500]


@pytest.mark.parametrize(
    ("calendar", "path", "message"),
    [
        # slot 3 starts at 07:00 the next morning, while the next day begins at 06:00
        (
            {"slots_per_day": 3, "slot_times": ["06:00", "23:00", "07:00"]},
            "calendar.slot_times",
            "the day's last slot ends at 08:30 the next morning, after the next day's first "
            "slot starts at 06:00 the next morning: the days overlap in time",
        ),
        # 17 slots of 90 minutes from 08:00 end at 09:30 the next morning
        (
            {"slots_per_day": 17},
            "calendar.slot_minutes",
            "the day's last slot ends at 09:30 the next morning, after the next day's first "
            "slot starts at 08:00 the next morning",
        ),
    ],
)
def test_days_that_overlap_in_time_are_legal_but_warned(
    calendar: dict, path: str, message: str
) -> None:
    """One cohort could be booked on a day's last slot and the next day's first at once
    (every rule compares the sessions of one day; an audit found such a schedule passed
    silently). The spec bounds neither slot times nor lengths, so it is a warning."""
    d = _tiny()
    d["calendar"].update(calendar)
    d["calendar"]["closed"] = []
    report = _report(d)  # the tiny term's slot 4 and week 2 may be errors beside it
    assert any(w.path == path and w.message.startswith(message) for w in report.warnings), (
        report.warnings
    )


def test_a_term_past_the_last_date_is_an_error() -> None:
    """Exports name each day's date: a term past 9999-12-31 has days none can name."""
    d = _tiny()
    d["calendar"].update({"first_monday": "9999-12-20", "weeks": 2})
    with pytest.raises(ScenarioError) as e:
        parse_scenario(json.dumps(d))
    (issue,) = e.value.issues
    assert issue.path == "calendar.first_monday"
    assert issue.message.startswith("2 weeks from 9999-12-20 run past 9999-12-31")


@pytest.mark.parametrize(
    "calendar",
    [
        # eight-hour shifts: the night shift ends as the next day's first one starts
        {"slots_per_day": 3, "slot_minutes": 480, "slot_times": ["06:00", "14:00", "22:00"]},
        # one day a week: Monday's long day may run into Tuesday, never a term day
        {"days_per_week": 1, "slots_per_day": 17},
        {"first_monday": "9999-12-20", "weeks": 1},
    ],
)
def test_days_that_meet_but_do_not_overlap_are_not_warned(calendar: dict) -> None:
    d = _tiny()
    d["calendar"].update(calendar)
    d["calendar"]["closed"] = []
    report = _report(d)
    assert not [w for w in report.warnings if "overlap in time" in w.message], report.warnings


def test_explicit_empty_available_is_legal_but_warned() -> None:
    d = _tiny()
    d["instructors"][1]["available"] = []
    report = _report(d)
    assert report.ok
    assert (
        Issue(
            "instructors[1].available",
            "'available' is empty: instructor 'm-zhao' is never available",
        )
        in report.warnings
    )


def test_a_listed_resource_the_request_can_never_use_is_warned() -> None:
    """Other entries are candidates, so the request is fine; the unusable entries
    would otherwise be passed over without a word."""
    d = _tiny()
    d["requests"][0]["resources"] = ["cnc-lab", "post-x", "weld-shop"]
    report = _report(d)
    assert report.ok
    assert [(w.path, w.message) for w in report.warnings] == [
        (
            "requests[0].resources[1]",
            "'post-x' is an internship_post (sessions never use posts): it is never used "
            "for this request",
        ),
        ("requests[0].resources[2]", "'weld-shop' lacks 'cnc': it is never used for this request"),
    ]


def test_an_id_with_spaces_around_it_is_warned() -> None:
    d = _tiny()
    d["cohorts"][0]["id"] += " "
    for r in d["requests"]:
        if r.get("cohort") == "a-cnc-1":
            r["cohort"] += " "
    report = _report(d)
    assert report.ok, report.errors
    assert (
        Issue(
            "cohorts[0].id", "id 'a-cnc-1 ' has spaces around it: a workbook import reads 'a-cnc-1'"
        )
        in report.warnings
    )


def test_window_partly_beyond_calendar_is_a_warning() -> None:
    d = _tiny()
    d["cohorts"][0]["available"] = [{"weeks": [1, 5], "days": [1, 2, 6]}]
    report = _report(d)
    assert report.ok
    [w] = [w for w in report.warnings if w.path == "cohorts[0].available[0]"]
    assert "weeks 3-5" in w.message and "days [6]" in w.message and "ignored" in w.message


def test_slots_beyond_day_make_an_empty_window() -> None:
    d = _tiny()
    d["resources"][0]["owner_windows"] = [{"slots": [5, 6]}]
    issue = _one(_report(d).errors)
    assert issue.path == "resources[0].owner_windows[0]"
    assert "slots [5, 6] are beyond slots_per_day 4" in issue.message


def test_empty_prefer_windows_and_bad_prefer_resource() -> None:
    d = _tiny()
    d["requests"][0]["prefer"] = {"resources": ["cnc-lab", "nope"], "windows": []}
    report = _report(d)
    unknown = Issue("requests[0].prefer.resources[1]", "unknown resource 'nope'")
    assert _one(report.errors) == unknown
    assert any(w.path == "requests[0].prefer.windows" for w in report.warnings)


def test_fields_that_do_not_apply_are_warned() -> None:
    d = _tiny()
    d["requests"][4].update(sessions=3, duration=2, pattern="weekly", headcount=10)
    d["requests"][1].update(weeks=2, max_per_week=1)  # weekly: max_per_week is for free
    report = _report(d)
    assert report.ok
    paths = [w.path for w in report.warnings]
    assert paths == [
        "requests[1].weeks",
        "requests[1].max_per_week",
        "requests[4].sessions",
        "requests[4].duration",
        "requests[4].pattern",
        "requests[4].headcount",
    ]
    assert "does not apply to internships" in report.warnings[-1].message


def test_max_per_week_zero_is_ignored_where_it_does_not_apply_and_rejected_on_free() -> None:
    """The spec sets no minimum: 0 on a weekly request or an internship is warned and
    ignored like any value there; on a free request it allows no session at all."""
    d = _tiny()
    d["requests"][1].update(max_per_week=0)  # weekly
    d["requests"][4].update(max_per_week=0)  # internship
    report = _report(d)
    assert report.ok
    assert [w.path for w in report.warnings] == [
        "requests[1].max_per_week",
        "requests[4].max_per_week",
    ]
    d = _tiny()
    d["requests"][0].update(max_per_week=0)  # free
    report = _report(d)
    error = _one(report.errors)
    assert error.path == "requests[0].max_per_week"
    assert "allows no session" in error.message
    assert report.warnings == []  # not also "at most 0 ... will be reported unmet"


def test_default_values_given_explicitly_are_not_warned() -> None:
    d = _tiny()
    d["requests"][4].update(split=False, min_days=0)
    assert _report(d).warnings == []


def _cycle_of_three(required: bool) -> dict:
    d = _tiny()
    for i, nxt in ((0, "r-b-cnc"), (1, "r-b-weld"), (2, "r-a-cnc")):
        d["requests"][i].update(after=[nxt], required=required)
    return d


def test_a_cycle_of_required_requests_is_warned_as_a_conflict() -> None:
    # requirements in conflict: the spec answers them with an infeasible schedule
    # naming them (tests/solver/cpsat/test_required_conflicts.py), not a rejection
    report = _report(_cycle_of_three(required=True))
    assert report.ok
    issue = _one([w for w in report.warnings if "cycle" in w.message])
    assert issue.path == "requests[0].after"
    assert "'r-a-cnc' after 'r-b-cnc' after 'r-b-weld' after 'r-a-cnc'" in issue.message
    assert "all of them are required: they cannot all be met in full" in issue.message


def test_after_cycle_with_an_optional_request_is_a_warning() -> None:
    d = _cycle_of_three(required=True)
    d["requests"][1]["required"] = False
    report = _report(d)
    assert report.ok
    issue = _one([w for w in report.warnings if "cycle" in w.message])
    assert issue.path == "requests[0].after"
    assert "'r-a-cnc' after 'r-b-cnc' after 'r-b-weld' after 'r-a-cnc'" in issue.message
    assert "not all of them can be scheduled" in issue.message


def test_optional_request_after_itself_is_still_an_error() -> None:
    d = _tiny()
    d["requests"][1]["after"] = ["r-b-cnc"]
    issue = _one(_report(d).errors)
    assert issue.path == "requests[1].after[0]"
    assert "cannot come after itself" in issue.message


def test_audit_repro_two_optional_requests_after_each_other_validate() -> None:
    d = {**_tiny(), "requests": _tiny()["requests"][:2]}
    d["requests"][0]["after"] = ["r-b-cnc"]
    d["requests"][1]["after"] = ["r-a-cnc"]
    report = _report(d)
    assert report.ok
    assert any("cycle" in w.message for w in report.warnings)


def test_disconnected_sites_are_warned() -> None:
    d = _tiny()
    d["travel"] = []
    report = _report(d)
    assert report.ok
    assert report.warnings[0] == Issue(
        "travel",
        "no travel path between these groups of sites: {campus-a} | {campus-b}; a cohort or "
        "instructor never has sessions in two groups on the same day",
    )
    # College B's cohort can only reach the CNC lab at campus A by an impossible trip
    assert any(
        w.path == "requests[1]" and "no travel path to any candidate" in w.message
        for w in report.warnings
    )


def test_duplicate_and_self_travel_edges_are_warned() -> None:
    d = _tiny()
    d["travel"].append({"from": "campus-b", "to": "campus-a", "minutes": 30})
    d["travel"].append({"from": "campus-a", "to": "campus-a", "minutes": 5})
    report = _report(d)
    assert report.ok
    assert [w.path for w in report.warnings] == ["travel[1]", "travel[2]"]
    assert "shorter time (30 minutes)" in report.warnings[0].message


def test_third_parallel_travel_edge_names_the_shortest_time_so_far() -> None:
    # The warning said travel[0]'s time when a shorter second edge had replaced it.
    d = _tiny()
    minutes = d["travel"][0]["minutes"]
    d["travel"].append({"from": "campus-b", "to": "campus-a", "minutes": 5})
    d["travel"].append({"from": "campus-a", "to": "campus-b", "minutes": minutes + 100})
    report = _report(d)
    assert report.ok
    assert [w.path for w in report.warnings] == ["travel[1]", "travel[2]"]
    assert "shorter time (5 minutes)" in report.warnings[1].message


def test_split_needs_as_many_instructors_as_parts() -> None:
    d = _tiny()
    d["resources"].append(dict(d["resources"][0], id="cnc-lab-2", capacity=20))
    d["requests"][0].update(cohorts=["a-cnc-1", "b-weld-1"], split=True, required=True)
    del d["requests"][0]["cohort"]
    issue = _one(_report(d).errors)
    assert issue.path == "requests[0]"
    assert "at least 2 parallel parts" in issue.message and "only 1 qualify" in issue.message
    d["instructors"].append(dict(d["instructors"][0], id="t-chen"))
    assert _report(d).ok


def test_min_days_apart_bounds_the_sessions() -> None:
    d = _tiny()
    # 9 open days over two weeks; 3 calendar days apart leaves Mon, Thu, (Sun) Mon, Thu
    d["requests"][1].update(pattern="free", sessions=5, min_days_apart=3, required=True)
    issue = _one(_report(d).errors)
    assert "min_days_apart 3 allows at most 4" in issue.message
    d["requests"][1]["sessions"] = 4
    assert _report(d).ok


def test_instructor_unavailable_when_everything_else_fits() -> None:
    d = _tiny()
    d["instructors"][1]["available"] = [{"slots": [1]}]  # x-staff only comes in slot 4
    d["requests"][3]["required"] = True
    issue = _one(_report(d).errors)
    assert issue.path == "requests[3]"
    assert "no qualified instructor ('m-zhao') is available" in issue.message


def test_internship_posts_unavailable_in_the_window() -> None:
    d = _tiny()
    d["resources"][2]["available"] = [{"weeks": [1, 1]}]
    d["requests"][4]["required"] = True
    issue = _one(_report(d).errors)
    assert "enough candidate posts available for 25 interns" in issue.message


def test_internship_posts_kept_by_their_owner_in_the_window() -> None:
    """post-x is ent-x's; an owner window on week 2's Fridays keeps the whole week from
    col-a's interns, whose window is week 2 only."""
    d = _tiny()
    d["resources"][2]["owner_windows"] = [{"weeks": [2, 2], "days": [5]}]
    d["requests"][4]["required"] = True
    issue = _one(_report(d).errors)
    assert issue.path == "requests[4]"
    assert "'owner_windows' for other institutions' interns" in issue.message
    d["resources"][2]["owner"] = "col-a"  # their own post: the window does not bind them
    assert _report(d).ok


def test_internship_cohort_away_for_its_whole_window() -> None:
    """col-a's interns may come in week 2 only, when their class is away (exams)."""
    d = _tiny()
    cohort = next(c for c in d["cohorts"] if c["id"] == d["requests"][4]["cohort"])
    cohort["available"] = [{"weeks": [1, 1]}]
    d["requests"][4]["required"] = True
    issue = _one(_report(d).errors)
    assert issue.path == "requests[4]"
    assert "inside the window and the attending cohorts' 'available'" in issue.message
    assert "closed throughout" not in issue.message


def test_weeks_gone_by_are_not_closed_weeks() -> None:
    # mid-term the calendar closes the days before the first bookable one: those weeks
    # are gone, and an extra internship must not be told they are closed
    d = _tiny()
    d["calendar"].update(weeks=4, closed=[{"week": 3, "day": day} for day in range(1, 6)])
    cal = CalendarIndex.from_calendar(Scenario.model_validate(d).calendar)
    assert cal.closed_weeks() == [3]
    assert cal.bookable_from(5).closed_weeks() == [3]  # week 1 gone by, not closed
    assert cal.bookable_from(6).closed_weeks() == [3]  # week 2 begun: not closed either


def test_internship_over_a_week_closed_throughout_names_the_week() -> None:
    # a holiday week breaks every run of weeks (nobody trains in it): the planner, who
    # gave the whole term as the window, is told the week, not only of the window
    d = _tiny()
    d["calendar"]["closed"] = [{"week": 2, "day": day} for day in range(1, 6)]
    d["requests"][4].update(required=True, weeks=2, window=None, after=[])
    issue = _one(_report(d).errors)
    assert issue.path == "requests[4]"
    assert issue.message.endswith("; week 2 is closed throughout (nobody trains in it)")
    # the cohort away in week 1 leaves no run even with week 2 open: not the cause
    cohort = next(c for c in d["cohorts"] if c["id"] == d["requests"][4]["cohort"])
    cohort["available"] = [{"weeks": [2, 2]}]
    issue = _one(_report(d).errors)
    assert "closed throughout" not in issue.message


def test_headcount_extension_replaces_cohort_sizes() -> None:
    d = _tiny()
    d["requests"][1].update(cohorts=["a-cnc-1", "b-weld-1"], headcount=30, required=True)
    del d["requests"][1]["cohort"]
    assert _report(d).ok  # 30 people fit the 30-place lab although the cohorts are 43
    d["requests"][1]["headcount"] = 31
    assert "headcount 31 (its 'headcount')" in _one(_report(d).errors).message


def test_max_disjoint_starts() -> None:
    import numpy as np

    starts = np.zeros(12, dtype=bool)
    starts[[0, 1, 2, 5, 6, 9]] = True
    assert max_disjoint_starts(starts, 2) == 4  # 0, 2, 5, 9
    assert max_disjoint_starts(starts, 3) == 3  # 0, 5, 9


def test_after_a_non_required_request_bounds_nothing() -> None:
    d = json.loads((CONFLICTS / "after_never_fits_required.json").read_text())
    assert any("must start after" in w.message for w in _report(d).warnings)
    d["requests"][4]["required"] = False  # the internship may stay unplaced
    report = _report(d)
    assert report.ok
    assert not any("must start after" in w.message for w in report.warnings)


def test_a_required_cycle_hides_no_other_conflict() -> None:
    d = json.loads((CONFLICTS / "after_never_fits_required.json").read_text())
    by_id = {r["id"]: r for r in d["requests"]}
    by_id["r-b-cnc"].update(required=True, after=["r-b-weld"])
    by_id["r-b-weld"].update(required=True, after=["r-b-cnc"])
    report = _report(d)
    assert report.ok
    conflicts = sorted(w.path for w in report.warnings if "cannot" in w.message)
    # the cycle, and r-x-weld after the internship, as without the cycle
    assert conflicts == ["requests[1].after", "requests[3].after[0]"]


def test_after_chain_pushes_starts_transitively() -> None:
    d = _tiny()
    # r-b-cnc (weekly, 2 sessions) must follow r-a-cnc, which must follow r-b-weld
    d["requests"][2].update(required=True, sessions=8)  # fills week 1 at the earliest
    d["requests"][0].update(required=True, after=["r-b-weld"])
    d["requests"][1].update(required=True, after=["r-a-cnc"])
    report = _report(d)
    assert report.ok  # required requests in conflict: warned, answered infeasible
    issue = _one([w for w in report.warnings if "both are required" in w.message])
    assert issue.path == "requests[1].after[0]"
    assert "'r-b-cnc' must start after required 'r-a-cnc' ends" in issue.message
    assert "at most 1 of its 2 sessions fit after that (the longest run of consecutive weeks" in (
        issue.message
    )
    assert "both are required: they cannot both be met in full" in issue.message
    d["requests"][2]["sessions"] = 2  # r-b-weld done on Monday: everything fits in time
    report = _report(d)
    assert report.ok and not any("cannot both be met" in w.message for w in report.warnings)


def test_available_only_on_closed_days_is_warned() -> None:
    d = _tiny()
    d["resources"][1]["available"] = [{"weeks": [1, 1], "days": [3]}]  # week 1 Wednesday: closed
    report = _report(d)
    assert (
        Issue(
            "resources[1].available",
            "resource 'weld-shop' is available only on closed days: never available",
        )
        in report.warnings
    )


def test_every_day_closed_is_warned() -> None:
    d = _tiny()
    d["calendar"]["closed"] = [{"week": w, "day": k} for w in (1, 2) for k in range(1, 6)]
    report = _report(d)
    assert report.ok  # nothing is required in tiny
    assert report.warnings[0] == Issue(
        "calendar.closed", "every day of the calendar is closed: nothing can be scheduled"
    )


def test_load_scenario_logs_warnings(caplog: LogCaptureFixture) -> None:
    d = _tiny()
    d["requests"][1]["weeks"] = 2
    with caplog.at_level("WARNING", logger="scheduler.io"):
        load_scenario(d)
    assert "requests[1].weeks: 'weeks' applies to internships only; ignored" in caplog.text


def test_a_misspelt_skill_or_feature_gets_a_did_you_mean() -> None:
    """Ids got 'did you mean'; a skill or feature nobody has only listed the closest
    instructors or resources, all lacking it (a planner audit)."""
    d = _tiny()
    d["requests"][2]["instructor_skills"] = ["weldng"]
    d["requests"][3]["needs"] = ["weldingg"]
    d["requests"][3]["required"] = True
    report = _report(d)
    (skill,) = [i for i in report.warnings if i.path == "requests[2]"]
    assert skill.message.startswith('no instructor has skills ["weldng"]; closest:')
    assert "(no instructor lists 'weldng'; did you mean 'welding'?)" in skill.message
    (feature,) = [i for i in report.errors if i.path == "requests[3]"]
    assert "(no resource lists 'weldingg'; did you mean 'welding'?)" in feature.message
    # a word somebody has, or nothing alike: no hint
    d["requests"][2]["instructor_skills"] = ["welding", "robotics"]
    (skill,) = [i for i in _report(d).warnings if i.path == "requests[2]"]
    assert "did you mean" not in skill.message


def test_a_preferred_resource_the_request_can_never_use_is_warned() -> None:
    """It costs the preference's penalty on every session, without a word (a planner
    audit): lacking a needed feature, or outside the request's own 'resources'."""
    d = _tiny()
    d["requests"][0]["prefer"] = {"resources": ["weld-shop"], "weight": 1}
    d["requests"][2]["resources"] = ["weld-shop"]
    d["requests"][2]["prefer"] = {"resources": ["weld-shop", "cnc-lab"]}
    warned = {i.path: i.message for i in _report(d).warnings if ".prefer." in i.path}
    assert warned == {
        "requests[0].prefer.resources[0]": (
            "'weld-shop' lacks 'cnc': the preference can never be honoured"
        ),
        "requests[2].prefer.resources[1]": (
            "'cnc-lab' lacks 'welding': the preference can never be honoured"
        ),
    }


def test_a_lone_window_object_reads_as_a_list_of_one() -> None:
    """The spec defines a window as {...} and a list of windows as their union: a
    document giving one object where a list is expected was refused ('must be a list';
    a spec audit)."""
    d = _tiny()
    d["requests"][0]["window"] = {"weeks": [1, 1]}
    d["resources"][0]["available"] = {"days": [1, 2, 4, 5]}
    d["resources"][0]["owner_windows"] = {"days": [1], "slots": [1]}
    d["cohorts"][0]["available"] = {"slots": [1, 2, 3, 4]}
    d["instructors"][0]["available"] = {"weeks": [1, 2]}
    d["requests"][0]["prefer"] = {"windows": {"slots": [1, 2]}}
    report = _report(d)
    assert report.ok, report.errors
    listed = _tiny()
    listed["requests"][0]["window"] = [{"weeks": [1, 1]}]
    listed["resources"][0]["available"] = [{"days": [1, 2, 4, 5]}]
    listed["resources"][0]["owner_windows"] = [{"days": [1], "slots": [1]}]
    listed["cohorts"][0]["available"] = [{"slots": [1, 2, 3, 4]}]
    listed["instructors"][0]["available"] = [{"weeks": [1, 2]}]
    listed["requests"][0]["prefer"] = {"windows": [{"slots": [1, 2]}]}
    assert Scenario.model_validate(d) == Scenario.model_validate(listed)


def test_a_lone_window_object_is_named_as_written() -> None:
    """The models read one window object as a list of one; an error in it named
    ``window[0].weeks``, an index the document does not have (a bad-input audit)."""
    d = _tiny()
    d["requests"][0]["window"] = {"weeks": [2, 1]}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(d)
    assert [i.path for i in err.value.issues] == ["requests[0].window.weeks"]
    d["requests"][0]["window"] = [{"weeks": [2, 1]}]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(d)
    assert [i.path for i in err.value.issues] == ["requests[0].window[0].weeks"]


@pytest.mark.parametrize(
    "value", [1788739200, "1788739200", "2026-09-07T00:00:00+08:00", "2026-9-7", None]
)
def test_first_monday_is_a_date_as_written_or_an_error(value: int | str | None) -> None:
    """pydantic read 1788739200 as seconds since 1970 and dropped a time with its zone,
    changing what the user wrote without a word (a bad-input audit)."""
    d = _tiny()
    d["calendar"]["first_monday"] = value
    with pytest.raises(ScenarioError) as err:
        parse_scenario(d)
    (issue,) = err.value.issues
    assert issue.path == "calendar.first_monday"
    assert issue.message == f"must be a date YYYY-MM-DD (got {json.dumps(value)})"


def test_a_weekly_load_below_one_session_keeps_the_instructor_from_it() -> None:
    """t-li, the only cnc teacher, may teach 1 slot a week, and r-a-cnc's sessions last
    2: an error when required, a warning otherwise (validation said nothing and the
    solve found out; a bad-input audit)."""
    d = _tiny()
    d["instructors"][0]["max_slots_per_week"] = 1
    d["requests"][0]["required"] = True
    (error,) = _report(d).errors
    assert error.path == "requests[0]"
    assert error.message.startswith(
        "every qualified instructor ('t-li') may teach at most 1 slot(s) a week"
    )
    d["requests"][0]["required"] = False
    report = _report(d)
    assert report.ok and [w.path for w in report.warnings] == ["requests[0]"]


def test_the_qualified_instructors_weekly_loads_bound_the_sessions() -> None:
    """t-li teaches 8 slots a week: four 2-slot sessions, eight in two weeks; twelve
    asked for read "at most 18" from the times alone."""
    d = _tiny()
    d["requests"][0]["sessions"] = 12
    (warning,) = _report(d).warnings
    assert warning.path == "requests[0]"
    assert warning.message.startswith(
        "at most 8 of the 12 sessions can ever be placed: the qualified instructors "
        "('t-li') may teach 4 2-slot session(s) a week between them"
    )
    d["requests"][0]["sessions"] = 8
    assert _report(d).warnings == []


def test_ids_that_print_alike_but_differ_are_warned_of() -> None:
    """'cnc-lab' and 'cnc-lab' with a zero-width space, 'café' composed and decomposed:
    two ids that read the same, and messages that then contradict themselves (a
    bad-input audit)."""
    d = _tiny()
    d["resources"].append({**d["resources"][0], "id": "cnc-lab\u200b"})
    d["sites"].append({"id": "caf\u00e9"})
    d["sites"].append({"id": "cafe\u0301"})
    warnings = {w.path: w.message for w in _report(d).warnings}
    hidden = warnings[f"resources[{len(d['resources']) - 1}].id"]
    assert "invisible character (U+200B at position 8): it reads as 'cnc-lab'" in hidden
    alike = warnings[f"sites[{len(d['sites']) - 1}].id"]
    assert alike.startswith("id 'cafe\u0301' looks the same as sites[")
    assert "another id" in alike


def test_more_sites_than_the_limit_are_refused_by_count() -> None:
    """Every travel check holds a sites x sites matrix: 50,000 sites in a 1 MB file asked
    for 20 GB (a size audit). The error counts the sites rather than echoing the list."""
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    d["sites"] += [{"id": f"s{i}"} for i in range(MAX_SITES - len(d["sites"]))]
    parse_scenario(d)  # the limit itself is accepted
    d["sites"].append({"id": "one-too-many"})
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d)
    issue = _one(exc.value.issues)
    assert (issue.path, issue.message) == (
        "sites",
        f"must have at most {MAX_SITES} items (got {MAX_SITES + 1})",
    )


def test_more_sessions_in_all_than_the_limit_are_refused() -> None:
    """Fifty requests of 19,656 sessions each fit a 14 kB file and every per-request limit,
    and solving them took 4.7 GB and 108 s at ``--time-limit 5`` (a size audit)."""
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    asked = sum(r.get("sessions", 0) for r in d["requests"])
    extra = [dict(d["requests"][1], id=f"more-{i}", sessions=20_000) for i in range(5)]
    d["requests"] += extra
    d["requests"][-1]["sessions"] = MAX_TOTAL_SESSIONS - asked - 4 * 20_000
    parse_scenario(d)  # the limit itself is accepted
    d["requests"][-1]["sessions"] += 1
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d)
    issue = _one(exc.value.issues)
    assert (issue.path, issue.message) == (
        "requests",
        f"the requests ask for {MAX_TOTAL_SESSIONS + 1:,} sessions in all; "
        f"at most {MAX_TOTAL_SESSIONS:,} are supported",
    )


def test_many_internships_over_many_posts_validate_quickly() -> None:
    """Each internship's runs of weeks were tried post by post in Python: 200 internships
    over 500 posts in an 88 kB file took 12 s to validate, and every command validates
    (a size audit). The runs found stay exact: 300 one-place posts all open from week 50
    and tiny's post-x (25 places) hold 320 interns for 55 weeks, not 56."""
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    d["calendar"]["weeks"] = 104
    d["resources"] += [
        {"id": f"p{i}", "kind": "internship_post", "owner": "ent-x", "site": "campus-b",
         "capacity": 1, "features": ["cnc"], "available": [{"weeks": [1 + i % 50, 104]}]}
        for i in range(300)
    ]  # fmt: skip
    d["cohorts"] += [{"id": f"c{i}", "institution": "col-b", "size": 5} for i in range(100)]
    d["cohorts"].append({"id": "big", "institution": "col-b", "size": 320})
    d["requests"] += [
        {"id": f"i{i}", "cohort": f"c{i}", "kind": "internship", "weeks": 4, "needs": ["cnc"]}
        for i in range(100)
    ]
    d["requests"].append(
        {"id": "all", "cohort": "big", "kind": "internship", "weeks": 55, "needs": ["cnc"],
         "required": True}
    )  # fmt: skip
    assert validate(parse_scenario(d)).errors == []
    d["requests"][-1]["weeks"] = 56
    error = _one(validate(parse_scenario(d)).errors)
    assert error.path == f"requests[{len(d['requests']) - 1}]"
    assert error.message.startswith("in no run of 56 consecutive weeks inside the window")


def test_more_timetable_cells_than_the_limit_are_refused() -> None:
    """Every check and both solvers hold arrays over all slots for each resource, cohort and
    instructor: 10,000 workshops on a 104-week calendar of 27 slots a day (a 900 kB file)
    ended the solve in a MemoryError past 3.6 GB (a size audit). The error names the list
    that counts most."""
    d = json.loads((SCENARIOS / "tiny.json").read_text())
    d["calendar"].update(weeks=100, days_per_week=5, slots_per_day=4)  # 2,000 slots
    things = len(d["resources"]) + len(d["cohorts"]) + len(d["instructors"])
    room = MAX_TIMETABLE_CELLS // 2_000 - things
    d["resources"] += [
        {"id": f"w{i}", "kind": "workshop", "owner": "col-b", "site": "campus-b", "capacity": 30}
        for i in range(room)
    ]
    parse_scenario(d)  # the limit itself is accepted
    d["resources"].append(dict(d["resources"][-1], id="one-more"))
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d)
    issue = _one(exc.value.issues)
    assert issue.path == "resources"
    assert issue.message == (
        f"{room + 4:,} resources, 3 cohorts and 2 instructors over the calendar's 2,000 "
        f"slots make {(things + room + 1) * 2_000:,} timetable cells; at most "
        f"{MAX_TIMETABLE_CELLS:,} are supported (fewer slots, or fewer of them)"
    )
