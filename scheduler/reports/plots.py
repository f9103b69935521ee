"""PNG charts of the report: utilisation heatmap, sharing heatmap, fulfilment bars.

Figures are drawn on :class:`matplotlib.figure.Figure` with the Agg canvas directly,
never through ``pyplot``: no global backend state, safe in a web worker thread.

matplotlib ships no CJK font, so Chinese text would come out as empty boxes. Labels
are Chinese only when ``fc-list :lang=zh`` finds a font; otherwise the charts use
English labels and ids for non-ASCII names, and never fail for want of a font.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap
from matplotlib.figure import Figure
from matplotlib.text import Text

from scheduler.reports.labels import label
from scheduler.reports.records import ReportMetrics
from scheduler.reports.write import FULFILMENT, HEATMAP, SHARING

log = logging.getLogger(__name__)


@functools.cache
def cjk_font() -> str | None:
    """Family name of an installed CJK font, registered with matplotlib, or ``None``."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if not path:
            continue
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            log.debug("cannot load font %s", path)
    return None


class _Text:
    """Chooses the labels' language and the tick names a chart can actually draw."""

    def __init__(self, lang: str, names: dict[str, str]) -> None:
        self.font = cjk_font() if lang == "zh" else None
        self.lang = lang if self.font else "en"
        self.names = names

    def __call__(self, key: str) -> str:  # the chart's label of ``key``
        return label(key, self.lang)

    def name(self, ident: str) -> str:
        """Tick label of ``ident``: its display name when the chart can draw it (a CJK font, or
        plain ASCII), else the id, so that no name comes out as empty boxes.
        """
        name = self.names.get(ident, ident)
        return name if (self.font or name.isascii()) else ident

    def figure(self, width: float, height: float) -> Figure:
        """A figure on its own Agg canvas, not through ``pyplot``: no global state, so charts
        can be drawn in a web worker thread.
        """
        fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
        FigureCanvasAgg(fig)
        return fig

    def apply(self, fig: Figure) -> None:
        """Give every text of ``fig`` the CJK font, DejaVu Sans as fallback; no-op without one."""
        if not self.font:
            return
        for text in fig.findobj(match=Text):
            text.set_fontfamily([self.font, "DejaVu Sans"])


def write_plots(m: ReportMetrics, out_dir: Path, lang: str = "zh") -> dict[str, Path]:
    """Write the three charts into ``out_dir``; returns ``{chart key: path}``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = _Text(lang, m.names)
    paths = {
        "heatmap": out_dir / HEATMAP,
        "sharing": out_dir / SHARING,
        "fulfilment": out_dir / FULFILMENT,
    }
    for key, draw in (
        ("heatmap", _utilisation_heatmap),
        ("sharing", _sharing_heatmap),
        ("fulfilment", _fulfilment_bars),
    ):
        fig = draw(m, text)
        text.apply(fig)
        fig.savefig(paths[key])
    return paths


T = TypeVar("T")

#: Most rows (resources, institutions) a chart draws. An L term's 400 resources and 116
#: institutions drew canvases of 15,565 and 8,096 pixels a side, 2.1 GB to render (a
#: performance audit); past this the chart shows the rows that matter most and says so,
#: and the report's tables list them all.
CHART_ROWS = 40
#: Most cells that carry their value as text.
LABELLED_CELLS = 400


def _most(rows: list[T], key: Callable[[T], float], text: _Text, what: str) -> tuple[list[T], str]:
    """The :data:`CHART_ROWS` rows of ``rows`` with the highest ``key`` (in their order),
    and the title's note when some were left out."""
    if len(rows) <= CHART_ROWS:
        return rows, ""
    keep = set(sorted(range(len(rows)), key=lambda k: (-key(rows[k]), k))[:CHART_ROWS])
    note = text(what).format(shown=CHART_ROWS, total=len(rows))
    return [r for k, r in enumerate(rows) if k in keep], f"\n{note}"


def _utilisation_heatmap(m: ReportMetrics, text: _Text) -> Figure:
    rows, note = _most(m.resources, lambda r: r.utilisation, text, "plot_busiest")
    data = np.array(
        [[np.nan if v is None else 100 * v for v in r.by_week] for r in rows], dtype=float
    ).reshape(len(rows), len(m.weeks))
    fig = text.figure(max(6.0, 0.45 * len(m.weeks) + 3), max(2.5, 0.35 * len(rows) + 1.5))
    ax = fig.add_subplot()
    if not data.size:
        return _no_data(fig, ax, text("plot_heatmap"), text("none"))
    cmap = _cmap("YlOrRd")
    image = ax.imshow(data, aspect="auto", cmap=cmap, vmin=0, vmax=100, interpolation="nearest")
    ax.set_xticks(range(len(m.weeks)), [str(w) for w in m.weeks])
    ax.set_yticks(range(len(rows)), [text.name(r.resource) for r in rows])
    ax.set_xlabel(text("week"))
    ax.set_title(text("plot_heatmap") + note)
    fig.colorbar(image, ax=ax, label=f"{text('util')} (%)")
    if data.size and data.size <= LABELLED_CELLS:
        for (i, j), v in np.ndenumerate(data):
            if not np.isnan(v):
                colour = "white" if v > 60 else "black"
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color=colour)
    return fig


def _sharing_heatmap(m: ReportMetrics, text: _Text) -> Figure:
    every = m.sharing.institutions
    total = np.array(m.sharing.total, dtype=float).reshape(len(every), len(every))
    hours = dict(zip(every, total.sum(axis=0) + total.sum(axis=1), strict=True))
    ids, note = _most(every, lambda i: hours[i], text, "plot_most_sharing")
    keep = [every.index(i) for i in ids]
    data = total[np.ix_(keep, keep)]
    side = max(4.0, 0.6 * len(ids) + 3)
    fig = text.figure(side + 1, side)
    ax = fig.add_subplot()
    if not data.size:
        return _no_data(fig, ax, text("plot_sharing"), text("none"))
    image = ax.imshow(data, cmap=_cmap("Blues"), interpolation="nearest")
    ticks = [text.name(i) for i in ids]
    ax.set_xticks(range(len(ids)), ticks, rotation=45, ha="right")
    ax.set_yticks(range(len(ids)), ticks)
    ax.set_xlabel(text("owner"))
    ax.set_ylabel(text("user"))
    ax.set_title(f"{text('plot_sharing')} ({text('person_hours')}){note}")
    fig.colorbar(image, ax=ax, label=text("person_hours"))
    peak = float(data.max()) if data.size else 0.0
    for (i, j), v in np.ndenumerate(data if data.size <= LABELLED_CELLS else np.zeros(0)):
        if v:
            colour = "white" if v > 0.6 * peak else "black"
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=8, color=colour)
    return fig


def _fulfilment_bars(m: ReportMetrics, text: _Text) -> Figure:
    rows, note = _most(m.institutions, lambda f: -f.share, text, "plot_least_served")
    fig = text.figure(max(5.0, 0.7 * len(rows) + 2), 3.8)
    ax = fig.add_subplot()
    shares = [100 * f.share for f in rows]
    xs = np.arange(len(rows))
    bars = ax.bar(xs, shares, color="#3b7dd8")
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in shares], fontsize=8)
    ax.set_xticks(xs, [text.name(f.institution) for f in rows], rotation=30, ha="right")
    ax.set_ylim(0, 110)
    ax.set_ylabel(f"{text('share')} (%)")
    ax.set_title(text("plot_fulfilment") + note)
    return fig


def _no_data(fig: Figure, ax: Axes, title: str, message: str) -> Figure:
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return fig


def _cmap(name: str) -> Colormap:
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad="#dddddd")
