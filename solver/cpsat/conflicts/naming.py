"""How a conflict's sentences name things: requests in full, resources, cohorts,
instructors and sites up to a few, weeks as a span, a request's need."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scheduler.problem import CInternship, CRequest, Problem
from solver.words import EMPTY, Text, join, names, say


def weeks_of(problem: Problem, mask: np.ndarray) -> tuple[int, int] | None:
    slots = np.flatnonzero(mask)
    if not len(slots):
        return None
    cal = problem.calendar
    return cal.week_of(int(slots.min())) + 1, cal.week_of(int(slots.max())) + 1


def span_text(weeks: tuple[int, int] | None) -> Text:
    if weeks is None:
        return say("core_no_week")
    a, b = weeks
    return say("core_week", a=a) if a == b else say("core_weeks", a=a, b=b)


def names_text(items: list[Text], limit: int | None = None) -> Text:
    """``a, b and c`` (:func:`solver.words.names.label` with ``bare``: an id without a name
    is bare in English, quoted in Chinese ('a'、'b'和'c') so redaction finds it); with a
    ``limit``, the first few (:func:`solver.words.names.how_many`: names make long
    lists) and how many more."""
    n = len(items) if limit is None else names.how_many(items, limit)
    if n < len(items):
        return say("ids_more", ids=join(items[:n], "list"), n=len(items) - n)
    if len(items) == 1:
        return items[0]
    return say("core_names", first=join(items[:-1], "list"), last=items[-1])


#: How many resources, cohorts, instructors or sites a list names before it counts the rest
LISTED = 4


def request_names(reqs: Sequence[CRequest]) -> Text:
    """Requests by title, every one of them: they are what the planner relaxes."""
    return names_text([names.request(r, bare=True) for r in reqs])


def resource_names(problem: Problem, ks: list[int]) -> Text:
    return names_text([names.resource(problem, k, bare=True) for k in ks], LISTED)


def cohort_names(problem: Problem, cs: list[int]) -> Text:
    return names_text([names.cohort(problem, c, bare=True) for c in cs], LISTED)


def instructor_names(problem: Problem, ts: list[int]) -> Text:
    return names_text([names.instructor(problem, i, bare=True) for i in ts], LISTED)


def site_names(problem: Problem, ss: list[int]) -> Text:
    return names_text([names.site(problem, x, bare=True) for x in ss], LISTED)


_PATTERN_WORDS = {"weekly": "core_weekly", "block": "core_block"}


def need_text(req: CRequest) -> Text:
    if isinstance(req, CInternship):
        return say("core_need_internship", weeks=req.weeks, headcount=req.headcount)
    pattern = (
        EMPTY
        if req.pattern == "free"
        else say("paren", x=say(_PATTERN_WORDS.get(req.pattern, "core_pattern"), p=req.pattern))
    )
    return say("core_need", n=req.n_sessions, d=req.duration, pattern=pattern)


def numbers_text(values: list[int]) -> Text:
    """``24, 16 and 8`` (each language's 'and')."""
    texts = [Text(str(v), str(v)) for v in values]
    if len(texts) == 1:
        return texts[0]
    return say("core_names", first=join(texts[:-1], "list"), last=texts[-1])
