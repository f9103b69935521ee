"""Markdown, HTML, JSON and PNG outputs of the report carry the metrics' numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest import MonkeyPatch, TempPathFactory

from scheduler.models import Scenario, Schedule
from scheduler.reports import write_report
from scheduler.reports.html import render_html
from scheduler.reports.markdown import render_markdown
from scheduler.reports.metrics import compute_metrics
from scheduler.reports.plots import HEATMAP
from scheduler.reports.write import ReportFiles
from tests.scheduler.reports.sample import tiny_schedule

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def written(tmp_path_factory: TempPathFactory) -> tuple[Path, object]:
    from tests.conftest import load_scenario

    out = tmp_path_factory.mktemp("report")
    files = write_report(load_scenario("tiny.json"), tiny_schedule(), out)
    return out, files


def test_every_file_is_written(written: tuple[Path, ReportFiles]) -> None:
    out, files = written
    names = {p.name for p in out.iterdir()}
    assert names == {
        "report.md",
        "report.html",
        "report.json",
        HEATMAP,
        "sharing_matrix.png",
        "fulfilment.png",
    }
    assert HEATMAP == "utilization_heatmap.png"
    for png in files.plots.values():
        assert png.read_bytes().startswith(PNG)


def test_markdown_is_chinese_by_default_with_the_numbers(written: tuple[Path, ReportFiles]) -> None:
    text = (written[0] / "report.md").read_text(encoding="utf-8")
    assert "## 跨单位资源共享矩阵（人时）" in text
    # the used hours in the available hours' unit
    assert "| CNC lab | 实训室 | College A | 30 | 54 小时 | 9 小时 | 16.7% |" in text
    assert "| College B | r-b-weld | Welding basics | b-weld-1 | 1 课次 |" in text
    # codes and names in full-width brackets, as the rest of a Chinese line
    assert "权衡取舍（可安排，但代价不低于收益或搜索提前结束）（trade\\_off）" in text
    assert "| 资源已满（capacity） |" in text
    assert "| 求解状态 | 可行（feasible, hand） |" in text
    assert "| 最低满足率（单位） | 66.7%（College B） |" in text
    assert " (" not in text.replace("](", "")
    assert "| Enterprise X | 1 | 8 | 2 | 24 | 16 |" in text  # trainees: 人时 24, 人次 16
    assert "![资源 × 周利用率热力图](utilization_heatmap.png)" in text


def test_markdown_in_english(tiny: Scenario) -> None:
    text = render_markdown(compute_metrics(tiny, tiny_schedule()), lang="en")
    assert "## Cross-institution sharing (person-hours)" in text
    assert "| College A | 150 | 0 | 750 | 900 | 83.3% |" in text  # row, total, borrowed share
    assert "| Share used by others | 26.5% | 30.8% | 100.0% |" in text
    # one of a thing is singular ("1 sessions" missing)
    assert "| a-cnc-1 | 1 session |" in text and "1 sessions" not in text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("zh", "实训资源共享排程报告：tiny-two-colleges"),
        ("en", "Schedule report of shared training resources: tiny-two-colleges"),
    ],
)
def test_the_heading_names_the_scenario_once_punctuated(
    tiny: Scenario, lang: str, heading: str
) -> None:
    """The heading read "实训资源共享排程报告: tiny" (an ASCII colon after Chinese) and
    "Shared training resources: schedule report: tiny" (two colons)."""
    m = compute_metrics(tiny, tiny_schedule())
    assert render_markdown(m, lang=lang).splitlines()[0] == f"# {heading}"
    html = render_html(m, lang=lang)
    assert f"<title>{heading}</title>" in html and f"<h1>{heading}</h1>" in html


def test_an_institution_that_asks_for_nothing_has_no_share(tiny: Scenario) -> None:
    """Its share is 1.0 in the metrics (the spec's reading), but "0 / 0 = 100 %" in a
    table reads as service given; the note also says why rows can exceed the totals."""
    idle = tiny.institutions[0].model_copy(update={"id": "idle", "name": "Idle base"})
    scenario = tiny.model_copy(update={"institutions": [*tiny.institutions, idle]})
    text = render_markdown(compute_metrics(scenario, tiny_schedule()), lang="en")
    assert "| Idle base | college | 0 | 0 | 0 | 0 | 0 | 0 | 0 | — |" in text
    assert "A joint request counts for every institution" in text


def test_html_is_self_contained(written: tuple[Path, ReportFiles]) -> None:
    html = (written[0] / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<style>" in html and 'src="data:image/png;base64,' in html
    assert "<link" not in html and "<script" not in html
    assert "<td>College A</td>" in html and "资源利用率" in html


def test_json_has_every_number(written: tuple[Path, ReportFiles]) -> None:
    doc = json.loads((written[0] / "report.json").read_text(encoding="utf-8"))
    assert doc["format"] == "trainshare/report@1"
    assert doc["sharing"]["total"][0] == [150.0, 0.0, 750.0]
    assert doc["summary"]["trainee_person_times"] == 16
    cnc = next(r for r in doc["resources"] if r["resource"] == "cnc-lab")
    assert cnc["by_week"] == [0.3125, 0.05]


def test_report_without_plots(tmp_path: Path, tiny: Scenario) -> None:
    files = write_report(tiny, tiny_schedule(), tmp_path, lang="en", plots=False)
    assert files.plots == {} and not list(tmp_path.glob("*.png"))
    assert "![" not in files.markdown.read_text(encoding="utf-8")


def test_an_empty_schedule_still_reports(tmp_path: Path, tiny: Scenario) -> None:
    from scheduler.models import Schedule, Status

    empty = Schedule(scenario=tiny.name, status=Status.INFEASIBLE)
    files = write_report(tiny, empty, tmp_path, lang="en")
    m = files.metrics
    assert (m.summary.sessions_granted, m.summary.worst_share) == (0, 0.0)
    assert all(r.utilisation == 0.0 for r in m.resources)
    assert "| r-a-cnc | CNC practice | a-cnc-1 | 3 sessions | no reason given |" in (
        files.markdown.read_text(encoding="utf-8")
    )
    bare = tiny.model_copy(update={"resources": [], "requests": [], "instructors": []})
    for png in write_report(bare, empty, tmp_path / "bare", lang="en").plots.values():
        assert png.read_bytes().startswith(PNG)


def test_png_labels_fall_back_to_english_and_ids_without_a_cjk_font(
    monkeypatch: MonkeyPatch,
) -> None:
    from scheduler.reports import plots

    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    text = plots._Text("zh", {"lab": "数控实训室", "shop": "Weld shop"})
    assert (text.lang, text("week"), text.name("lab"), text.name("shop")) == (
        "en",
        "Week",
        "lab",
        "Weld shop",
    )
    monkeypatch.setattr(plots, "cjk_font", lambda: "Noto Sans CJK SC")
    text = plots._Text("zh", {"lab": "数控实训室"})
    assert (text.lang, text("week"), text.name("lab")) == ("zh", "周", "数控实训室")


def test_charts_of_many_rows_show_those_that_matter_most_and_say_so(
    monkeypatch: MonkeyPatch,
) -> None:
    # an L term's 400 resources and 116 institutions drew canvases of 15,565 and 8,096
    # pixels a side (2.1 GB to render; a performance audit)
    from scheduler.reports import plots

    monkeypatch.setattr(plots, "cjk_font", lambda: None)
    text = plots._Text("en", {})
    rows = list(range(plots.CHART_ROWS + 5))
    shown, note = plots._most(rows, lambda r: -abs(r - 20), text, "plot_busiest")
    assert len(shown) == plots.CHART_ROWS and shown == sorted(shown)
    assert set(rows) - set(shown) == {40, 41, 42, 43, 44}  # farthest from 20; ties keep 0
    assert note == f"\n({plots.CHART_ROWS} busiest of {len(rows)} resources; the tables list all)"
    assert plots._most(rows[:3], float, text, "plot_busiest") == ([0, 1, 2], "")


def _infeasible(tiny: Scenario) -> tuple[Schedule, str]:
    from scheduler.models import Conflict, Schedule, Status, Unmet, UnmetReason

    message = "Required requests r-a-cnc and r-b-cnc cannot all be met in full"
    unmet = [Unmet(request=r.id, missing=1, reason=UnmetReason.INFEASIBLE) for r in tiny.requests]
    conflicts = [Conflict(items=["requests[0]", "resources[0]"], message=message)]
    return Schedule(
        scenario=tiny.name, status=Status.INFEASIBLE, unmet=unmet, conflicts=conflicts
    ), message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_infeasible_report_shows_the_conflicts(tmp_path: Path, tiny: Scenario, lang: str) -> None:
    schedule, message = _infeasible(tiny)
    files = write_report(tiny, schedule, tmp_path, lang=lang, plots=False)
    md = files.markdown.read_text(encoding="utf-8")
    title = (
        "Why the required requests cannot all hold (conflicts)"
        if lang == "en"
        else "必需需求冲突（无法同时满足的原因）"
    )
    row = f"| {tiny.requests[0].id}; {tiny.resources[0].id} | {message} |"
    assert f"## {title}" in md and row in md
    # nothing is scheduled in this one: the note says so, not that the rest is
    nothing = "nothing is scheduled" if lang == "en" else "未排任何课程"
    assert nothing in md
    assert message in files.html.read_text(encoding="utf-8")
    doc = json.loads(files.json.read_text(encoding="utf-8"))
    assert doc["conflicts"][0]["items"] == ["requests[0]", "resources[0]"]
    assert doc["conflicts"][0]["message"] == message
    assert "infeasible (infeasible)" not in md


def test_an_infeasible_report_with_the_rest_scheduled_says_so(
    tmp_path: Path, tiny: Scenario
) -> None:
    """solver/cpsat/rest.py schedules what else fits next to the conflict."""
    from scheduler.models import Conflict, Status

    held = tiny_schedule().model_copy(
        update={
            "status": Status.INFEASIBLE,
            "conflicts": [Conflict(items=["requests[0]"], message="r-a-cnc cannot fit")],
        }
    )
    assert held.sessions
    files = write_report(tiny, held, tmp_path, lang="en", plots=False)
    md = files.markdown.read_text(encoding="utf-8")
    assert "Everything else is scheduled as usual" in md
    assert "nothing is scheduled" not in md


def test_feasible_report_has_no_conflicts_section(written: tuple[Path, ReportFiles]) -> None:
    _, files = written
    assert "必需需求冲突" not in files.markdown.read_text(encoding="utf-8")
    assert json.loads(files.json.read_text(encoding="utf-8"))["conflicts"] == []


def test_trade_off_label_says_what_docs_reasons_says() -> None:
    """docs/reasons.md: trade_off = would fit, but costs more than it is worth or the
    search ended first; it does not claim the time went to higher-priority requests."""
    from scheduler.reports.labels import reason_label

    zh = reason_label("trade_off", "zh")
    assert "优先级" not in zh and "让位" not in zh
    assert "可安排" in zh and "搜索提前结束" in zh


def test_an_empty_section_says_none_in_the_reports_language(
    tiny: Scenario, monkeypatch: MonkeyPatch
) -> None:
    from scheduler.reports import html
    from scheduler.reports.tables import Section, Table

    empty = [Section(key="unmet", title="-", tables=[Table(columns=["a"], rows=[])])]
    monkeypatch.setattr(html, "build_sections", lambda m, lang: empty)
    m = compute_metrics(tiny, tiny_schedule())
    assert '<p class="note">无</p>' in html.render_html(m, lang="zh")
    assert '<p class="note">none</p>' in html.render_html(m, lang="en")


def test_markdown_shows_names_that_look_like_html_as_text(tiny: Scenario) -> None:
    institutions = [
        i.model_copy(update={"name": "<script>alert(1)</script> & co"}) if i.id == "col-a" else i
        for i in tiny.institutions
    ]
    scenario = tiny.model_copy(update={"institutions": institutions, "name": "<b>term</b>"})
    md = render_markdown(compute_metrics(scenario, tiny_schedule()), "en")
    assert "<script>" not in md and "<b>" not in md
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; &amp; co |" in md
    assert "&lt;b&gt;term&lt;/b&gt;" in md.splitlines()[0]


def test_markdown_shows_names_with_markup_characters_as_typed(tiny: Scenario) -> None:
    """``*one*`` was emphasis and a backtick code in report.md (an audit finding)."""
    resources = [
        r.model_copy(update={"name": "Lab *one* `x` [a](b) a_b ~~c~~\r\nnext #"})
        if r.id == "cnc-lab"
        else r
        for r in tiny.resources
    ]
    md = render_markdown(
        compute_metrics(tiny.model_copy(update={"resources": resources}), tiny_schedule()), "en"
    )
    assert "| Lab \\*one\\* \\`x\\` \\[a\\](b) a\\_b \\~\\~c\\~\\~ next \\# | lab |" in md


def test_a_resource_never_available_shows_no_utilisation(tiny: Scenario) -> None:
    resources = [
        r.model_copy(update={"available": []}) if r.id == "weld-shop" else r for r in tiny.resources
    ]
    scenario = tiny.model_copy(update={"resources": resources})
    md = render_markdown(compute_metrics(scenario, tiny_schedule()), "en")
    (row,) = [
        line for line in md.splitlines() if line.startswith("| Welding workshop | workshop |")
    ]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[6:8] == ["-", "-"], row  # utilisation and seat utilisation


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1619.9999999999998, "1620"),
        (1620.0, "1620"),
        (12.25, "12.2"),
        (0.04, "0"),
        (-0.01, "0"),
        (7.96, "8"),
    ],
)
def test_measures_are_whole_when_they_round_to_whole(value: float, shown: str) -> None:
    # hours of 100-minute slots are sums of 5/3: 1619.99..., not "1620.0"
    from scheduler.reports.tables import num

    assert num(value) == shown
