"""The report as JSON (``report.json``): every number, machine-readable, language-free."""

from __future__ import annotations

import json
from typing import Any

from scheduler.reports.records import ReportMetrics

REPORT_FORMAT = "trainshare/report@1"


def report_document(m: ReportMetrics) -> dict[str, Any]:
    """``{"format", **metrics}``; ids, not display names, key every entry."""
    return {"format": REPORT_FORMAT, **m.to_dict()}


def render_json(m: ReportMetrics) -> str:
    """The text of ``report.json``: :func:`report_document`, indented, non-ASCII kept as is."""
    return json.dumps(report_document(m), ensure_ascii=False, indent=2) + "\n"
