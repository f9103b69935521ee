"""Metrics laid out as titled tables of formatted text, in one language.

Markdown and HTML render the same :class:`Section` list, so the two documents show
the same rows in the same order; only the markup differs. Numbers are formatted
here (percentages, one decimal for hours) and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from scheduler.evaluate import share_text
from scheduler.reports.labels import label, reason_label, status_text
from scheduler.reports.records import ReportMetrics


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
    values: Mapping[str, float], names: dict[str, str], fmt: Callable[[float], str] = num
) -> str:
    items = sorted(values.items(), key=lambda kv: -kv[1])
    return "; ".join(f"{names.get(k, k)} {fmt(v)}" for k, v in items if v) or "-"


def _reason_cell(reason: str, lang: str) -> str:
    """The reason's label, with its code when the label does not already say it."""
    text = reason_label(reason, lang)
    return text + (f" ({reason})" if reason and text != reason else "")


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


def _summary_section(m: ReportMetrics, lang: str) -> Section:
    """Headline figures of the whole schedule, one per row."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    s = m.summary
    worst = (
        f"{pct(s.worst_share)} ({names.get(s.worst_institution, s.worst_institution)})"
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
    fulfilment = Table(
        columns=[
            L("institution"),
            L("kind"),
            L("requests"),
            L("sessions_requested"),
            L("sessions_granted"),
            L("person_hours_requested"),
            L("person_hours_granted"),
            L("interns_requested"),
            L("interns_placed"),
            L("share"),
        ],
        rows=[
            [
                f.name,
                L(f.kind),
                str(f.requests),
                str(f.sessions_requested),
                str(f.sessions_granted),
                num(f.person_hours_requested),
                num(f.person_hours_granted),
                str(f.internship_people_requested),
                str(f.internship_people_placed),
                share_text(f.share, f.demand_units),
            ]
            for f in m.institutions
        ],
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
    conflicts = Table(
        columns=[L("conflict_items"), L("message")],
        rows=[["; ".join(c.ids), c.text(lang)] for c in m.conflicts],
    )
    return Section("conflicts", L("conflicts"), [conflicts], [L(conflicts_note)])


def _unmet_section(m: ReportMetrics, lang: str) -> Section:
    """Each unmet request once (a joint one under all its institutions), with its reason."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    unmet_rows = []
    seen = set()
    for f in m.institutions:
        for u in f.unmet:
            if u.request in seen:
                continue
            seen.add(u.request)
            unmet_rows.append(
                [
                    "; ".join(names.get(i, i) for i in u.institutions),
                    u.request,
                    u.title or "-",
                    "; ".join(names.get(c, c) for c in u.cohorts),
                    f"{u.missing} {L('unit_' + u.unit)}",
                    _reason_cell(u.reason, lang),
                    u.text(lang) or "-",
                ]
            )
    unmet = Table(
        columns=[
            L("institutions"),
            L("request"),
            L("title"),
            L("cohorts"),
            L("missing"),
            L("reason"),
            L("message"),
        ],
        rows=unmet_rows,
    )
    return Section("unmet", L("unmet"), [unmet])


def _utilisation_section(m: ReportMetrics, lang: str) -> Section:
    """Resource utilisation overall and per week, and who used each resource."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    utilisation = Table(
        columns=[
            L("resource"),
            L("kind"),
            L("owner"),
            L("capacity"),
            L("available"),
            L("used"),
            L("util"),
            L("seat_util"),
            L("parts"),
            L("person_hours"),
            L("non_owner_share"),
        ],
        rows=[
            [
                r.name,
                L(r.kind),
                names.get(r.owner, r.owner),
                str(r.capacity),
                f"{num(r.available)} {L('unit_' + r.unit)}",
                num(r.used),
                # a resource never available has no share to show (nor in the mean)
                pct(r.utilisation if r.available > 0 else None),
                pct(r.seat_utilisation if r.available > 0 else None),
                str(r.sessions),
                num(r.person_hours),
                pct(r.non_owner_share),
            ]
            for r in m.resources
        ],
    )
    weekly = Table(
        title=L("utilisation_weekly"),
        columns=[L("resource")] + [str(w) for w in m.weeks],
        rows=[[r.name] + [pct(v) for v in r.by_week] for r in m.resources],
    )
    users = Table(
        title=L("resource_users"),
        columns=[L("resource"), L("owner"), L("users")],
        rows=[
            [r.name, names.get(r.owner, r.owner), _by(r.person_hours_by_institution, names)]
            for r in m.resources
        ],
    )
    return Section(
        "utilisation", L("utilisation"), [utilisation, weekly, users], [L("note_utilisation")]
    )


def _sharing_section(m: ReportMetrics, lang: str) -> Section:
    """The user x owner matrices of person-hours (with totals and shares) and sessions."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    sh = m.sharing
    n = len(sh.institutions)
    sharing_rows = []
    for k, user in enumerate(sh.institutions):
        row_total = sum(sh.total[k])
        sharing_rows.append(
            [names.get(user, user)]
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
    sharing = Table(
        columns=[L("user_owner")]
        + [names.get(i, i) for i in sh.institutions]
        + [L("total"), L("borrowed")],
        rows=sharing_rows,
    )
    sharing_sessions = Table(
        title=L("sharing_sessions"),
        columns=[L("user_owner")] + [names.get(i, i) for i in sh.institutions] + [L("total")],
        rows=[
            [names.get(user, user)] + [num(v) for v in sh.sessions[k]] + [num(sum(sh.sessions[k]))]
            for k, user in enumerate(sh.institutions)
        ],
    )
    return Section("sharing", L("sharing"), [sharing, sharing_sessions], [L("note_sharing")])


def _trainees_section(m: ReportMetrics, lang: str) -> Section:
    """Trainee person-hours and person-times per institution and per cohort."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    trainee_inst = Table(
        columns=[
            L("institution"),
            L("groups"),
            L("trainees_n"),
            L("sessions"),
            L("person_hours"),
            L("person_times"),
        ],
        rows=[
            [
                t.name,
                str(t.cohorts),
                str(t.trainees),
                str(t.sessions),
                num(t.person_hours),
                str(t.person_times),
            ]
            for t in m.trainee_institutions
        ],
    )
    trainee_cohorts = Table(
        title=L("trainee_cohorts"),
        columns=[
            L("cohort"),
            L("institution"),
            L("size"),
            L("sessions"),
            L("person_hours"),
            L("person_times"),
            L("intern_weeks"),
        ],
        rows=[
            [
                t.name,
                names.get(t.institution, t.institution),
                str(t.size),
                str(t.sessions),
                num(t.person_hours),
                str(t.person_times),
                str(t.internship_person_weeks),
            ]
            for t in m.trainees
        ],
    )
    return Section("trainees", L("trainees"), [trainee_inst, trainee_cohorts])


def _internship_hosts_section(m: ReportMetrics, lang: str) -> Section:
    """Internship posts filled per host."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    hosts = Table(
        columns=[
            L("institution"),
            L("kind"),
            L("posts"),
            L("places"),
            L("posts_used"),
            L("interns_placed"),
            L("intern_weeks"),
            L("place_weeks"),
            L("util"),
            L("from_institutions"),
        ],
        rows=[
            [
                h.name,
                L(h.kind),
                str(h.posts),
                str(h.places_per_week),
                str(h.posts_used),
                str(h.interns_placed),
                str(h.intern_weeks),
                str(h.place_weeks_available),
                pct(h.utilisation),
                _by(h.interns_by_institution, names, fmt=str),
            ]
            for h in m.internship_hosts
        ],
    )
    return Section("internship_hosts", L("internship_hosts"), [hosts])


def _instructors_section(m: ReportMetrics, lang: str) -> Section:
    """Instructor load and cross-institution teaching."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    instructors = Table(
        columns=[
            L("instructor"),
            L("institution"),
            L("parts"),
            L("slots"),
            L("hours"),
            L("busiest_week"),
            L("cross_parts"),
            L("cross_hours"),
            L("taught"),
        ],
        rows=[
            [
                i.name,
                names.get(i.institution, i.institution),
                str(i.parts),
                str(i.slots),
                num(i.hours),
                f"{i.busiest_week_slots} / "
                + ("-" if i.max_slots_per_week is None else str(i.max_slots_per_week)),
                str(i.cross_institution_parts),
                num(i.cross_institution_hours),
                _by(i.hours_by_institution, names),
            ]
            for i in m.instructors
        ],
    )
    return Section("instructors", L("instructors"), [instructors], [L("note_cross")])


def _travel_section(m: ReportMetrics, lang: str) -> Section:
    """Travel of cohorts between sites."""
    L = _labels(lang)  # noqa: N806
    names = m.names
    travel = Table(
        columns=[
            L("cohort"),
            L("institution"),
            L("home_site"),
            L("sessions"),
            L("sessions_away"),
            L("travel_minutes"),
            L("farthest_trip"),
            L("days_at_two_sites"),
        ],
        rows=[
            [
                t.name,
                names.get(t.institution, t.institution),
                t.home_site_name,
                str(t.sessions),
                str(t.sessions_away),
                str(t.travel_minutes),
                f"{t.farthest_site_name}, {t.farthest_minutes} min" if t.farthest_site else "-",
                str(t.days_at_two_sites),
            ]
            for t in m.travel
        ],
    )
    return Section("travel", L("travel"), [travel], [L("note_travel")])
