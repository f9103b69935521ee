"""A Chinese report explains shortfalls and conflicts in Chinese (``messages["zh"]``),
and a schedule without ``messages`` (older files, other tools) still reports in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import escape

from scheduler.models import Conflict, Schedule, Status, Unmet, UnmetReason
from scheduler.reports import write_report
from scheduler.reports.markdown import render_markdown
from scheduler.reports.metrics import compute_metrics
from tests.solver.test_explain import TAKEN  # 'r' unmet for capacity

EN = "every candidate ('lab') is occupied whenever 'b' could come, by 'first': no session fits"
ZH = "在班级“b”能上课的所有时间，全部候选资源（“lab”）都已被占用（占用者：“first”）：一次课也排不下"


@pytest.fixture(scope="module")
def solved() -> Schedule:
    from scheduler.checker import check_schedule
    from scheduler.solving.scenario import solve_scenario
    from solver.options import SolveOptions

    schedule = solve_scenario(TAKEN, SolveOptions(solver="greedy", seed=0))
    report = check_schedule(TAKEN, schedule)  # what the reports explain is a valid schedule
    assert report.ok, [f"{v.rule} {v.path}: {v.message}" for v in report.violations]
    return schedule


def test_the_solved_schedule_carries_both_sentences(solved: Schedule) -> None:
    (u,) = solved.unmet
    assert (u.request, u.reason, u.message, u.messages) == ("r", "capacity", EN, {"zh": ZH})


def test_the_zh_report_explains_in_chinese_and_the_en_report_in_english(
    tmp_path: Path, solved: Schedule
) -> None:
    files = write_report(TAKEN, solved, tmp_path, lang="zh", plots=False)
    md = files.markdown.read_text(encoding="utf-8")
    assert f"| 资源已满（capacity） | {ZH} |" in md
    assert EN not in md
    assert str(escape(ZH)) in files.html.read_text(encoding="utf-8")
    assert "| 求解状态 | 可行（feasible, greedy） |" in md
    en = render_markdown(compute_metrics(TAKEN, solved), lang="en")
    assert f"| resources full (capacity) | {EN} |" in en and ZH not in en
    assert "| Status | feasible (greedy) |" in en
    # report.json is language-free: it carries both, as the schedule does
    (item,) = json.loads(files.json.read_text(encoding="utf-8"))["institutions"][0]["unmet"]
    assert (item["message"], item["messages"]) == (EN, {"zh": ZH})


def test_a_schedule_without_messages_reports_its_english_message(
    tmp_path: Path, solved: Schedule
) -> None:
    doc = solved.model_dump(mode="json", exclude_none=True)
    for u in doc["unmet"]:
        del u["messages"]
    older = Schedule.model_validate(doc)
    assert older.unmet[0].messages is None
    md = write_report(TAKEN, older, tmp_path, lang="zh", plots=False).markdown
    assert f"| 资源已满（capacity） | {EN} |" in md.read_text(encoding="utf-8")


def test_an_empty_or_other_language_entry_falls_back_to_message() -> None:
    u = Unmet(request="r", missing=1, reason=UnmetReason.CAPACITY, message=EN)
    assert u.model_copy(update={"messages": {"zh": ""}}).text("zh") == EN
    assert u.model_copy(update={"messages": {"fr": "x"}}).text("zh") == EN
    assert u.model_copy(update={"messages": {"zh": ZH}}).text("zh") == ZH
    assert u.model_copy(update={"messages": {"zh": ZH}}).text("en") == EN


def test_infeasible_zh_report_shows_the_chinese_conflict(tmp_path: Path) -> None:
    conflict = Conflict(
        items=["requests[0]", "requests[1]"],
        message="Required requests first and r cannot all be met in full: ...",
        messages={"zh": "必需需求'first'和'r'无法同时完全满足：……"},
    )
    schedule = Schedule(
        scenario=TAKEN.name,
        status=Status.INFEASIBLE,
        unmet=[
            Unmet(request=r.id, missing=1, reason=UnmetReason.INFEASIBLE, message="see conflicts")
            for r in TAKEN.requests
        ],
        conflicts=[conflict],
    )
    md = write_report(TAKEN, schedule, tmp_path, lang="zh", plots=False).markdown
    text = md.read_text(encoding="utf-8")
    assert "| first; r | 必需需求'first'和'r'无法同时完全满足：…… |" in text
    assert conflict.message not in text
    assert "| 求解状态 | 无解（必需需求互相冲突）（infeasible） |" in text
