"""Schedule reports: numbers in :mod:`.metrics`, renderers for Markdown, HTML, JSON, PNG.

``write_report(scenario, schedule, out_dir)`` writes, by default into ``out/report/``::

    report.md  report.html  report.json
    utilization_heatmap.png  sharing_matrix.png  fulfilment.png
"""

from __future__ import annotations

from scheduler.reports.context import ScheduleContext, ScheduleReferenceError
from scheduler.reports.metrics import compute_metrics
from scheduler.reports.records import ReportMetrics
from scheduler.reports.write import DEFAULT_REPORT_DIR, ReportFiles, write_report

__all__ = [
    "DEFAULT_REPORT_DIR",
    "ReportFiles",
    "ReportMetrics",
    "ScheduleContext",
    "ScheduleReferenceError",
    "compute_metrics",
    "write_report",
]
