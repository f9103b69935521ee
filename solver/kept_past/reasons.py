"""What a kept request misses and why, in the words of a timetable kept as published."""

from __future__ import annotations

from scheduler.problem import CSessionRequest, Problem, Solution, UnmetAssignment
from solver.kept_past.kept import KeptPast
from solver.words import Text, say

PATTERN_WORDS = {
    "weekly": Text("weekly", "每周"),
    "block": Text("block", "连续多日"),
    "free": Text("", ""),
}


def explain_runs_under_way(problem: Problem, kept: KeptPast, solution: Solution) -> None:
    """The unmet entry of a weekly or block run under way that went on short: why, in
    the words of a run kept as published (the explanations of a fresh request re-book
    it whole from the day on, ignoring its held weeks, and said more would fit)."""
    dpw = problem.calendar.days_per_week
    given = {u.request for u in kept.kept_unmet}
    for k, u in enumerate(solution.unmet):
        req = problem.requests[u.request]
        if (
            u.request in kept.kept
            and u.request not in given
            and isinstance(req, CSessionRequest)
            and req.pattern in ("weekly", "block")
            and u.missing < req.n_sessions  # it keeps some of its run: else the term's reason
        ):
            why = say("kept_run", pattern=PATTERN_WORDS[req.pattern])
            solution.unmet[k] = kept_entry(u.request, u.missing, "pattern", why, kept.day, dpw)


def kept_entry(
    request: int, missing: int, code: str, why: Text, day: int, days_per_week: int
) -> UnmetAssignment:
    week, weekday = divmod(day, days_per_week)
    text = say("kept", why=why, week=week + 1, day=weekday + 1)
    return UnmetAssignment(request, missing, code, text.en, text.others())
