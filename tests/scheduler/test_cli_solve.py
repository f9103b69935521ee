"""``trainshare solve``: writes a schedule the checker accepts; bad input exits 2, no traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NoReturn

from pytest import MonkeyPatch
from typer.testing import CliRunner

from scheduler.checker import check_schedule
from scheduler.cli import app
from scheduler.io import load_schedule, scenario_digest
from scheduler.models import Scenario, Session
from tests.conftest import SCENARIOS, load_scenario

runner = CliRunner()
TINY = str(SCENARIOS / "tiny.json")


def test_solve_tiny_writes_a_valid_schedule_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "tiny-schedule.json"
    result = runner.invoke(app, ["solve", TINY, "-o", str(out), "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    schedule = load_schedule(out)
    assert schedule.scenario == "tiny-two-colleges"
    assert check_schedule(load_scenario("tiny.json"), schedule).ok
    for text in ("feasible", "Fulfilled demand per institution", "col-a", "busiest", "cnc-lab"):
        assert text in result.output
    assert "Every request is met in full." in result.output
    # greedy's gap reads against all demand met at no cost, and the summary says so
    assert "(all demand met at no cost: greedy proves no tighter" in " ".join(result.output.split())


def test_the_summary_shows_no_share_for_an_institution_that_asks_for_nothing(
    tmp_path: Path,
) -> None:
    data = json.loads((SCENARIOS / "tiny.json").read_text())
    data["institutions"].append({**data["institutions"][0], "id": "idle-base"})
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["solve", str(scenario), "-o", str(out), "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    assert check_schedule(Scenario.model_validate(data), load_schedule(out)).ok
    [row] = [line for line in result.output.splitlines() if "idle-base" in line]
    assert "—" in row and "%" not in row


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["solve", TINY, "-o", str(out), "--solver", "greedy", "--quiet"])
    assert result.exit_code == 0
    assert result.output == ""
    assert check_schedule(load_scenario("tiny.json"), load_schedule(out)).ok


def _busy_tiny(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """The tiny scenario with r-a-cnc asking for 40 sessions (some stay unmet), written
    to ``tmp_path``: the document and its path."""
    data = json.loads((SCENARIOS / "tiny.json").read_text())
    data["requests"][0]["sessions"] = 40
    scenario = tmp_path / "busy.json"
    scenario.write_text(json.dumps(data))
    return data, scenario


def test_unmet_reasons_are_summarised(tmp_path: Path) -> None:
    data, scenario = _busy_tiny(tmp_path)
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["solve", str(scenario), "-o", str(out), "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    assert "Unmet requests by reason" in result.output
    assert "r-a-cnc" in result.output
    schedule = load_schedule(out)
    assert check_schedule(Scenario.model_validate(data), schedule).ok
    assert "r-a-cnc" in {u.request for u in schedule.unmet}


def test_the_summary_speaks_chinese_on_request(tmp_path: Path) -> None:
    data, scenario = _busy_tiny(tmp_path)
    out = tmp_path / "s.json"
    args = ["solve", str(scenario), "-o", str(out), "--solver", "greedy", "--lang", "zh"]
    result = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    schedule = load_schedule(out)
    assert check_schedule(Scenario.model_validate(data), schedule).ok
    unmet = next(u for u in schedule.unmet if u.request == "r-a-cnc")
    zh = (unmet.messages or {})["zh"]
    for text in ("未满足的需求（按原因）", "各单位需求满足情况", "最忙", f"r-a-cnc: {zh}"):
        assert text in result.output
    assert "Unmet requests by reason" not in result.output and unmet.message not in result.output
    assert f"排程已写入 {out}" in result.output
    # the codes kept beside the words in full-width brackets and listed with "、"
    # ("可行 (feasible)", "1 班级时间冲突 (conflict), 1 资源已满 (capacity)")
    assert f"（{unmet.reason}）" in result.output and f"({unmet.reason})" not in result.output
    assert re.search(r"状态\s+\S+（\w+）", result.output), result.output
    # the time in Chinese units too ("用时 0.25 s")
    assert re.search(r"用时\s+\d+\.\d\d 秒", result.output), result.output


def test_invalid_scenario_exits_2_with_paths(tmp_path: Path) -> None:
    data = json.loads((SCENARIOS / "tiny.json").read_text())
    data["requests"][1]["cohort"] = "nobody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["solve", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert "requests[1].cohort" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_file_and_bad_options_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["solve", str(tmp_path / "none.json"), "-o", "x.json"])
    assert result.exit_code == 2 and "not found" in result.output
    result = runner.invoke(app, ["solve", TINY, "-o", str(tmp_path / "x.json"), "--workers", "0"])
    assert result.exit_code == 2 and "workers" in result.output
    result = runner.invoke(
        app, ["solve", TINY, "-o", str(tmp_path / "x.json"), "--work-limit", "0"]
    )
    assert result.exit_code == 2 and "work_limit" in result.output


def test_an_output_that_cannot_be_written_is_refused_before_solving(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    import scheduler.solving.scenario as solving

    def never(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("solved although the schedule could not be written")

    monkeypatch.setattr(solving, "solve_scenario", never)
    (tmp_path / "file").write_text("kept")
    (tmp_path / "folder").mkdir()
    for target, named, problem in (
        (tmp_path / "file" / "x.json", tmp_path / "file", "is a file where a folder is needed"),
        (tmp_path / "folder", tmp_path / "folder", "is a folder, not a file"),
    ):
        result = runner.invoke(app, ["solve", TINY, "-o", str(target)])
        assert result.exit_code == 2, result.output
        assert f"cannot write: '{named}' {problem}" in result.output.replace("\n", "")
    assert (tmp_path / "file").read_text() == "kept"


def test_a_work_limit_with_one_worker_writes_the_same_schedule_twice(tmp_path: Path) -> None:
    args = ["--workers", "1", "--work-limit", "1.5", "--seed", "2", "--quiet"]
    written = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = runner.invoke(app, ["solve", TINY, "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        schedule = load_schedule(out)
        assert check_schedule(load_scenario("tiny.json"), schedule).ok
        assert schedule.metrics["clock"]["by"] == "work"
        written.append(schedule)
    assert written[0].sessions == written[1].sessions
    assert "Traceback" not in result.output


def test_ctrl_c_sets_the_stop_flag_and_keeps_the_answer() -> None:
    import _thread
    import signal
    import threading

    from rich.console import Console

    from scheduler.cli.solve import _interruptible

    seen = {}

    def solve(
        scenario: object,
        options: object,
        progress: object = None,
        stop: threading.Event | None = None,
        validate: bool = True,
    ) -> Any:  # a stand-in answer: the CLI passes it through
        assert stop is not None and stop.wait(5), "the interrupt never set the stop flag"
        seen["stopped"] = True
        return "best so far"

    # the CLI runs with Python's own Ctrl-C handler; an earlier test of the session may
    # have left another one (interrupt_main does nothing unless Python handles SIGINT)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Timer(0.3, _thread.interrupt_main).start()
        nothing: Any = None  # the stand-in solve reads no scenario, options or progress
        got = _interruptible(solve, nothing, nothing, nothing, Console(quiet=True), quiet=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert got == "best so far" and seen == {"stopped": True}


def test_a_re_solve_keeps_the_published_past_and_books_the_rest_after(tmp_path: Path) -> None:
    published = tmp_path / "published.json"
    result = runner.invoke(app, ["solve", TINY, "-o", str(published), "--time-limit", "5", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((SCENARIOS / "tiny.json").read_text())
    data["requests"][2]["sessions"] = 4  # r-b-weld asks for two more sessions
    grown = tmp_path / "grown.json"
    grown.write_text(json.dumps(data))
    out = tmp_path / "again.json"
    args = ["solve", str(grown), "-o", str(out), "--published", str(published)]
    result = runner.invoke(app, [*args, "--keep-before", "2026-09-10", "--time-limit", "5", "-q"])
    assert result.exit_code == 0, result.output
    again = load_schedule(out)
    assert check_schedule(Scenario.model_validate(data), again).ok
    # it answers the grown scenario: `check` notes it read with the published one
    assert again.metrics["scenario_sha256"] == scenario_digest(Scenario.model_validate(data))
    assert again.metrics["scenario_sha256"] != load_schedule(published).metrics["scenario_sha256"]

    def day(s: Session) -> int:
        return (s.week - 1) * 5 + s.day - 1  # Thursday of week 1 is day 3

    before = {(s.request, s.index): s for s in load_schedule(published).sessions if day(s) < 3}
    now = {(s.request, s.index): s for s in again.sessions}
    assert before and all(now.get(k) == s for k, s in before.items())
    assert all(day(s) >= 3 for k, s in now.items() if k not in before)
    assert len([s for s in again.sessions if s.request == "r-b-weld"]) == 4
    # the summary says what was kept; another scenario's schedule is refused
    shown = runner.invoke(app, [*args, "--keep-before", "2026-09-10", "--time-limit", "2"])
    assert shown.exit_code == 0, shown.output
    assert "re-solved from week 1, Thursday (2026-09-10) on;" in shown.output
    # a summary in Chinese says it in Chinese too (it stayed English under --lang zh)
    zh = runner.invoke(
        app,
        [*args, "--keep-before", "2026-09-10", "--time-limit", "2", "--lang", "zh"],
        env={"COLUMNS": "400"},
    )
    assert zh.exit_code == 0, zh.output
    assert "从第 1 周周四（2026年9月10日）起重新求解；" in zh.output, zh.output
    assert "项进行中的需求保留已发布的课表" in zh.output and "re-solved" not in zh.output
    late = runner.invoke(app, [*args, "--keep-before", "2027-01-04", "--time-limit", "1"])
    assert "warning: --keep-before 2027-01-04 is after the term's last day" in late.output
    data["name"] = "another-term"
    grown.write_text(json.dumps(data))
    refused = runner.invoke(app, [*args, "--time-limit", "2"])
    assert refused.exit_code == 2
    assert "a schedule of 'tiny-two-colleges', not of 'another-term'" in refused.output


def test_re_solve_flags_are_checked_together(tmp_path: Path) -> None:
    out = str(tmp_path / "s.json")
    cases = {
        ("--keep-before", "2026-09-10"): "--keep-before: needs --published",
        ("--move-penalty", "5"): "--move-penalty: needs --published",
        ("--published", TINY, "--solver", "greedy"): "it runs CP-SAT, not greedy",
        ("--published", TINY, "--keep-before", "next week"): "must be a date YYYY-MM-DD",
        ("--published", TINY, "--keep-before", "20260915"): "must be a date YYYY-MM-DD",
        ("--published", str(tmp_path / "none.json")): "none.json",
    }
    for flags, message in cases.items():
        result = runner.invoke(app, ["solve", TINY, "-o", out, *flags])
        assert result.exit_code == 2, (flags, result.output)
        assert message in result.output, (flags, result.output)
        assert "Traceback" not in result.output


def test_repeated_warnings_are_counted_as_validate_counts_them(tmp_path: Path) -> None:
    """2,000 copies of one closed day printed 1,999 warning lines before the solve."""
    d = json.loads(Path(TINY).read_text())
    d["calendar"]["closed"] = [{"week": 1, "day": 1}] * 2_000
    scenario = tmp_path / "closed.json"
    scenario.write_text(json.dumps(d))
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["solve", str(scenario), "-o", str(out), "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    assert result.output.count("is already closed by closed[0]") == 6, result.output
    assert "calendar.closed: and 1,994 more of the same kind" in result.output
