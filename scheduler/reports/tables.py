"""Metrics laid out as titled tables of formatted text, in one language.

Markdown and HTML render the same :class:`Section` list, so the two documents show
the same rows in the same order; only the markup differs. Numbers are formatted
here (percentages, one decimal for hours) and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from scheduler.evaluate import share_text
from scheduler.reports.labels import bracketed, counted, label, reason_label, status_text
from scheduler.reports.records import ReportMetrics, UnmetItem

T = TypeVar("T")


@dataclass
class Table:
    """One table of formatted text: column headers, rows, an optional title."""

    columns: list[str]
    rows: list[list[str]]
    title: str = ""


@dataclass
class Section:
    """A titled part of the report; ``key`` is its stable name (the HTML anchor)."""

    key: str
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


def pct(value: float | None) -> str:
    """``0.4567`` -> ``45.7%``; ``None`` (nothing available) -> ``-``."""
    return "-" if value is None else f"{100 * value:.1f}%"


def num(value: float) -> str:
    """Hours and other measures: integers plain, the rest with one decimal.

    Judged after rounding: hours of 100-minute slots add up to 1619.9999..., shown 1620.
    """
    shown = round(float(value), 1) + 0.0  # + 0.0: -0.0 reads 0
    return f"{shown:.0f}" if shown.is_integer() else f"{shown:.1f}"


def _by(
    values: Mapping[str, float], name: Callable[[str], str], fmt: Callable[[float], str] = num
) -> str:
    items = sorted(values.items(), key=lambda kv: -kv[1])
    return "; ".join(f"{name(k)} {fmt(v)}" for k, v in items if v) or "-"


def _reason_cell(reason: str, lang: str) -> str:
    """The reason's label, with its code when the label does not already say it."""
    text = reason_label(reason, lang)
    return bracketed(text, reason, lang) if reason and text != reason else text


def build_sections(m: ReportMetrics, lang: str = "zh") -> list[Section]:
    """The report's sections in reading order (conflicts only when the answer has some)."""
    return [
        _summary_section(m, lang),
        _fulfilment_section(m, lang),
        *([_conflicts_section(m, lang)] if m.conflicts else []),
        _unmet_section(m, lang),
        _utilisation_section(m, lang),
        _sharing_section(m, lang),
        _trainees_section(m, lang),
        _internship_hosts_section(m, lang),
        _instructors_section(m, lang),
        _travel_section(m, lang),
    ]


def _labels(lang: str) -> Callable[[str], str]:
    """:func:`label` in ``lang``. Each section builder binds it to ``L``: short on purpose, it is
    called for every header and label cell.
    """
    return partial(label, lang=lang)


def _table(
    L: Callable[[str], str],  # noqa: N803
    cols: Sequence[tuple[str, Callable[[T], str]]],
    items: Iterable[T],
    title: str = "",
) -> Table:
    """One row per item, one cell per column: each header key stands beside the cell it
    heads, so headers and cells cannot drift apart."""
    return Table(
        columns=[L(key) for key, _ in cols],
        rows=[[cell(item) for _, cell in cols] for item in items],
        title=title,
    )


def _namer(m: ReportMetrics) -> Callable[[str], str]:
    """An id's display name (the id itself when it has none)."""
    return lambda key: m.names.get(key, key)


def _summary_section(m: ReportMetrics, lang: str) -> Section:
    """Headline figures of the whole schedule, one per row."""
    L = _labels(lang)  # noqa: N806
    s = m.summary
    worst = (
        bracketed(pct(s.worst_share), _namer(m)(s.worst_institution), lang)
        if s.worst_institution
        else pct(s.worst_share)
    )
    summary = Table(
        columns=["", ""],
        rows=[
            [L("scenario"), s.scenario],
            [L("status"), status_text(s.status, s.solver, lang)],
            [L("objective"), "-" if s.objective is None else num(s.objective)],
            [L("slot_minutes"), str(s.slot_minutes)],
            [L("requests"), str(s.requests)],
            [L("sessions_requested"), str(s.sessions_requested)],
            [L("sessions_granted"), str(s.sessions_granted)],
            [L("person_hours_requested"), num(s.person_hours_requested)],
            [L("person_hours_granted"), num(s.person_hours_granted)],
            [L("interns_requested"), str(s.internship_people_requested)],
            [L("interns_placed"), str(s.internship_people_placed)],
            [L("unmet_requests"), str(s.unmet_requests)],
            [L("worst_share"), worst],
            [L("mean_utilisation"), pct(s.mean_utilisation)],
            [L("non_owner_share"), pct(s.non_owner_share)],
            [L("trainee_person_hours"), num(s.trainee_person_hours)],
            [L("trainee_person_times"), str(s.trainee_person_times)],
            [L("teaching_hours"), num(s.teaching_hours)],
            [L("cross_teaching_hours"), num(s.cross_institution_teaching_hours)],
        ],
    )
    return Section("summary", L("summary"), [summary])


def _fulfilment_section(m: ReportMetrics, lang: str) -> Section:
    """Requested against granted, per institution."""
    L = _labels(lang)  # noqa: N806
    fulfilment = _table(
        L,
        [
            ("institution", lambda f: f.name),
            ("kind", lambda f: L(f.kind)),
            ("requests", lambda f: str(f.requests)),
            ("sessions_requested", lambda f: str(f.sessions_requested)),
            ("sessions_granted", lambda f: str(f.sessions_granted)),
            ("person_hours_requested", lambda f: num(f.person_hours_requested)),
            ("person_hours_granted", lambda f: num(f.person_hours_granted)),
            ("interns_requested", lambda f: str(f.internship_people_requested)),
            ("interns_placed", lambda f: str(f.internship_people_placed)),
            ("share", lambda f: share_text(f.share, f.demand_units)),
        ],
        m.institutions,
    )
    return Section(
        "fulfilment",
        L("fulfilment"),
        [fulfilment],
        [L("note_person_hours"), L("note_joint_counts")],
    )


def _conflicts_section(m: ReportMetrics, lang: str) -> Section:
    """Why the required requests cannot all hold, one row per conflict."""
    L = _labels(lang)  # noqa: N806
    s = m.summary
    # an infeasible answer schedules what else fits (solver/cpsat/rest.py), unless nothing does
    held = s.sessions_granted or s.internship_people_placed
    conflicts_note = "note_conflicts" if held else "note_conflicts_nothing"
    conflicts = _table(
        L,
        [("conflict_items", lambda c: "; ".join(c.ids)), ("message", lambda c: c.text(lang))],
        m.conflicts,
    )
    return Section("conflicts", L("conflicts"), [conflicts], [L(conflicts_note)])


def _unmet_section(m: ReportMetrics, lang: str) -> Section:
    """Each unmet request once (a joint one under all its institutions), with its reason."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    unmet: dict[str, UnmetItem] = {}
    for f in m.institutions:
        for u in f.unmet:
            unmet.setdefault(u.request, u)
    table = _table(
        L,
        [
            ("institutions", lambda u: "; ".join(map(name, u.institutions))),
            ("request", lambda u: u.request),
            ("title", lambda u: u.title or "-"),
            ("cohorts", lambda u: "; ".join(map(name, u.cohorts))),
            ("missing", lambda u: counted(u.missing, u.unit, lang)),
            ("reason", lambda u: _reason_cell(u.reason, lang)),
            ("message", lambda u: u.text(lang) or "-"),
        ],
        unmet.values(),
    )
    return Section("unmet", L("unmet"), [table])


def _utilisation_section(m: ReportMetrics, lang: str) -> Section:
    """Resource utilisation overall and per week, and who used each resource."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    utilisation = _table(
        L,
        [
            ("resource", lambda r: r.name),
            ("kind", lambda r: L(r.kind)),
            ("owner", lambda r: name(r.owner)),
            ("capacity", lambda r: str(r.capacity)),
            ("available", lambda r: counted(r.available, r.unit, lang, num(r.available))),
            # in Chinese with its unit, as the available amount beside it ("9 小时" by
            # "54 小时"); English keeps the bare number it always had
            (
                "used",
                lambda r: (
                    counted(r.used, r.unit, lang, num(r.used)) if lang == "zh" else num(r.used)
                ),
            ),
            # a resource never available has no share to show (nor in the mean)
            ("util", lambda r: pct(r.utilisation if r.available > 0 else None)),
            ("seat_util", lambda r: pct(r.seat_utilisation if r.available > 0 else None)),
            ("parts", lambda r: str(r.sessions)),
            ("person_hours", lambda r: num(r.person_hours)),
            ("non_owner_share", lambda r: pct(r.non_owner_share)),
        ],
        m.resources,
    )
    weekly = Table(
        title=L("utilisation_weekly"),
        columns=[L("resource")] + [str(w) for w in m.weeks],
        rows=[[r.name] + [pct(v) for v in r.by_week] for r in m.resources],
    )
    users = _table(
        L,
        [
            ("resource", lambda r: r.name),
            ("owner", lambda r: name(r.owner)),
            ("users", lambda r: _by(r.person_hours_by_institution, name)),
        ],
        m.resources,
        title=L("resource_users"),
    )
    return Section(
        "utilisation", L("utilisation"), [utilisation, weekly, users], [L("note_utilisation")]
    )


def _sharing_section(m: ReportMetrics, lang: str) -> Section:
    """The user x owner matrices of person-hours (with totals and shares) and sessions."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    sh = m.sharing
    n = len(sh.institutions)
    sharing_rows = []
    for k, user in enumerate(sh.institutions):
        row_total = sum(sh.total[k])
        sharing_rows.append(
            [name(user)]
            + [num(v) for v in sh.total[k]]
            + [num(row_total), pct(sh.user_borrowed_share[user])]
        )
    sharing_rows.append(
        [L("total")]
        + [num(sum(sh.total[k][j] for k in range(n))) for j in range(n)]
        + [num(sum(map(sum, sh.total))), pct(sh.non_owner_share)]
    )
    sharing_rows.append(
        [L("lent")] + [pct(sh.owner_lent_share[o]) for o in sh.institutions] + ["", ""]
    )
    owners = [L("user_owner")] + [name(i) for i in sh.institutions]
    sharing = Table(columns=owners + [L("total"), L("borrowed")], rows=sharing_rows)
    sharing_sessions = Table(
        title=L("sharing_sessions"),
        columns=owners + [L("total")],
        rows=[
            [name(user)] + [num(v) for v in sh.sessions[k]] + [num(sum(sh.sessions[k]))]
            for k, user in enumerate(sh.institutions)
        ],
    )
    return Section("sharing", L("sharing"), [sharing, sharing_sessions], [L("note_sharing")])


def _trainees_section(m: ReportMetrics, lang: str) -> Section:
    """Trainee person-hours and person-times per institution and per cohort."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    trainee_inst = _table(
        L,
        [
            ("institution", lambda t: t.name),
            ("groups", lambda t: str(t.cohorts)),
            ("trainees_n", lambda t: str(t.trainees)),
            ("sessions", lambda t: str(t.sessions)),
            ("person_hours", lambda t: num(t.person_hours)),
            ("person_times", lambda t: str(t.person_times)),
        ],
        m.trainee_institutions,
    )
    trainee_cohorts = _table(
        L,
        [
            ("cohort", lambda t: t.name),
            ("institution", lambda t: name(t.institution)),
            ("size", lambda t: str(t.size)),
            ("sessions", lambda t: str(t.sessions)),
            ("person_hours", lambda t: num(t.person_hours)),
            ("person_times", lambda t: str(t.person_times)),
            ("intern_weeks", lambda t: str(t.internship_person_weeks)),
        ],
        m.trainees,
        title=L("trainee_cohorts"),
    )
    return Section("trainees", L("trainees"), [trainee_inst, trainee_cohorts])


def _internship_hosts_section(m: ReportMetrics, lang: str) -> Section:
    """Internship posts filled per host."""
    L = _labels(lang)  # noqa: N806
    hosts = _table(
        L,
        [
            ("institution", lambda h: h.name),
            ("kind", lambda h: L(h.kind)),
            ("posts", lambda h: str(h.posts)),
            ("places", lambda h: str(h.places_per_week)),
            ("posts_used", lambda h: str(h.posts_used)),
            ("interns_placed", lambda h: str(h.interns_placed)),
            ("intern_weeks", lambda h: str(h.intern_weeks)),
            ("place_weeks", lambda h: str(h.place_weeks_available)),
            ("util", lambda h: pct(h.utilisation)),
            ("from_institutions", lambda h: _by(h.interns_by_institution, _namer(m), fmt=str)),
        ],
        m.internship_hosts,
    )
    return Section("internship_hosts", L("internship_hosts"), [hosts])


def _instructors_section(m: ReportMetrics, lang: str) -> Section:
    """Instructor load and cross-institution teaching."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    instructors = _table(
        L,
        [
            ("instructor", lambda i: i.name),
            ("institution", lambda i: name(i.institution)),
            ("parts", lambda i: str(i.parts)),
            ("slots", lambda i: str(i.slots)),
            ("hours", lambda i: num(i.hours)),
            (
                "busiest_week",
                lambda i: (
                    f"{i.busiest_week_slots} / "
                    + ("-" if i.max_slots_per_week is None else str(i.max_slots_per_week))
                ),
            ),
            ("cross_parts", lambda i: str(i.cross_institution_parts)),
            ("cross_hours", lambda i: num(i.cross_institution_hours)),
            ("taught", lambda i: _by(i.hours_by_institution, name)),
        ],
        m.instructors,
    )
    return Section("instructors", L("instructors"), [instructors], [L("note_cross")])


def _travel_section(m: ReportMetrics, lang: str) -> Section:
    """Travel of cohorts between sites."""
    L = _labels(lang)  # noqa: N806
    name = _namer(m)
    travel = _table(
        L,
        [
            ("cohort", lambda t: t.name),
            ("institution", lambda t: name(t.institution)),
            ("home_site", lambda t: t.home_site_name),
            ("sessions", lambda t: str(t.sessions)),
            ("sessions_away", lambda t: str(t.sessions_away)),
            ("travel_minutes", lambda t: str(t.travel_minutes)),
            (
                "farthest_trip",
                lambda t: (
                    f"{t.farthest_site_name}, {t.farthest_minutes} min" if t.farthest_site else "-"
                ),
            ),
            ("days_at_two_sites", lambda t: str(t.days_at_two_sites)),
        ],
        m.travel,
    )
    return Section("travel", L("travel"), [travel], [L("note_travel")])
