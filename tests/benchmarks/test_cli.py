"""``trainshare itc2007 cost|convert``: output, exit codes, clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from benchmarks.itc2007.convert import instance_to_scenario
from benchmarks.itc2007.cost import load_solution, ud2_cost
from benchmarks.itc2007.ectt import load_instance
from scheduler.checker import check_schedule
from scheduler.cli import app
from scheduler.io import load_scenario, load_schedule
from tests.benchmarks.conftest import instance_path, solution_path

runner = CliRunner()


def test_cost_prints_breakdown() -> None:
    result = runner.invoke(
        app, ["itc2007", "cost", str(instance_path("comp01")), str(solution_path("comp01"))]
    )
    assert result.exit_code == 0, result.output
    assert "Hard violations: 0" in result.output
    assert "Soft cost (UD2): 5" in result.output
    assert "RoomCapacity          4" in result.output


def test_cost_json_and_instance_by_name() -> None:
    result = runner.invoke(
        app, ["itc2007", "cost", "comp05", str(solution_path("comp05")), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["soft"] == 305 and data["hard"] == 0
    assert data["soft_terms"]["MinWorkingDays"] == 190


def test_cost_exit_code_on_hard_violations(tmp_path: Path) -> None:
    sol = tmp_path / "part.sol"
    sol.write_text("".join(solution_path("toy").read_text().splitlines(True)[:3]))
    result = runner.invoke(app, ["itc2007", "cost", "toy", str(sol)])
    assert result.exit_code == 1
    assert "Lectures             13" in result.output


def test_bad_files_are_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ectt"
    bad.write_text(instance_path("toy").read_text().replace("rB 50 0", "rB fifty 0"))
    result = runner.invoke(app, ["itc2007", "cost", str(bad), str(solution_path("toy"))])
    assert result.exit_code == 2
    assert "bad.ectt:19: room 'rB' size: 'fifty' is not an integer" in result.output
    assert "Traceback" not in result.output
    sol = tmp_path / "bad.sol"
    sol.write_text("SceCosC rA 0\n")
    result = runner.invoke(app, ["itc2007", "cost", "toy", str(sol)])
    assert result.exit_code == 2
    assert "bad.sol:1: expected 'course room day period'" in result.output
    result = runner.invoke(app, ["itc2007", "cost", "no-such-instance", str(sol)])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_convert_writes_valid_documents(tmp_path: Path) -> None:
    out = tmp_path / "toy.json"
    result = runner.invoke(
        app, ["itc2007", "convert", "toy", "-o", str(out), "--solution", str(solution_path("toy"))]
    )
    assert result.exit_code == 0, result.output
    scenario = load_scenario(out)
    assert [r.id for r in scenario.requests] == ["SceCosC", "ArcTec", "TecCos", "Geotec"]
    schedule = load_schedule(tmp_path / "toy.schedule.json")
    assert len(schedule.sessions) == 16


def test_solve_toy_exports_a_feasible_sol(tmp_path: Path) -> None:
    sol, doc = tmp_path / "toy.sol", tmp_path / "toy.schedule.json"
    result = runner.invoke(
        app,
        [
            "itc2007",
            "solve",
            "toy",
            "--time-limit",
            "10",
            "--workers",
            "1",
            "--seed",
            "0",
            "-o",
            str(sol),
            "--schedule-out",
            str(doc),
        ],
    )
    assert result.exit_code == 0, result.output
    cost = ud2_cost(load_instance(instance_path("toy")), load_solution(sol))
    assert cost.hard == 0
    assert f"Soft cost (UD2): {cost.soft}" in result.output
    conv = instance_to_scenario(load_instance(instance_path("toy")))
    report = check_schedule(conv.scenario, load_schedule(doc))
    assert report.ok, [v.message for v in report.violations[:3]]
    assert report.evaluation.objective == 1000 * 16 - cost.soft


def test_unwritable_outputs_exit_2_without_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    for args, target in (
        (["convert", "toy", "-o", str(blocker / "toy.json")], blocker / "toy.json"),
        (["solve", "toy", "--solver", "greedy", "-o", str(blocker / "x.sol")], blocker / "x.sol"),
    ):
        result = runner.invoke(app, ["itc2007", *args])
        assert result.exit_code == 2, result.output
        assert f"error: {target}: cannot write: " in result.output
        assert "Traceback" not in result.output


def test_binary_files_huge_days_and_impossible_instances_exit_2(tmp_path: Path) -> None:
    toy = instance_path("toy").read_text()
    binary = tmp_path / "binary.ectt"
    binary.write_bytes(b"Name: x\n\xff\xfe\x00")
    result = runner.invoke(app, ["itc2007", "cost", str(binary), str(solution_path("toy"))])
    assert (result.exit_code, "Traceback" in result.output) == (2, False), result.output
    assert f"error: {binary}:2: not a text file (byte 0xff is not UTF-8)" in result.output
    sol = tmp_path / "binary.sol"
    sol.write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["itc2007", "cost", "toy", str(sol)])
    assert result.exit_code == 2, result.output
    assert f"error: {sol}:1: not a text file (byte 0x89 is not UTF-8)" in result.output

    days_line = next(i for i, ln in enumerate(toy.splitlines(), 1) if ln.startswith("Days:"))
    huge = tmp_path / "huge.ectt"
    for days, message in (
        ("1000000000", "Days: 1000000000 is beyond any timetable (at most 1,000,000)"),
        ("8", "8 days do not fit a week"),
    ):
        huge.write_text(re.sub(r"(?m)^Days: *\d+", f"Days: {days}", toy))
        args = ["itc2007", "convert", str(huge), "-o", str(tmp_path / "h.json")]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert f"error: {huge}:{days_line}: {message}" in result.output

    crowded = tmp_path / "crowded.ectt"
    first_course = toy.split("COURSES:")[1].strip().splitlines()[0].split()
    crowded_course = " ".join([*first_course[:2], "999", *first_course[3:]])
    crowded.write_text(toy.replace(" ".join(first_course), crowded_course, 1))
    result = runner.invoke(app, ["itc2007", "solve", str(crowded), "--solver", "greedy"])
    assert result.exit_code == 2, result.output
    assert f"error: {crowded}: requests[" in result.output
    assert "of the 999 sessions can ever be placed" in result.output
    assert "Traceback" not in result.output


def test_bench_rejects_bad_options_before_any_run(tmp_path: Path) -> None:
    for flag, value, field in (
        ("--work-limit", "0", "work_limit"),
        ("--workers", "0", "workers"),
        ("--tiers", "S,Q", "--tiers"),
        ("--seeds", "-1", "--seeds"),
        ("--seeds", "1,x", "--seeds"),
        ("--seeds", "", "--seeds"),  # ran seed 0 (an analyst's audit)
        ("--seeds", "1,1", "twice"),  # ran S-1 twice under one name
    ):
        result = runner.invoke(app, ["bench", flag, value, "--out", str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert field in result.output
    assert not any(tmp_path.iterdir())  # nothing ran, nothing written


def test_bench_checks_its_results_folder_before_any_run(tmp_path: Path) -> None:
    taken = tmp_path / "afile"
    taken.write_text("mine")
    for out in (taken, taken / "under"):
        args = ["bench", "--tiers", "S", "--seeds", "1", "--time-limit", "1", "--out", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "cannot write the results" in result.output and "a folder is needed" in result.output
        assert "Traceback" not in result.output
    assert taken.read_text() == "mine"


def test_bench_checks_every_output_before_any_run(tmp_path: Path) -> None:
    """A folder named like the table, or a file named like the solutions' folder, gave
    a traceback after the solves, their results lost (an analyst's audit)."""
    (tmp_path / "tiers.md").mkdir()
    args = ["bench", "--tiers", "S", "--seeds", "1", "--time-limit", "1"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "cannot write the results" in result.output and "Traceback" not in result.output
    (tmp_path / "itc").mkdir()
    (tmp_path / "itc" / "itc2007-solutions").write_text("mine")
    itc = ["bench", "--suite", "itc2007", "--instances", "toy", "--time-limit", "1"]
    result = runner.invoke(app, [*itc, "--out", str(tmp_path / "itc")])
    assert result.exit_code == 2, result.output
    assert "a folder is needed" in result.output and "Traceback" not in result.output


def test_an_unknown_instance_is_named_once(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.ectt")
    result = runner.invoke(app, ["itc2007", "cost", missing, missing])
    assert result.exit_code == 2
    assert "no nope.ectt in" in result.output and ".ectt.ectt" not in result.output


def test_itc_solve_rejects_bad_options_without_traceback(tmp_path: Path) -> None:
    toy = str(instance_path("toy"))
    for flag, value, field in (("--workers", "0", "workers"), ("--work-limit", "-1", "work_limit")):
        result = runner.invoke(app, ["itc2007", "solve", toy, flag, value])
        assert result.exit_code == 2, result.output
        assert field in result.output
        assert "Traceback" not in result.output


def test_itc_solve_under_a_work_limit_writes_the_same_sol_twice(tmp_path: Path) -> None:
    toy = instance_path("toy")
    args = ["--workers", "1", "--work-limit", "2", "--seed", "1"]
    scenario = instance_to_scenario(load_instance(toy)).scenario
    texts = []
    for name in ("a", "b"):
        out, doc = tmp_path / f"{name}.sol", tmp_path / f"{name}.json"
        result = runner.invoke(
            app, ["itc2007", "solve", str(toy), *args, "-o", str(out), "--schedule-out", str(doc)]
        )
        assert result.exit_code == 0, result.output
        assert check_schedule(scenario, load_schedule(doc)).ok
        assert ud2_cost(load_instance(toy), load_solution(out)).feasible
        texts.append(out.read_text())
    assert texts[0] == texts[1]
