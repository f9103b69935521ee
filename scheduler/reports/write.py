"""Write every report file of one schedule into a directory."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from scheduler.models import Scenario, Schedule
from scheduler.reports.html import render_html
from scheduler.reports.json_report import render_json
from scheduler.reports.markdown import render_markdown
from scheduler.reports.metrics import compute_metrics
from scheduler.reports.records import ReportMetrics

log = logging.getLogger(__name__)

DEFAULT_REPORT_DIR = Path("out/report")

#: The charts' files (:func:`scheduler.reports.plots.write_plots`).
HEATMAP = "utilization_heatmap.png"
SHARING = "sharing_matrix.png"
FULFILMENT = "fulfilment.png"


@dataclass(frozen=True)
class ReportFiles:
    """The files :func:`write_report` wrote, with the metrics they show (no second computation)."""

    markdown: Path
    html: Path
    json: Path
    plots: dict[str, Path]
    metrics: ReportMetrics


#: The files :func:`write_report` writes into its folder (the charts only with plots).
REPORT_FILES = ("report.md", "report.html", "report.json", HEATMAP, SHARING, FULFILMENT)


def write_report(
    scenario: Scenario,
    schedule: Schedule,
    out_dir: Path = DEFAULT_REPORT_DIR,
    lang: str = "zh",
    plots: bool = True,
) -> ReportFiles:
    """Compute the metrics once and write ``report.{md,html,json}`` and the PNG charts.

    Raises
    ------
    ScheduleReferenceError
        When the schedule names ids or positions its scenario does not have.
    """
    metrics = compute_metrics(scenario, schedule)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    charts: dict[str, Path] = {}
    if plots:
        # matplotlib only when drawing: the exports import this package for its context
        from scheduler.reports.plots import write_plots

        charts = write_plots(metrics, out_dir, lang)
    md = out_dir / "report.md"
    md.write_text(
        render_markdown(metrics, lang, {k: p.name for k, p in charts.items()}), encoding="utf-8"
    )
    html = out_dir / "report.html"
    html.write_text(render_html(metrics, lang, charts), encoding="utf-8")
    js = out_dir / "report.json"
    js.write_text(render_json(metrics), encoding="utf-8")
    log.info("report written to %s", out_dir)
    return ReportFiles(markdown=md, html=html, json=js, plots=charts, metrics=metrics)
