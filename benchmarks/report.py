"""A suite's results as files: JSON, a Markdown table and the plots.

Formatting only: nothing here solves or measures, so tables can be re-rendered from the
records of an earlier run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.records import RunRecord


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value == int(value):
            return f"{value:.0f}"
        text = f"{value:.{digits}f}"
        # trailing zeros of the decimals only: 1299.9 at 0 digits is "1300", not "13"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _gap(value: float | None) -> str:
    """The gap at 4 decimals; one that rounds to 0 but is not 0 says so: a table read
    '0' (proven optimal, as the README reads it) for comp01's 5 against a bound of 4 in
    160,000 (an analyst's audit)."""
    if value is not None and 0 < value < 0.00005:
        return "<0.0001"
    return _fmt(value, 4)


def markdown_table(records: Iterable[RunRecord], suite: str) -> str:
    """The results as a Markdown table (one row per run)."""
    columns = _ITC_COLUMNS if suite == "itc2007" else _TIER_COLUMNS
    head = [name for name, _ in columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(r) for _, cell in columns) + " |" for r in records]
    return "\n".join(lines) + "\n"


def _unmet_cell(r: RunRecord) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(r.unmet_by_reason.items())) or "-"


Column = tuple[str, Callable[[RunRecord], str]]

#: The answer against its bound, in both tables.
_SOLVE_COLUMNS: list[Column] = [
    ("objective", lambda r: _fmt(r.objective)),
    ("bound", lambda r: _fmt(r.bound)),
    ("gap", lambda r: _gap(r.gap)),
]
#: What every table ends with: how the solve ran, and the checker's verdict.
_RUN_COLUMNS: list[Column] = [
    ("first (s)", lambda r: _fmt(r.first_solution_seconds, 1)),
    ("wall (s)", lambda r: _fmt(r.wall_seconds, 1)),
    ("peak MiB", lambda r: _fmt(r.peak_rss_mib, 0)),
    ("checker", lambda r: _checker(r)),
]
_ITC_COLUMNS: list[Column] = [
    ("instance", lambda r: r.scenario),
    ("solver", lambda r: _solver_cell(r)),
    ("UD2 cost", lambda r: _fmt(r.ud2_cost)),
    ("hard", lambda r: _fmt(r.hard_violations)),
    ("best known", lambda r: _fmt(r.best_known)),
    ("winner avg", lambda r: _fmt(r.winner_average)),
    ("cost / best", lambda r: _cost_ratio(r)),
    *_SOLVE_COLUMNS,
    *_RUN_COLUMNS,
]
_TIER_COLUMNS: list[Column] = [
    ("scenario", lambda r: r.scenario),
    ("solver", lambda r: _solver_cell(r)),
    *_SOLVE_COLUMNS,
    ("fulfilled", lambda r: _fmt(r.fulfilled_share)),
    ("worst inst.", lambda r: _fmt(r.worst_share)),
    ("unmet by reason", _unmet_cell),
    ("vs greedy", lambda r: _fmt(r.ratio_vs_greedy, 3)),
    *_RUN_COLUMNS,
]


def _solver_cell(r: RunRecord) -> str:
    notes = [f"{r.returned}'s answer"] if r.returned and r.returned != r.solver else []
    if r.wall_cut:  # its --work-limit did not decide: another run may differ
        notes.append("wall cut")
    return f"{r.solver} ({', '.join(notes)})" if notes else r.solver


def _cost_ratio(r: RunRecord) -> str:
    """UD2 cost over the best known; none for a timetable with hard violations, whose
    soft cost means nothing (a greedy row read 226.4)."""
    if r.ud2_cost is None or not r.best_known or r.hard_violations:
        return "-"
    return _fmt(r.ud2_cost / r.best_known, 2)


def _checker(r: RunRecord) -> str:
    if r.error:
        return f"error: {r.error}"
    if r.checker_ok is None:
        return "-"
    return "ok" if r.checker_ok else f"{r.violations} violation(s)"


def write_results(
    records: Sequence[RunRecord], out_dir: Path, suite: str, meta: dict[str, Any]
) -> dict[str, Path]:
    """``<suite>.json``, ``<suite>.md`` and the PNG plots under ``out_dir``."""
    from benchmarks import plots

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / f"{suite}.json", "markdown": out_dir / f"{suite}.md"}
    paths["json"].write_text(
        json.dumps({"meta": meta, "runs": [asdict(r) for r in records]}, indent=1) + "\n"
    )
    title = f"# Benchmark `{suite}`\n\n" + "".join(f"- {k}: {v}\n" for k, v in meta.items())
    paths["markdown"].write_text(title + "\n" + markdown_table(records, suite))
    paths.update(plots.plot_all(records, out_dir, suite))
    return paths
