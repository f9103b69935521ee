"""The report as Markdown (``report.md``): the sections of :mod:`scheduler.reports.tables`."""

from __future__ import annotations

import html

from scheduler.reports.labels import label
from scheduler.reports.records import ReportMetrics
from scheduler.reports.tables import Table, build_sections

#: Characters Markdown reads as emphasis, code, links or escapes: shown as typed.
_MARKUP = str.maketrans({c: "\\" + c for c in "\\`*_[]~#"})


def _text(text: str) -> str:
    """User text (names, titles) as Markdown shows it, on one line: ``<script>`` is text,
    not HTML that a Markdown viewer would pass through to the page; ``*one*``, ``~~x~~``
    or a backtick is not emphasis, strikethrough or code; a trailing ``#`` stays; and no
    line break of any kind (a carriage return too) ends a table row or heading early."""
    return " ".join(html.escape(text, quote=False).translate(_MARKUP).splitlines())


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|") or " "


def _table(table: Table) -> list[str]:
    if not table.rows:
        return []
    lines = ["| " + " | ".join(_cell(c) for c in table.columns) + " |"]
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def render_markdown(
    m: ReportMetrics, lang: str = "zh", images: dict[str, str] | None = None
) -> str:
    """Markdown text; ``images`` maps chart keys to paths relative to the document."""
    out = ["# " + label("report_title", lang).format(scenario=_text(m.summary.scenario)), ""]
    for section in build_sections(m, lang):
        out += [f"## {section.title}", ""]
        if not any(t.rows for t in section.tables):
            out += [f"_{label('none', lang)}_", ""]
        for table in section.tables:
            if not table.rows:
                continue
            if table.title:
                out += [f"### {table.title}", ""]
            out += _table(table) + [""]
        out += [f"> {_text(note)}" for note in section.notes] + ([""] if section.notes else [])
    if images:
        out += [f"## {label('plots', lang)}", ""]
        for key, path in images.items():
            title = label(f"plot_{key}", lang)
            out += [f"![{title}]({path})", ""]
    return "\n".join(out).rstrip() + "\n"
