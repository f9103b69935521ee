"""The panels beside the grid: utilisation heatmap, unmet list and conflicts.

Numbers come from :func:`scheduler.reports.metrics.compute_metrics` (the report's own
figures) for callers who see the whole schedule; an institution gets its own unmet
entries from its API view of the schedule, which the API has already redacted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.compose import OTHERS, OTHERS_IN
from api.web.grid import Lookup
from scheduler.models import localized
from scheduler.reports.records import ReportMetrics

#: Shades of the heatmap (CSS classes ``h0``..``h10``; no inline styles, so the page
#: works under a strict Content-Security-Policy).
SHADES = 10


@dataclass
class HeatCell:
    """One week of a heatmap row: 1-based week, utilisation as a fraction (None when the resource
    offers nothing that week) and its CSS shade.
    """

    week: int
    value: float | None  # None: the resource offers nothing that week
    shade: str  # CSS class


@dataclass
class HeatRow:
    """One resource's heatmap row: its utilisation over the term and week by week."""

    resource: str
    name: str
    kind: str
    utilisation: float
    cells: list[HeatCell]


def shade(value: float | None) -> str:
    """CSS class of a utilisation: ``na`` for none available, ``h0``..``h10`` by tenths."""
    if value is None:
        return "na"
    return f"h{min(SHADES, max(0, round(value * SHADES)))}"


def heatmap(metrics: ReportMetrics) -> list[HeatRow]:
    """Resource x week utilisation from the report metrics (internship posts included)."""
    return [
        HeatRow(
            resource=r.resource,
            name=r.name,
            kind=r.kind,
            utilisation=r.utilisation,
            cells=[HeatCell(w, v, shade(v)) for w, v in enumerate(r.by_week, start=1)],
        )
        for r in metrics.resources
    ]


@dataclass
class UnmetRow:
    """An unmet request as the page lists it: how much is missing (sessions or people), the reason
    code and its sentence.
    """

    request: str
    title: str
    cohorts: list[str]
    missing: int
    unit: str  # "sessions" | "people"
    reason: str  # code of docs/reasons.md ("" when none was given)
    message: str


def unmet_from_metrics(metrics: ReportMetrics, lang: str = "en") -> list[UnmetRow]:
    """Every unmet request once (a joint one is listed under each institution), its
    sentence in ``lang`` where the schedule has it."""
    seen: dict[str, UnmetRow] = {}
    for inst in metrics.institutions:
        for u in inst.unmet:
            seen.setdefault(
                u.request,
                UnmetRow(
                    u.request,
                    u.title or u.request,  # an untitled request by its id, as institutions see it
                    [metrics.names.get(c, c) for c in u.cohorts],
                    u.missing,
                    u.unit,
                    u.reason,
                    u.text(lang),
                ),
            )
    return list(seen.values())


def unmet_from_schedule(schedule: dict[str, Any], look: Lookup, lang: str = "en") -> list[UnmetRow]:
    """The ``unmet`` entries of a schedule view (an institution's own, redacted by the API;
    ``messages`` too), each sentence in ``lang`` where the schedule has it."""
    rows = []
    for u in schedule.get("unmet", []):
        request = look.requests.get(u["request"])
        internship = request is not None and request.get("kind") == "internship"
        rows.append(
            UnmetRow(
                u["request"],
                look.title(u["request"]),
                [look.cohort_name(c) for c in look.cohort_ids(request)] if request else [],
                u.get("missing", 0),
                "people" if internship else "sessions",
                u.get("reason", ""),
                localized(u.get("message", ""), u.get("messages"), lang),
            )
        )
    return rows


@dataclass
class OwnSummary:
    """What an institution was given, from its view of a schedule (the requests it holds
    are those of its cohorts, joint ones included): the planner's summary line is of the
    whole term, which an institution does not see."""

    sessions_granted: int
    sessions_requested: int
    internships_placed: int
    internships: int
    hosted_interns: int = 0  # other institutions' interns on its posts over the term


def own_summary(
    schedule: dict[str, Any], look: Lookup, hosted: frozenset[str] = frozenset()
) -> OwnSummary:
    """Sessions granted against asked, and internships placed against asked, over the
    requests of an institution's view (``look``) of ``schedule``; ``hosted`` requests
    (others' interns on its posts, :mod:`api.hosting`) are counted apart."""
    granted: dict[str, int] = {}
    for s in schedule.get("sessions", []):
        granted[s["request"]] = granted.get(s["request"], 0) + 1
    placed = {p["request"] for p in schedule.get("placements", [])}
    own = [r for r in look.requests.values() if r["id"] not in hosted]
    sessions = [r for r in own if r.get("kind", "sessions") == "sessions"]
    internships = [r["id"] for r in own if r.get("kind") == "internship"]
    return OwnSummary(
        sum(granted.get(r["id"], 0) for r in sessions),
        sum(r.get("sessions") or 0 for r in sessions),
        sum(1 for r in internships if r in placed),
        len(internships),
        sum(
            p.get("headcount", 0) for p in schedule.get("placements", []) if p["request"] in hosted
        ),
    )


def conflicts_of(schedule: dict[str, Any], lang: str = "en") -> list[str]:
    """The sentences of an infeasible answer's ``conflicts`` in ``lang`` where the schedule
    has them: what its unmet rows' "see conflicts" points to (an institution's view holds
    only those of its own items, redacted by the API)."""
    return [
        localized(c.get("message", ""), c.get("messages"), lang)
        for c in schedule.get("conflicts") or []
    ]


def seen_name(look: Lookup, table: dict[str, dict[str, Any]], key: str, lang: str) -> str:
    """``key``'s name in ``table``; one the reader's view hides (:data:`api.compose.OTHERS`,
    put in its place by the API's redaction) in the page's language, not the API's English."""
    return OTHERS_IN.get(lang, OTHERS) if key == OTHERS else look.name(table, key)


def placements_text(placements: list[dict[str, Any]], look: Lookup, lang: str) -> str:
    """Internship placements as the page says them: post, weeks, interns, listed with the
    language's comma (the host notices and the moves box alike); a post the reader's view
    hides in the page's language."""
    from api.web.i18n import t, weeks_span

    return ("、" if lang == "zh" else ", ").join(
        f"{seen_name(look, look.resources, p['resource'], lang)} "
        f"{weeks_span(p['first_week'], p['first_week'] + p['weeks'] - 1, lang)} "
        f"{t('people_n', lang, n=p['headcount'])}"
        for p in placements
    )


def host_notices(
    unmet: list[Any],
    moves: list[Any],
    look: Lookup,
    institutions: dict[str, str],
    lang: str,
) -> list[str]:
    """Sentences for a host (``api.hosting``): the internship demand its posts could not
    meet (``hosted_unmet``) and the interns a re-solve moved off or onto its posts
    (``hosted_moves``), in the page's language. ``institutions`` names the others (the
    page's scenario holds only the caller's own). A joint internship the host's cohorts
    attend is not among ``hosted_moves``: the page's moves box says it, from ``moved``."""
    from api.web.i18n import t

    comma = "、" if lang == "zh" else ", "

    def posts(ids: list[str]) -> str:
        return comma.join(look.name(look.resources, p) for p in ids)

    def cohorts(cs: list[Any]) -> str:
        return " + ".join(
            t("named_id", lang, name=c.name, id=c.id) if c.name != c.id else c.id for c in cs
        )

    def placed(ps: list[dict[str, Any]]) -> str:
        return placements_text(ps, look, lang) if ps else t("host_none", lang)

    out = []
    for u in unmet:
        who = comma.join(institutions.get(i, i) for i in u.institutions)
        named = f" · {u.title or u.request} · {cohorts(u.cohorts)}" if u.request else ""
        message = localized(u.message, u.messages, lang)
        out.append(
            t("host_unmet", lang, posts=posts(u.posts), n=u.missing, who=who, weeks=u.weeks)
            + named
            + (f" · {message}" if message else "")
        )
    for m in moves:
        out.append(
            t(
                "host_moved",
                lang,
                what=f"{m.title or m.request} · {cohorts(m.cohorts)}",
                before=placed(m.before),
                after=placed(m.after),
            )
        )
    return out
