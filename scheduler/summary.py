"""A readable terminal summary of a solved schedule (rich), and a live progress line.

What a planner wants to see right after ``trainshare solve``: did it work (status,
objective against the bound), is it fair (fulfilled share per institution, worst
first), what is missing and why (unmet requests by reason), and how the shared
resources are used (busiest and idlest, by utilisation = used slot-hours / available
slot-hours). All numbers are recomputed from the documents by
:func:`scheduler.evaluate.evaluate`, so the summary never trusts the solver's word.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import Console
from rich.live import Live
from rich.panel import Panel
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from scheduler.calendar import CalendarIndex
from scheduler.evaluate import evaluate, share_text
from scheduler.models import ResourceKind, Scenario, Schedule

STATUS_STYLE = {
    "optimal": "bold green",
    "feasible": "bold green",
    "infeasible": "bold red",
    "unknown": "bold yellow",
}


@dataclass(frozen=True, slots=True)
class Utilisation:
    """Busy and available slot-hours of one lab, workshop or training base."""

    resource: str
    kind: str
    used_hours: float
    available_hours: float

    @property
    def share(self) -> float:
        """Busy over available hours; 0 for a resource that offers no hour."""
        return self.used_hours / self.available_hours if self.available_hours else 0.0


def resource_utilisation(scenario: Scenario, schedule: Schedule) -> list[Utilisation]:
    """Labs, workshops and training bases: slot-hours with a session over available ones.

    A slot counts once however many sessions share it; available slot-hours are the
    resource's ``available`` windows on open days. Internship posts are left out (they
    count places per week, not hours).
    """
    cal = CalendarIndex.from_calendar(scenario.calendar)
    hours = scenario.calendar.slot_minutes / 60
    used: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(cal.n_slots, dtype=bool))
    for s in schedule.sessions:
        if not (1 <= s.week <= cal.n_weeks and 1 <= s.day <= cal.days_per_week):
            continue
        t = cal.slot(s.week, s.day, s.slot)
        for p in s.parts:
            used[p.resource][t : t + s.duration] = True
    open_slots = cal.open_slots()
    out = []
    for r in scenario.resources:
        if r.kind is ResourceKind.INTERNSHIP_POST:
            continue
        avail = cal.window_mask(r.available) & open_slots
        busy = used[r.id] & avail if r.id in used else np.zeros(cal.n_slots, dtype=bool)
        out.append(
            Utilisation(r.id, str(r.kind), float(busy.sum()) * hours, float(avail.sum()) * hours)
        )
    return out


def render_summary(
    scenario: Scenario,
    schedule: Schedule,
    console: Console,
    *,
    top: int = 5,
    messages: int = 3,
    lang: str = "en",
) -> None:
    """Print status, objective, fulfilment per institution, unmet reasons, resource use,
    in ``lang`` (``en`` or ``zh``: the words and the explanations of unmet requests)."""
    ev = evaluate(scenario, schedule)
    console.print(_headline(scenario, schedule, ev.objective, lang))
    if schedule.conflicts:
        for c in schedule.conflicts:
            console.print(
                Text.assemble(
                    (_label("cli_conflict", lang) + " ", "bold red"),
                    ", ".join(c.items),
                    ": ",
                    c.text(lang),
                )
            )

    shares = Table(title=_label("cli_shares", lang), title_justify="left")
    shares.add_column(_label("cli_institution", lang))
    shares.add_column(_label("cli_fulfilled", lang), justify="right")
    shares.add_column(_label("cli_demanded", lang), justify="right")
    shares.add_column(_label("cli_share", lang), justify="right")
    for inst in sorted(ev.shares, key=lambda i: (ev.shares[i], i)):
        share = ev.shares[inst]
        style = "green" if share >= 0.999 else ("yellow" if share >= 0.8 else "red")
        shares.add_row(
            inst,
            str(ev.fulfilled_by_institution.get(inst, 0)),
            str(ev.demanded_units.get(inst, 0)),
            Text(share_text(share, ev.demanded_units.get(inst, 0)), style=style),
        )
    console.print(shares)

    if schedule.unmet:
        unmet = Table(title=_label("cli_unmet_title", lang), title_justify="left")
        unmet.add_column(_label("cli_reason", lang))
        unmet.add_column(_label("cli_requests", lang), justify="right")
        unmet.add_column(_label("cli_missing", lang), justify="right")
        unmet.add_column(_label("cli_messages", lang))
        by_reason: dict[str, list[Any]] = defaultdict(list)
        for u in schedule.unmet:
            by_reason[str(u.reason)].append(u)
        for reason, items in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines = [f"{u.request}: {u.text(lang)}" for u in items[:messages]]
            if len(items) > messages:
                lines.append(_label("cli_more", lang, n=len(items) - messages))
            unmet.add_row(
                _reason(reason, lang),
                str(len(items)),
                str(sum(u.missing for u in items)),
                "\n".join(lines),
            )
        console.print(unmet)
    else:
        console.print(Text(_label("cli_all_met", lang), style="green"))

    util = [u for u in resource_utilisation(scenario, schedule) if u.available_hours > 0]
    if util:
        ranked = sorted(util, key=lambda u: (-u.share, u.resource))
        table = Table(title=_label("cli_util_title", lang), title_justify="left")
        table.add_column("")
        table.add_column(_label("cli_resource", lang), overflow="fold")
        table.add_column(_label("cli_kind", lang))
        table.add_column(_label("cli_used_h", lang), justify="right")
        table.add_column(_label("cli_available_h", lang), justify="right")
        table.add_column(_label("cli_utilisation", lang), justify="right")
        n = min(top, (len(ranked) + 1) // 2)
        busiest = ranked[:n]
        idlest = [u for u in reversed(ranked) if u not in busiest][:n]
        for key, rows in (("busiest", busiest), ("idlest", idlest)):
            for k, use in enumerate(rows):
                table.add_row(
                    _label(f"cli_{key}", lang) if k == 0 else "",
                    use.resource,
                    use.kind if lang == "en" else _label(use.kind, lang),
                    f"{use.used_hours:.1f}",
                    f"{use.available_hours:.1f}",
                    f"{use.share:.1%}",
                )
        console.print(table)


def _headline(scenario: Scenario, schedule: Schedule, objective: int, lang: str) -> Panel:
    status = str(schedule.status)
    shown = status if lang == "en" else _bracketed(_label(f"status_{status}", lang), status, lang)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(_label("cli_status", lang), Text(shown, style=STATUS_STYLE.get(status, "bold")))
    grid.add_row(_label("cli_solver", lang), schedule.solver or "-")
    # as the schedule and its report: none stated (nothing scheduled), none shown
    stated = schedule.objective is not None
    grid.add_row(_label("cli_objective", lang), f"{objective:,}" if stated else "-")
    if schedule.bound is not None:
        bound = f"{schedule.bound:,.0f}"
        if schedule.solver == "greedy":
            # greedy proves nothing: its gap reads against all demand met at no cost
            bound += " " + _label("cli_trivial_bound", lang)
        grid.add_row(_label("cli_bound", lang), bound)
    if schedule.gap is not None:
        grid.add_row(_label("cli_gap", lang), f"{schedule.gap:.2%}")
    grid.add_row(
        _label("cli_time", lang), _label("cli_seconds", lang, s=f"{schedule.solve_seconds:.2f}")
    )
    sessions = len(schedule.sessions)
    placed = len({p.request for p in schedule.placements})
    grid.add_row(
        _label("cli_scheduled", lang),
        _label("cli_scheduled_value", lang, sessions=sessions, placed=placed),
    )
    counts = Counter(str(u.reason) for u in schedule.unmet)
    grid.add_row(
        _label("cli_unmet", lang),
        ("、" if lang == "zh" else ", ").join(
            f"{n} {_reason(r, lang)}" for r, n in counts.most_common()
        )
        if counts
        else _label("none", lang),
    )
    return Panel(grid, title=f"[bold]{scenario.name}[/bold]", expand=False)


def _reason(code: str, lang: str) -> str:
    """A reason code as the summary shows it: the code in English, words and code in Chinese
    (in full-width brackets, as the rest of a Chinese line)."""
    return code if lang == "en" else _bracketed(_label(f"reason_{code}", lang), code, lang)


def _bracketed(text: str, inner: str, lang: str) -> str:
    """:func:`scheduler.reports.labels.bracketed`, imported late as :func:`_label` is."""
    from scheduler.reports.labels import bracketed

    return bracketed(text, inner, lang)


def _label(key: str, lang: str, **facts: object) -> str:
    """The label ``key`` of :mod:`scheduler.reports.labels` in ``lang``, ``facts`` filled in.

    Imported here rather than at the top: the report package pulls in matplotlib, and
    this module's progress line is shown before any summary is.
    """
    from scheduler.reports.labels import fill, label

    text = label(key, lang)
    return fill(text, **facts) if facts else text


class LiveProgress:
    """A live line (spinner, objective, bound, gap, elapsed) fed by solver progress reports.

    Use as a context manager and pass the instance as the ``progress`` callback; it
    accepts any object with ``objective``, ``bound``, ``gap`` and ``elapsed``. The line
    re-renders four times a second, so the clock runs between reports.
    """

    def __init__(self, console: Console, label: str) -> None:
        self.console = console
        self.label = label
        self.began = time.perf_counter()
        self.last: Any = None
        self.reports = 0
        self._spinner = Spinner("dots")
        self._live = Live(self, console=console, refresh_per_second=4, transient=True)

    def __enter__(self) -> LiveProgress:
        self._live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._live.__exit__(*exc)

    def __call__(self, progress: Any) -> None:
        self.last = progress
        self.reports += 1

    def line(self) -> str:
        """The live line's text: label, the last report's objective, bound and gap when known, and
        the seconds since the start (so the clock runs between reports).
        """
        parts = [self.label]
        p = self.last
        if p is not None:
            if p.objective is not None:
                parts.append(f"objective {p.objective:,.0f}")
            if p.bound is not None:
                parts.append(f"bound {p.bound:,.0f}")
            if p.gap is not None:
                parts.append(f"gap {p.gap:.2%}")
        parts.append(f"{time.perf_counter() - self.began:.1f} s")
        return "  ".join(parts)

    def __rich__(self) -> Spinner:
        self._spinner.update(text=Text(self.line()))
        return self._spinner
