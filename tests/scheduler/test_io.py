import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.io import (
    dump_scenario,
    dump_schedule,
    load_scenario,
    load_scenario_with_warnings,
    load_schedule,
    parse_scenario,
    scenario_to_json,
    schedule_to_json,
)
from scheduler.issues import Issue, ScenarioError, format_path
from scheduler.models import (
    Placement,
    Schedule,
    Session,
    SessionPart,
    Status,
    Unmet,
    UnmetReason,
)
from tests.conftest import SCENARIOS


def _issues(source: Path | str | dict[str, Any]) -> list[Issue]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(source)
    assert exc.value.issues, "a ScenarioError always carries issues"
    return exc.value.issues


def _tiny_data() -> dict:
    return json.loads((SCENARIOS / "tiny.json").read_text())


def test_format_path() -> None:
    assert format_path(("requests", 4, "cohort")) == "requests[4].cohort"
    assert format_path(("requests", 2)) == "requests[2]"
    assert format_path(()) == ""


def test_load_from_path_text_bytes_and_dict_agree() -> None:
    path = SCENARIOS / "tiny.json"
    text = path.read_text()
    a = load_scenario(path)
    assert load_scenario(str(path)) == a
    assert load_scenario(text) == a
    assert load_scenario(text.encode()) == a
    assert load_scenario(json.loads(text)) == a
    assert a.name == "tiny-two-colleges"


def test_tiny_loads_without_warnings() -> None:
    _, warnings = load_scenario_with_warnings(SCENARIOS / "tiny.json")
    assert warnings == []


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    [issue] = _issues(missing)
    assert issue.path == ""
    assert str(missing) in issue.message and "not found" in issue.message


def test_directory_is_rejected(tmp_path: Path) -> None:
    [issue] = _issues(tmp_path)
    assert "is a directory" in issue.message


def test_binary_garbage_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "garbage.json"
    f.write_bytes(bytes(range(128, 256)) * 4)
    [issue] = _issues(f)
    assert "not UTF-8" in issue.message


def test_malformed_json_names_line_and_column() -> None:
    [issue] = _issues('{"format": "trainshare/scenario@1",\n  "name" "x"}')
    assert issue.path == ""
    assert "line 2, column 10" in issue.message


def test_a_document_nested_too_deeply_names_where() -> None:
    # the reader's own error names no place; brackets inside strings do not count
    text = '{"name": "[[[[",\n "calendar": ' + "[" * 5000 + "]" * 5000 + "}"
    [issue] = _issues(text)
    assert issue.path == ""
    assert "nested too deeply (5001 levels of brackets at line 2, column 5013" in issue.message


def test_nan_is_not_json() -> None:
    [issue] = _issues('{"name": NaN}')
    assert "NaN" in issue.message


def test_huge_numbers_are_named_in_words_not_python_internals() -> None:
    [issue] = _issues('{"name": ' + "9" * 5000 + "}")
    assert issue.message == (
        "malformed JSON at line 1, column 10: a number of 5000 digits (at most 4300)"
    )
    data = json.loads((SCENARIOS / "tiny.json").read_text())
    data["calendar"]["weeks"] = 1e308
    [issue] = _issues(data)
    assert (issue.path, issue.message) == (
        "calendar.weeks",
        "must be an integer of ordinary size (got 1e+308)",
    )


def test_duplicate_json_key_is_reported_not_dropped() -> None:
    data = (
        (SCENARIOS / "tiny.json")
        .read_text()
        .replace('"name": "tiny-two-colleges",', '"name": "tiny-two-colleges", "name": "again",', 1)
    )
    issues = _issues(data)
    assert Issue("name", "key 'name' is given more than once (only one value is allowed)") in (
        issues
    )


def test_every_pydantic_error_becomes_an_issue_with_a_readable_path() -> None:
    d = _tiny_data()
    d["resources"][0]["capacity"] = "many"
    d["resources"][1]["colour"] = "red"
    d["travel"][0]["from"] = 3
    d["cohorts"][0]["size"] = 0
    d["requests"][2]["cohorts"] = ["a-cnc-1"]  # both cohort and cohorts
    d["resources"][2]["kind"] = "factory"
    issues = {i.path: i.message for i in _issues(d)}
    assert issues["resources[0].capacity"] == 'must be an integer (got "many")'
    assert issues["resources[1].colour"] == "unknown key 'colour'"
    assert issues["travel[0].from"].startswith("must be a string")
    assert issues["cohorts[0].size"].startswith("must be at least 1")
    assert issues["requests[2].cohorts"] == "give exactly one of 'cohort' and 'cohorts', not both"
    assert "'internship_post'" in issues["resources[2].kind"]
    assert len(issues) == 6


def test_a_long_list_failing_the_same_way_shows_a_few_items_and_counts_the_rest() -> None:
    """20,000 days out of range (a 129 KB body) made 20,000 issues, deduplicated in
    quadratic time: 19 s of an API request. The first few are shown, the rest counted;
    items failing another way are still shown one by one."""
    d = _tiny_data()
    d["cohorts"][0]["available"] = [{"days": [0, *range(1, 20_001)]}]
    issues = _issues(d)
    where = "cohorts[0].available[0].days"
    assert issues[0] == Issue(f"{where}[0]", "must be at least 1 (got 0)")
    shown = [i for i in issues if i.path.startswith(f"{where}[")]
    assert [i.path for i in shown[1:]] == [f"{where}[{k}]" for k in range(8, 13)]
    assert shown[1].message == "must be at most 7 (got 8)"
    assert issues[-1] == Issue(
        where, f"19,988 more items, from {where}[13] to {where}[20000], must be at most 7"
    )
    assert len(issues) == 7


def test_the_same_error_in_many_items_shows_fifty_and_counts_the_rest() -> None:
    """20,000 windows each with day 9 printed 20,000 lines: the places differ by the
    window's index, not the last one (a bad-input audit). Three items failing alike
    are all shown."""
    d = _tiny_data()
    d["requests"][0]["window"] = [{"days": [9]} for _ in range(20_000)]
    issues = _issues(d)
    where = "requests[0].window"
    assert [i.path for i in issues[:50]] == [f"{where}[{k}].days[0]" for k in range(50)]
    assert issues[50] == Issue(
        where,
        f"19,950 more places like {where}[50].days[0], to {where}[19999].days[0], "
        "must be at most 7",
    )
    assert len(issues) == 51
    d["requests"][0]["window"] = [{"days": [9]} for _ in range(3)]
    assert len(_issues(d)) == 3


def test_missing_key_and_wrong_container() -> None:
    d = _tiny_data()
    del d["cohorts"][1]["size"]
    d["requests"][0]["window"] = "weeks 1-2"  # (a lone window object reads as a list)
    issues = {i.path: i.message for i in _issues(d)}
    assert issues["cohorts[1].size"] == "missing required key 'size'"
    assert issues["requests[0].window"].startswith("must be a list")


@pytest.mark.parametrize(
    ("times", "path", "message"),
    [
        (
            ["08:00"],
            "calendar.slot_times",
            "needs one start time per slot: 4 (slots_per_day), got 1",
        ),
        (
            ["08:00", "25:00", "13:00", "15:00"],
            "calendar.slot_times[1]",
            "'25:00' is not a time HH:MM",
        ),
        (  # a final newline: "$" matched before it, and reading the time crashed
            ["08:00", "8:00\n", "13:00", "15:00"],
            "calendar.slot_times[1]",
            "'8:00\\n' is not a time HH:MM",
        ),
    ],
)
def test_slot_time_errors_name_the_entry(times: list[str], path: str, message: str) -> None:
    """A check of the calendar as a whole still points at the entry to mend."""
    d = _tiny_data()
    d["calendar"].update(slots_per_day=4, slot_minutes=90, slot_times=times)
    assert _issues(d) == [Issue(path, message)]


def test_a_one_digit_hour_is_read_as_two() -> None:
    # the spec shows "08:00" as an example, not a rule; the times are kept as HH:MM so
    # that they compare in order ("8:00" sorts after "10:00" as text)
    d = _tiny_data()
    d["calendar"].update(slots_per_day=4, slot_minutes=90)
    d["calendar"]["slot_times"] = ["8:00", "9:30", "13:00", "15:00"]
    sc = load_scenario(json.dumps(d))
    assert sc.calendar.slot_times == ["08:00", "09:30", "13:00", "15:00"]
    d["calendar"]["slot_times"] = ["10:00", "8:00", "13:00", "15:00"]  # past midnight
    _, warnings = load_scenario_with_warnings(json.dumps(d))
    assert ("calendar.slot_times[1]", True) in [
        (w.path, "after midnight" in w.message) for w in warnings
    ]


def test_an_empty_joint_session_names_cohorts() -> None:
    d = _tiny_data()
    del d["requests"][0]["cohort"]
    d["requests"][0]["cohorts"] = []
    assert Issue(
        "requests[0].cohorts", "must not be empty: a joint session needs at least one cohort"
    ) in _issues(d)


def test_top_level_must_be_an_object() -> None:
    [issue] = _issues("[1, 2]")
    assert issue == Issue("", "must be an object (got [1, 2])")


def test_validation_errors_raise_with_warnings_attached() -> None:
    d = _tiny_data()
    d["requests"][0]["cohort"] = "nobody"
    d["requests"][1]["weeks"] = 3  # does not apply to sessions: a warning
    with pytest.raises(ScenarioError) as exc:
        load_scenario(d)
    assert Issue("requests[0].cohort", "unknown cohort 'nobody'") in exc.value.issues
    assert [w.path for w in exc.value.warnings] == ["requests[1].weeks"]
    assert "requests[0].cohort: unknown cohort 'nobody'" in str(exc.value)


def test_parse_scenario_skips_cross_checks() -> None:
    d = _tiny_data()
    d["requests"][0]["cohort"] = "nobody"
    assert parse_scenario(d).requests[0].cohort == "nobody"


def test_scenario_round_trip_keeps_chinese_readable(tmp_path: Path) -> None:
    d = _tiny_data()
    d["institutions"][0]["name"] = "大连职业技术学院"
    d["resources"][0]["available"] = []  # explicit "never" must survive the round trip
    s = parse_scenario(d)
    out = tmp_path / "s.json"
    dump_scenario(s, out)
    text = out.read_text(encoding="utf-8")
    assert "大连职业技术学院" in text
    assert '\n  "name"' in text  # 2-space indent
    assert '"from": "campus-a"' in text  # alias
    assert "null" not in text
    assert parse_scenario(out) == s
    assert parse_scenario(out).resources[0].available == []
    assert parse_scenario(out).resources[1].available is None


def _schedule() -> Schedule:
    return Schedule(
        scenario="tiny-two-colleges",
        status=Status.FEASIBLE,
        objective=12.0,
        sessions=[
            Session(
                request="r-a-cnc",
                index=1,
                week=1,
                day=1,
                slot=1,
                duration=2,
                parts=[SessionPart(resource="cnc-lab", headcount=25, instructor="t-li")],
            )
        ],
        placements=[
            Placement(request="r-a-intern", resource="post-x", headcount=25, first_week=2, weeks=1)
        ],
        unmet=[Unmet(request="r-b-cnc", missing=2, reason=UnmetReason.CAPACITY, message="满了")],
        metrics={"gap": None, "shares": {"col-a": 1.0}},
    )


def test_schedule_round_trip(tmp_path: Path) -> None:
    sched = _schedule()
    out = tmp_path / "sched.json"
    dump_schedule(sched, out)
    assert load_schedule(out) == sched
    text = schedule_to_json(sched)
    assert out.read_text(encoding="utf-8") == text
    assert "满了" in text
    assert '"bound": null' in text  # objective and bound are in every answer
    assert '"gap": null' in text  # and free-form metrics keep their nulls
    assert load_schedule(text) == sched


def test_an_infeasible_answer_still_has_objective_and_bound_keys() -> None:
    sched = Schedule(scenario="x", status=Status.INFEASIBLE)
    doc = json.loads(schedule_to_json(sched))
    assert doc["objective"] is None and doc["bound"] is None
    assert list(doc)[:5] == ["format", "scenario", "status", "objective", "bound"]
    assert load_schedule(schedule_to_json(sched)) == sched


def test_bad_schedule_is_reported_with_paths() -> None:
    data = json.loads(schedule_to_json(_schedule()))
    data["sessions"][0]["parts"][0]["headcount"] = -1
    data["status"] = "great"
    with pytest.raises(ScenarioError) as exc:
        load_schedule(data)
    paths = [i.path for i in exc.value.issues]
    assert paths == ["status", "sessions[0].parts[0].headcount"]


def test_a_short_weeks_range_names_the_missing_item() -> None:
    d = _tiny_data()
    d["requests"][0]["window"] = [{"weeks": [2]}]
    issues = {i.path: i.message for i in _issues(d)}
    assert issues == {"requests[0].window[0].weeks[1]": "missing item 2 of the list"}


def test_text_that_cannot_be_stored_or_shown_is_an_error_naming_the_field() -> None:
    """A lone surrogate (a JSON string cut inside an emoji) or a control character
    would break every export, page and database later: refused where it is given."""
    d = _tiny_data()
    d["requests"][0]["title"] = "CNC \udc80"
    d["cohorts"][0]["id"] = "a\x00cnc"
    d["sites"][0]["name"] = "bell\x07"
    d["cohorts"][1]["name"] = "tab\tand\nline breaks are text"
    assert _issues(d) == [
        Issue(
            "sites[0].name",
            "contains the control character U+0007, which cannot be stored or shown",
        ),
        Issue(
            "cohorts[0].id",
            "contains the control character U+0000, which cannot be stored or shown",
        ),
        Issue(
            "requests[0].title",
            "contains U+DC80, half of a character pair (a text cut inside an emoji?): not valid "
            "text",
        ),
    ]
    d = _tiny_data()
    d["requests"][1]["title"] = "no workbook holds \uffff"  # written, then unreadable
    assert _issues(d) == [
        Issue(
            "requests[1].title",
            "contains U+FFFF, which is not a character: a workbook or page cannot hold it",
        )
    ]
    d = _tiny_data()
    d["cohorts"][1]["name"] = "tab\tand\nline breaks are text, 数控 and 🛠 too"
    assert load_scenario(d).cohorts[1].name.startswith("tab\t")


def test_a_date_given_as_a_number_says_what_a_date_looks_like() -> None:
    d = _tiny_data()
    d["calendar"]["first_monday"] = 20260907
    assert _issues(d) == [
        Issue("calendar.first_monday", "must be a date YYYY-MM-DD (got 20260907)")
    ]


def test_a_schedule_given_for_a_scenario_says_so() -> None:
    from scheduler.io import parse_scenario

    with pytest.raises(ScenarioError) as e:
        parse_scenario({"format": "trainshare/schedule@1", "scenario": "x", "sessions": []})
    assert [str(i) for i in e.value.issues] == [
        "format: this is a schedule (trainshare/schedule@1), not a scenario"
    ]


def test_travel_minutes_may_be_fractional_and_are_written_back_as_given() -> None:
    """The spec does not say travel minutes are whole: ``12.5`` is a valid document."""
    d = _tiny_data()
    d["travel"][0]["minutes"] = 12.5
    d["travel"].append({"from": d["travel"][0]["to"], "to": d["travel"][0]["from"], "minutes": 50})
    sc = load_scenario(json.dumps(d))
    written = json.loads(scenario_to_json(sc))["travel"]
    assert [e["minutes"] for e in written] == [12.5, 50]
    assert isinstance(written[1]["minutes"], int)
    d["travel"][0]["minutes"] = "12.5"
    assert Issue("travel[0].minutes", 'must be a number (got "12.5")') in _issues(d)
