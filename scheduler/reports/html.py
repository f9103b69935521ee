"""The report as one self-contained HTML page (``report.html``).

Charts are embedded as ``data:`` URIs and the CSS is inline, so the file can be
mailed or opened offline as it is. The template lives in ``templates/report.html.j2``.
"""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from scheduler.reports.labels import label
from scheduler.reports.records import ReportMetrics
from scheduler.reports.tables import build_sections

_ENV = Environment(
    loader=PackageLoader("scheduler.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_html(m: ReportMetrics, lang: str = "zh", images: dict[str, Path] | None = None) -> str:
    """HTML text; ``images`` maps chart keys to PNG files that get embedded."""
    charts = [
        {"title": label(f"plot_{key}", lang), "src": _data_uri(path)}
        for key, path in (images or {}).items()
    ]
    return _ENV.get_template("report.html.j2").render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        title=label("report_title", lang).format(scenario=m.summary.scenario),
        sections=build_sections(m, lang),
        charts=charts,
        plots_title=label("plots", lang),
        none_text=label("none", lang),
    )
