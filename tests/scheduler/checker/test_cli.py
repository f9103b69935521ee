"""``trainshare check``: exit 0 valid, 1 violations, 2 unreadable; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from scheduler.cli import app
from tests.scheduler.checker.kit import FIXTURES, base_scenario, base_schedule, session

runner = CliRunner()
SCENARIO = str(FIXTURES / "scenario.json")


def _run(*args: str) -> Result:
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output
    return result


def _write(tmp_path: Path, name: str, data: object) -> str:
    f = tmp_path / name
    f.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(f)


def test_valid_schedule_exits_0_with_the_evaluation() -> None:
    result = _run(SCENARIO, str(FIXTURES / "schedule.json"))
    assert result.exit_code == 0, result.output
    assert "no violations" in result.output
    assert "Objective 34060" in result.output
    assert "worst_share_permille" in result.output
    assert "col-b" in result.output and "77.8%" in result.output


def test_an_institution_that_asks_for_nothing_has_no_share_shown(tmp_path: Path) -> None:
    scn = base_scenario()
    scn["institutions"].append({**scn["institutions"][0], "id": "idle-base"})
    result = _run(_write(tmp_path, "scn.json", scn), str(FIXTURES / "schedule.json"))
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if "idle-base" in line]
    assert "0 / 0" in row and "—" in row and "%" not in row


def test_violations_exit_1_grouped_by_rule(tmp_path: Path) -> None:
    sch = base_schedule()
    session(sch, "r-free", 1).update(week=2, day=3)  # closed day
    session(sch, "r-cnc", 1)["parts"][0]["instructor"] = "t-wu"  # lacks cnc
    result = _run(SCENARIO, _write(tmp_path, "bad.json", sch))
    assert result.exit_code == 1, result.output
    assert "sessions[8].day" in result.output
    assert "sessions[0].parts[0].instructor" in result.output
    assert "2 violations of rule(s) calendar, instructor" in result.output


def test_json_output(tmp_path: Path) -> None:
    sch = base_schedule()
    sch["objective"] = 1.0
    del sch["unmet"][0]
    result = _run(SCENARIO, _write(tmp_path, "s.json", sch), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert data["violations"] == [
        {
            "rule": "unmet",
            "path": "unmet",
            "message": "request r-optional misses 1 session and has no unmet entry",
        },
        {
            "rule": "document",
            "path": "objective",
            "message": "the schedule reports objective 1; recomputed from the documents it "
            "is 34060",
        },
    ]
    assert data["evaluation"]["objective"] == 34060
    assert data["evaluation"]["shares"]["col-a"] == 1.0
    assert data["objective_matches"] is False
    ok = json.loads(_run(SCENARIO, str(FIXTURES / "schedule.json"), "--json").output)
    assert ok["ok"] is True and ok["violations"] == []


def test_wrong_format_is_a_violation_not_unreadable(tmp_path: Path) -> None:
    sch = base_schedule()
    sch["format"] = "trainshare/schedule@0"
    result = _run(SCENARIO, _write(tmp_path, "s.json", sch), "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["violations"][0]["path"] == "format"


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    good = str(FIXTURES / "schedule.json")
    result = _run(SCENARIO, _write(tmp_path, "broken.json", "{ not json"))
    assert result.exit_code == 2
    assert "malformed JSON" in result.output
    result = _run(SCENARIO, str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "file not found" in result.output
    sch = base_schedule()
    sch["sessions"][1]["slot"] = "first"
    result = _run(SCENARIO, _write(tmp_path, "typed.json", sch), "--json")
    assert result.exit_code == 2
    assert json.loads(result.output)["unreadable"][0]["path"] == "sessions[1].slot"
    scn = base_scenario()
    scn["requests"][0]["cohort"] = "nobody"
    result = _run(_write(tmp_path, "scn.json", scn), good)
    assert result.exit_code == 2
    assert "requests[0].cohort" in result.output


def test_a_schedule_that_is_not_an_object_exits_2(tmp_path: Path) -> None:
    """A list, null or a number is not a schedule; a JSON string is not a path to one."""
    good = str(FIXTURES / "schedule.json")
    for data in ([1, 2], None, 42, good):
        result = _run(SCENARIO, _write(tmp_path, "s.json", json.dumps(data)))
        assert result.exit_code == 2, data
        assert "(document): must be an object" in result.output


def test_huge_duration_and_placement_weeks_are_reported_without_walking_them(
    tmp_path: Path,
) -> None:
    """A billion-slot session or ten-million-week placement is flagged, not iterated."""
    sch = base_schedule()
    session(sch, "r-cnc", 1)["duration"] = 1_000_000_000
    sch["placements"][0]["weeks"] = 10_000_000
    result = _run(SCENARIO, _write(tmp_path, "huge.json", sch), "--json")
    assert result.exit_code == 1, result.output
    found = [(v["path"], v["message"]) for v in json.loads(result.output)["violations"]]
    assert any(p == "sessions[0].slot" and "runs past the end of the day" in m for p, m in found)
    assert any(p == "placements[0].weeks" and "calendar ends with week" in m for p, m in found)


def test_a_flood_of_violations_is_summed_up_per_rule_in_the_table(tmp_path: Path) -> None:
    """Every session given 40 times: thousands of overlaps. The table shows the first
    of each rule and counts the rest; --json lists every one."""
    from scheduler.cli.check import SHOWN_PER_RULE

    sch = base_schedule()
    sch["sessions"] = [dict(s) for s in sch["sessions"] for _ in range(40)]
    path = _write(tmp_path, "flood.json", sch)
    result = _run(SCENARIO, path)
    assert result.exit_code == 1
    assert "more of rule" in result.output
    listed = json.loads(_run(SCENARIO, path, "--json").output)["violations"]
    shown = result.output.count("sessions[")
    assert len(listed) > 1000 and shown < len(listed)
    cohort = sum(1 for v in listed if v["rule"] == "cohort")
    assert f"and {cohort - SHOWN_PER_RULE:,} more" in result.output  # (the cell may wrap)


def test_a_schedule_of_an_edited_scenario_is_noted(tmp_path: Path) -> None:
    """The same name, other content: the rules are still checked against the scenario
    given, and the note says the timetable answers an earlier version."""
    from scheduler.io import dump_schedule, load_scenario
    from scheduler.solving.scenario import solve_scenario
    from solver.options import SolveOptions

    schedule = solve_scenario(load_scenario(Path(SCENARIO)), SolveOptions(solver="greedy"))
    assert isinstance(schedule.metrics["scenario_sha256"], str)
    dump_schedule(schedule, tmp_path / "s.json")
    same = _run(SCENARIO, str(tmp_path / "s.json"), "--json")
    assert same.exit_code == 0 and json.loads(same.output)["notes"] == []
    edited = base_scenario()
    edited["resources"][0]["name"] = "renamed since"
    result = _run(_write(tmp_path, "edited.json", edited), str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output  # nothing broken, but worth a word
    assert "note: the schedule was solved for another version of scenario" in result.output


def test_a_scenario_given_for_the_schedule_says_so(tmp_path: Path) -> None:
    """It read as a dozen unknown keys (a re-solve audit saw it for --published)."""
    result = _run(SCENARIO, SCENARIO)
    assert result.exit_code == 2
    assert "format: this is a scenario (trainshare/scenario@1), not a schedule" in result.output
    assert "unknown key" not in result.output
