"""PNG plots of a benchmark run (matplotlib, Agg backend: no display needed).

- ``<suite>-trace.png``: per scenario, CP-SAT's objective and bound over time with the
  greedy answer as a flat line. The objective line is the best schedule found so far,
  never below greedy's, which the solver holds before it searches (the trace reports
  each phase's own search, which may start below that), and ends at the answer's
  objective; the dashed bound line keeps only the search's reports that can bound the
  answer (none below its objective), and a flat line gives the bound the answer
  reports (the search's or the time-indexed relaxation's). An analyst's audit found a
  bound line below the answer, and one equal to the objective throughout where the
  bound was unknown. For ITC-2007 the axis is the UD2 cost implied by the objective
  (``1000 x lectures - objective``, so lower is better and the bound becomes a lower
  bound on the cost), with the best known and the winner's average.
- ``<suite>-fulfilled.png`` (tiers): fulfilled share of demand, greedy vs CP-SAT, per
  tier (mean over seeds).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from benchmarks.records import RunRecord


def plot_all(records: Sequence[RunRecord], out_dir: Path, suite: str) -> dict[str, Path]:
    """Draw a run's plots into ``out_dir``: the trace plot, and the fulfilled-share bars for
    the tiers; returns ``{kind: path}`` of the plots drawn (one with no data is skipped).
    """
    paths: dict[str, Path] = {}
    trace = plot_traces(records, out_dir / f"{suite}-trace.png", itc=suite == "itc2007")
    if trace is not None:
        paths["trace_plot"] = trace
    if suite == "tiers":
        fulfilled = plot_fulfilled(records, out_dir / f"{suite}-fulfilled.png")
        if fulfilled is not None:
            paths["fulfilled_plot"] = fulfilled
    return paths


def _lectures(r: RunRecord) -> int | None:
    """Lectures of an ITC run, recovered from objective and cost (objective = 1000 L - cost)."""
    if r.ud2_cost is None or r.objective is None or r.hard_violations:
        return None
    return round((r.objective + r.ud2_cost) / 1000)


def _floor(cost_bound: float | None, itc: bool) -> float | None:
    """A UD2 cost is never negative: a bound that implies less says nothing more than 0."""
    if cost_bound is None or not itc:
        return cost_bound
    return max(0.0, cost_bound)


def plot_traces(records: Sequence[RunRecord], path: Path, itc: bool = False) -> Path | None:
    """Objective and bound over time per scenario (see the module docstring), as UD2 cost
    when ``itc``; ``None`` when no run has a trace.
    """
    by_scenario: dict[str, dict[str, RunRecord]] = defaultdict(dict)
    for r in records:
        by_scenario[r.scenario][r.solver] = r
    names = [n for n, runs in by_scenario.items() if any(x.trace for x in runs.values())]
    if not names:
        return None
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.6 * rows), squeeze=False)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, names, strict=False):
        runs = by_scenario[name]
        lectures = next((x for x in map(_lectures, runs.values()) if x is not None), None)

        def shown(v: float | None, lectures: int | None = lectures) -> float | None:
            if v is None:
                return None
            return 1000 * lectures - v if itc and lectures is not None else v

        for solver, r in runs.items():
            pts = [(t, shown(o), _floor(shown(b), itc)) for t, o, b in r.trace if t is not None]
            if r.error:
                ax.plot([], [], " ", label=f"{solver}: no answer")
                continue
            if solver != "greedy" and not pts and r.returned and r.returned != solver:
                ax.plot([], [], " ", label=f"{solver}: none better than {r.returned}'s")
                continue
            if solver == "greedy" or not pts:
                value = shown(r.objective)
                if itc and r.hard_violations:
                    # lectures missing: its "cost" is mostly 1000 per missing lecture
                    ax.plot([], [], " ", label=f"{solver}: {r.hard_violations} hard violation(s)")
                elif value is not None:
                    ax.axhline(value, color="tab:gray", linestyle=":", label=f"{solver}")
                continue
            greedy = runs.get("greedy")
            counts = greedy is not None and not greedy.error and not greedy.hard_violations
            held = shown(greedy.objective) if counts and greedy is not None else None
            obj, bnd = _best_so_far(pts, r, shown, itc, held)
            if obj:
                ax.step(
                    *zip(*obj, strict=True),
                    where="post",
                    color="tab:blue",
                    label=f"{solver} objective",
                )
            if bnd:
                ax.step(
                    *zip(*bnd, strict=True),
                    where="post",
                    color="tab:orange",
                    linestyle="--",
                    label=f"{solver} bound (search)",
                )
            reported = _floor(shown(r.bound), itc)
            if reported is not None:
                # the answer's bound: the search's or the time-indexed relaxation's
                ax.axhline(
                    reported, color="tab:orange", linestyle="-.", linewidth=0.8,
                    label=f"{solver} bound (reported)",
                )  # fmt: skip
        if itc:
            r0 = next(iter(runs.values()))
            if r0.best_known is not None:
                ax.axhline(r0.best_known, color="tab:green", linewidth=0.8, label="best known")
            if r0.winner_average is not None:
                ax.axhline(r0.winner_average, color="tab:red", linewidth=0.8, label="winner avg")
            ax.set_ylabel("UD2 cost (symlog)" if lectures is not None else "objective")
            if lectures is not None:
                ax.set_yscale("symlog", linthresh=10)
                ax.set_ylim(bottom=0)
        else:
            ax.set_ylabel("objective (max)")
        ends = [t for r in runs.values() for t, *_ in r.trace if t is not None]
        limit = max((r.time_limit for r in runs.values()), default=1.0)
        ax.set_xlim(0, max([limit, *ends]))
        ax.set_title(name)
        ax.set_xlabel("seconds")
        ax.legend(fontsize=7)
    return _save(fig, path)


def _best_so_far(
    pts: list[tuple[float, float | None, float | None]],
    r: RunRecord,
    shown: Callable[[float | None], float | None],
    itc: bool,
    held: float | None = None,
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The objective as the best found so far (from ``held``, greedy's answer, which the
    solver holds before its search starts), ending at the answer's objective, and the
    bound reports that can bound the answer (``pts`` are shown values: costs for
    ITC-2007, where lower is better)."""
    better = min if itc else max
    final_obj = shown(r.objective)
    end = max([r.wall_seconds or 0.0, *(t for t, *_ in pts)])
    obj: list[tuple[float, float]] = []
    for t, o, _ in pts:
        if o is not None:
            best = o if held is None else better(held, o)
            obj.append((t, best if not obj else better(obj[-1][1], best)))
    if final_obj is not None:
        obj.append((end, final_obj if not obj else better(obj[-1][1], final_obj)))
    bnd: list[tuple[float, float]] = []
    for t, _, b in pts:
        if b is None or final_obj is None:
            continue
        if (b < final_obj) if not itc else (b > final_obj):
            continue  # not a bound of the answer: a phase's own model
        bnd.append((t, b if not bnd else (min if not itc else max)(bnd[-1][1], b)))
    return obj, bnd


def plot_fulfilled(records: Sequence[RunRecord], path: Path) -> Path | None:
    """Mean fulfilled share per tier and solver; ``None`` when no run has one. A tier a
    solver gave no answer on is labelled 'no answer', not read as a share of 0.
    """
    shares: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in records:
        if r.tier is not None and r.fulfilled_share is not None:
            shares[(r.tier, r.solver)].append(r.fulfilled_share)
    if not shares:
        return None
    order = {"S": 0, "M": 1, "L": 2}
    tiers = sorted({t for t, _ in shares}, key=lambda t: (order.get(t, 9), t))
    solvers = sorted({s for _, s in shares}, key=lambda s: (s != "greedy", s))
    width = 0.8 / len(solvers)
    fig, ax = plt.subplots(figsize=(1.8 + 1.6 * len(tiers), 3.6))
    for k, solver in enumerate(solvers):
        xs = [i + (k - (len(solvers) - 1) / 2) * width for i in range(len(tiers))]
        ys = [sum(v) / len(v) if (v := shares.get((t, solver))) else math.nan for t in tiers]
        bars = ax.bar(xs, [0.0 if math.isnan(y) else y for y in ys], width, label=solver)
        # a run without an answer is "no answer", not a share of 0
        ax.bar_label(
            bars, labels=["no answer" if math.isnan(y) else f"{y:.2f}" for y in ys], fontsize=7
        )
    ax.set_xticks(range(len(tiers)), [f"tier {t}" for t in tiers])
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("fulfilled share of demand")
    ax.legend(fontsize=8)
    return _save(fig, path)


def _save(fig: Figure, path: Path) -> Path:
    """Lay out, write (creating the folder) and close ``fig``: every chart at one resolution."""
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
