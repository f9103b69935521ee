"""Names, weeks, counts and shapes worded for a sentence in every language (each a
:class:`solver.words.Text`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from scheduler.problem import CInternship, CSessionRequest, Problem
from solver.words import ZH_DASH, Text, join, say
from solver.words.names import Namer


def sessions_fit(req: CSessionRequest, fit: int) -> Text:
    return say("sessions_fit", fit=fit, n=req.n_sessions) if fit else say("no_session_fits")


def shape_text(req: CSessionRequest) -> Text:
    if req.pattern == "weekly":
        return say("shape_weekly")
    if req.pattern == "block":
        return say("shape_block")
    rules = []
    if req.max_per_week is not None:
        rules.append(say("shape_max", n=req.max_per_week))
    if req.min_days_apart:
        rules.append(say("shape_apart", n=req.min_days_apart))
    return join(rules, "and") if rules else say("shape_any")


def resource_names(names: Namer, resources: Iterable[int], limit: int = 4) -> Text:
    """Resources for a sentence, by name and id (``“CNC lab” (lab-3), 'lab-4' and 3 more``)."""
    return _listed(names, "resource", resources, limit)


def cohort_names(names: Namer, cohorts: Iterable[int], limit: int = 4) -> Text:
    return _listed(names, "cohort", cohorts, limit)


def instructor_names(names: Namer, instructors: Iterable[int], limit: int = 4) -> Text:
    return _listed(names, "instructor", instructors, limit)


def _listed(names: Namer, kind: str, indices: Iterable[int], limit: int) -> Text:
    """The first few of ``indices`` named, the rest counted (:meth:`Namer.listed`): a pool
    of hundreds of labs reads as a few of them and a number."""
    shown, more = names.listed(kind, indices, limit)
    if more:
        return say("ids_more", ids=join(shown, "list"), n=more)
    return join(shown, "list")


def institution_names(names: Namer, institutions: Iterable[int]) -> Text:
    return join((names("institution", i) for i in institutions), "list")


def top_requests(names: Namer, who: Counter[int], limit: int = 3) -> Text:
    """The requests holding what ``who`` counts, most first, by title (internships said so)."""
    top = [r for r, _n in who.most_common(limit)]
    shown, _ = names.listed("request", top, limit)
    requests = names.problem.requests
    named = [
        say("internship_id", id=name) if isinstance(requests[r], CInternship) else name
        for r, name in zip(top, shown, strict=False)
    ]
    more = len(who) - len(named)
    if more <= 0:
        return join(named, "list")
    return say("top_more", names=join(named, "list"), n=more, s="s" if more > 1 else "")


def when_text(problem: Problem, t: int) -> Text:
    week, day, slot = problem.calendar.human(t)
    name = say(f"day_{day}") if day <= 7 else say("day_n", day=day)
    return say("when", week=week, day=name, slot=slot)


def weeks_text(values: Iterable[int]) -> Text:
    """0-based weeks as 1-based ranges, in each language's list style (Chinese: the
    pages' ``1–4、7``, an en dash)."""
    vals = list(values)
    return Text(week_ranges(vals), week_ranges(vals, sep="、", dash=ZH_DASH))


def week_ranges(values: Iterable[int], sep: str = ", ", dash: str = "-") -> str:
    """0-based sorted ints -> '1-3, 7' (1-based)."""
    out: list[str] = []
    vals = [int(v) + 1 for v in values]
    i = 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[j] + 1:
            j += 1
        out.append(str(vals[i]) if i == j else f"{vals[i]}{dash}{vals[j]}")
        i = j + 1
    return sep.join(out)
