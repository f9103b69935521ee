"""Answering an extra request on documents (the solver's ``insert_into_schedule``).

The route answers on a :class:`scheduler.solving.published.PublishedTerm` kept per published state:
compiling the whole term, reading its schedule back and rebuilding its occupancy on
every request was most of an answer's time on a large term. A state is keyed by its
version and the ids of the version's amendments (versions never change, amendments are
only appended), so within one database a key names exactly the documents the state was
built from; when an answer's amendment is stored, the state it gives is kept under the
new key at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np

from api.errors import ApiError
from api.per_database import PerDatabase
from scheduler.calendar import date_of_day, day_of_date, day_words, term_days
from scheduler.models import Calendar, Request, RequestKind, Scenario, Schedule

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from api.db.models import Amendment
    from scheduler.solving.extra import InsertAnswer
    from scheduler.solving.published import Answered, PublishedTerm


@dataclass(frozen=True, slots=True)
class ExtraAnswer:
    """An extra request's answer as JSON data: what was granted now, the request's unmet entry (if
    any), suggested alternatives and the seconds it took.
    """

    outcome: str  # granted | partial | rejected
    sessions: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    reasons: list[dict[str, Any]]  # the request's unmet entry, if any
    alternatives: list[dict[str, Any]]
    seconds: float


def answer_extra_request(
    scenario: dict[str, Any], schedule: dict[str, Any] | Schedule, request_index: int
) -> ExtraAnswer:
    """Grant what fits of ``scenario.requests[request_index]`` around ``schedule``.

    Nothing already in ``schedule`` moves. CPU-bound but short (greedy placement), so it
    runs in a request thread and answers at once. Compiles everything each time: the
    route answers on a cached :func:`published_term` instead, with the same result.
    """
    from scheduler.solving.extra import insert_into_schedule

    answer = insert_into_schedule(
        Scenario.model_validate(scenario),
        schedule if isinstance(schedule, Schedule) else Schedule.model_validate(schedule),
        request_index,
    )
    return _extra_answer(answer)


def _extra_answer(answer: InsertAnswer) -> ExtraAnswer:
    return ExtraAnswer(
        outcome=answer.outcome,
        sessions=[s.model_dump(mode="json", exclude_none=True) for s in answer.sessions],
        placements=[p.model_dump(mode="json", exclude_none=True) for p in answer.placements],
        reasons=[answer.unmet.model_dump(mode="json")] if answer.unmet is not None else [],
        alternatives=[dict(s) for s in answer.suggestions],
        seconds=answer.seconds,
    )


# --------------------------------------------------------------------------- cached states

_Key = tuple[int, tuple[int, ...]]  # version id, ids of its amendments in order
_Cached = tuple[dict[str, Any], "PublishedTerm"]  # effective scenario document, its state

#: The published states by database and key (ids mean something only within one
#: database). One per term being amended is the need; a large term's state is a few MB.
_STATES: PerDatabase[_Key, _Cached] = PerDatabase(4)


def published_term(
    db: Session, version_id: int
) -> tuple[dict[str, Any], PublishedTerm, list[Amendment]]:
    """The effective scenario document, its compiled state and the version's amendments.

    Built on the first request after publication (or a restart, or when another server
    process stored an amendment); taken from the cache otherwise. The returned objects
    are shared: do not mutate them.
    """
    from api.db.models import ScheduleVersion
    from api.errors import not_found
    from api.published_versions import amendments, effective
    from scheduler.solving.published import PublishedTerm

    amends = amendments(db, version_id)
    key = (version_id, tuple(a.id for a in amends))
    hit = _STATES.get(db.get_bind(), key)
    if hit is not None:
        return hit[0], hit[1], amends
    version = db.get(ScheduleVersion, version_id)
    if version is None:
        raise not_found("schedule version")
    scenario, schedule = effective(version, amends)
    term = PublishedTerm.build(Scenario.model_validate(scenario), Schedule.model_validate(schedule))
    _STATES.put(db.get_bind(), key, (scenario, term))
    return scenario, term, amends


def answer_on(
    term: PublishedTerm, request: dict[str, Any], from_day: int = 0
) -> tuple[ExtraAnswer, Answered]:
    """Answer ``request`` (checked, ids qualified) on ``term``, as :func:`answer_extra_request`
    would on the term's documents with the request appended; nothing before 0-based day
    ``from_day`` of the term (:func:`bookable_day`)."""
    answered = term.answer(Request.model_validate(request), from_day=from_day)
    return _extra_answer(answered.answer), answered


# --------------------------------------------------------------------------- days gone by


def refuse_term_over(calendar: Calendar, first_date: dt.date) -> None:
    """409 once ``first_date`` (today plus the lead days) is past the term's last day."""
    n_days = term_days(calendar)
    if day_of_date(calendar, first_date) >= n_days:
        raise ApiError(
            409,
            f"the term's last day ({date_of_day(calendar, n_days - 1).isoformat()}) has "
            f"passed: extra requests can no longer be booked (the first bookable day is "
            f"{first_date.isoformat()})",
        )


def bookable_day(term: PublishedTerm, request: dict[str, Any], first_date: dt.date) -> int:
    """0-based term day from which ``request`` may be booked: ``first_date``'s, checked.

    Days before ``first_date`` (today plus the service's lead days) are gone: 409 once
    the term is over, 422 naming ``window`` when the request's window lies wholly before
    that day (it could only be rejected, for a reason the college did not choose).
    """
    calendar = term.scenario.calendar
    refuse_term_over(calendar, first_date)
    day = day_of_date(calendar, first_date)
    n_days = term_days(calendar)
    if day == 0:
        return 0
    cal = term.problem.calendar.bookable_from(day)
    req = Request.model_validate(request)
    mask = np.asarray(cal.window_mask(req.window).reshape(n_days, -1).any(axis=1))
    internship = req.kind is RequestKind.INTERNSHIP
    # an internship takes whole weeks: it starts on a week's first day
    first = cal.first_bookable_week * calendar.days_per_week if internship else day
    if first >= n_days:
        _window_over(
            "no internship can start any more: the term's last week has begun",
            "实习已无法开始：学期的最后一周已经开始",
        )
    if not mask[first:].any():
        what, what_zh = _FIRST[internship]
        _window_over(
            f"the window ends before {day_words(calendar, first)}, the first day {what}",
            f"时间窗口在{day_words(calendar, first, 'zh')}之前已经结束，而这是{what_zh}的日子",
        )
    return day


#: The first day of what was asked (an internship or sessions), in English and Chinese.
_FIRST = {
    True: ("an internship can start", "实习最早可以开始"),
    False: ("an extra request can be booked", "最早可以追加课次"),
}


def _window_over(message: str, zh: str) -> NoReturn:
    """422 on ``window``, said in English and Chinese: the page's words for weeks gone
    by say what the API said of the kind asked (sessions or an internship)."""
    raise ApiError(
        422,
        "request rejected: its window is over",
        [{"loc": ["body", "window"], "path": "window", "msg": message, "messages": {"zh": zh}}],
    )


def remember_answer(
    db: Session,
    version_id: int,
    amendment_ids: tuple[int, ...],
    scenario: dict[str, Any],
    term: PublishedTerm,
    answered: Answered,
) -> None:
    """Keep the state after ``answered`` once its amendment is stored (committed).

    ``amendment_ids`` are the version's amendments with the new one last; ``scenario``
    is the effective scenario with the request appended (used unless it was rejected).
    The state it replaces is dropped: its key can come back no more.
    """
    if answered.answer.outcome == "rejected":
        scenario = {**scenario, "requests": scenario["requests"][:-1]}
    _STATES.drop(db.get_bind(), (version_id, amendment_ids[:-1]))
    _STATES.put(db.get_bind(), (version_id, amendment_ids), (scenario, term.with_granted(answered)))


def cached_states(db: Session) -> list[_Key]:
    """Keys of the states kept for ``db``'s database, least recently used first."""
    return _STATES.keys(db.get_bind())
